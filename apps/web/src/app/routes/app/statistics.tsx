import { can } from "@fanpin/domain/roles";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { StatisticsPage } from "@/features/statistics/components/statistics-page.tsx";

/** 监测统计 (every role but the helper). */
export function StatisticsRoute() {
  const me = useMe();
  if (!me.data) return null;
  if (!can(me.data.user.role, "statistics.read")) {
    return <Forbidden backTo={{ href: paths.home.getHref(), label: "返回首页" }} />;
  }
  return <StatisticsPage />;
}

import { can } from "@fanpin/domain/roles";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { PosterList } from "@/features/self-report/components/poster-list.tsx";

export function SelfReportPostersRoute() {
  const me = useMe();
  if (!me.data) return null;
  if (!can(me.data.user.role, "selfReport.poster")) return <Forbidden backTo={{ href: paths.home.getHref(), label: "返回首页" }} />;
  return <PosterList />;
}

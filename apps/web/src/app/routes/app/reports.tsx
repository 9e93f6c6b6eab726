import { can } from "@fanpin/domain/roles";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { ReportsPage } from "@/features/reports/components/reports-page.tsx";

/** 报表: ledgers, department lists and the stored report files (report readers). */
export function ReportsRoute() {
  const me = useMe();
  if (!me.data) return null;
  if (!can(me.data.user.role, "report.read")) {
    return <Forbidden backTo={{ href: paths.households.getHref(), label: "返回家庭档案" }} />;
  }
  return <ReportsPage isTownship={me.data.user.role === "TOWNSHIP_STAFF"} />;
}

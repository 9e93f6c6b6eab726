import { can } from "@fanpin/domain/roles";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { LeadsPage } from "@/features/leads/components/leads-page.tsx";

/** 线索核实 (lead readers). */
export function LeadsRoute() {
  const me = useMe();
  if (!me.data) return <PageLoading />;
  if (!can(me.data.user.role, "lead.read")) return <Forbidden backTo={{ href: paths.home.getHref(), label: "返回工作台" }} />;
  return <LeadsPage role={me.data.user.role} />;
}

import { can } from "@fanpin/domain/roles";
import { useParams } from "react-router";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { VisitForm } from "@/features/visits/components/visit-form.tsx";

/** /assistance/:householdId/visits/new — 登记走访 (works offline once the app is installed or opened). */
export function NewVisitRoute() {
  const { householdId = "" } = useParams();
  const me = useMe();
  if (!me.data) return <PageLoading />;
  if (!can(me.data.user.role, "visit.record")) return <Forbidden backTo={{ href: paths.assistanceFile.getHref(householdId), label: "返回帮扶档案" }} />;
  return <VisitForm key={householdId} householdId={householdId} userId={me.data.user.id} />;
}

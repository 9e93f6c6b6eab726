import { can } from "@fanpin/domain/roles";
import { useParams } from "react-router";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { EditHousehold } from "@/features/households/components/edit-household.tsx";

export function EditHouseholdRoute() {
  const { householdId = "" } = useParams();
  const me = useMe();
  if (!me.data) return <PageLoading />;
  if (!can(me.data.user.role, "household.write")) {
    return <Forbidden backTo={{ href: paths.household.getHref(householdId), label: "返回详情" }} />;
  }
  return <EditHousehold key={householdId} householdId={householdId} role={me.data.user.role} />;
}

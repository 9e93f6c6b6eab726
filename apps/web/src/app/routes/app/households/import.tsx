import { can } from "@fanpin/domain/roles";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { ImportHouseholds } from "@/features/households/components/import-households.tsx";

export function ImportHouseholdsRoute() {
  const me = useMe();
  if (me.data && !can(me.data.user.role, "household.write")) {
    return <Forbidden backTo={{ href: paths.households.getHref(), label: "返回家庭列表" }} />;
  }
  return <ImportHouseholds />;
}

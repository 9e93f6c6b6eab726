import { can } from "@fanpin/domain/roles";
import { useMe } from "@/features/auth/api/get-me.ts";
import { HouseholdList } from "@/features/households/components/household-list.tsx";

export function HouseholdListRoute() {
  const me = useMe();
  return <HouseholdList canWrite={me.data ? can(me.data.user.role, "household.write") : false} />;
}

import { can } from "@fanpin/domain/roles";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { paths } from "@/config/paths.ts";
import { AuditChainCheck } from "@/features/audit/components/audit-chain-check.tsx";
import { useMe } from "@/features/auth/api/get-me.ts";
import { UsersPage } from "@/features/users/components/users-page.tsx";

export function UsersRoute() {
  const me = useMe();
  if (!me.data) return null;
  if (!can(me.data.user.role, "user.manage")) {
    return <Forbidden backTo={{ href: paths.households.getHref(), label: "返回家庭档案" }} />;
  }
  return (
    <>
      <UsersPage currentUserId={me.data.user.id} />
      {can(me.data.user.role, "audit.verify") && (
        <div style={{ marginTop: 24 }}>
          <AuditChainCheck />
        </div>
      )}
    </>
  );
}

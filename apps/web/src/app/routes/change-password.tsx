import { useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { useNavigate } from "react-router";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { logout } from "@/features/auth/api/logout.ts";
import { ChangePasswordPage } from "@/features/auth/components/change-password-page.tsx";

export function ChangePasswordRoute() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  if (!me.data) return <PageLoading />;
  const goHome = () => void navigate(paths.home.getHref(), { replace: true });
  return (
    <ChangePasswordPage
      isForced={me.data.user.mustChangePassword}
      expiredAfterDays={me.data.user.passwordExpired ? me.data.passwordMaxAgeDays : null}
      username={me.data.user.username}
      displayName={me.data.user.displayName}
      onChanged={() => {
        void message.success("密码已修改");
        goHome();
      }}
      onCancel={() => void navigate(-1)}
      onSignOut={async () => {
        await logout().catch(() => undefined);
        await navigate(paths.signIn.getHref({ reason: "signed-out" }), { replace: true });
        queryClient.clear();
      }}
    />
  );
}

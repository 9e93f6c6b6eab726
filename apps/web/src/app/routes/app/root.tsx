import { can } from "@fanpin/domain/roles";
import { useQueryClient } from "@tanstack/react-query";
import { Outlet, useNavigate } from "react-router";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { useLogout } from "@/features/auth/api/logout.ts";
import { CoverageBanner } from "@/features/calendar/components/coverage-banner.tsx";
import { NotificationBell } from "@/features/notifications/components/notification-bell.tsx";
import { AppLayout } from "@/features/shell/components/app-layout.tsx";
import { OutboxStatus } from "@/features/visits/components/outbox-status.tsx";

/** The signed-in frame. The protected loader has loaded the user before this renders. */
export function AppRoot() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useLogout();

  const signOut = async () => {
    // Whatever the server answers, this browser leaves the session and forgets the user's data.
    await logout.mutateAsync().catch(() => undefined);
    await navigate(paths.signIn.getHref({ reason: "signed-out" }), { replace: true });
    queryClient.clear();
  };

  if (!me.data) return <PageLoading />;
  return (
    <AppLayout
      me={me.data}
      onSignOut={() => void signOut()}
      isSigningOut={logout.isPending}
      headerExtra={
        <>
          {can(me.data.user.role, "visit.record") && <OutboxStatus userId={me.data.user.id} runSender />}
          <NotificationBell />
        </>
      }
      banner={can(me.data.user.role, "calendar.manage") ? <CoverageBanner /> : null}
    >
      <Outlet />
    </AppLayout>
  );
}

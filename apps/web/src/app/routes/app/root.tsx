import { can, type Permission } from "@fanpin/domain/roles";
import { useQueryClient } from "@tanstack/react-query";
import { Outlet, useLocation, useNavigate } from "react-router";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { useLogout } from "@/features/auth/api/logout.ts";
import { CoverageBanner } from "@/features/calendar/components/coverage-banner.tsx";
import { NotificationBell } from "@/features/notifications/components/notification-bell.tsx";
import { AppLayout } from "@/features/shell/components/app-layout.tsx";
import { OutboxStatus } from "@/features/visits/components/outbox-status.tsx";

/** Sections a role may not open at all say so in words (a helper opening /households), rather than failing on the API's 403. */
const SECTION_PERMISSIONS: [string, Permission][] = [
  [paths.households.path, "household.read"],
  [paths.cases.path, "case.read"],
  [paths.reports.path, "report.read"],
];

/** The signed-in frame. The protected loader has loaded the user before this renders. */
export function AppRoot() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useLogout();
  const location = useLocation();

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
      {(() => {
        const role = me.data.user.role;
        const denied = SECTION_PERMISSIONS.find(([path, permission]) =>
          (location.pathname === path || location.pathname.startsWith(`${path}/`)) && !can(role, permission));
        return denied ? <Forbidden backTo={{ href: paths.home.getHref(), label: role === "HELPER" ? "返回我的帮扶户" : "返回首页" }} /> : <Outlet />;
      })()}
    </AppLayout>
  );
}

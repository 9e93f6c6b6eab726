import { can } from "@fanpin/domain/roles";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { CalendarPage } from "@/features/calendar/components/calendar-page.tsx";

/** 工作日历: administrators only (others get the page /users gives them). */
export function CalendarRoute() {
  const me = useMe();
  if (!me.data) return null;
  if (!can(me.data.user.role, "calendar.manage")) {
    return <Forbidden backTo={{ href: paths.households.getHref(), label: "返回家庭档案" }} />;
  }
  return <CalendarPage />;
}

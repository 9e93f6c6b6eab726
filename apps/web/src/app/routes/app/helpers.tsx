import { can } from "@fanpin/domain/roles";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { HelpersPage } from "@/features/assistance/components/helpers-page.tsx";

export function HelpersRoute() {
  const me = useMe();
  if (!me.data) return null;
  if (!can(me.data.user.role, "helper.read")) return <Forbidden backTo={{ href: paths.home.getHref(), label: "返回首页" }} />;
  return <HelpersPage role={me.data.user.role} />;
}

import { can } from "@fanpin/domain/roles";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { DepartmentWarningsPage } from "@/features/department-warnings/components/department-warnings-page.tsx";

/** 部门预警导入 (district staff with warning.upload). */
export function DepartmentWarningsRoute() {
  const me = useMe();
  if (!me.data) return null;
  if (!can(me.data.user.role, "warning.upload")) return <Forbidden backTo={{ href: paths.home.getHref(), label: "返回工作台" }} />;
  return <DepartmentWarningsPage />;
}

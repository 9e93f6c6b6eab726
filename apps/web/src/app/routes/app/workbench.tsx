import { PageLoading } from "@/components/ui/page-loading.tsx";
import { useMe } from "@/features/auth/api/get-me.ts";
import { Workbench } from "@/features/cases/components/workbench.tsx";

/** The landing page after sign-in: the role's work queues. */
export function WorkbenchRoute() {
  const me = useMe();
  if (!me.data) return <PageLoading />;
  return <Workbench role={me.data.user.role} />;
}

import { Flex } from "antd";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { useMe } from "@/features/auth/api/get-me.ts";
import { AssistanceQueues } from "@/features/assistance/components/assistance-queues.tsx";
import { MyHouseholds } from "@/features/assistance/components/my-households.tsx";
import { Workbench } from "@/features/cases/components/workbench.tsx";

/** The landing page after sign-in: the role's work queues (a helper: 我的帮扶户). */
export function WorkbenchRoute() {
  const me = useMe();
  if (!me.data) return <PageLoading />;
  const role = me.data.user.role;
  if (role === "HELPER") return <MyHouseholds />;
  return (
    <Flex vertical gap={16}>
      <Workbench role={role} />
      <AssistanceQueues role={role} />
    </Flex>
  );
}

import { App, Flex, Typography } from "antd";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { paths } from "@/config/paths.ts";
import { useAreas } from "@/lib/get-areas.ts";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { useCreateHousehold } from "../api/create-household.ts";
import { emptyHouseholdValues } from "../utils/form-values.ts";
import { HouseholdForm } from "./household-form.tsx";

/** 登记家庭: a new household with its members, in a village of the user's scope. */
export function CreateHousehold() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const areas = useAreas("NATURAL_VILLAGE");
  const create = useCreateHousehold();

  // A village cadre has exactly one village: choose it for them.
  const initialValues = useMemo(() => {
    const villages = areas.data?.areas.filter((a) => a.level === "VILLAGE") ?? [];
    return emptyHouseholdValues(villages.length === 1 ? villages[0]!.id : undefined);
  }, [areas.data]);

  if (areas.isPending) return <PageLoading />;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        登记家庭
      </Typography.Title>
      <HouseholdForm
        mode="create"
        initialValues={initialValues}
        onSubmit={async (request) => {
          const created = await create.mutateAsync(request);
          void message.success(`已登记 ${created.headName} 户`);
          void navigate(paths.household.getHref(created.id), { replace: true });
        }}
        onCancel={() => void navigate(paths.households.getHref())}
      />
    </Flex>
  );
}

import { Alert, App, Flex, Typography } from "antd";
import { useMemo } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { paths } from "@/config/paths.ts";
import { useAreas } from "@/lib/get-areas.ts";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { useCreateHousehold } from "../api/create-household.ts";
import { emptyHouseholdValues } from "../utils/form-values.ts";
import { HouseholdForm } from "./household-form.tsx";

/**
 * 登记家庭: a new household with its members, in a village of the user's
 * scope. Opened from a lead (?lead=…&name=…&villageId=…): the person's name and
 * village are prefilled, and saving returns to the lead with the new household.
 */
export function CreateHousehold() {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const fromLead = search.get("lead");
  const prefillName = search.get("name")?.trim().slice(0, 50) || undefined;
  const prefillVillage = Number(search.get("villageId")) || undefined;
  const { message } = App.useApp();
  const areas = useAreas("NATURAL_VILLAGE");
  const create = useCreateHousehold();

  // A village cadre has exactly one village: choose it for them.
  const initialValues = useMemo(() => {
    const villages = areas.data?.areas.filter((a) => a.level === "VILLAGE") ?? [];
    const village = villages.find((v) => v.id === prefillVillage)?.id ?? (villages.length === 1 ? villages[0]!.id : undefined);
    const values = emptyHouseholdValues(village);
    if (prefillName && values.members?.[0]) values.members[0] = { ...values.members[0], name: prefillName };
    return values;
  }, [areas.data, prefillVillage, prefillName]);

  if (areas.isPending) return <PageLoading />;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        登记家庭
      </Typography.Title>
      {fromLead && (
        <Alert type="info" showIcon title="为线索登记家庭：已带入线索中的姓名和所在村，请补全家庭成员的证件号码等信息；保存后返回线索继续立案。" />
      )}
      <HouseholdForm
        mode="create"
        initialValues={initialValues}
        onSubmit={async (request) => {
          const created = await create.mutateAsync(request);
          if (fromLead) {
            void message.success(`已登记 ${created.headName} 户，请继续立案`);
            void navigate(paths.lead.getHref(fromLead, created.id), { replace: true });
            return;
          }
          void message.success(`已登记 ${created.headName} 户`);
          void navigate(paths.household.getHref(created.id), { replace: true });
        }}
        onCancel={() => void navigate(fromLead ? paths.lead.getHref(fromLead) : paths.households.getHref())}
      />
    </Flex>
  );
}

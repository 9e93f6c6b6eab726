import type { HouseholdDetail } from "@fanpin/domain/household-schemas";
import type { Role } from "@fanpin/domain/roles";
import { useQueryClient } from "@tanstack/react-query";
import { App, Flex, Typography } from "antd";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { PageError } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { ApiError } from "@/lib/api-client.ts";
import { getHouseholdQueryOptions, useHousehold } from "@/lib/get-household.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { storedMembersOf } from "@/components/collection-form/values.ts";
import { useUpdateHousehold } from "../api/update-household.ts";
import { householdToFormValues } from "../utils/form-values.ts";
import { HouseholdForm } from "./household-form.tsx";

/**
 * 修改家庭信息. Saved members keep their ID number (the request leaves it out)
 * unless the editor replaces it, so editing never reads the full numbers. A
 * save against a stale version (someone else saved in between) offers to load
 * the latest data. The category is read-only unless the editor is an
 * administrator, who corrects it with a reason.
 */
export function EditHousehold({ householdId, role }: { householdId: string; role: Role }) {
  const household = useHousehold(householdId);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const { modal, message } = App.useApp();
  const update = useUpdateHousehold();
  // The record the form was opened on (its version goes with the save): a
  // refetch in the background must not change it under the editor's hands;
  // it is replaced only when the editor asks for the latest data.
  const [base, setBase] = useState<HouseholdDetail | null>(null);
  if (!base && household.data) setBase(household.data);
  const [formKey, setFormKey] = useState(0);
  const detailHref = paths.household.getHref(householdId);

  const h = base;
  const prepared = useMemo(() => {
    if (!h) return null;
    return { values: householdToFormValues(h), version: h.version, originalCategory: h.category, storedMembers: storedMembersOf(h) };
  }, [h]);

  async function reloadLatest() {
    try {
      const latest = await queryClient.fetchQuery({ ...getHouseholdQueryOptions(householdId), staleTime: 0 });
      setBase(latest);
      setFormKey((k) => k + 1);
      void message.info("已载入最新数据，请在此基础上重新修改");
    } catch (error) {
      notifyError(error, "载入失败");
    }
  }

  if (household.isPending) return <PageLoading />;
  if (household.isError || !h || !prepared) {
    return <PageError error={household.error} backTo={{ href: paths.households.getHref(), label: "返回家庭列表" }} />;
  }

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0, wordBreak: "break-word" }}>
        修改家庭信息：{h.headName} 户
      </Typography.Title>
      <HouseholdForm
        key={formKey}
        mode="edit"
        initialValues={prepared.values}
        version={prepared.version}
        originalCategory={prepared.originalCategory}
        canCorrectCategory={role === "ADMIN"}
        storedMembers={prepared.storedMembers}
        onSubmit={async (request) => {
          try {
            await update.mutateAsync({ id: householdId, body: request });
          } catch (error) {
            if (error instanceof ApiError && error.code === "VERSION_CONFLICT") {
              modal.confirm({
                title: "该记录已被他人修改",
                content: "在您编辑期间，其他人保存了该户的新内容。请载入最新数据后重新修改（本次未保存的修改将丢失）。",
                okText: "载入最新数据",
                cancelText: "暂不载入",
                onOk: () => reloadLatest(),
              });
              return;
            }
            throw error;
          }
          void message.success("已保存");
          void navigate(detailHref, { replace: true });
        }}
        onCancel={() => void navigate(detailHref)}
      />
    </Flex>
  );
}

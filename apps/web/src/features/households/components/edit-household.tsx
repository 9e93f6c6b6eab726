import type { HouseholdDetail } from "@fanpin/domain/household-schemas";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Flex, Input, Space, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { PageError } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { ApiError } from "@/lib/api-client.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { getHouseholdQueryOptions, useHousehold } from "../api/get-household.ts";
import { revealIdNumber } from "../api/reveal-id-number.ts";
import { useUpdateHousehold } from "../api/update-household.ts";
import { householdToFormValues, type HouseholdFormValues } from "../utils/form-values.ts";
import { HouseholdForm } from "./household-form.tsx";

type Prepared = { values: HouseholdFormValues; version: number; originalCategory: HouseholdDetail["category"] };

const DEFAULT_REASON = "修改家庭信息";

/**
 * 修改家庭信息. The API takes the members' full ID numbers on every save but
 * shows only masked ones, so the editor first reads them through the audited
 * reveal call, after saying so. A save against a stale version (someone else
 * saved in between) offers to load the latest data.
 */
export function EditHousehold({ householdId }: { householdId: string }) {
  const household = useHousehold(householdId);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const { modal, message } = App.useApp();
  const update = useUpdateHousehold();
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [isPreparing, setIsPreparing] = useState(false);
  const [revealReason, setRevealReason] = useState(DEFAULT_REASON);
  const detailHref = paths.household.getHref(householdId);

  async function prepare(h: HouseholdDetail) {
    setIsPreparing(true);
    try {
      const reason = revealReason.trim() || DEFAULT_REASON;
      const numbers = await Promise.all(h.members.map((m) => revealIdNumber({ householdId: h.id, memberId: m.id, reason })));
      const idNumbers = Object.fromEntries(h.members.map((m, i) => [m.id, numbers[i]!.idNumber]));
      setPrepared({ values: householdToFormValues(h, idNumbers), version: h.version, originalCategory: h.category });
      setFormKey((k) => k + 1);
    } catch (error) {
      notifyError(error, "无法读取成员证件号码");
    } finally {
      setIsPreparing(false);
      void queryClient.invalidateQueries({ queryKey: ["households", "history", h.id] });
    }
  }

  async function reloadLatest() {
    try {
      const latest = await queryClient.fetchQuery({ ...getHouseholdQueryOptions(householdId), staleTime: 0 });
      await prepare(latest);
      void message.info("已载入最新数据，请在此基础上重新修改");
    } catch (error) {
      notifyError(error, "载入失败");
    }
  }

  if (household.isPending) return <PageLoading />;
  if (household.isError) {
    return <PageError error={household.error} backTo={{ href: paths.households.getHref(), label: "返回家庭列表" }} />;
  }
  const h = household.data;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0, wordBreak: "break-word" }}>
        修改家庭信息：{h.headName} 户
      </Typography.Title>
      {!prepared ? (
        <Card>
          <Flex vertical gap={12} style={{ maxWidth: 640 }}>
            <Alert
              type="info"
              showIcon
              title="修改家庭信息需要核对成员的完整证件号码"
              description={`继续将读取本户 ${h.members.length} 名成员的完整证件号码。该操作会以您的名义记入变更历史。`}
            />
            <label htmlFor="edit-reveal-reason">读取原因</label>
            <Input
              id="edit-reveal-reason"
              value={revealReason}
              onChange={(e) => setRevealReason(e.target.value)}
              maxLength={200}
            />
            <Space wrap>
              <Button type="primary" loading={isPreparing} onClick={() => void prepare(h)}>
                继续修改
              </Button>
              <Button onClick={() => void navigate(detailHref)}>返回详情</Button>
            </Space>
          </Flex>
        </Card>
      ) : (
        <HouseholdForm
          key={formKey}
          mode="edit"
          initialValues={prepared.values}
          version={prepared.version}
          originalCategory={prepared.originalCategory}
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
      )}
    </Flex>
  );
}

import { areaScopePrefix } from "@fanpin/domain/areas";
import type { AssistanceFile, Assignment } from "@fanpin/domain/assistance-schemas";
import { ASSIGNMENT_ROLES, type AssignmentRole } from "@fanpin/domain/assistance/rules";
import { can } from "@fanpin/domain/roles";
import { Alert, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Select, Skeleton, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { DateItem } from "@/components/date-field.tsx";
import { useMe } from "@/features/auth/api/get-me.ts";
import { serverToday, ApiError } from "@/lib/api-client.ts";
import { detailsToIssues } from "@/lib/form-errors.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { useAssign, useAssistanceFile, useHelpers } from "../api/helpers.ts";
import { DeadlineTag } from "./deadline-tag.tsx";

const RISK_CLASS_TEXT: Record<string, string> = { A: "A类（高风险）", B: "B类（一般风险）", C: "C类（风险基本稳定）" };

const helperLine = (a: Assignment) =>
  [a.helper.name, a.helper.unit, a.helper.position, a.helper.rank].filter(Boolean).join(" · ") + (a.helper.phoneMasked ? `（${a.helper.phoneMasked}）` : "");

/** 当前帮扶责任人、安排与调整（含历史）、风险类别、各项期限. */
export function HelpersSection({ householdId }: { householdId: string }) {
  const me = useMe();
  const file = useAssistanceFile(householdId);
  const [assigning, setAssigning] = useState<AssignmentRole | null>(null);
  const mayAssign = me.data ? can(me.data.user.role, "assistance.assign") : false;

  if (file.isPending) return <Card title="帮扶责任人"><Skeleton active /></Card>;
  if (file.isError) {
    if (file.error instanceof ApiError && file.error.code === "ASSISTANCE_FILE_NOT_FOUND") {
      return (
        <Card title="帮扶责任人">
          <Empty data-testid="assistance-no-file" description="该户未纳入监测帮扶（未认定为监测对象，或已风险消除），没有帮扶档案" />
        </Card>
      );
    }
    return <Card title="帮扶责任人"><Alert type="error" showIcon title={file.error.message} /></Card>;
  }
  const f = file.data;
  const current = (role: AssignmentRole) => f.assignments.find((a) => a.role === role) ?? null;
  const open = f.closedOn === null;

  return (
    <Card
      title="帮扶责任人"
      data-testid="helpers-section"
      extra={!open ? <Tag>帮扶档案已于 {f.closedOn} 关闭</Tag> : null}
    >
      <Flex vertical gap={16}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label="户主">{f.household.headName}（{f.household.village.name}）</Descriptions.Item>
          <Descriptions.Item label="建档日期">{f.openedOn}</Descriptions.Item>
          <Descriptions.Item label="风险类别">
            <span data-testid="risk-class">{f.riskClass ? RISK_CLASS_TEXT[f.riskClass] ?? f.riskClass : "未分类"}</span>
            {f.riskClassOn && <Typography.Text type="secondary">（{f.riskClassOn}）</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label="安排期限">
            {f.assignment ? <DeadlineTag deadline={f.assignment} testId="deadline-assignment" /> : <Typography.Text type="secondary">{current("LEAD") ? "已安排" : "—"}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label="下次走访">
            {f.visit ? <DeadlineTag deadline={f.visit} testId="deadline-visit" /> : "—"}
            {f.lastVisitOn && <Typography.Text type="secondary"> 上次 {f.lastVisitOn}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label="季度分析">
            {f.review ? <>{f.review.quarter} <DeadlineTag deadline={f.review} testId="deadline-review" /></> : <Typography.Text type="secondary">{f.lastReviewQuarter ? `已完成 ${f.lastReviewQuarter}` : "暂无到期"}</Typography.Text>}
          </Descriptions.Item>
        </Descriptions>

        {(["LEAD", "VILLAGE_CONTACT"] as const).map((role) => {
          const a = current(role);
          return (
            <Flex key={role} justify="space-between" align="center" wrap gap={8} data-testid={`assignment-${role}`}>
              <div>
                <Typography.Text type="secondary">{ASSIGNMENT_ROLES[role]}：</Typography.Text>
                {a ? (
                  <>
                    <Typography.Text strong>{helperLine(a)}</Typography.Text>
                    <Typography.Text type="secondary">，自 {a.startedOn}</Typography.Text>
                  </>
                ) : (
                  <Typography.Text type={role === "LEAD" ? "warning" : "secondary"}>未安排</Typography.Text>
                )}
              </div>
              {mayAssign && open && (
                <Button size="small" type={!a && role === "LEAD" ? "primary" : "default"} onClick={() => setAssigning(role)}>
                  {a ? "更换" : "安排"}
                </Button>
              )}
            </Flex>
          );
        })}

        {f.history.length > 0 && (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            title={() => "调整记录"}
            dataSource={f.history}
            scroll={{ x: 600 }}
            columns={[
              { title: "角色", dataIndex: "role", width: 120, render: (r: AssignmentRole) => ASSIGNMENT_ROLES[r] },
              { title: "帮扶责任人", render: (_: unknown, a: Assignment) => `${a.helper.name}（${a.helper.unit}）` },
              { title: "起止", width: 200, render: (_: unknown, a: Assignment) => `${a.startedOn} 至 ${a.endedOn}` },
              { title: "调整原因", dataIndex: "endReason" },
            ]}
          />
        )}
      </Flex>
      {assigning && <AssignModal file={f} role={assigning} current={current(assigning)} onClose={() => setAssigning(null)} />}
    </Card>
  );
}

type Values = { helperId?: string; startedOn?: Dayjs; reason?: string };

function AssignModal({ file, role, current, onClose }: { file: AssistanceFile; role: AssignmentRole; current: Assignment | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const assign = useAssign(file.householdId);
  const helpers = useHelpers({ page: 1, pageSize: 100, active: "true" });
  // Only helpers whose area covers the household's village can be assigned (the API says so too).
  const options = (helpers.data?.items ?? [])
    .filter((h) => file.household.village.code.startsWith(areaScopePrefix(h.area.level, h.area.code)) && h.id !== current?.helper.id)
    .map((h) => ({ value: h.id, label: `${h.name}（${h.unit}${h.rank ? `，${h.rank}` : ""}）` }));
  const today = dayjs(serverToday());
  const initialDate = today.format("YYYY-MM-DD") < file.openedOn ? dayjs(file.openedOn) : today;

  const { submit, general, onValuesChange } = useFormSubmit<{ helperId: string; startedOn: string; reason?: string }, unknown>(form, {
    failureTitle: "安排失败",
    parse: () => {
      const v = form.getFieldsValue(true) as Values;
      if (!v.helperId) return { ok: false, issues: [{ path: "helperId", message: "请选择帮扶责任人" }] };
      if (current && !v.reason?.trim()) return { ok: false, issues: [{ path: "reason", message: "更换帮扶责任人须填写调整原因" }] };
      return { ok: true, data: { helperId: v.helperId, startedOn: (v.startedOn ?? initialDate).format("YYYY-MM-DD"), reason: v.reason?.trim() || undefined } };
    },
    send: (data) => assign.mutateAsync({ role, ...data }),
    onDone: () => onClose(),
    // The API's sentence (e.g. the helper's area does not cover the village) goes with the fields it names.
    onApiError: (error) => (error.details.length && error.status < 500 ? [{ path: "", message: error.message }, ...detailsToIssues(error.details)] : undefined),
  });

  return (
    <Modal
      open
      title={`${current ? "更换" : "安排"}${ASSIGNMENT_ROLES[role]}`}
      okText="确认"
      cancelText="取消"
      confirmLoading={assign.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="assign-helper"
        layout="vertical"
        initialValues={{ startedOn: initialDate }}
        onValuesChange={onValuesChange}
        onFinish={() => void submit()}
        disabled={assign.isPending}
      >
        {current && <Alert style={{ marginBottom: 12 }} type="info" showIcon title={`现任：${helperLine(current)}，自 ${current.startedOn}；确认后其帮扶关系于安排日期结束`} />}
        <Form.Item label="帮扶责任人" name="helperId" required extra={options.length === 0 && !helpers.isPending ? "名册中没有负责该村的在岗帮扶责任人，请先在“帮扶责任人”名册中登记" : undefined}>
          <Select showSearch optionFilterProp="label" options={options} loading={helpers.isPending} placeholder="从名册中选择" />
        </Form.Item>
        <DateItem label="安排日期" name="startedOn" what="安排日期" required picker={{ allowClear: false }} />
        {current && (
          <Form.Item label="调整原因" name="reason" required>
            <Input.TextArea rows={2} maxLength={500} placeholder="如：工作调动、退休" />
          </Form.Item>
        )}
        {general.length > 0 && <Alert type="error" showIcon title={general.join("；")} />}
      </Form>
    </Modal>
  );
}

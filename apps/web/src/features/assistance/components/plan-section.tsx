import type { Measure } from "@fanpin/domain/assistance-schemas";
import { MEASURE_PERIODS, MEASURE_STATES, MEASURE_TRANSITIONS, type MeasureState } from "@fanpin/domain/assistance/rules";
import { can } from "@fanpin/domain/roles";
import { Alert, Button, Card, Empty, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useMe } from "@/features/auth/api/get-me.ts";
import { todayBound } from "@fanpin/domain/dates";
import { DateItem } from "@/components/date-field.tsx";
import { serverToday, ApiError } from "@/lib/api-client.ts";
import { formatDate, formatMoney, labelOf } from "@/lib/format.ts";
import { detailsToIssues, toFieldErrors } from "@/lib/form-errors.ts";
import { useRules } from "@/lib/get-rules.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { useAddMeasure, useMeasureState, usePlan, useUpdatePlan } from "../api/plan.ts";

const STATE_COLORS: Record<MeasureState, string> = { PLANNED: "default", IN_PROGRESS: "processing", DELIVERED: "success", STOPPED: "error" };
const ACTION_LABELS: Partial<Record<MeasureState, string>> = { IN_PROGRESS: "开始落实", DELIVERED: "已落实", STOPPED: "终止" };
const today = () => serverToday();

/** 帮扶计划、措施（目录选择、状态流转）、享受政策一览. */
export function PlanSection({ householdId }: { householdId: string }) {
  const me = useMe();
  const plan = usePlan(householdId);
  const rules = useRules();
  const canWrite = me.data ? can(me.data.user.role, "assistance.write") : false;
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [changing, setChanging] = useState<{ measure: Measure; to: MeasureState } | null>(null);
  const notify = useNotifyError();
  const measureState = useMeasureState(householdId);

  if (plan.error instanceof ApiError && plan.error.isNotFound) {
    return <Card title="帮扶计划与措施"><Typography.Text type="secondary">该户尚未建立帮扶档案（认定为监测帮扶对象后建立）。</Typography.Text></Card>;
  }
  const data = plan.data;
  const typeLabels = Object.fromEntries((rules.data?.assistance.measureTypes ?? []).map((t) => [t.code, t.label]));
  const departmentLabels = Object.fromEntries((rules.data?.assistance.departments ?? []).map((d) => [d.code, d.label]));

  const act = (measure: Measure, to: MeasureState) => {
    if (to === "IN_PROGRESS") {
      measureState.mutate({ id: measure.id, to, on: today(), version: measure.version }, { onError: (e) => notify(e, "状态变更失败") });
    } else setChanging({ measure, to });
  };

  return (
    <Card title="帮扶计划与措施（一户一策）" loading={plan.isPending} data-testid="plan-section">
      {plan.error && !(plan.error instanceof ApiError && plan.error.isNotFound) ? <Alert type="error" showIcon title="帮扶计划加载失败" /> : null}
      {data && (
        <Flex vertical gap={16}>
          <div data-testid="enjoyed-policies">
            <Typography.Text strong>享受政策：</Typography.Text>
            {data.enjoyedPolicies.length ? (
              data.enjoyedPolicies.map((p) => <Tag key={p} color="green" style={{ marginBottom: 4 }}>{p}</Tag>)
            ) : (
              <Typography.Text type="secondary">暂无落实中或已落实的措施</Typography.Text>
            )}
          </div>

          <div>
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Typography.Text strong>帮扶计划</Typography.Text>
              {canWrite && !editing && <Button size="small" onClick={() => setEditing(true)}>{data.summary ? "修改计划" : "填写计划"}</Button>}
            </Flex>
            {editing ? (
              <PlanEditor householdId={householdId} summary={data.summary ?? ""} version={data.version} onDone={() => setEditing(false)} />
            ) : data.summary ? (
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }} data-testid="plan-summary">{data.summary}</Typography.Paragraph>
            ) : (
              <Typography.Text type="secondary">尚未填写帮扶计划</Typography.Text>
            )}
            {data.updatedAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>更新于 {formatDate(data.updatedAt)}</Typography.Text>}
          </div>

          <div>
            <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
              <Typography.Text strong>帮扶措施</Typography.Text>
              {canWrite && <Button size="small" type="primary" onClick={() => setAdding(true)}>添加措施</Button>}
            </Flex>
            <Table<Measure>
              size="small"
              rowKey="id"
              dataSource={data.measures}
              pagination={false}
              scroll={{ x: 760 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未添加帮扶措施" /> }}
              columns={[
                {
                  title: "措施", dataIndex: "name", fixed: "left", width: 130,
                  render: (name: string, m) => (
                    <>
                      <div>{name}</div>
                      {m.memberName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{m.memberName}</Typography.Text>}
                    </>
                  ),
                },
                { title: "类型", dataIndex: "type", width: 110, render: (t: string) => labelOf(typeLabels, t) },
                { title: "责任部门", dataIndex: "department", width: 130, render: (d: string) => labelOf(departmentLabels, d) },
                {
                  title: "金额/周期", key: "amount", width: 130,
                  render: (_, m) => (m.amountYuan === null ? labelOf(MEASURE_PERIODS, m.period) : `${formatMoney(m.amountYuan)}${m.period ? ` / ${MEASURE_PERIODS[m.period]}` : ""}`),
                },
                {
                  title: "状态", dataIndex: "state", width: 90,
                  render: (s: MeasureState, m) => (
                    <Tag color={STATE_COLORS[s]} title={m.stopReason ?? undefined} data-testid="measure-state">{MEASURE_STATES[s]}</Tag>
                  ),
                },
                {
                  title: "落实/终止日期", key: "dates", width: 120,
                  render: (_, m) => (m.stoppedOn ? <span title={m.stopReason ?? ""}>{m.stoppedOn}（终止）</span> : (m.deliveredOn ?? "—")),
                },
                ...(canWrite ? [{
                  title: "操作", key: "actions", width: 190,
                  render: (_: unknown, m: Measure) => (
                    <Space size={4} wrap>
                      {MEASURE_TRANSITIONS[m.state].map((to) => (
                        <Button key={to} size="small" danger={to === "STOPPED"} loading={measureState.isPending && measureState.variables?.id === m.id}
                          onClick={() => act(m, to)}>{ACTION_LABELS[to]}</Button>
                      ))}
                    </Space>
                  ),
                }] : []),
              ]}
            />
          </div>
        </Flex>
      )}
      {adding && <AddMeasureModal householdId={householdId} onClose={() => setAdding(false)} />}
      {changing && <MeasureStateModal householdId={householdId} {...changing} onClose={() => setChanging(null)} />}
    </Card>
  );
}

function PlanEditor({ householdId, summary, version, onDone }: { householdId: string; summary: string; version: number; onDone: () => void }) {
  const [text, setText] = useState(summary);
  const update = useUpdatePlan(householdId);
  const notify = useNotifyError();
  return (
    <Flex vertical gap={8} style={{ marginTop: 8 }}>
      <Input.TextArea aria-label="帮扶计划" value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} showCount
        autoSize={{ minRows: 3, maxRows: 10 }} placeholder="帮扶目标、主要措施、责任人和时限" />
      <Space>
        <Button type="primary" size="small" loading={update.isPending} disabled={!text.trim()}
          onClick={() => update.mutate({ summary: text, version }, { onSuccess: onDone, onError: (e) => notify(e, "帮扶计划保存失败") })}>
          保存计划
        </Button>
        <Button size="small" onClick={onDone}>取消</Button>
      </Space>
    </Flex>
  );
}

type MeasureValues = {
  catalogueCode?: string; name?: string; amountYuan?: number | null; period?: string | null;
  startsOn?: Dayjs | null; memberName?: string; note?: string;
};

function AddMeasureModal({ householdId, onClose }: { householdId: string; onClose: () => void }) {
  const [form] = Form.useForm<MeasureValues>();
  const rules = useRules();
  const add = useAddMeasure(householdId);
  const notify = useNotifyError();
  const catalogue = rules.data?.assistance.measureCatalogue ?? [];
  const code = Form.useWatch("catalogueCode", form);
  const item = catalogue.find((c) => c.code === code);
  const isOther = item?.type === "OTHER";

  const submit = (v: MeasureValues) =>
    add.mutate({
      catalogueCode: v.catalogueCode ?? "",
      name: v.name?.trim() || undefined,
      amountYuan: v.amountYuan ?? null,
      period: (v.period ?? null) as never,
      startsOn: v.startsOn ? v.startsOn.format("YYYY-MM-DD") : null,
      memberName: v.memberName?.trim() || null,
      note: v.note?.trim() || undefined,
    }, {
      onSuccess: onClose,
      onError: (e) => {
        if (e instanceof ApiError && e.details.length) {
          const { fields, general } = toFieldErrors(detailsToIssues(e.details), (n) => ["catalogueCode", "name", "amountYuan", "period", "startsOn", "memberName", "note"].includes(String(n[0])));
          form.setFields(fields as never);
          if (general.length || !fields.length) notify(e, "添加措施失败");
        } else notify(e, "添加措施失败");
      },
    });

  return (
    <Modal open title="添加帮扶措施" onCancel={onClose} okText="添加" cancelText="取消" confirmLoading={add.isPending} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" name="measure" onFinish={submit}>
        <Form.Item label="措施（本地措施目录）" name="catalogueCode" rules={[{ required: true, message: "请选择帮扶措施" }]}>
          <Select
            aria-label="措施"
            showSearch={{ optionFilterProp: "label" }}
            placeholder="选择措施"
            options={catalogue.map((c) => ({ value: c.code, label: c.name }))}
            onChange={(value: string) => {
              const c = catalogue.find((x) => x.code === value);
              form.setFieldsValue({ amountYuan: c?.amountYuan ?? null, period: c?.period ?? null, name: undefined });
            }}
          />
        </Form.Item>
        {item?.note && <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>{item.note}</Typography.Paragraph>}
        <Form.Item label="措施名称" name="name" rules={isOther ? [{ required: true, message: "选择“其他”时请填写措施名称" }] : []}
          extra={isOther ? undefined : "不填则用目录中的名称"}>
          <Input maxLength={100} placeholder={item && !isOther ? item.name : "措施名称"} />
        </Form.Item>
        <Space wrap>
          <Form.Item label="金额" name="amountYuan">
            <InputNumber<number> min={0} max={100_000_000} precision={2} suffix="元" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label="周期" name="period">
            <Select allowClear aria-label="周期" style={{ width: 120 }} options={Object.entries(MEASURE_PERIODS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Space>
        <Space wrap>
          <DateItem label="开始日期" name="startsOn" what="开始日期" />
          <Form.Item label="受益成员" name="memberName"><Input maxLength={50} placeholder="如：在读学生姓名（选填）" /></Form.Item>
        </Space>
        <Form.Item label="说明" name="note"><Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} /></Form.Item>
      </Form>
    </Modal>
  );
}

function MeasureStateModal({ householdId, measure, to, onClose }: { householdId: string; measure: Measure; to: MeasureState; onClose: () => void }) {
  const [form] = Form.useForm<{ on?: Dayjs | null; reason?: string }>();
  const change = useMeasureState(householdId);
  const notify = useNotifyError();
  const stopping = to === "STOPPED";
  return (
    <Modal open title={`${ACTION_LABELS[to]}：${measure.name}`} okText="确定" cancelText="取消" okButtonProps={{ danger: stopping }}
      confirmLoading={change.isPending} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" name="measure-state" initialValues={{ on: dayjs(serverToday()) }}
        onFinish={(v) => change.mutate(
          { id: measure.id, to, on: v.on ? v.on.format("YYYY-MM-DD") : today(), reason: v.reason?.trim() || undefined, version: measure.version },
          { onSuccess: onClose, onError: (e) => notify(e, "状态变更失败") },
        )}>
        <DateItem label={stopping ? "终止日期" : "落实日期"} name="on" what={stopping ? "终止日期" : "落实日期"} range={{ max: todayBound(today()) }} requireHere />
        {stopping && (
          <Form.Item label="终止原因" name="reason" rules={[{ required: true, whitespace: true, message: "请填写终止原因" }]}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} placeholder="如：学生毕业、低保退出" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

import { ArrowLeftOutlined } from "@ant-design/icons";
import { CONDITION_KIND_CODES, CONDITION_KINDS, CONDITION_VALUES, conditionValueLabel } from "@fanpin/domain/assistance/conditions";
import { VISIT_MODES } from "@fanpin/domain/assistance-schemas";
import { INCOME_ITEM_KEYS, INCOME_ITEMS, RISK_CAUSE } from "@fanpin/domain/collection-form";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Checkbox, Collapse, Flex, Form, Input, InputNumber, List, Radio, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { paths } from "@/config/paths.ts";
import { useRules } from "@/lib/get-rules.ts";
import { sendOutbox, useOutbox } from "../api/send-outbox.ts";
import { clearDraft, enqueueVisit, loadDraft, removeFromOutbox, saveDraft, type OutboxItem, type VisitDraft } from "../utils/device-store.ts";
import { newVisitId, toFormValues, toVisitBody, type VisitFormValues } from "../utils/visit-values.ts";
import { OutboxStatus } from "./outbox-status.tsx";
import { assistanceKeys } from "@/lib/query-keys.ts";

const big = { size: "large" as const };

function freshDraft(): VisitDraft {
  return { id: newVisitId(), startedAt: new Date().toISOString(), values: { visitedOn: todayInChina(new Date()), mode: "IN_PERSON" } };
}

/**
 * 登记走访, made for a phone in a village: one column, big targets. What is
 * typed is kept on the device at once (a reload, a dead battery or no signal
 * lose nothing); 提交 puts the visit in the outbox, sent now if online, else
 * when the network is back. The visit's id is made when the draft starts, so
 * sending it again never stores it twice.
 */
export function VisitForm({ householdId, userId }: { householdId: string; userId: string }) {
  const queryClient = useQueryClient();
  const rules = useRules();
  const [draft, setDraft] = useState<VisitDraft>(() => loadDraft(userId, householdId) ?? freshDraft());
  const [formKey, setFormKey] = useState(0);
  const [justQueued, setJustQueued] = useState(false);
  const outbox = useOutbox(userId).filter((i) => i.householdId === householdId);
  const refused = outbox.filter((i) => i.error);
  const today = todayInChina(new Date());

  const keep = (values: VisitFormValues) => {
    const next = { ...draft, values: values as Record<string, unknown> };
    saveDraft(userId, householdId, next);
    setDraft(next);
  };

  const startOver = (next: VisitDraft) => {
    saveDraft(userId, householdId, next);
    setDraft(next);
    setFormKey((k) => k + 1);
  };

  const submit = (values: VisitFormValues) => {
    enqueueVisit(userId, { householdId, body: toVisitBody(draft.id, values), queuedAt: new Date().toISOString() });
    clearDraft(userId, householdId);
    setDraft(freshDraft());
    setFormKey((k) => k + 1);
    setJustQueued(true);
    void sendOutbox(userId, (v) => void queryClient.invalidateQueries({ queryKey: assistanceKeys.household(v.householdId) }));
  };

  const correct = (item: OutboxItem) => {
    removeFromOutbox(userId, item.body.id);
    // An id taken by another record cannot be reused; any other refusal keeps the id (it was never stored).
    const id = item.error?.code === "VISIT_ID_CONFLICT" ? newVisitId() : item.body.id;
    startOver({ id, startedAt: new Date().toISOString(), values: toFormValues(item.body) as Record<string, unknown> });
    setJustQueued(false);
  };

  const riskClassOptions = useMemo(
    () => [{ value: "", label: "不变" }, ...(rules.data?.assistance.riskClasses ?? []).map((c) => ({ value: c.code, label: c.label }))],
    [rules.data],
  );

  return (
    <Flex vertical gap={12} style={{ maxWidth: 560, margin: "0 auto", width: "100%" }}>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Link to={paths.assistanceFile.getHref(householdId)}><ArrowLeftOutlined /> 帮扶档案</Link>
        <OutboxStatus userId={userId} householdId={householdId} />
      </Flex>
      <Typography.Title level={4} style={{ margin: 0 }}>登记走访</Typography.Title>

      {justQueued && outbox.some((i) => !i.error) && (
        <Alert type="warning" showIcon message="走访记录已保存在本机，待发送" description="联网后自动发送，请勿清除浏览器数据。" />
      )}
      {justQueued && outbox.length === 0 && <Alert type="success" showIcon message="走访记录已发送" />}
      {refused.length > 0 && (
        <Alert
          type="error"
          showIcon
          message="以下走访记录未被接收，请修改后重新提交"
          description={
            <List
              size="small"
              dataSource={refused}
              renderItem={(item) => (
                <List.Item
                  actions={[
                    <Button key="fix" onClick={() => correct(item)}>修改</Button>,
                    <Button key="drop" danger onClick={() => removeFromOutbox(userId, item.body.id)}>删除</Button>,
                  ]}
                >
                  <div>
                    <div>{item.body.visitedOn} {item.body.metWith}</div>
                    <Typography.Text type="danger">{item.error!.message}</Typography.Text>
                    {item.error!.details.map((d) => <div key={d.path}><Typography.Text type="danger">{d.message}</Typography.Text></div>)}
                  </div>
                </List.Item>
              )}
            />
          }
        />
      )}

      <Card size="small">
        <Form<VisitFormValues>
          key={`${draft.id}-${formKey}`}
          // A new key (another draft) mounts a new form with its own store: nothing of the last visit stays.
          layout="vertical"
          size="large"
          initialValues={draft.values as VisitFormValues}
          onValuesChange={(_, all) => keep(all)}
          onFinish={submit}
          scrollToFirstError
        >
          <Form.Item
            name="visitedOn"
            label="走访日期"
            rules={[
              { required: true, message: "请填写走访日期" },
              { validator: async (_, v?: string) => { if (v && v > today) throw new Error("走访日期不能晚于今天"); } },
            ]}
          >
            <Input type="date" max={today} aria-label="走访日期" />
          </Form.Item>
          <Form.Item name="mode" label="走访方式" rules={[{ required: true, message: "请选择走访方式" }]}>
            <Radio.Group optionType="button" buttonStyle="solid" {...big} options={Object.entries(VISIT_MODES).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="metWith" label="走访对象" rules={[{ required: true, whitespace: true, message: "请填写走访对象" }, { max: 100, message: "走访对象最多 100 字" }]}>
            <Input placeholder="如：户主本人、配偶" autoComplete="off" />
          </Form.Item>
          <Form.Item name="findings" label="走访情况" rules={[{ required: true, whitespace: true, message: "请填写走访情况" }, { max: 2000, message: "走访情况最多 2000 字" }]}>
            <Input.TextArea rows={4} placeholder="家庭收入、生活、“三保障”和饮水情况，存在的困难" />
          </Form.Item>
          <Form.Item name="nextSteps" label="下一步措施" rules={[{ max: 1000, message: "下一步措施最多 1000 字" }]}>
            <Input.TextArea rows={2} />
          </Form.Item>

          <Collapse
            size="small"
            style={{ marginBottom: 16 }}
            items={[{
              key: "changes",
              label: "走访发现的变化（可选）",
              forceRender: true,
              children: (
                <>
                  <Typography.Paragraph type="secondary">填写的变化会同步更新家庭的保障情况、收入、风险类型和风险类别。</Typography.Paragraph>
                  {CONDITION_KIND_CODES.map((kind) => (
                    <Form.Item key={kind} name={["conditions", kind]} label={CONDITION_KINDS[kind]}>
                      <Radio.Group
                        optionType="button"
                        options={[{ value: "", label: "无变化" }, ...CONDITION_VALUES[kind].map((v) => ({ value: v, label: conditionValueLabel(kind, v) }))]}
                      />
                    </Form.Item>
                  ))}
                  <Form.Item name="newRiskCauses" label="新发现的风险类型">
                    <Checkbox.Group options={Object.entries(RISK_CAUSE.labels).map(([value, label]) => ({ value, label }))} />
                  </Form.Item>
                  <Form.Item name="riskClass" label="风险类别">
                    <Radio.Group optionType="button" options={riskClassOptions} />
                  </Form.Item>
                  <Form.Item name="incomeYear" label="收入变化的年度">
                    <InputNumber min={2015} max={Number(today.slice(0, 4))} style={{ width: "100%" }} placeholder={today.slice(0, 4)} inputMode="numeric" />
                  </Form.Item>
                  {INCOME_ITEM_KEYS.map((k) => (
                    <Form.Item key={k} name={["income", k]} label={`${INCOME_ITEMS[k]}（元/年）`}>
                      <InputNumber min={0} max={100_000_000} precision={2} style={{ width: "100%" }} inputMode="decimal" />
                    </Form.Item>
                  ))}
                </>
              ),
            }]}
          />

          <Space direction="vertical" style={{ width: "100%" }}>
            <Button type="primary" htmlType="submit" block style={{ height: 48 }}>提交</Button>
            <Button
              block
              onClick={() => {
                clearDraft(userId, householdId);
                startOver(freshDraft());
              }}
            >
              清空重填
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            填写内容随时保存在本机；没有网络时也可提交，联网后自动发送。
          </Typography.Paragraph>
        </Form>
      </Card>
    </Flex>
  );
}

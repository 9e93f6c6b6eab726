import type { Conditions } from "@fanpin/domain/assistance-schemas";
import {
  CONDITION_KIND_CODES, CONDITION_KINDS, CONDITION_VALUES, conditionSecured, conditionValueLabel, EXPENSE_ITEM_KEYS, EXPENSE_ITEMS, type ConditionKind,
} from "@fanpin/domain/assistance/conditions";
import { INCOME_ITEM_KEYS, INCOME_ITEMS } from "@fanpin/domain/collection-form";
import { can } from "@fanpin/domain/roles";
import { Alert, Button, Card, Collapse, Empty, Flex, Form, Input, InputNumber, Modal, Select, Table, Tag, Timeline, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useMe } from "@/features/auth/api/get-me.ts";
import { todayBound } from "@fanpin/domain/dates";
import { DateItem } from "@/components/date-field.tsx";
import { serverToday, ApiError } from "@/lib/api-client.ts";
import { formatMoney } from "@/lib/format.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { useConditions, usePutExpense, usePutIncome, useRecordCondition } from "../api/plan.ts";

type ConditionRecord = Conditions["history"][number];
type YearIncome = Conditions["incomes"][number];
type YearExpense = Conditions["expenses"][number];

const SOURCE_LABELS: Record<ConditionRecord["source"], string> = { ENTRY: "录入", VISIT: "走访", REVIEW: "季度分析" };
const thisYear = () => Number(serverToday().slice(0, 4));

/** 两不愁三保障及饮水安全、年度收入与刚性支出（历史）. */
export function ConditionsSection({ householdId }: { householdId: string }) {
  const me = useMe();
  const conditions = useConditions(householdId);
  const canWrite = me.data ? can(me.data.user.role, "assistance.write") : false;
  const [recording, setRecording] = useState<ConditionKind | true | null>(null);
  const [income, setIncome] = useState<{ year?: number; current?: YearIncome } | null>(null);
  const [expense, setExpense] = useState<{ year?: number; current?: YearExpense } | null>(null);

  if (conditions.error instanceof ApiError && conditions.error.isNotFound) return null;
  const data = conditions.data;
  const latest = new Map((data?.latest ?? []).map((c) => [c.kind, c]));

  return (
    <Card title="“两不愁三保障”及饮水安全、收入和支出" loading={conditions.isPending} data-testid="conditions-section"
      extra={canWrite && <Button size="small" type="primary" onClick={() => setRecording(true)}>记录</Button>}>
      {conditions.error && !(conditions.error instanceof ApiError && conditions.error.isNotFound) ? <Alert type="error" showIcon title="保障情况加载失败" /> : null}
      {data && (
        <Flex vertical gap={16}>
          <div>
            <Typography.Text strong>保障情况（最近一次记录）</Typography.Text>
            <Flex vertical gap={4} style={{ marginTop: 8 }}>
              {CONDITION_KIND_CODES.map((kind) => {
                const c = latest.get(kind);
                return (
                  <Flex key={kind} justify="space-between" align="center" wrap gap={8} data-testid={`condition-${kind}`}>
                    <Typography.Text>{CONDITION_KINDS[kind]}</Typography.Text>
                    <Flex align="center" gap={8} wrap>
                      {c ? (
                        <>
                          <Tag color={conditionSecured(kind, c.value) ? "green" : "red"}>{conditionValueLabel(kind, c.value)}</Tag>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.observedOn}</Typography.Text>
                        </>
                      ) : (
                        <Typography.Text type="secondary">未记录</Typography.Text>
                      )}
                      {canWrite && <Button size="small" type="link" onClick={() => setRecording(kind)}>记录</Button>}
                    </Flex>
                  </Flex>
                );
              })}
            </Flex>
            {data.history.length > 0 && (
              <Collapse
                ghost
                size="small"
                style={{ marginTop: 8 }}
                items={[{
                  key: "history",
                  label: `历史记录（${data.history.length} 条）`,
                  children: (
                    <Timeline
                      items={data.history.map((c) => ({
                        color: conditionSecured(c.kind, c.value) ? "green" : "red",
                        content: (
                          <div>
                            <div>{c.observedOn} {CONDITION_KINDS[c.kind]}：{conditionValueLabel(c.kind, c.value)}</div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {SOURCE_LABELS[c.source]}{c.recordedBy ? ` · ${c.recordedBy}` : ""}{c.note ? ` · ${c.note}` : ""}
                            </Typography.Text>
                          </div>
                        ),
                      }))}
                    />
                  ),
                }]}
              />
            )}
          </div>

          <div>
            <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
              <Typography.Text strong>年度收入</Typography.Text>
              {canWrite && <Button size="small" onClick={() => setIncome({})}>录入年度收入</Button>}
            </Flex>
            <Table<YearIncome>
              size="small" rowKey="year" pagination={false} dataSource={data.incomes} scroll={{ x: 480 }} data-testid="income-years"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无收入记录" /> }}
              columns={[
                { title: "年度", dataIndex: "year", width: 70 },
                { title: "家庭纯收入", dataIndex: "netYuan", render: (v: number) => formatMoney(v) },
                { title: "人口", dataIndex: "memberCount", width: 60 },
                { title: "人均纯收入", dataIndex: "perCapitaYuan", render: (v: number) => formatMoney(v) },
                ...(canWrite ? [{ title: "", key: "edit", width: 70, render: (_: unknown, r: YearIncome) => <Button size="small" type="link" onClick={() => setIncome({ year: r.year, current: r })}>修改</Button> }] : []),
              ]}
            />
          </div>

          <div>
            <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
              <Typography.Text strong>年度大额刚性支出</Typography.Text>
              {canWrite && <Button size="small" onClick={() => setExpense({})}>录入年度支出</Button>}
            </Flex>
            <Table<YearExpense>
              size="small" rowKey="year" pagination={false} dataSource={data.expenses} scroll={{ x: 560 }} data-testid="expense-years"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无支出记录" /> }}
              columns={[
                { title: "年度", dataIndex: "year", width: 70 },
                ...EXPENSE_ITEM_KEYS.map((k) => ({ title: EXPENSE_ITEMS[k], dataIndex: k, render: (v: number) => formatMoney(v) })),
                { title: "合计", dataIndex: "totalYuan", render: (v: number) => formatMoney(v) },
                ...(canWrite ? [{ title: "", key: "edit", width: 70, render: (_: unknown, r: YearExpense) => <Button size="small" type="link" onClick={() => setExpense({ year: r.year, current: r })}>修改</Button> }] : []),
              ]}
            />
          </div>
        </Flex>
      )}
      {recording !== null && <ConditionModal householdId={householdId} kind={recording === true ? undefined : recording} onClose={() => setRecording(null)} />}
      {income && <IncomeModal householdId={householdId} {...income} onClose={() => setIncome(null)} />}
      {expense && <ExpenseModal householdId={householdId} {...expense} onClose={() => setExpense(null)} />}
    </Card>
  );
}

function ConditionModal({ householdId, kind, onClose }: { householdId: string; kind?: ConditionKind; onClose: () => void }) {
  const [form] = Form.useForm<{ kind?: ConditionKind; value?: string; observedOn?: Dayjs | null; note?: string }>();
  const record = useRecordCondition(householdId);
  const notify = useNotifyError();
  const chosen = Form.useWatch("kind", form) ?? kind;
  return (
    <Modal open title="记录保障情况" okText="保存" cancelText="取消" confirmLoading={record.isPending} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" name="condition" initialValues={{ kind, observedOn: dayjs(serverToday()) }}
        onFinish={(v) => record.mutate(
          { kind: v.kind!, value: v.value!, observedOn: v.observedOn!.format("YYYY-MM-DD"), note: v.note?.trim() || undefined },
          { onSuccess: onClose, onError: (e) => notify(e, "记录失败") },
        )}>
        <Form.Item label="保障项目" name="kind" rules={[{ required: true, message: "请选择保障项目" }]}>
          <Select aria-label="保障项目" options={CONDITION_KIND_CODES.map((k) => ({ value: k, label: CONDITION_KINDS[k] }))}
            onChange={() => form.setFieldValue("value", undefined)} />
        </Form.Item>
        <Form.Item label={chosen === "HOUSING_SAFETY" ? "住房安全等级" : "情况"} name="value" rules={[{ required: true, message: "请选择情况" }]}>
          <Select aria-label={chosen === "HOUSING_SAFETY" ? "住房安全等级" : "情况"} disabled={!chosen}
            options={chosen ? CONDITION_VALUES[chosen].map((v) => ({ value: v, label: conditionValueLabel(chosen, v) })) : []} />
        </Form.Item>
        <DateItem
          label={chosen === "HOUSING_SAFETY" ? "鉴定日期" : "日期"}
          name="observedOn"
          what={chosen === "HOUSING_SAFETY" ? "鉴定日期" : "日期"}
          range={{ max: todayBound(serverToday()) }}
          requireHere
        />
        <Form.Item label="说明" name="note"><Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} /></Form.Item>
      </Form>
    </Modal>
  );
}

function IncomeModal({ householdId, year, current, onClose }: { householdId: string; year?: number; current?: YearIncome; onClose: () => void }) {
  const [form] = Form.useForm<{ year?: number; memberCount?: number; note?: string; income?: Record<string, number | null> }>();
  const put = usePutIncome(householdId);
  const notify = useNotifyError();
  return (
    <Modal open title={year ? `修改 ${year} 年收入` : "录入年度收入"} okText="保存" cancelText="取消" confirmLoading={put.isPending}
      onCancel={onClose} onOk={() => form.submit()} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" name="income-year"
        initialValues={{ year: year ?? thisYear() - 1, memberCount: current?.memberCount ?? 1, note: current?.note ?? undefined, income: current?.income ?? {} }}
        onFinish={(v) => put.mutate(
          {
            year: v.year!, memberCount: v.memberCount!, note: v.note?.trim() || undefined,
            income: Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, v.income?.[k] ?? 0])) as never,
          },
          { onSuccess: onClose, onError: (e) => notify(e, "收入保存失败") },
        )}>
        <Flex gap={12} wrap>
          <Form.Item label="年度" name="year" rules={[{ required: true, message: "请填写年度" }]}>
            <InputNumber<number> min={2015} max={thisYear()} precision={0} disabled={year !== undefined} suffix="年" />
          </Form.Item>
          <Form.Item label="家庭人口" name="memberCount" rules={[{ required: true, message: "请填写家庭人口" }]}>
            <InputNumber<number> min={1} max={30} precision={0} suffix="人" />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          {INCOME_ITEM_KEYS.map((k) => (
            <Form.Item key={k} label={INCOME_ITEMS[k]} name={["income", k]} style={{ width: 230 }}>
              <InputNumber<number> min={0} max={100_000_000} precision={2} suffix="元" style={{ width: "100%" }} />
            </Form.Item>
          ))}
        </Flex>
        <Form.Item label="说明" name="note"><Input maxLength={500} /></Form.Item>
      </Form>
    </Modal>
  );
}

function ExpenseModal({ householdId, year, current, onClose }: { householdId: string; year?: number; current?: YearExpense; onClose: () => void }) {
  const [form] = Form.useForm<Record<string, number | null> & { year?: number; note?: string }>();
  const put = usePutExpense(householdId);
  const notify = useNotifyError();
  return (
    <Modal open title={year ? `修改 ${year} 年刚性支出` : "录入年度刚性支出"} okText="保存" cancelText="取消" confirmLoading={put.isPending}
      onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" name="expense-year"
        initialValues={{ year: year ?? thisYear(), ...(current ?? {}), note: current?.note ?? undefined }}
        onFinish={(v) => put.mutate(
          {
            year: v.year as number, note: (v.note as string | undefined)?.trim() || undefined,
            ...Object.fromEntries(EXPENSE_ITEM_KEYS.map((k) => [k, (v[k] as number | null) ?? 0])),
          },
          { onSuccess: onClose, onError: (e) => notify(e, "支出保存失败") },
        )}>
        <Form.Item label="年度" name="year" rules={[{ required: true, message: "请填写年度" }]}>
          <InputNumber<number> min={2015} max={thisYear()} precision={0} disabled={year !== undefined} suffix="年" />
        </Form.Item>
        <Flex gap={12} wrap>
          {EXPENSE_ITEM_KEYS.map((k) => (
            <Form.Item key={k} label={EXPENSE_ITEMS[k]} name={k} style={{ width: 200 }}>
              <InputNumber<number> min={0} max={100_000_000} precision={2} suffix="元" style={{ width: "100%" }} />
            </Form.Item>
          ))}
        </Flex>
        <Form.Item label="说明" name="note"><Input maxLength={500} /></Form.Item>
      </Form>
    </Modal>
  );
}

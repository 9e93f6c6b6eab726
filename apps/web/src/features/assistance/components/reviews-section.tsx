import { PrinterOutlined } from "@ant-design/icons";
import { previousQuarter, quarterOf } from "@fanpin/domain/assistance/deadlines";
import type { AssistanceFile, Review } from "@fanpin/domain/assistance-schemas";
import { can } from "@fanpin/domain/roles";
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, InputNumber, Modal, Radio, Select, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { todayBound } from "@fanpin/domain/dates";
import { DateItem } from "@/components/date-field.tsx";
import { DeadlineTag } from "@/features/cases/components/deadline-tag.tsx";
import { serverToday, ApiError } from "@/lib/api-client.ts";
import { detailsToIssues, toFieldErrors } from "@/lib/form-errors.ts";
import { useRules } from "@/lib/get-rules.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { useAssistanceFile, useRecordReview, useReviews, useSetRiskClass } from "../api/reviews.ts";

/** "2026-Q4" → "2026年第4季度". */
export const quarterWords = (q: string) => q.replace(/^(\d{4})-Q([1-4])$/, "$1年第$2季度");

const RISK_CLASS_COLORS: Record<string, string> = { A: "red", B: "orange", C: "green" };

type RiskClassRule = { code: string; label: string; meaning: string; visitEveryDays: number };

function useRiskClasses(): RiskClassRule[] {
  return (useRules().data?.assistance.riskClasses ?? []) as RiskClassRule[];
}

export function RiskClassTag({ code }: { code: string | null }) {
  const classes = useRiskClasses();
  if (!code) return <Tag>未分类</Tag>;
  return <Tag color={RISK_CLASS_COLORS[code]}>{classes.find((c) => c.code === code)?.label ?? `${code}类`}</Tag>;
}

/** 调整风险类别: the class, its meaning and visit interval, and the reason. */
function RiskClassModal({ file, open, onClose }: { file: AssistanceFile; open: boolean; onClose: () => void }) {
  const classes = useRiskClasses();
  const [form] = Form.useForm<{ riskClass: string; reason: string }>();
  const setClass = useSetRiskClass(file.householdId);
  const notifyError = useNotifyError();
  const { message } = App.useApp();
  const chosen = classes.find((c) => c.code === Form.useWatch("riskClass", form));
  const submit = async (values: { riskClass: string; reason: string }) => {
    try {
      const res = await setClass.mutateAsync({ riskClass: values.riskClass as "A" | "B" | "C", reason: values.reason });
      void message.success(`已调整为${classes.find((c) => c.code === res.riskClass)?.label ?? res.riskClass}，下次走访期限 ${res.nextVisitDue}`);
      form.resetFields();
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.details.length) {
        form.setFields(toFieldErrors(detailsToIssues(error.details), (n) => ["riskClass", "reason"].includes(String(n[0]))).fields as never);
      } else notifyError(error);
    }
  };
  return (
    <Modal
      title="调整风险类别"
      open={open}
      onCancel={onClose}
      okText="确认调整"
      cancelText="取消"
      confirmLoading={setClass.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ riskClass: file.riskClass ?? undefined }}>
        <Form.Item name="riskClass" label="风险类别" rules={[{ required: true, message: "请选择风险类别" }]}>
          <Select
            placeholder="请选择"
            options={classes.map((c) => ({ value: c.code, label: `${c.label}，每 ${c.visitEveryDays} 天走访` }))}
          />
        </Form.Item>
        {chosen && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={chosen.meaning} description={`走访周期：每 ${chosen.visitEveryDays} 天至少走访一次，下次走访期限随之重算。`} />}
        <Form.Item name="reason" label="调整原因" rules={[{ required: true, whitespace: true, message: "请填写调整原因" }, { max: 500, message: "调整原因最多 500 字" }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type ReviewValues = {
  quarter: string;
  reviewedOn: Dayjs;
  incomeChangeYuan: number | null;
  riskEased: boolean;
  effect: string;
  planChanges?: string;
  riskClass?: string | null;
};

const REVIEW_FIELDS = ["quarter", "reviewedOn", "incomeChangeYuan", "riskEased", "effect", "planChanges", "riskClass"];

/** 录入季度帮扶成效分析. */
function ReviewForm({ file, onDone }: { file: AssistanceFile; onDone: () => void }) {
  const classes = useRiskClasses();
  const [form] = Form.useForm<ReviewValues>();
  const record = useRecordReview(file.householdId);
  const notifyError = useNotifyError();
  const { message } = App.useApp();
  const [general, setGeneral] = useState<string[]>([]);
  // The due quarter first (the server's today decides), then this quarter and the last one by the device's date.
  const thisQuarter = quarterOf(serverToday());
  const quarters = [...new Set([file.review?.quarter, thisQuarter, previousQuarter(thisQuarter)].filter((q): q is string => !!q))];
  const submit = async (v: ReviewValues) => {
    setGeneral([]);
    try {
      const saved = await record.mutateAsync({
        quarter: v.quarter,
        reviewedOn: v.reviewedOn.format("YYYY-MM-DD"),
        incomeChangeYuan: v.incomeChangeYuan ?? null,
        riskEased: v.riskEased,
        effect: v.effect,
        planChanges: v.planChanges ?? "",
        riskClass: (v.riskClass as "A" | "B" | "C" | undefined) ?? null,
      });
      void message.success(`已录入${quarterWords(saved.quarter)}帮扶成效分析`);
      form.resetFields();
      onDone();
    } catch (error) {
      if (error instanceof ApiError && (error.details.length || error.code === "REVIEW_ALREADY_RECORDED" || error.code === "REVIEW_QUARTER_NOT_ALLOWED")) {
        const { fields, general: rest } = toFieldErrors(detailsToIssues(error.details), (n) => REVIEW_FIELDS.includes(String(n[0])));
        form.setFields(fields as never);
        setGeneral(rest.length ? rest : [error.message]);
      } else notifyError(error);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      role="form"
      aria-label="季度帮扶成效分析表"
      name="review"
      initialValues={{ quarter: quarters[0], reviewedOn: dayjs(serverToday()), riskClass: null }}
      style={{ maxWidth: 640 }}
    >
      {general.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={general.join("；")} />}
      <Flex gap={16} wrap>
        <Form.Item name="quarter" label="分析季度" rules={[{ required: true, message: "请选择季度" }]}>
          <Select style={{ width: 180 }} options={quarters.map((q) => ({ value: q, label: quarterWords(q) }))} />
        </Form.Item>
        <DateItem name="reviewedOn" label="分析日期" what="分析日期" range={{ max: todayBound(serverToday()) }} requireHere />
        <Form.Item name="incomeChangeYuan" label="人均收入变化（元）" tooltip="本季度人均收入的变化，减少填负数">
          <InputNumber style={{ width: 180 }} precision={2} min={-10_000_000} max={10_000_000} placeholder="如 300 或 -200" />
        </Form.Item>
      </Flex>
      <Form.Item name="riskEased" label="风险是否缓解" rules={[{ required: true, message: "请选择风险是否缓解" }]}>
        <Radio.Group options={[{ value: true, label: "已缓解" }, { value: false, label: "未缓解" }]} />
      </Form.Item>
      <Form.Item name="effect" label="帮扶成效" rules={[{ required: true, whitespace: true, message: "请填写帮扶成效" }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item name="planChanges" label="帮扶计划调整">
        <Input.TextArea rows={2} maxLength={2000} placeholder="无调整可不填" />
      </Form.Item>
      <Form.Item name="riskClass" label="风险类别调整" tooltip="不调整则保持当前类别">
        <Select
          style={{ width: 280 }}
          options={[{ value: null, label: "不调整" }, ...classes.map((c) => ({ value: c.code, label: `${c.label}，每 ${c.visitEveryDays} 天走访` }))]}
        />
      </Form.Item>
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" loading={record.isPending}>保存成效分析</Button>
        <Button onClick={onDone}>取消</Button>
      </Flex>
    </Form>
  );
}

function ReviewHistory({ reviews }: { reviews: Review[] }) {
  if (!reviews.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无季度帮扶成效分析" />;
  return (
    <Table<Review>
      aria-label="季度帮扶成效分析记录"
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={reviews}
      columns={[
        { title: "季度", dataIndex: "quarter", render: quarterWords, width: 130 },
        { title: "分析日期", dataIndex: "reviewedOn", width: 110 },
        { title: "收入变化（元）", dataIndex: "incomeChangeYuan", width: 120, render: (v: number | null) => (v === null ? "—" : v > 0 ? `+${v}` : String(v)) },
        { title: "风险", dataIndex: "riskEased", width: 90, render: (v: boolean) => (v ? <Tag color="green">已缓解</Tag> : <Tag color="orange">未缓解</Tag>) },
        { title: "帮扶成效", dataIndex: "effect" },
        { title: "计划调整", dataIndex: "planChanges", render: (v: string | null) => v ?? "—" },
        { title: "类别", dataIndex: "riskClass", width: 120, render: (v: string | null) => (v ? <RiskClassTag code={v} /> : "—") },
        { title: "录入人", dataIndex: "reviewer", width: 120, render: (v: string | null) => v ?? "—" },
      ]}
    />
  );
}

/** 风险类别、季度帮扶成效分析（待录入季度、录入表单、历史）and the handbook to print. */
export function ReviewsSection({ householdId }: { householdId: string }) {
  const me = useMe();
  const file = useAssistanceFile(householdId);
  const reviews = useReviews(householdId);
  const classes = useRiskClasses();
  const [classOpen, setClassOpen] = useState(false);
  const [formOpen, setFormOpen] = useState(false);
  const role = me.data?.user.role;
  const f = file.data;
  const rule = classes.find((c) => c.code === f?.riskClass);

  return (
    <Card
      title="风险类别与季度帮扶成效分析"
      role="region"
      aria-label="季度帮扶成效分析"
      extra={
        <Button icon={<PrinterOutlined />} href={paths.assistanceHandbook.getHref(householdId)} target="_blank">
          打印帮扶手册
        </Button>
      }
    >
      <Flex vertical gap={16}>
        {f && (
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="风险类别">
              <Flex gap={8} align="center" wrap>
                <span data-testid="risk-class"><RiskClassTag code={f.riskClass} /></span>
                {f.riskClassOn && <Typography.Text type="secondary">{f.riskClassOn} 确定</Typography.Text>}
                {role && can(role, "assistance.assign") && f.closedOn === null && (
                  <Button size="small" onClick={() => setClassOpen(true)}>调整</Button>
                )}
              </Flex>
              <Typography.Text type="secondary" style={{ display: "block", marginTop: 4 }}>
                {rule ? `${rule.meaning}；每 ${rule.visitEveryDays} 天至少走访一次` : "尚未分类：按每月至少走访一次"}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="待录入季度分析">
              {f.review ? (
                <Flex gap={8} align="center" wrap data-testid="review-due">
                  <span>{quarterWords(f.review.quarter)}，期限 {f.review.deadline}</span>
                  <DeadlineTag deadline={f.review} />
                </Flex>
              ) : (
                <span data-testid="review-due">{f.lastReviewQuarter ? `无（已录入至${quarterWords(f.lastReviewQuarter)}）` : "无"}</span>
              )}
            </Descriptions.Item>
          </Descriptions>
        )}
        {f && classOpen && <RiskClassModal file={f} open={classOpen} onClose={() => setClassOpen(false)} />}
        {f && role && can(role, "review.record") && f.closedOn === null && (
          formOpen ? (
            <ReviewForm file={f} onDone={() => setFormOpen(false)} />
          ) : (
            <div>
              <Button type="primary" onClick={() => setFormOpen(true)}>录入季度成效分析</Button>
            </div>
          )
        )}
        {reviews.isError ? (
          <Alert type="warning" showIcon message="季度帮扶成效分析加载失败" />
        ) : (
          <ReviewHistory reviews={reviews.data ?? []} />
        )}
      </Flex>
    </Card>
  );
}

import { SELF_REPORT_STEPS, ZSelfReportStatusQuery, type SelfReportStatus } from "@fanpin/domain/detection/self-report-schemas";
import { Alert, Button, Card, Form, Input, Steps, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { z } from "zod";
import { paths } from "@/config/paths.ts";
import { parseWith } from "@/lib/form-submit.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { getSelfReportStatus } from "../api/public.ts";
import { PublicFrame } from "./public-frame.tsx";

const ZLookup = ZSelfReportStatusQuery.extend({
  reference: z.string().trim().min(1, "请输入申报编号").max(16, "申报编号为 10 位字母和数字"),
});
type Lookup = z.infer<typeof ZLookup>;

const AHEAD_LABELS: Record<string, string> = { RECEIVED: "收到申报", HANDED_OVER: "转交乡镇", VERIFYING: "乡镇核实", CASE_OPENED: "核实结果" };

/** The steps passed, then the ones still ahead (without a date); an ended report has no steps ahead. */
function Progress({ status }: { status: SelfReportStatus }) {
  const ended = status.step === "CASE_OPENED" || status.step === "CLOSED";
  const ahead = ended ? [] : SELF_REPORT_STEPS.filter((s) => s !== "CLOSED" && !status.history.some((h) => h.step === s));
  return (
    <Card title={`申报编号 ${status.reference}`} size="small">
      <Typography.Paragraph>
        当前进度：<Typography.Text strong>{status.stepLabel}</Typography.Text>
      </Typography.Paragraph>
      <Alert type={status.step === "CLOSED" ? "warning" : "info"} showIcon title={status.message} style={{ marginBottom: 16 }} />
      <Steps
        orientation="vertical"
        size="small"
        current={status.history.length - 1}
        items={[
          ...status.history.map((h) => ({ title: h.label, content: h.on })),
          ...ahead.map((s) => ({ title: AHEAD_LABELS[s] })),
        ]}
      />
      {status.phone && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          如有疑问，请拨打 {status.phone}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** 申报进度查询, public: the reference and the phone's last 4 digits; a wrong pair tells nothing more than "not found". */
export function SelfReportStatusPage({ presetReference }: { presetReference: string | null }) {
  const [form] = Form.useForm<{ reference?: string; phoneLast4?: string }>();
  const [status, setStatus] = useState<SelfReportStatus | null>(null);
  const { submit, pending, general, onValuesChange } = useFormSubmit<Lookup, SelfReportStatus>(form, {
    parse: () => {
      const v = form.getFieldsValue();
      return parseWith(ZLookup, { reference: v.reference?.trim().toUpperCase() ?? "", phoneLast4: v.phoneLast4?.trim() ?? "" });
    },
    send: (d) => getSelfReportStatus(d.reference, d.phoneLast4),
    onApiError: () => {
      setStatus(null);
      return undefined;
    },
    onDone: (s) => setStatus(s),
    failureTitle: "查询失败",
  });

  return (
    <PublicFrame title="申报进度查询">
      <Card>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ reference: presetReference ?? "" }}
          onFinish={() => void submit()}
          onValuesChange={onValuesChange}
          requiredMark={false}
        >
          <Form.Item name="reference" label="申报编号">
            <Input maxLength={16} autoComplete="off" style={{ textTransform: "uppercase" }} />
          </Form.Item>
          <Form.Item name="phoneLast4" label="手机号码后 4 位">
            <Input inputMode="numeric" maxLength={4} autoComplete="off" />
          </Form.Item>
          {general.map((m) => (
            <Alert key={m} type="error" showIcon title={m} style={{ marginBottom: 12 }} />
          ))}
          <Button type="primary" htmlType="submit" block size="large" loading={pending}>
            查询
          </Button>
        </Form>
      </Card>
      {status && <Progress status={status} />}
      <Link to={paths.selfReport.getHref()} style={{ textAlign: "center" }}>
        我要申报
      </Link>
    </PublicFrame>
  );
}

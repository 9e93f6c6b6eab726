import { Col, Form, Input, InputNumber, Radio, Row } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { AppraisalRecord } from "@fanpin/domain/procedures/records";
import { isoDate, optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";
import { RecordDateItem } from "./date-field.tsx";

type Values = {
  heldOn?: Dayjs | null;
  participants?: number | null;
  votesFor?: number | null;
  votesAgainst?: number | null;
  passed?: boolean | null;
  minutesSummary?: string;
};

const num = (v: number | null | undefined) => (typeof v === "number" ? v : undefined);

/** 村级民主评议: the meeting, its vote and result. Passing needs more than half of those present in favour. */
export function AppraisalForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  // A returned case keeps its appraisal: the form opens with it, to be corrected.
  const earlier = (props.caseDetail.roundRecords as { appraisal?: AppraisalRecord | null }).appraisal;
  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="appraisal"
      initialValues={earlier ? { ...earlier, heldOn: dayjs(earlier.heldOn) } : undefined}
      submitLabel="保存民主评议"
      toSubmission={(v) => ({
        action: "RECORD_APPRAISAL",
        record: {
          heldOn: isoDate(v.heldOn),
          participants: num(v.participants),
          votesFor: num(v.votesFor),
          votesAgainst: num(v.votesAgainst),
          passed: v.passed ?? undefined,
          minutesSummary: optionalText(v.minutesSummary),
        },
      })}
    >
      <RecordDateItem action="RECORD_APPRAISAL" caseDetail={props.caseDetail} label="评议日期" />
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Form.Item label="参会人数" name="participants" required>
            <InputNumber<number> min={0} max={500} precision={0} style={{ width: "100%" }} suffix="人" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item label="同意票数" name="votesFor" required>
            <InputNumber<number> min={0} max={500} precision={0} style={{ width: "100%" }} suffix="票" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item label="反对票数" name="votesAgainst" required>
            <InputNumber<number> min={0} max={500} precision={0} style={{ width: "100%" }} suffix="票" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="评议结果" name="passed" required extra="同意票须超过参会人数的一半方可通过">
        <Radio.Group
          aria-label="评议结果"
          options={[
            { value: true, label: "通过" },
            { value: false, label: "未通过" },
          ]}
        />
      </Form.Item>
      <Form.Item label="会议记录摘要" name="minutesSummary" required>
        <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} />
      </Form.Item>
    </ActionFormShell>
  );
}

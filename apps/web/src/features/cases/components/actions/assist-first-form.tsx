import { Form, Input, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { isoDate, optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";
import { RecordDateItem } from "./date-field.tsx";

type Values = { meetingOn?: Dayjs | null; minutesSummary?: string; measures?: string };

/** 先帮扶、后认定: in an emergency the township decides to assist now; the procedure still runs to its end. */
export function AssistFirstForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="assistFirst"
      submitLabel="登记先帮扶、后认定"
      toSubmission={(v) => ({
        action: "ASSIST_FIRST",
        record: { meetingOn: isoDate(v.meetingOn), minutesSummary: optionalText(v.minutesSummary), measures: optionalText(v.measures) },
      })}
    >
      <Typography.Paragraph type="secondary">适用于情况紧急的家庭：经镇级会议研究先行落实帮扶措施，认定程序继续办理。</Typography.Paragraph>
      <RecordDateItem action="ASSIST_FIRST" caseDetail={props.caseDetail} label="镇级会议日期" />
      <Form.Item label="会议记录摘要" name="minutesSummary" required>
        <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item label="先行帮扶措施" name="measures" required>
        <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </ActionFormShell>
  );
}

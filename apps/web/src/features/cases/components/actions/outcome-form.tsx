import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS } from "@fanpin/domain/categories";
import { procedureFor } from "@fanpin/domain/procedures/procedure";
import { Form, Input, Typography } from "antd";
import { optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";

type Values = { note?: string };

/** 确认公示无异议: the village closes publicity; the procedure's result goes onto the household. */
export function OutcomeForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  const outcome = procedureFor(props.caseDetail.category).outcome;
  const result = "designation" in outcome ? `认定为${DESIGNATION_LABELS[outcome.designation]}` : `回退为${HOUSEHOLD_CATEGORY_LABELS[outcome.category]}`;
  const p = props.caseDetail.publicity;
  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="outcome"
      submitLabel={`确认无异议，${result}`}
      toSubmission={(v) => ({ action: "CONFIRM_OUTCOME", record: { note: optionalText(v.note) } })}
    >
      <Typography.Paragraph>
        {p ? `公示期 ${p.startsOn} 至 ${p.endsOn} 已满。` : ""}确认公示期间未收到有效异议后，该户将{result}。
      </Typography.Paragraph>
      <Form.Item label="说明（选填）" name="note">
        <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </ActionFormShell>
  );
}

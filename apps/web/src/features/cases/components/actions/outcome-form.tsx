import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS } from "@fanpin/domain/categories";
import { Form, Input, Typography } from "antd";
import { optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";

type Values = { note?: string };

/**
 * 确认公示无异议: whoever the rules name (the village; under Weihai's rules the
 * district, which enters the designation) closes publicity; where the action
 * completes the procedure its result goes onto the household, otherwise the
 * case moves on (to the township's check in risk elimination).
 */
export function OutcomeForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  const outcome = props.procedure.outcome;
  const confirm = props.step?.actions.find((a) => a.action === "CONFIRM_OUTCOME");
  const next = confirm && !confirm.completes ? props.procedure.stageLabels[confirm.to] : null;
  const result = next
    ? `转入${next}`
    : outcome.type === "DESIGNATE" && outcome.designation
      ? `认定为${DESIGNATION_LABELS[outcome.designation]}`
      : outcome.type === "CHANGE_CATEGORY" && outcome.category
        ? `回退为${HOUSEHOLD_CATEGORY_LABELS[outcome.category]}`
        : outcome.label;
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
        {p ? `公示期 ${p.startsOn} 至 ${p.endsOn} 已满。` : ""}确认公示期间未收到有效异议后，{next ? `案件将${result}` : `该户将${result}`}。
      </Typography.Paragraph>
      <Form.Item label="说明（选填）" name="note">
        <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </ActionFormShell>
  );
}

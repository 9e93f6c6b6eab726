import { Form, Input, Radio } from "antd";
import { OBJECTION_DECISION_LABELS } from "../../utils/describe-record.ts";
import { optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";

type Decision = keyof typeof OBJECTION_DECISION_LABELS;
type Values = { decision?: Decision; handling?: string };

const HINTS: Record<Decision, string> = {
  DISMISS: "公示期未满的继续公示，已满的进入“公示期满待确认”",
  UPHOLD_AND_CLOSE: "案件终止，家庭类别不变",
  UPHOLD_AND_RETURN: "退回乡镇重新核实，期限重新计算",
};

/** 裁定异议: the district investigates an objection and decides. */
export function ObjectionDecisionForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  const decision = Form.useWatch("decision", form);
  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="objectionDecision"
      submitLabel="确认裁定"
      danger={decision === "UPHOLD_AND_CLOSE"}
      toSubmission={(v) => ({ action: "DECIDE_OBJECTION", record: { decision: v.decision, handling: optionalText(v.handling) } })}
    >
      <Form.Item label="裁定结果" name="decision" required extra={decision ? HINTS[decision] : undefined}>
        <Radio.Group
          aria-label="裁定结果"
          style={{ display: "flex", flexDirection: "column", gap: 8 }}
          options={(Object.keys(OBJECTION_DECISION_LABELS) as Decision[]).map((d) => ({ value: d, label: OBJECTION_DECISION_LABELS[d] }))}
        />
      </Form.Item>
      <Form.Item label="调查核实及处理情况" name="handling" required>
        <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} />
      </Form.Item>
    </ActionFormShell>
  );
}

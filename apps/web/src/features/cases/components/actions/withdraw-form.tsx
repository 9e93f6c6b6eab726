import { Form, Input, Typography } from "antd";
import { optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";

type Values = { reason?: string };

/** 撤回: the case ends without a result (e.g. the risk went away, or it was opened by mistake). */
export function WithdrawForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="withdraw"
      danger
      submitLabel="确认撤回"
      toSubmission={(v) => ({ action: "WITHDRAW", record: { reason: optionalText(v.reason) } })}
    >
      <Typography.Paragraph type="warning">撤回后案件结束，不能恢复；如需认定须重新登记线索。</Typography.Paragraph>
      <Form.Item label="撤回原因" name="reason" required>
        <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </ActionFormShell>
  );
}

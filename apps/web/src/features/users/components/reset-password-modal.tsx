import type { User } from "@fanpin/domain/user-schemas";
import { PASSWORD_RULE_MESSAGES, passwordProblems, PASSWORD_RULES_HINT } from "@fanpin/domain/password-rules";
import { ZResetPasswordRequest } from "@fanpin/domain/user-schemas";
import { Alert, Button, Form, Input, Modal, Space, Typography } from "antd";
import { parseWith } from "@/lib/form-submit.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { useResetPassword } from "../api/reset-password.ts";
import { generatePassword } from "../utils/generate-password.ts";

type Values = { newPassword?: string; reason?: string };

type ResetPasswordModalProps = { user: User | null; onClose: () => void; onReset: (user: User, password: string) => void };

export function ResetPasswordModal({ user, onClose, onReset }: ResetPasswordModalProps) {
  const [form] = Form.useForm<Values>();
  const reset = useResetPassword();
  const { submit, general, onValuesChange } = useFormSubmit(form, {
    failureTitle: "重置失败",
    parse: () => {
      const values = form.getFieldsValue();
      const parsed = parseWith(ZResetPasswordRequest, { newPassword: values.newPassword ?? "", reason: values.reason?.trim() || undefined });
      // The one rule the schema cannot know: the account's username.
      if (parsed.ok && user && passwordProblems(parsed.data.newPassword, user.username).includes(PASSWORD_RULE_MESSAGES.containsUsername)) {
        return { ok: false, issues: [{ path: ["newPassword"], message: PASSWORD_RULE_MESSAGES.containsUsername }] };
      }
      return parsed;
    },
    send: (body) => reset.mutateAsync({ id: user!.id, body }),
    onDone: (_, body) => {
      onReset(user!, body.newPassword);
      form.resetFields();
    },
  });

  return (
    <Modal
      open={user !== null}
      title={user ? `重置密码：${user.displayName}（${user.username}）` : "重置密码"}
      okText="重置"
      cancelText="取消"
      confirmLoading={reset.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary">
        重置后该用户的所有登录会话立即失效，下次登录时须修改密码；账号锁定同时解除。
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="reset-password"
        layout="vertical"
        onValuesChange={onValuesChange}
        onFinish={() => void submit()}
        disabled={reset.isPending}
      >
        <Form.Item label="新的初始密码" htmlFor="reset-password_newPassword" required extra={PASSWORD_RULES_HINT}>
          <Space.Compact style={{ width: "100%" }}>
            <Form.Item name="newPassword" noStyle>
              <Input autoComplete="new-password" maxLength={128} />
            </Form.Item>
            <Button onClick={() => form.setFieldValue("newPassword", generatePassword(user?.username))}>随机生成</Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item label="原因（选填）" name="reason">
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} placeholder="如：本人忘记密码，电话核实身份后重置" />
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon title={general.join("；")} />}
      </Form>
    </Modal>
  );
}

import { Alert, Button, Card, Flex, Form, Input, Space, Typography } from "antd";
import { PASSWORD_RULES_HINT, passwordProblems } from "@fanpin/domain/password-rules";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { useChangePassword } from "../api/change-password.ts";

type Values = { currentPassword: string; newPassword: string; confirmPassword: string };

type ChangePasswordPageProps = {
  /** Set when an administrator created or reset the account: the user cannot go on before changing it. */
  isForced: boolean;
  /** Set when the change is forced because the password is older than this many days. */
  expiredAfterDays: number | null;
  username: string;
  displayName: string;
  onChanged: () => void;
  onCancel?: () => void;
  onSignOut: () => void;
};

export function ChangePasswordPage({ isForced, expiredAfterDays, username, displayName, onChanged, onCancel, onSignOut }: ChangePasswordPageProps) {
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  // antd's rules (the API's password rules, with its messages) run first; then the API's answer lands on the fields.
  const { submit, general, onValuesChange } = useFormSubmit<{ currentPassword: string; newPassword: string }, unknown>(form, {
    failureTitle: "修改密码失败",
    parse: () => {
      const v = form.getFieldsValue() as Values;
      return { ok: true, data: { currentPassword: v.currentPassword, newPassword: v.newPassword } };
    },
    send: (body) => change.mutateAsync(body),
    onDone: () => onChanged(),
  });

  return (
    <Flex align="center" justify="center" style={{ minHeight: "100%", padding: 16 }}>
      <Card style={{ width: "100%", maxWidth: 440 }}>
        <Typography.Title level={4}>修改密码</Typography.Title>
        {isForced && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={
              expiredAfterDays !== null
                ? `${displayName}，密码已超过 ${expiredAfterDays} 天未修改，请修改密码后再继续使用。`
                : `${displayName}，您的密码由管理员设置，请先修改为只有您本人知道的密码后再继续使用。`
            }
          />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          disabled={change.isPending}
          onFinish={() => void submit()}
          onValuesChange={onValuesChange}
        >
          <Form.Item label="原密码" name="currentPassword" rules={[{ required: true, message: "请输入原密码" }]}>
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            extra={PASSWORD_RULES_HINT}
            dependencies={["currentPassword"]}
            rules={[
              { required: true, message: "请输入新密码" },
              ({ getFieldValue }) => ({
                // The API's rules, with its messages, before anything is sent.
                validator: async (_, value: string | undefined) => {
                  if (!value) return;
                  const problems = passwordProblems(value, username);
                  if (problems.length) throw new Error(problems.join("；"));
                  if (value === getFieldValue("currentPassword")) throw new Error("新密码不能与原密码相同");
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="confirmPassword"
            dependencies={["newPassword"]}
            rules={[
              { required: true, message: "请再次输入新密码" },
              ({ getFieldValue }) => ({
                validator: async (_, value: string | undefined) => {
                  if (value && value !== getFieldValue("newPassword")) throw new Error("两次输入的新密码不一致");
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {general.length > 0 && <Alert type="error" showIcon role="alert" title={general.join("；")} style={{ marginBottom: 12 }} />}
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={change.isPending}>
              保存新密码
            </Button>
            {!isForced && onCancel && <Button onClick={onCancel}>取消</Button>}
            {isForced && <Button onClick={onSignOut}>退出登录</Button>}
          </Space>
        </Form>
      </Card>
    </Flex>
  );
}

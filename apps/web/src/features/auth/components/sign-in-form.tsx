import { LockOutlined, UserOutlined } from "@ant-design/icons";
import type { MeResponse } from "@fanpin/domain/auth-schemas";
import { Alert, Button, Form, Input } from "antd";
import { describeError } from "@/lib/api-client.ts";
import { useLogin } from "../api/login.ts";

type SignInValues = { username: string; password: string };

/**
 * Username and password. A refusal shows the API's own words, which say how
 * many tries are left before the lock-out, or how long the lock lasts.
 */
export function SignInForm({ onSignedIn }: { onSignedIn: (me: MeResponse) => void }) {
  const [form] = Form.useForm<SignInValues>();
  const login = useLogin({
    onSuccess: (me) => onSignedIn(me),
    onError: () => form.setFieldValue("password", ""),
  });

  return (
    <Form<SignInValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => login.mutate({ username: values.username.trim(), password: values.password })}
      onValuesChange={() => login.isError && login.reset()}
      disabled={login.isPending}
    >
      <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: "请输入用户名" }]}>
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" maxLength={64} />
      </Form.Item>
      <Form.Item label="密码" name="password" rules={[{ required: true, message: "请输入密码" }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" maxLength={200} />
      </Form.Item>
      {login.isError && (
        <Alert type="error" showIcon role="alert" title={describeError(login.error)} style={{ marginBottom: 16 }} />
      )}
      <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
        登录
      </Button>
    </Form>
  );
}

import type { MeResponse } from "@fanpin/domain/auth-schemas";
import { Alert, Card, Flex, Typography } from "antd";
import { SignInForm } from "./sign-in-form.tsx";

type SignInPageProps = { notice?: string | null; onSignedIn: (me: MeResponse) => void };

export function SignInPage({ notice, onSignedIn }: SignInPageProps) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: "100%", padding: 16, background: "linear-gradient(180deg, #e6f4ff 0%, #f5f5f5 60%)" }}>
      <Card style={{ width: "100%", maxWidth: 400 }} variant="borderless">
        <Typography.Title level={3} style={{ textAlign: "center", marginBottom: 4 }}>
          防止返贫动态监测和帮扶系统
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: "center" }}>
          请使用本人账号登录
        </Typography.Paragraph>
        {notice && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />}
        <SignInForm onSignedIn={onSignedIn} />
      </Card>
    </Flex>
  );
}

import { Button, Result } from "antd";
import { useNavigate } from "react-router";
import { ApiError, describeError } from "@/lib/api-client.ts";

type BackTo = { href: string; label: string };
type PageErrorProps = { error: unknown; backTo?: BackTo; onRetry?: () => void };

function BackButton({ backTo }: { backTo: BackTo }) {
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => void navigate(backTo.href)}>
      {backTo.label}
    </Button>
  );
}

/** A whole page that could not be shown: not found / no permission / a failure with the API's message. */
export function PageError({ error, backTo, onRetry }: PageErrorProps) {
  const status = error instanceof ApiError ? error.status : 0;
  const back = backTo ? <BackButton key="back" backTo={backTo} /> : null;
  if (status === 404) {
    return <Result status="404" title="未找到" subTitle={describeError(error)} extra={back} />;
  }
  if (status === 403) {
    return <Result status="403" title="无权访问" subTitle={describeError(error)} extra={back} />;
  }
  return (
    <Result
      status="error"
      title="加载失败"
      subTitle={describeError(error)}
      extra={[onRetry ? <Button key="retry" onClick={onRetry}>重试</Button> : null, back]}
    />
  );
}

export function Forbidden({ backTo }: { backTo?: BackTo }) {
  return (
    <Result status="403" title="无权访问" subTitle="您的角色无权使用此功能" extra={backTo ? <BackButton backTo={backTo} /> : null} />
  );
}

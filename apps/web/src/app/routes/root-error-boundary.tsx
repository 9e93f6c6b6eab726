import { Button, Result } from "antd";
import { isRouteErrorResponse, useRouteError } from "react-router";
import { describeError, ApiError } from "@/lib/api-client.ts";

/** Last resort for errors no page handled (a failed loader, a chunk missing after an update). */
export function RootErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <Result status="404" title="页面不存在" extra={<Button type="primary" href="/">返回首页</Button>} />;
  }
  // After a new version is deployed, the old page's lazy chunks no longer exist.
  const isStaleBundle = error instanceof TypeError && /dynamically imported module|Importing a module script failed/i.test(error.message);
  return (
    <Result
      status="error"
      title={isStaleBundle ? "系统已更新，请刷新页面" : "页面出错了"}
      subTitle={isStaleBundle ? undefined : error instanceof ApiError ? describeError(error) : "请刷新页面重试；如持续出现，请联系管理员。"}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}

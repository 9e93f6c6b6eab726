import { Button, Result } from "antd";
import { useNavigate } from "react-router";
import { paths } from "@/config/paths.ts";

export function NotFoundRoute() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的地址不存在，请从左侧菜单进入。"
      extra={<Button type="primary" onClick={() => void navigate(paths.home.getHref())}>返回首页</Button>}
    />
  );
}

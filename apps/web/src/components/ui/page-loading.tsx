import { Flex, Spin } from "antd";

export function PageLoading({ tip = "加载中…" }: { tip?: string }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: 240 }} role="status" aria-live="polite">
      <Spin description={tip} />
    </Flex>
  );
}

import { SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Typography } from "antd";
import { describeError } from "@/lib/api-client.ts";
import { formatDateTime } from "@/lib/format.ts";
import { useAuditChainCheck } from "../api/verify-audit-chain.ts";

const PROBLEM_LABELS = {
  CONTENT_ALTERED: "记录内容被改动",
  LINK_BROKEN: "链接断开",
  ENTRY_MISSING: "记录缺失",
  ENTRY_INSERTED: "记录被插入",
  ENTRY_UNCHAINED: "记录不在链中",
} as const;

/** 校验审计链 (administrators): recomputes every SM3 hash of the audit trail and shows the first broken link. */
export function AuditChainCheck() {
  const check = useAuditChainCheck();
  const r = check.data;
  return (
    <Flex vertical gap={8}>
      <Flex align="center" gap={12} wrap>
        <Button icon={<SafetyCertificateOutlined />} loading={check.isFetching} onClick={() => void check.refetch()}>
          校验审计链
        </Button>
        <Typography.Text type="secondary">逐条重算审计记录的 SM3 哈希链，记录较多时需要一些时间</Typography.Text>
      </Flex>
      {check.isError && !check.isFetching && <Alert type="error" showIcon message={`校验未能完成：${describeError(check.error)}`} />}
      {r && !check.isFetching && (r.ok ? (
        <Alert
          type="success"
          showIcon
          message={`审计链完整：${r.verified.toLocaleString("zh-CN")} 条记录全部校验通过`}
          description={`校验时间 ${formatDateTime(r.checkedAt)}；链头位置 ${r.headPosition}，链头哈希 ${r.headHash}（可另行记录，供日后比对）`}
        />
      ) : (
        <Alert
          type="error"
          showIcon
          message={`审计链断裂：${PROBLEM_LABELS[r.problem!.kind]}${r.problem!.position !== null ? `（第 ${r.problem!.position} 条）` : ""}`}
          description={`${r.problem!.message}。此前 ${r.verified} 条记录校验通过；校验时间 ${formatDateTime(r.checkedAt)}。`}
        />
      ))}
    </Flex>
  );
}

import type { AssistanceQueueItem } from "@fanpin/domain/assistance-schemas";
import { DEADLINE_BUCKET_LABELS, deadlineText, type DeadlineBucket } from "@fanpin/domain/queues";
import { Alert, Card, Empty, Flex, Input, Pagination, Segmented, Skeleton, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { paths } from "@/config/paths.ts";
import { useAssistanceQueue } from "../api/helpers.ts";

const COLORS = { OVERDUE: "red", DUE_TODAY: "orange", DUE_NEXT_WORKING_DAY: "gold", LATER: "default" } as const;

/**
 * 我的帮扶户: a helper's home, phone first — one card per household assigned
 * to them, the next visit's deadline first in mind (the visits-due queue).
 */
export function MyHouseholds() {
  const [params, setParams] = useState<{ page: number; pageSize: number; bucket?: DeadlineBucket; q?: string }>({ page: 1, pageSize: 20 });
  const queue = useAssistanceQueue("visits-due", params);
  const buckets = queue.data?.buckets;

  return (
    <Flex vertical gap={12} data-testid="my-households">
      <Typography.Title level={4} style={{ margin: 0 }}>我的帮扶户</Typography.Title>
      <Segmented
        block
        size="small"
        value={params.bucket ?? "ALL"}
        onChange={(v) => setParams({ ...params, page: 1, bucket: v === "ALL" ? undefined : (v as DeadlineBucket) })}
        options={[
          { value: "ALL", label: "全部" },
          { value: "OVERDUE", label: `已逾期${buckets ? ` ${buckets.overdue}` : ""}` },
          { value: "DUE_TODAY", label: `今日${buckets ? ` ${buckets.dueToday}` : ""}` },
          { value: "LATER", label: "以后" },
        ]}
      />
      <Input.Search allowClear aria-label="按户主姓名查找" placeholder="户主姓名" onSearch={(q) => setParams({ ...params, page: 1, q: q.trim() || undefined })} />
      {queue.isError && <Alert type="error" showIcon title={queue.error.message} />}
      {queue.isPending && <Skeleton active />}
      {queue.data && queue.data.items.length === 0 && <Empty description="目前没有安排给您的帮扶户" />}
      {queue.data?.items.map((i) => <HouseholdCard key={i.householdId} item={i} />)}
      {queue.data && queue.data.total > params.pageSize && (
        <Pagination simple current={params.page} pageSize={params.pageSize} total={queue.data.total} onChange={(page) => setParams({ ...params, page })} />
      )}
    </Flex>
  );
}

function HouseholdCard({ item }: { item: AssistanceQueueItem }) {
  return (
    <Link to={paths.assistanceFile.getHref(item.householdId)} data-testid="my-household-card" aria-label={`${item.headName}户的帮扶档案`}>
      <Card size="small" hoverable>
        <Flex justify="space-between" align="baseline" gap={8}>
          <Typography.Text strong style={{ fontSize: 16 }}>{item.headName}</Typography.Text>
          <Typography.Text type="secondary">{item.village.name}</Typography.Text>
        </Flex>
        <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 8 }} wrap>
          <span>
            <Typography.Text type="secondary">下次走访 </Typography.Text>
            {item.deadline.deadline}
          </span>
          <Tag color={COLORS[item.deadline.bucket]} title={DEADLINE_BUCKET_LABELS[item.deadline.bucket]}>{deadlineText(item.deadline)}</Tag>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.lastVisitOn ? `上次走访 ${item.lastVisitOn}` : "尚未走访"}
          {item.riskClass ? ` · ${item.riskClass}类` : ""}
        </Typography.Text>
      </Card>
    </Link>
  );
}

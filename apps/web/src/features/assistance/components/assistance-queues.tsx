import { ASSISTANCE_QUEUES, ASSISTANCE_QUEUE_NAMES, type AssistanceQueueItem, type AssistanceQueueName } from "@fanpin/domain/assistance-schemas";
import { DESIGNATION_LABELS } from "@fanpin/domain/categories";
import { DEADLINE_BUCKET_LABELS, deadlineText, type DeadlineBucket } from "@fanpin/domain/queues";
import type { Role } from "@fanpin/domain/roles";
import { Card, Flex, Input, Segmented, Tabs, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { AreaTreeSelect } from "@/components/area-tree-select.tsx";
import { PagedTable, pagedQuery } from "@/components/paged-table.tsx";
import { QueueTabLabel } from "@/components/queue-tab-label.tsx";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { useQueueCounts } from "@/features/cases/api/get-queue-counts.ts";
import { paths } from "@/config/paths.ts";
import { useAssistanceQueue, type AssistanceQueueResponse } from "../api/helpers.ts";
import { DeadlineTag } from "./deadline-tag.tsx";

export const assistanceQueuesOf = (role: Role): AssistanceQueueName[] =>
  ASSISTANCE_QUEUE_NAMES.filter((q) => (ASSISTANCE_QUEUES[q].roles as readonly Role[]).includes(role));

const BUCKETS: { key: DeadlineBucket; count: keyof AssistanceQueueResponse["buckets"] }[] = [
  { key: "OVERDUE", count: "overdue" },
  { key: "DUE_TODAY", count: "dueToday" },
  { key: "DUE_NEXT_WORKING_DAY", count: "dueNextWorkingDay" },
  { key: "LATER", count: "later" },
];

/** Where a row leads: the household's 帮扶档案 tab for desk roles, the file page for a helper. */
export const fileHref = (role: Role, householdId: string) =>
  role === "HELPER" ? paths.assistanceFile.getHref(householdId) : paths.household.getHref(householdId, "assistance");

/**
 * 帮扶待办 on the workbench: the assistance queues of the role as tabs, each
 * with its count, deadline buckets and rows ordered by deadline.
 */
export function AssistanceQueues({ role }: { role: Role }) {
  const queues = assistanceQueuesOf(role);
  const [active, setActive] = useState<AssistanceQueueName | undefined>(queues[0]);
  // The tab counts come with the case queues' in one call (GET /api/queues/counts), unfiltered as each tab opens.
  const counts = useQueueCounts();
  if (!queues.length || !active) return null;
  return (
    <Card title="帮扶待办" size="small" data-testid="assistance-queues">
      <Tabs
        activeKey={active}
        onChange={(k) => setActive(k as AssistanceQueueName)}
        items={queues.map((q) => ({
          key: q,
          label: <QueueTabLabel label={ASSISTANCE_QUEUES[q].label} count={counts.data?.assistance.find((c) => c.name === q)} unit="户" />,
          children: q === active ? <AssistanceQueueView name={q} role={role} /> : null,
        }))}
      />
    </Card>
  );
}

/** A household of an assistance queue on a phone: who, where, and the deadline in words (why it is red). */
function AssistanceCard({ item: i, role, deadlineTitle }: { item: AssistanceQueueItem; role: Role; deadlineTitle: string }) {
  const overdue = i.deadline?.bucket === "OVERDUE";
  return (
    <Flex vertical gap={4} data-testid="assistance-card">
      <Flex justify="space-between" align="center" gap={8}>
        <Link to={fileHref(role, i.householdId)} style={{ fontWeight: 600, fontSize: 15 }}>{i.headName}</Link>
        <Tag color={overdue ? "red" : "default"} style={{ marginInlineEnd: 0 }}>{deadlineText(i.deadline)}</Tag>
      </Flex>
      <Typography.Text type="secondary">
        {i.village.name} · {i.designation ? DESIGNATION_LABELS[i.designation] : "先帮扶"} · 帮扶责任人 {i.leadHelper?.name ?? "未安排"}
      </Typography.Text>
      {i.deadline && (
        <Typography.Text type={overdue ? "danger" : undefined} data-testid="assistance-card-deadline">
          {deadlineTitle} {i.deadline.deadline}
          {overdue ? `，已${deadlineText(i.deadline)}` : `，${deadlineText(i.deadline)}`}
          {i.lastVisitOn !== undefined && `（上次走访：${i.lastVisitOn ?? "未走访"}）`}
        </Typography.Text>
      )}
    </Flex>
  );
}

function AssistanceQueueView({ name, role }: { name: AssistanceQueueName; role: Role }) {
  const [params, setParams] = useState<{ page: number; pageSize: number; bucket?: DeadlineBucket; q?: string; areaId?: number }>({ page: 1, pageSize: 10 });
  const queue = useAssistanceQueue(name, params);
  // The bucket counts of the queue as filtered, whatever bucket is shown.
  const all = useAssistanceQueue(name, { page: 1, pageSize: 1, ...(params.q ? { q: params.q } : {}), ...(params.areaId ? { areaId: params.areaId } : {}) });
  const buckets = all.data?.buckets;

  const deadlineTitle = name === "township-assign" ? "安排期限" : name === "visits-due" ? "走访期限" : "分析期限";
  const columns: TableColumnsType<AssistanceQueueItem> = [
    {
      title: "户主", key: "head", width: 110, fixed: "left",
      render: (_, i) => <EllipsisText to={fileHref(role, i.householdId)}>{i.headName}</EllipsisText>,
    },
    { title: "村（社区）", key: "village", width: 110, render: (_, i) => <EllipsisText>{i.village.name}</EllipsisText> },
    { title: "类型", key: "designation", width: 110, render: (_, i) => (i.designation ? DESIGNATION_LABELS[i.designation] : "先帮扶") },
    { title: "帮扶责任人", key: "lead", width: 100, render: (_, i) => i.leadHelper?.name ?? <Typography.Text type="warning">未安排</Typography.Text> },
    ...(name === "township-reviews" ? [{ title: "季度", dataIndex: "quarter", width: 90 }] : []),
    ...(name === "visits-due" ? [{ title: "上次走访", dataIndex: "lastVisitOn", width: 110, render: (d: string | null) => d ?? "未走访" }] : []),
    // Fixed: on a tablet the deadline stays in view when the table scrolls sideways.
    { title: deadlineTitle, key: "deadline", width: 220, fixed: "right", render: (_, i) => <DeadlineTag deadline={i.deadline} /> },
  ];

  return (
    <Flex vertical gap={12} data-testid={`assistance-queue-${name}`}>
      <Flex wrap gap={8} align="center">
        {/* A phone scrolls the buckets sideways inside their own strip, never the page. */}
        <div style={{ maxWidth: "100%", overflowX: "auto" }}>
          <Segmented
            value={params.bucket ?? "ALL"}
            onChange={(v) => setParams({ ...params, page: 1, bucket: v === "ALL" ? undefined : (v as DeadlineBucket) })}
            options={[
              { value: "ALL", label: `全部 ${all.data?.total ?? ""}` },
              // "已逾期", not "逾期": the case queue's bucket filter beside it is found by its words.
              ...BUCKETS.map((b) => ({ value: b.key, label: `${b.key === "OVERDUE" ? "已逾期" : DEADLINE_BUCKET_LABELS[b.key]} ${buckets ? buckets[b.count] : ""}` })),
            ]}
          />
        </div>
        {role !== "VILLAGE_CADRE" && (
          <AreaTreeSelect
            aria-label="按区域筛选"
            maxLevel="VILLAGE"
            selectableLevels={["TOWNSHIP", "VILLAGE"]}
            placeholder="全部区域"
            style={{ width: 200 }}
            value={params.areaId}
            onChange={(areaId) => setParams({ ...params, page: 1, areaId })}
          />
        )}
        <Input.Search allowClear aria-label="按户主姓名查找" placeholder="户主姓名" style={{ width: 180 }} onSearch={(q) => setParams({ ...params, page: 1, q: q.trim() || undefined })} />
      </Flex>
      <PagedTable<AssistanceQueueItem>
        label={ASSISTANCE_QUEUES[name].label}
        rowKey="householdId"
        size="small"
        {...pagedQuery(queue)}
        columns={columns}
        scrollX={760}
        emptyText="暂无待办"
        rowClassName={(i) => (i.deadline?.bucket === "OVERDUE" ? "paged-row-overdue" : "")}
        renderCard={(i) => <AssistanceCard item={i} role={role} deadlineTitle={deadlineTitle} />}
        pagination={{
          current: params.page, pageSize: params.pageSize, total: queue.data?.total ?? 0, showTotal: (n) => `共 ${n} 户`,
          onChange: (page, pageSize) => setParams({ ...params, page, pageSize }),
        }}
      />
    </Flex>
  );
}

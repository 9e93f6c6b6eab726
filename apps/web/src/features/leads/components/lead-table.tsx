import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import type { LeadSummary } from "@fanpin/domain/detection/lead-schemas";
import { Flex, Typography, type TableColumnsType, type TablePaginationConfig } from "antd";
import { Link } from "react-router";
import { PagedTable } from "@/components/paged-table.tsx";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { paths } from "@/config/paths.ts";
import { labelOf } from "@/lib/format.ts";
import { DeadlineTag } from "@/features/cases/components/deadline-tag.tsx";
import { leadDeadlineReason } from "../utils/lead-query.ts";
import { LeadStateTag, SourceTags } from "./lead-tags.tsx";
import "@/features/cases/components/case-table.css";

type LeadTableProps = {
  items: LeadSummary[] | undefined;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  pagination?: TablePaginationConfig | false;
  emptyText?: string;
  /** The village's path (township / village) for the district and the city. */
  showPath?: boolean;
};

const whoOf = (l: LeadSummary) => l.household?.headName ?? l.personName;

/** A lead on a phone: who, where, which sources, the first clue, and the deadline with its reason. */
function LeadCard({ l }: { l: LeadSummary }) {
  const reason = leadDeadlineReason(l.deadlineStatus);
  return (
    <Flex vertical gap={4} data-testid="lead-card">
      <Flex justify="space-between" align="center" gap={8}>
        <Link to={paths.lead.getHref(l.id)} aria-label={`核实 ${whoOf(l)} 的线索 ${l.leadNo}`} style={{ fontWeight: 600, fontSize: 15 }}>
          {whoOf(l)}
        </Link>
        {l.deadlineStatus ? <DeadlineTag deadline={l.deadlineStatus} /> : <LeadStateTag state={l.state} />}
      </Flex>
      <Typography.Text type="secondary">{l.village.name}{l.household ? "" : " · 未登记"}</Typography.Text>
      <SourceTags sources={l.sources} />
      <Typography.Text type="secondary">首条线索 {l.firstClueOn}</Typography.Text>
      {reason && (
        <Typography.Text type={l.deadlineStatus?.bucket === "OVERDUE" ? "danger" : undefined} data-testid="lead-card-deadline">
          {reason}
        </Typography.Text>
      )}
    </Flex>
  );
}

/**
 * Leads in the server's order (open ones by verification deadline), overdue
 * rows red; a row opens the lead. Phones get a card per lead.
 */
export function LeadTable({ items, loading, error, onRetry, pagination, emptyText = "暂无线索", showPath = false }: LeadTableProps) {
  const columns: TableColumnsType<LeadSummary> = [
    {
      title: "姓名",
      key: "who",
      width: 110,
      fixed: "left",
      render: (_, l) => (
        <EllipsisText to={paths.lead.getHref(l.id)} aria-label={`核实 ${whoOf(l)} 的线索 ${l.leadNo}`}>
          {whoOf(l)}
        </EllipsisText>
      ),
    },
    { title: "线索编号", dataIndex: "leadNo", width: 150, render: (no: string) => <span style={{ fontFamily: "monospace" }}>{no}</span> },
    {
      title: "村",
      key: "village",
      width: showPath ? 180 : 100,
      render: (_, l) => <EllipsisText>{showPath ? l.village.path : l.village.name}</EllipsisText>,
    },
    { title: "家庭", key: "household", width: 90, render: (_, l) => (l.household ? "已登记" : <Typography.Text type="warning">未登记</Typography.Text>) },
    { title: "来源", key: "sources", width: 180, render: (_, l) => <SourceTags sources={l.sources} /> },
    {
      title: "风险",
      dataIndex: "riskCauses",
      width: 120,
      render: (causes: string[]) => <EllipsisText>{causes.map((x) => labelOf(RISK_CAUSE.labels, x)).join("、") || "—"}</EllipsisText>,
    },
    { title: "首条线索", dataIndex: "firstClueOn", width: 110 },
    { title: "状态", key: "state", width: 90, render: (_, l) => <LeadStateTag state={l.state} /> },
    { title: "核实期限", key: "deadline", width: 110, render: (_, l) => l.deadlineStatus?.deadline ?? "—" },
    { title: "剩余时间", key: "remaining", width: 150, fixed: "right", render: (_, l) => <DeadlineTag deadline={l.deadlineStatus} /> },
  ];
  return (
    <PagedTable<LeadSummary>
      label="线索"
      rowKey="id"
      columns={columns}
      items={items}
      loading={loading}
      error={error}
      onRetry={onRetry}
      scrollX={1210 + (showPath ? 80 : 0)}
      emptyText={emptyText}
      rowClassName={(l) => (l.deadlineStatus?.bucket === "OVERDUE" ? "case-row-overdue" : "")}
      rowHref={(l) => paths.lead.getHref(l.id)}
      renderCard={(l) => <LeadCard l={l} />}
      pagination={pagination}
    />
  );
}

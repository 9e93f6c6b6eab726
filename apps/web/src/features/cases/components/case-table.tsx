import type { CaseSummary } from "@fanpin/domain/case-schemas";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { isTerminal } from "@fanpin/domain/procedures/stages";
import { MONITORING_TYPE_LABELS } from "@fanpin/domain/categories";
import { Flex, Space, Tag, Typography, type TableColumnsType, type TablePaginationConfig } from "antd";
import { Link } from "react-router";
import { PagedTable } from "@/components/paged-table.tsx";
import { CategoryTag } from "@/components/category-tags.tsx";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { paths } from "@/config/paths.ts";
import { labelOf } from "@/lib/format.ts";
import { describeDeadline } from "../utils/deadline.ts";
import { DeadlineTag } from "./deadline-tag.tsx";
import "./case-table.css";

type CaseTableProps = {
  items: CaseSummary[];
  loading?: boolean;
  /** The failed load of the list, shown with 重试. */
  error?: unknown;
  onRetry?: () => void;
  /** Show the stage column (lists that mix stages). */
  showStage?: boolean;
  /** Hide the township column (a township's or village's own lists). */
  showTownship?: boolean;
  pagination?: TablePaginationConfig | false;
  emptyText?: string;
  /** Accessible name of the table. */
  label: string;
};

/** The stage by its label within the case's procedure (`stageLabel`, from the rule set the case runs under). */
export function StageTag({ stage, label }: { stage: CaseSummary["stage"]; label: string }) {
  const color = stage === "DESIGNATED" || stage === "ELIMINATED" ? "green" : isTerminal(stage) ? "default" : "processing";
  return <Tag color={color}>{label}</Tag>;
}

/** Why a row is red, in words: the stage's deadline and how far past it (phones show no colour legend). */
export function deadlineReason(c: Pick<CaseSummary, "stageLabel" | "deadline">): string | null {
  if (!c.deadline) return null;
  const { text, tone } = describeDeadline(c.deadline);
  return tone === "overdue" ? `「${c.stageLabel}」应于 ${c.deadline.deadline} 前办结，已${text}` : `「${c.stageLabel}」期限 ${c.deadline.deadline}，${text}`;
}

/** A case on a phone: who, where, which stage, and the deadline with its reason. */
function CaseCard({ c, showTownship }: { c: CaseSummary; showTownship: boolean }) {
  const reason = deadlineReason(c);
  const overdue = c.deadline?.bucket === "OVERDUE";
  return (
    <Flex vertical gap={4} data-testid="case-card">
      <Flex justify="space-between" align="center" gap={8}>
        <Link to={paths.case.getHref(c.id)} aria-label={`办理 ${c.household.headName} 户的案件 ${c.caseNo}`} style={{ fontWeight: 600, fontSize: 15 }}>
          {c.household.headName}
        </Link>
        <DeadlineTag deadline={c.deadline} />
      </Flex>
      <Typography.Text type="secondary">
        {showTownship ? `${c.household.township.name} · ` : ""}
        {c.household.village.name}
      </Typography.Text>
      <Space size={4} wrap>
        <StageTag stage={c.stage} label={c.stageLabel} />
        <CategoryTag category={c.category} />
        {c.returnCount > 0 && <Tag color="purple">退回 {c.returnCount} 次</Tag>}
      </Space>
      {reason && (
        <Typography.Text type={overdue ? "danger" : undefined} data-testid="case-card-deadline">
          {reason}
        </Typography.Text>
      )}
    </Flex>
  );
}

/**
 * Cases in the order the server gives (queues: by stage deadline), with the
 * deadline in plain words; overdue rows are marked red. A row opens its case.
 * The 户主 and 剩余时间 columns stay in view when the table scrolls sideways
 * (tablets); phones get a card per case with the deadline and its reason.
 */
export function CaseTable({ items, loading, error, onRetry, showStage = false, showTownship = true, pagination, emptyText = "暂无案件", label }: CaseTableProps) {
  const columns: TableColumnsType<CaseSummary> = [
    {
      title: "户主",
      key: "head",
      width: 110,
      fixed: "left",
      render: (_, c) => (
        <EllipsisText to={paths.case.getHref(c.id)} aria-label={`办理 ${c.household.headName} 户的案件 ${c.caseNo}`}>
          {c.household.headName}
        </EllipsisText>
      ),
    },
    { title: "案件编号", dataIndex: "caseNo", width: 150, render: (no: string) => <span style={{ fontFamily: "monospace" }}>{no}</span> },
    {
      title: "办理程序",
      key: "procedure",
      width: 150,
      render: (_, c) => (
        <Space size={2} orientation="vertical" style={{ maxWidth: "100%" }}>
          <EllipsisText>{c.procedureLabel}</EllipsisText>
          {c.monitoringType && <Tag color="volcano">{MONITORING_TYPE_LABELS[c.monitoringType]}</Tag>}
        </Space>
      ),
    },
    { title: "户类别", dataIndex: "category", width: 140, render: (cat: CaseSummary["category"]) => <CategoryTag category={cat} /> },
    ...(showTownship ? [{ title: "乡镇", key: "township", width: 100, render: (_: unknown, c: CaseSummary) => <EllipsisText>{c.household.township.name}</EllipsisText> }] : []),
    { title: "村", key: "village", width: 100, render: (_, c) => <EllipsisText>{c.household.village.name}</EllipsisText> },
    {
      title: "风险",
      dataIndex: "riskCauses",
      width: 120,
      render: (causes: string[]) => <EllipsisText>{causes.map((x) => labelOf(RISK_CAUSE.labels, x)).join("、")}</EllipsisText>,
    },
    ...(showStage
      ? [{ title: "当前阶段", dataIndex: "stage", width: 140, render: (_: unknown, c: CaseSummary) => <StageTag stage={c.stage} label={c.stageLabel} /> }]
      : []),
    {
      title: "本阶段开始",
      dataIndex: "stageStartedOn",
      width: 110,
      render: (d: string, c) => (
        <Space size={2} orientation="vertical">
          <span>{d}</span>
          {c.returnCount > 0 && <Tag color="purple">退回 {c.returnCount} 次</Tag>}
          {c.assistFirst && <Tag color="cyan">先帮扶</Tag>}
        </Space>
      ),
    },
    { title: "期限", key: "deadline", width: 110, render: (_, c) => c.deadline?.deadline ?? "—" },
    // Fixed: on a tablet the time left is what the official must see first.
    { title: "剩余时间", key: "remaining", width: 150, fixed: "right", render: (_, c) => <DeadlineTag deadline={c.deadline} /> },
  ];

  return (
    <PagedTable<CaseSummary>
      label={label}
      rowKey="id"
      columns={columns}
      items={items}
      loading={loading}
      error={error}
      onRetry={onRetry}
      scrollX={1150 + (showStage ? 140 : 0)}
      emptyText={emptyText}
      rowClassName={(c) => (c.deadline?.bucket === "OVERDUE" ? "case-row-overdue" : "")}
      rowHref={(c) => paths.case.getHref(c.id)}
      renderCard={(c) => <CaseCard c={c} showTownship={showTownship} />}
      pagination={pagination}
    />
  );
}

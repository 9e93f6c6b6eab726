import type { CaseSummary } from "@fanpin/domain/case-schemas";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { isTerminal } from "@fanpin/domain/procedures/stages";
import { MONITORING_TYPE_LABELS } from "@fanpin/domain/categories";
import { Space, Table, Tag, type TableColumnsType, type TablePaginationConfig } from "antd";
import { Link, useNavigate } from "react-router";
import { CategoryTag } from "@/components/category-tags.tsx";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { paths } from "@/config/paths.ts";
import { labelOf } from "@/lib/format.ts";
import { DeadlineTag } from "./deadline-tag.tsx";
import "./case-table.css";

type CaseTableProps = {
  items: CaseSummary[];
  loading?: boolean;
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

/**
 * Cases in the order the server gives (queues: by stage deadline), with the
 * deadline in plain words; overdue rows are marked red. A row opens its case.
 */
export function CaseTable({ items, loading, showStage = false, showTownship = true, pagination, emptyText = "暂无案件", label }: CaseTableProps) {
  const navigate = useNavigate();
  const columns: TableColumnsType<CaseSummary> = [
    {
      title: "户主",
      key: "head",
      width: 120,
      render: (_, c) => (
        <Link to={paths.case.getHref(c.id)} aria-label={`办理 ${c.household.headName} 户的案件 ${c.caseNo}`}>
          {c.household.headName}
        </Link>
      ),
    },
    { title: "案件编号", dataIndex: "caseNo", width: 150, render: (no: string) => <span style={{ fontFamily: "monospace" }}>{no}</span> },
    {
      title: "办理程序",
      key: "procedure",
      width: 150,
      render: (_, c) => (
        <Space size={2} orientation="vertical">
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
    { title: "剩余时间", key: "remaining", width: 170, render: (_, c) => <DeadlineTag deadline={c.deadline} /> },
  ];

  return (
    <Table<CaseSummary>
      aria-label={label}
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      tableLayout="fixed"
      scroll={{ x: 1150 }}
      locale={{ emptyText }}
      rowClassName={(c) => (c.deadline?.bucket === "OVERDUE" ? "case-row-overdue" : "")}
      onRow={(c) => ({
        onClick: (event) => {
          // Links inside the row handle themselves (and ctrl-click opens a tab).
          if ((event.target as HTMLElement).closest("a,button")) return;
          void navigate(paths.case.getHref(c.id));
        },
        style: { cursor: "pointer" },
      })}
      pagination={pagination}
    />
  );
}

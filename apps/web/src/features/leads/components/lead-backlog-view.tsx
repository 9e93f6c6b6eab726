import type { LeadBacklog } from "@fanpin/domain/detection/lead-schemas";
import { Flex, Typography, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { PagedTable } from "@/components/paged-table.tsx";
import { paths } from "@/config/paths.ts";
import { useLeadBacklog } from "../api/leads.ts";

type Row = LeadBacklog["townships"][number];

const listOf = (r: Row) => paths.leads.getHref(new URLSearchParams({ areaId: String(r.township.id) }));
const overdueText = (n: number) => <span style={n > 0 ? { color: "#cf1322", fontWeight: 600 } : undefined}>{n}</span>;

/** 各乡镇积压: every township's open leads, overdue ones in red; a township opens its list. */
export function LeadBacklogView() {
  const backlog = useLeadBacklog();
  const rows = backlog.data?.townships;
  const columns: TableColumnsType<Row> = [
    { title: "乡镇", key: "township", width: 140, fixed: "left", render: (_, r) => <Link to={listOf(r)}>{r.township.name}</Link> },
    { title: "区县", key: "district", width: 120, render: (_, r) => r.district?.name ?? "—" },
    { title: "待核实", dataIndex: "open", width: 90, align: "right" },
    { title: "逾期", dataIndex: "overdue", width: 90, align: "right", render: overdueText },
    { title: "今日到期", dataIndex: "dueToday", width: 90, align: "right" },
    { title: "最早期限", dataIndex: "oldestDeadline", width: 120, render: (d: string | null) => d ?? "—" },
  ];
  const total = backlog.data?.total;
  return (
    <Flex vertical gap={8}>
    {total && (
      <Typography.Text data-testid="lead-backlog-total">
        辖区合计：待核实 {total.open} 条，逾期 {overdueText(total.overdue)} 条，今日到期 {total.dueToday} 条
      </Typography.Text>
    )}
    <PagedTable<Row>
      label="各乡镇线索积压"
      data-testid="lead-backlog"
      rowKey={(r) => String(r.township.id)}
      columns={columns}
      items={rows}
      loading={backlog.isFetching}
      error={backlog.isError ? backlog.error : undefined}
      onRetry={() => void backlog.refetch()}
      scrollX={650}
      emptyText="辖区内暂无乡镇"
      rowHref={listOf}
      rowClassName={(r) => (r.overdue > 0 ? "case-row-overdue" : "")}
      renderCard={(r) => (
        <Flex vertical gap={2}>
          <Link to={listOf(r)} style={{ fontWeight: 600, fontSize: 15 }}>{r.township.name}</Link>
          <Typography.Text>
            待核实 {r.open} 条，逾期 {overdueText(r.overdue)} 条，今日到期 {r.dueToday} 条
          </Typography.Text>
          {r.oldestDeadline && <Typography.Text type="secondary">最早期限 {r.oldestDeadline}</Typography.Text>}
        </Flex>
      )}
      pagination={false}
    />
    </Flex>
  );
}

import { DownloadOutlined } from "@ant-design/icons";
import { chartTable, STATISTICS_CHARTS, type Statistics, type StatisticsChart } from "@fanpin/domain/statistics/statistics-schemas";
import { App, Button, Card, Empty, Segmented, Space, Table, Typography } from "antd";
import { useMemo, useState, type ReactNode } from "react";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { useDownloadChart } from "../api/get-statistics.ts";

type ChartCardProps = {
  stats: Statistics;
  chart: StatisticsChart;
  /** null for the user's own area (no areaId in the download either). */
  areaId: number | null;
  /** The picture (a chart or figures); null: nothing to draw (暂无数据), the 数据表 still opens. */
  children: ReactNode | null;
  /** Off where the picture is itself the table (下级区划对比). */
  tableView?: boolean;
};

/**
 * One chart of the statistics screen: its picture, the same numbers as a
 * table (数据表: screen readers, phones, copying figures) from the domain's
 * chartTable, and 下载数据 (the .xlsx the API builds from the same rows).
 */
export function ChartCard({ stats, chart, areaId, children, tableView = true }: ChartCardProps) {
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [view, setView] = useState<"chart" | "table">("chart");
  const title = STATISTICS_CHARTS[chart];
  const download = useDownloadChart({
    onSuccess: (fileName) => void message.success(`已下载：${fileName}`),
    onError: (error) => notifyError(error, "下载失败"),
  });

  return (
    <Card
      size="small"
      title={<Typography.Title level={5} style={{ margin: 0, whiteSpace: "normal" }}>{title}</Typography.Title>}
      data-testid={`stat-chart-${chart}`}
      styles={{ header: { flexWrap: "wrap", gap: 4, paddingBlock: 8 } }}
      extra={
        <Space size={4} wrap>
          {tableView && <Segmented
            size="small"
            value={view}
            onChange={(v) => setView(v as "chart" | "table")}
            options={[{ value: "chart", label: "图表" }, { value: "table", label: "数据表" }]}
            aria-label={`${title}：图表或数据表`}
          />}
          <Button
            size="small"
            icon={<DownloadOutlined />}
            loading={download.isPending}
            aria-label={`下载数据：${title}`}
            onClick={() => download.mutate({ chart, areaId, fallbackName: `${stats.area.name}_${title}.xlsx` })}
          >
            下载数据
          </Button>
        </Space>
      }
    >
      {view === "table" ? <ChartTable stats={stats} chart={chart} /> : children ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" />}
    </Card>
  );
}

function ChartTable({ stats, chart }: { stats: Statistics; chart: StatisticsChart }) {
  const table = useMemo(() => chartTable(stats, chart), [stats, chart]);
  const rows = table.rows.map((cells, i) => ({ key: i, cells }));
  return (
    <Table
      size="small"
      pagination={false}
      // A wide table scrolls inside its card; the page itself never scrolls sideways.
      scroll={{ x: "max-content" }}
      dataSource={rows}
      locale={{ emptyText: "暂无数据" }}
      columns={table.columns.map((title, i) => ({
        title,
        key: String(i),
        align: i === 0 && typeof table.rows[0]?.[0] === "string" ? undefined : ("right" as const),
        render: (_: unknown, row: { cells: (string | number | null)[] }) => row.cells[i] ?? "—",
      }))}
    />
  );
}

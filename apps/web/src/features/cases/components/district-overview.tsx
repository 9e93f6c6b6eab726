import type { DistrictOverview as Overview } from "../api/get-district-overview.ts";
import { Alert, Button, Card, Table, Typography, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { paths } from "@/config/paths.ts";
import { describeError } from "@/lib/api-client.ts";
import { useDistrictOverview } from "../api/get-district-overview.ts";

type Row = Overview["townships"][number];

const count = (n: number, color?: string) =>
  n > 0 ? <Typography.Text strong style={color ? { color } : undefined}>{n}</Typography.Text> : <Typography.Text type="secondary">0</Typography.Text>;

/** Every township's open cases by deadline: where the district must push (逾期 / 今日到期 / 下一个工作日到期). */
export function DistrictOverview({ title = "各乡镇案件期限" }: { title?: string }) {
  const overview = useDistrictOverview();
  const rows = overview.data?.townships ?? [];
  const casesHref = (areaId: number) => paths.cases.getHref(new URLSearchParams({ areaId: String(areaId) }));

  const columns: TableColumnsType<Row> = [
    {
      title: "乡镇（街道）",
      key: "township",
      render: (_, r) => <Link to={casesHref(r.township.id)}>{r.township.name}</Link>,
    },
    { title: "逾期", dataIndex: "overdue", width: 90, align: "right", render: (n: number) => count(n, "#cf1322") },
    { title: "今日到期", dataIndex: "dueToday", width: 90, align: "right", render: (n: number) => count(n, "#d46b08") },
    { title: "下一个工作日到期", dataIndex: "dueNextWorkingDay", width: 140, align: "right", render: (n: number) => count(n, "#d48806") },
    { title: "以后到期", dataIndex: "later", width: 90, align: "right", render: (n: number) => count(n) },
    { title: "在办合计", dataIndex: "total", width: 90, align: "right", render: (n: number) => count(n) },
  ];

  return (
    <Card
      size="small"
      title={title}
      extra={overview.data ? <Typography.Text type="secondary">截至 {overview.data.today}</Typography.Text> : null}
    >
      {overview.isError && (
        <Alert
          type="error"
          showIcon
          title={describeError(overview.error)}
          action={<Button size="small" onClick={() => void overview.refetch()}>重试</Button>}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<Row>
        aria-label={title}
        rowKey={(r) => r.township.id}
        size="small"
        columns={columns}
        dataSource={rows}
        loading={overview.isFetching}
        pagination={false}
        scroll={{ x: 640 }}
        rowClassName={(r) => (r.overdue > 0 ? "case-row-overdue" : "")}
        summary={(data) => {
          if (data.length < 2) return null;
          const sum = (k: "overdue" | "dueToday" | "dueNextWorkingDay" | "later" | "total") => data.reduce((s, r) => s + r[k], 0);
          return (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>合计</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">{count(sum("overdue"), "#cf1322")}</Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">{count(sum("dueToday"), "#d46b08")}</Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">{count(sum("dueNextWorkingDay"), "#d48806")}</Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">{count(sum("later"))}</Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">{count(sum("total"))}</Table.Summary.Cell>
            </Table.Summary.Row>
          );
        }}
      />
    </Card>
  );
}

import type { HTMLAttributes } from "react";
import type { DistrictOverview as Overview } from "../api/get-district-overview.ts";
import { Alert, Button, Card, Table, Typography, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { paths } from "@/config/paths.ts";
import { describeError } from "@/lib/api-client.ts";
import { useDistrictOverview } from "../api/get-district-overview.ts";

type Counts = Pick<Overview["total"], "overdue" | "dueToday" | "dueNextWorkingDay" | "later" | "total">;
type AreaRef = Overview["districts"][number]["district"];
/** A township's row, or a district's subtotal after its townships. `span`: rows the district's cell covers (0: covered). */
type Row = Counts & ({ kind: "township"; key: string; district: AreaRef; township: AreaRef; span: number } | { kind: "subtotal"; key: string; district: AreaRef });

const count = (n: number, color?: string) =>
  n > 0 ? <Typography.Text strong style={color ? { color } : undefined}>{n}</Typography.Text> : <Typography.Text type="secondary">0</Typography.Text>;

const COUNT_COLUMNS: { key: keyof Counts; title: string; width: number; color?: string }[] = [
  { key: "overdue", title: "逾期", width: 90, color: "#cf1322" },
  { key: "dueToday", title: "今日到期", width: 90, color: "#d46b08" },
  { key: "dueNextWorkingDay", title: "下一个工作日到期", width: 140, color: "#d48806" },
  { key: "later", title: "以后到期", width: 90 },
  { key: "total", title: "在办合计", width: 90 },
];

/** The townships grouped by district, each district followed by its subtotal (the API's). */
function rowsOf(data: Overview, grouped: boolean): Row[] {
  if (!grouped) return data.townships.map((t) => ({ kind: "township", key: `t${t.township.id}`, span: 1, ...t }));
  return data.districts.flatMap((d): Row[] => {
    const townships = data.townships.filter((t) => t.district.id === d.district.id);
    return [
      ...townships.map((t, i): Row => ({ kind: "township", key: `t${t.township.id}`, span: i === 0 ? townships.length : 0, ...t })),
      { kind: "subtotal", key: `d${d.district.id}`, ...d },
    ];
  });
}

/**
 * Every township's open cases by deadline: where the district must push (逾期 /
 * 今日到期 / 下一个工作日到期). Over several districts (the city) the
 * townships are grouped by district, with a district column, a subtotal per
 * district and the total.
 */
export function DistrictOverview({ title }: { title?: string }) {
  const overview = useDistrictOverview();
  const data = overview.data;
  const grouped = (data?.districts.length ?? 0) > 1;
  const rows = data ? rowsOf(data, grouped) : [];
  const casesHref = (areaId: number) => paths.cases.getHref(new URLSearchParams({ areaId: String(areaId) }));
  const heading = title ?? (grouped ? "各区县、乡镇案件期限" : "各乡镇案件期限");

  const columns: TableColumnsType<Row> = [
    ...(grouped
      ? [{
        title: "区县",
        key: "district",
        width: 110,
        // The district's name once beside its townships; its subtotal row names it again, over both columns.
        onCell: (r: Row) => (r.kind === "township" ? { rowSpan: r.span } : { colSpan: 2 }),
        render: (_: unknown, r: Row) =>
          r.kind === "township" ? <Link to={casesHref(r.district.id)}>{r.district.name}</Link> : <strong>{r.district.name} 小计</strong>,
      }]
      : []),
    {
      title: "乡镇（街道）",
      key: "township",
      onCell: (r) => (r.kind === "subtotal" ? { colSpan: 0 } : {}),
      render: (_, r) => (r.kind === "township" ? <Link to={casesHref(r.township.id)}>{r.township.name}</Link> : null),
    },
    ...COUNT_COLUMNS.map((c) => ({
      title: c.title, dataIndex: c.key, width: c.width, align: "right" as const, render: (n: number) => count(n, c.color),
    })),
  ];

  return (
    <Card
      size="small"
      title={heading}
      extra={data ? <Typography.Text type="secondary">截至 {data.today}</Typography.Text> : null}
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
        aria-label={heading}
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={overview.isFetching}
        pagination={false}
        scroll={{ x: grouped ? 750 : 640 }}
        rowClassName={(r) => (r.kind === "township" && r.overdue > 0 ? "case-row-overdue" : "")}
        onRow={(r) => (r.kind === "subtotal" ? { style: { background: "#fafafa" }, "data-testid": "overview-subtotal" } as HTMLAttributes<HTMLElement> : {})}
        summary={() => {
          if (!data || data.townships.length < 2) return null;
          return (
            <Table.Summary.Row data-testid="overview-total">
              <Table.Summary.Cell index={0} colSpan={grouped ? 2 : 1}>
                <strong>合计</strong>
              </Table.Summary.Cell>
              {COUNT_COLUMNS.map((c, i) => (
                <Table.Summary.Cell key={c.key} index={i + (grouped ? 2 : 1)} align="right">{count(data.total[c.key], c.color)}</Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          );
        }}
      />
    </Card>
  );
}

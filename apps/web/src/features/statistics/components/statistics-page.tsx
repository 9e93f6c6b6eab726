import type { ChildFigures, Statistics } from "@fanpin/domain/statistics/statistics-schemas";
import { Breadcrumb, Card, Col, Flex, Progress, Row, Statistic, Table, Typography, type TableColumnsType } from "antd";
import { useMemo, type ReactNode } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { PageError } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { formatDateTime } from "@/lib/format.ts";
import { positiveInt } from "@/lib/search-params.ts";
import { useStatistics } from "../api/get-statistics.ts";
import { chartOption, percent, type DrawnChart } from "../utils/chart-options.ts";
import { ChartCard } from "./chart-card.tsx";
import { EChart } from "./echart.tsx";

const OVERDUE = "#cf1322";

const DRAWN: DrawnChart[] = ["categories", "designations", "procedures", "risk-causes", "leads", "warnings", "trend", "compliance"];

/**
 * 监测统计: the figures of the user's area or of a sub-area (`?areaId=`,
 * so the browser's back goes up again), drilled down city → district →
 * township → village through the 下级区划对比 table, with a breadcrumb back up.
 */
export function StatisticsPage() {
  const [search] = useSearchParams();
  const areaId = positiveInt(search.get("areaId")) ?? null;
  const stats = useStatistics(areaId);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="baseline" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          监测统计
        </Typography.Title>
        {stats.data && (
          <Typography.Text type="secondary" data-testid="stat-computed-at">数据更新于 {formatDateTime(stats.data.computedAt)}</Typography.Text>
        )}
      </Flex>
      {stats.isPending ? (
        <PageLoading />
      ) : stats.isError ? (
        <PageError error={stats.error} backTo={{ href: paths.statistics.getHref(), label: "返回本辖区统计" }} onRetry={() => void stats.refetch()} />
      ) : (
        <StatisticsView stats={stats.data} areaId={areaId} loadingNext={stats.isPlaceholderData} />
      )}
    </Flex>
  );
}

function StatisticsView({ stats, areaId, loadingNext }: { stats: Statistics; areaId: number | null; loadingNext: boolean }) {
  const t = stats.totals;
  const crumbs = [
    ...stats.path.map((a, i) => ({
      key: a.id,
      // The first is the user's own area: its link carries no areaId.
      title: <Link to={paths.statistics.getHref(i === 0 ? undefined : a.id)}>{a.name}</Link>,
    })),
    { key: stats.area.id, title: <span aria-current="page">{stats.area.name}</span> },
  ];

  return (
    <Flex vertical gap={16} style={{ opacity: loadingNext ? 0.6 : 1, transition: "opacity .2s" }} aria-busy={loadingNext}>
      <nav aria-label="统计区划">
        <Breadcrumb items={crumbs} />
      </nav>

      <Row gutter={[12, 12]}>
        <FigureCard title="登记户数 / 人数" testId="stat-households" value={t.households} suffix="户" sub={<><span data-testid="stat-people">{t.people}</span> 人</>} />
        <FigureCard title="监测户数 / 人数" testId="stat-designated-households" value={t.designatedHouseholds} suffix="户" sub={<><span data-testid="stat-designated-people">{t.designatedPeople}</span> 人</>} />
        <FigureCard title="监测人口占比" testId="stat-rate" value={percent(stats.monitoringRate.rate)} sub={`${stats.monitoringRate.monitoredPeople} / ${stats.monitoringRate.registeredPeople} 人`} />
        <FigureCard
          title="在办 / 逾期案件"
          testId="stat-open-cases"
          value={t.openCases}
          suffix="件"
          sub={<span style={{ color: t.overdueCases > 0 ? OVERDUE : undefined }}>逾期 <span data-testid="stat-overdue-cases">{t.overdueCases}</span> 件</span>}
        />
      </Row>

      {stats.area.level !== "VILLAGE" && (
        <ChartCard stats={stats} chart="children" areaId={areaId} tableView={false}>
          <ChildrenTable rows={stats.children} />
        </ChartCard>
      )}

      <Row gutter={[16, 16]}>
        {DRAWN.map((chart) => (
          <Col key={chart} xs={24} lg={12}>
            <DrawnChartCard stats={stats} chart={chart} areaId={areaId} />
          </Col>
        ))}
        <Col xs={24} lg={12}>
          <ChartCard stats={stats} chart="visits" areaId={areaId}>
            <Row gutter={[12, 12]}>
              <Col xs={12} sm={8}><Statistic title="帮扶中户数" value={stats.visits.assisted} suffix="户" /></Col>
              <Col xs={12} sm={8}><Statistic title="本月已走访" value={stats.visits.visitedThisMonth} suffix="户" /></Col>
              <Col xs={12} sm={8}><Statistic title="上月已走访" value={stats.visits.visitedLastMonth} suffix="户" /></Col>
              <Col xs={12} sm={8}><Statistic title="上月走访率" value={percent(stats.visits.lastMonthShare)} /></Col>
              <Col xs={12} sm={8}>
                <Statistic title="走访逾期" value={stats.visits.overdue} suffix="户" styles={{ content: { color: stats.visits.overdue > 0 ? OVERDUE : undefined } }} />
              </Col>
            </Row>
          </ChartCard>
        </Col>
        <Col xs={24} lg={12}>
          <ChartCard stats={stats} chart="monitoring-rate" areaId={areaId}>
            <Statistic title="监测人口占比" value={percent(stats.monitoringRate.rate)} />
            <Progress percent={stats.monitoringRate.rate === null ? 0 : Math.round(stats.monitoringRate.rate * 1000) / 10} showInfo={false} aria-hidden />
            <Typography.Text type="secondary">
              监测人口 {stats.monitoringRate.monitoredPeople} 人 / 系统登记人口 {stats.monitoringRate.registeredPeople} 人
            </Typography.Text>
          </ChartCard>
        </Col>
      </Row>
    </Flex>
  );
}

function FigureCard({ title, testId, value, suffix, sub }: { title: string; testId: string; value: number | string; suffix?: string; sub: ReactNode }) {
  return (
    <Col xs={12} md={6}>
      <Card size="small" style={{ height: "100%" }}>
        <Typography.Text type="secondary">{title}</Typography.Text>
        <div style={{ fontSize: 24, lineHeight: 1.4 }}>
          <span data-testid={testId}>{value}</span>
          {suffix && <span style={{ fontSize: 16, marginInlineStart: 4 }}>{suffix}</span>}
        </div>
        <Typography.Text type="secondary">{sub}</Typography.Text>
      </Card>
    </Col>
  );
}

function DrawnChartCard({ stats, chart, areaId }: { stats: Statistics; chart: DrawnChart; areaId: number | null }) {
  const option = useMemo(() => chartOption(stats, chart), [stats, chart]);
  return (
    <ChartCard stats={stats} chart={chart} areaId={areaId}>
      {option && <EChart option={option} label={`${stats.area.name}的统计图，数字见“数据表”`} />}
    </ChartCard>
  );
}

/** 下级区划对比: each child area's figures; a click goes down to it. Overdue in red, sortable to find who is late. */
function ChildrenTable({ rows }: { rows: ChildFigures[] }) {
  const navigate = useNavigate();
  const columns: TableColumnsType<ChildFigures> = [
    {
      title: "区划", key: "area", fixed: "left", width: 110,
      render: (_, c) => <Link to={paths.statistics.getHref(c.area.id)}>{c.area.name}</Link>,
    },
    { title: "登记户数", key: "households", align: "right", sorter: (a, b) => a.totals.households - b.totals.households, render: (_, c) => c.totals.households },
    { title: "监测户数", key: "designated", align: "right", sorter: (a, b) => a.totals.designatedHouseholds - b.totals.designatedHouseholds, render: (_, c) => c.totals.designatedHouseholds },
    { title: "监测人数", key: "designatedPeople", align: "right", render: (_, c) => c.totals.designatedPeople },
    {
      title: "监测人口占比", key: "rate", align: "right",
      sorter: (a, b) => (a.monitoringRate.rate ?? -1) - (b.monitoringRate.rate ?? -1), render: (_, c) => percent(c.monitoringRate.rate),
    },
    { title: "在办案件", key: "open", align: "right", render: (_, c) => c.totals.openCases },
    {
      title: "逾期案件", key: "overdue", align: "right", defaultSortOrder: "descend",
      sorter: (a, b) => a.totals.overdueCases - b.totals.overdueCases,
      render: (_, c) => (
        <span style={{ color: c.totals.overdueCases > 0 ? OVERDUE : undefined, fontWeight: c.totals.overdueCases > 0 ? 600 : undefined }}>{c.totals.overdueCases}</span>
      ),
    },
    { title: "本月识别纳入", key: "identified", align: "right", render: (_, c) => c.identifiedThisMonth },
    { title: "本月风险消除", key: "eliminated", align: "right", render: (_, c) => c.eliminatedThisMonth },
    {
      title: "按时办结率", key: "onTime", align: "right",
      sorter: (a, b) => (a.compliance.onTimeShare ?? 2) - (b.compliance.onTimeShare ?? 2),
      render: (_, c) => percent(c.compliance.onTimeShare),
    },
    {
      title: "平均用时", key: "avgDays", align: "right",
      render: (_, c) => (c.compliance.avgWorkingDays === null ? "—" : `${c.compliance.avgWorkingDays} 工作日`),
    },
  ];
  return (
    <Table<ChildFigures>
      size="small"
      rowKey={(c) => c.area.id}
      dataSource={rows}
      columns={columns}
      pagination={false}
      scroll={{ x: "max-content" }}
      showSorterTooltip={false}
      locale={{ emptyText: "暂无下级区划" }}
      data-testid="stat-children"
      onRow={(c) => ({
        style: { cursor: "pointer" },
        onClick: (event) => {
          // The name is a link of its own (keyboard, open in a new tab); a click on it is not a second navigation.
          if ((event.target as HTMLElement).closest("a")) return;
          void navigate(paths.statistics.getHref(c.area.id));
        },
      })}
    />
  );
}

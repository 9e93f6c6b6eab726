import { Card, Col, Flex, Row, Statistic, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { DateField } from "@/components/date-field.tsx";
import { serverToday } from "@/lib/api-client.ts";
import { useLeadFigures } from "../api/leads.ts";

const days = (n: number | null | undefined) => (n === null || n === undefined ? "—" : `${Math.round(n * 10) / 10} 天`);

/**
 * 统计: clues by source and leads by outcome for the period (first clue in
 * it), and the time from first clue to case. Defaults to this month (the
 * township's monthly screening period).
 */
export function LeadFiguresView() {
  const today = serverToday();
  const [from, setFrom] = useState<Dayjs>(() => dayjs(`${today.slice(0, 7)}-01`));
  const [to, setTo] = useState<Dayjs>(() => dayjs(today));
  const figures = useLeadFigures({ from: from.format("YYYY-MM-DD"), to: to.format("YYYY-MM-DD") });
  const f = figures.data;
  const outcome = f
    ? [
        { key: "open", label: "待核实", count: f.leadsByOutcome.open },
        { key: "caseOpened", label: "已立案", count: f.leadsByOutcome.caseOpened },
        { key: "dismissed", label: "已排除", count: f.leadsByOutcome.dismissed },
      ]
    : [];
  return (
    <Flex vertical gap={12} data-testid="lead-figures">
      <Flex wrap gap={8} align="center">
        <Typography.Text>首条线索日期：</Typography.Text>
        <DateField aria-label="开始日期" value={from} allowClear={false} onChange={(d) => d && !Array.isArray(d) && setFrom(d)} style={{ width: 150 }} />
        <span>至</span>
        <DateField aria-label="结束日期" value={to} allowClear={false} onChange={(d) => d && !Array.isArray(d) && setTo(d)} style={{ width: 150 }} />
      </Flex>
      {figures.isError && <Typography.Text type="danger">统计数据加载失败：{figures.error.message}</Typography.Text>}
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}><Card size="small"><Statistic title="线索数" value={f?.leadsByOutcome.total ?? "—"} suffix="条" loading={figures.isPending} /></Card></Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="已立案（按期）" value={f ? `${f.clueToCase.count}（${f.clueToCase.withinLimit}）` : "—"} loading={figures.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="线索到立案平均" value={days(f?.clueToCase.averageDays)} loading={figures.isPending} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="线索到立案中位数" value={days(f?.clueToCase.medianDays)} loading={figures.isPending} /></Card></Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <Card size="small" title="按线索来源（线索条数）">
            <Table
              aria-label="按线索来源"
              size="small"
              rowKey="source"
              pagination={false}
              loading={figures.isFetching}
              dataSource={f?.cluesBySource ?? []}
              columns={[
                { title: "来源", dataIndex: "label" },
                { title: "线索数", dataIndex: "count", align: "right", width: 90 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title="按核实结果">
            <Table
              aria-label="按核实结果"
              size="small"
              rowKey="key"
              pagination={false}
              loading={figures.isFetching}
              dataSource={outcome}
              columns={[
                { title: "结果", dataIndex: "label" },
                { title: "线索数", dataIndex: "count", align: "right", width: 90 },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Typography.Text type="secondary">
        按来源统计期内收到的每条线索（并入同一线索的也各计一次）；按结果统计首条线索在期内的线索；用时按自然日，自首条线索接收之日至立案之日，括号内为在核实期限内立案的数量。
      </Typography.Text>
    </Flex>
  );
}

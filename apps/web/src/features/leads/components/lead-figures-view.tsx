import { Card, Col, Flex, Row, Statistic, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { DateField } from "@/components/date-field.tsx";
import { serverToday } from "@/lib/api-client.ts";
import { useLeadFigures } from "../api/leads.ts";

const days = (n: number | null | undefined) => (n === null || n === undefined ? "—" : `${Math.round(n * 10) / 10} 天`);

/** 统计: leads whose first clue fell in the period, by source and by outcome, and the time from first clue to case. */
export function LeadFiguresView() {
  const today = serverToday();
  const [from, setFrom] = useState<Dayjs>(() => dayjs(`${today.slice(0, 4)}-01-01`));
  const [to, setTo] = useState<Dayjs>(() => dayjs(today));
  const figures = useLeadFigures({ from: from.format("YYYY-MM-DD"), to: to.format("YYYY-MM-DD") });
  const f = figures.data;
  return (
    <Flex vertical gap={12} data-testid="lead-figures">
      <Flex wrap gap={8} align="center">
        <Typography.Text>首条线索日期：</Typography.Text>
        <DateField aria-label="统计起始日期" value={from} allowClear={false} onChange={(d) => d && !Array.isArray(d) && setFrom(d)} style={{ width: 150 }} />
        <span>至</span>
        <DateField aria-label="统计截止日期" value={to} allowClear={false} onChange={(d) => d && !Array.isArray(d) && setTo(d)} style={{ width: 150 }} />
      </Flex>
      {figures.isError && <Typography.Text type="danger">统计数据加载失败，请稍后重试</Typography.Text>}
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}><Card size="small"><Statistic title="线索总数" value={f?.total ?? "—"} suffix="条" loading={figures.isPending} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="已立案" value={f?.toCase.count ?? "—"} suffix="条" loading={figures.isPending} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="线索到立案平均用时" value={days(f?.toCase.averageDays)} loading={figures.isPending} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="线索到立案用时中位数" value={days(f?.toCase.medianDays)} loading={figures.isPending} /></Card></Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <Card size="small" title="按线索来源">
            <Table
              aria-label="按线索来源"
              size="small"
              rowKey="source"
              pagination={false}
              loading={figures.isFetching}
              dataSource={f?.bySource ?? []}
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
              rowKey="state"
              pagination={false}
              loading={figures.isFetching}
              dataSource={f?.byOutcome ?? []}
              columns={[
                { title: "结果", dataIndex: "label" },
                { title: "线索数", dataIndex: "count", align: "right", width: 90 },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Typography.Text type="secondary">一条线索有多个来源时，在每个来源下各计一次；用时按自然日计，自首条线索接收之日至立案之日。</Typography.Text>
    </Flex>
  );
}

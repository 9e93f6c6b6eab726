import { Alert, Button, Col, Flex, Form, Row, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useRef, useState } from "react";
import { describeError, serverToday } from "@/lib/api-client.ts";
import { useCalendarCoverage } from "../api/get-calendar-coverage.ts";
import { useCalendarOverrides, type CalendarOverride } from "../api/get-overrides.ts";
import { CoverageCard } from "./coverage-card.tsx";
import { DeadlineTrial } from "./deadline-trial.tsx";
import { MonthCalendar } from "./month-calendar.tsx";
import { OverrideForm, type OverrideValues } from "./override-form.tsx";
import { OverridesTable } from "./overrides-table.tsx";
import { YearDeclarationCard } from "./year-declaration-card.tsx";

/**
 * 工作日历 (administrators): the holiday data deadlines are computed with —
 * which years it covers, each month's 休 / 班 days, the days administrators
 * set, "this year is entered in full", and a trial of a deadline.
 */
export function CalendarPage() {
  const coverage = useCalendarCoverage();
  const overrides = useCalendarOverrides();
  const [month, setMonth] = useState<Dayjs>(() => dayjs(serverToday()));
  const [form] = Form.useForm<OverrideValues>();
  const formCard = useRef<HTMLDivElement>(null);

  const items = useMemo(() => [...(overrides.data?.items ?? [])].sort((a, b) => a.date.localeCompare(b.date)), [overrides.data]);
  const byDate = useMemo(() => new Map(items.map((o) => [o.date, o])), [items]);

  // Loads a day (and its setting, if any) into the form and brings the form into view.
  const editDay = (date: Dayjs, existing?: CalendarOverride) => {
    const found = existing ?? byDate.get(date.format("YYYY-MM-DD"));
    form.resetFields();
    form.setFieldsValue(
      found
        ? { date: dayjs(found.date), isWorkingDay: found.isWorkingDay, name: found.name ?? "", note: found.note ?? "" }
        : { date },
    );
    formCard.current?.scrollIntoView({ behavior: "smooth", block: "nearest" });
  };

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          工作日历
        </Typography.Title>
        <Typography.Text type="secondary">
          各类期限按工作日计算：国家法定节假日放假、调休上班日上班。数据包未包含的年份，须按国务院办公厅通知录入。
        </Typography.Text>
      </div>
      {coverage.isError && <Alert type="error" showIcon title={describeError(coverage.error)} />}
      {coverage.data?.warning && <Alert type="warning" showIcon title="节假日数据提醒" description={coverage.data.warning} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <MonthCalendar
            value={month}
            onChange={setMonth}
            onSelectDay={(date) => editDay(date)}
            overrides={byDate}
            extra={
              <Button size="small" onClick={() => setMonth(dayjs(serverToday()))}>
                回到本月
              </Button>
            }
          />
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <CoverageCard coverage={coverage.data} loading={coverage.isLoading} />
            <DeadlineTrial />
          </Flex>
        </Col>
        <Col xs={24} xl={15}>
          <OverridesTable
            items={items}
            loading={overrides.isFetching}
            error={overrides.isError ? overrides.error : null}
            onEdit={(o) => {
              setMonth(dayjs(o.date));
              editDay(dayjs(o.date), o);
            }}
          />
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <OverrideForm ref={formCard} form={form} overrides={byDate} />
            <YearDeclarationCard coverage={coverage.data} overrides={items} />
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}

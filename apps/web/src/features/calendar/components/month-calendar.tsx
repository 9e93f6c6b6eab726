import { Alert, Calendar, Card, Flex, Spin, Tag, Typography, theme } from "antd";
import type { Dayjs } from "dayjs";
import type { CalendarOverride } from "../api/get-overrides.ts";
import { useMonthDays } from "../api/get-month-days.ts";
import { dayStatus } from "../utils/day-status.ts";

type MonthCalendarProps = {
  value: Dayjs;
  onChange: (date: Dayjs) => void;
  /** A day cell was clicked (not a month or year picked in the header). */
  onSelectDay: (date: Dayjs) => void;
  overrides: ReadonlyMap<string, CalendarOverride>;
  extra?: React.ReactNode;
};

/** 月历: every day of the shown month as the API computes it — 休 / 班 with the holiday's name, administrators' days marked. */
export function MonthCalendar({ value, onChange, onSelectDay, overrides, extra }: MonthCalendarProps) {
  const { token } = theme.useToken();
  const month = value.format("YYYY-MM");
  const days = useMonthDays(month);
  const data = days.data;
  const shownMonth = data && Object.keys(data)[0]?.slice(0, 7) === month ? data : undefined;
  const unknown = shownMonth ? Object.values(shownMonth).some((d) => !d.known) : false;

  return (
    <Card title="月历" size="small" extra={extra}>
      {days.isError && <Alert type="error" showIcon title="本月日历加载失败，请稍后重试" style={{ marginBottom: 8 }} />}
      {unknown && (
        <Alert
          type="info"
          showIcon
          title={`${value.year()} 年的节假日尚未完整录入：本月除管理员调整的日期外按周一至周五显示`}
          style={{ marginBottom: 8 }}
        />
      )}
      <Spin spinning={days.isFetching} description="加载中">
        <Calendar
          value={value}
          onPanelChange={(date) => onChange(date)}
          onSelect={(date, info) => {
            onChange(date);
            if (info.source === "date") onSelectDay(date);
          }}
          cellRender={(date, info) => {
            if (info.type !== "date" || !shownMonth) return null;
            const iso = date.format("YYYY-MM-DD");
            const day = shownMonth[iso];
            if (!day) return null;
            const override = overrides.get(iso);
            const status = dayStatus(day, override);
            const color = status.kind === "holiday" ? token.colorError : status.kind === "makeUp" ? token.colorWarning : undefined;
            return (
              <div
                title={status.description}
                data-day-kind={status.kind}
                style={{
                  minHeight: "100%",
                  padding: 2,
                  borderRadius: token.borderRadiusSM,
                  background: override ? token.colorInfoBg : undefined,
                  border: override ? `1px dashed ${token.colorInfoBorder}` : undefined,
                  lineHeight: 1.4,
                }}
              >
                <Flex gap={4} align="center" wrap>
                  {status.badge && (
                    <Tag color={status.kind === "holiday" ? "red" : "orange"} style={{ marginInlineEnd: 0 }}>
                      {status.badge}
                    </Tag>
                  )}
                  {override && (
                    <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                      调整
                    </Tag>
                  )}
                </Flex>
                {status.name && (
                  <Typography.Text style={{ color, fontSize: 12, display: "block" }} ellipsis>
                    {status.name}
                  </Typography.Text>
                )}
              </div>
            );
          }}
        />
      </Spin>
      <Flex gap={12} wrap style={{ marginTop: 8 }} aria-label="图例">
        <span>
          <Tag color="red">休</Tag>放假
        </span>
        <span>
          <Tag color="orange">班</Tag>调休上班
        </span>
        <span>
          <Tag color="blue">调整</Tag>管理员录入的调整
        </span>
        <Typography.Text type="secondary">点击日期可调整该日</Typography.Text>
      </Flex>
    </Card>
  );
}

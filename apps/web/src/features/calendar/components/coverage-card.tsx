import { App, Button, Card, Descriptions, Empty, Flex, Popconfirm, Typography, theme } from "antd";
import type { CalendarCoverage } from "../api/get-calendar-coverage.ts";
import { useWithdrawCalendarYear } from "../api/withdraw-year.ts";
import { yearRanges } from "../utils/day-status.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";

/** 数据覆盖: the years the package brings, the years administrators entered (with their notices), and withdrawing one. */
export function CoverageCard({ coverage, loading }: { coverage: CalendarCoverage | undefined; loading: boolean }) {
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const notifyError = useNotifyError();
  const withdraw = useWithdrawCalendarYear({ onError: (error) => notifyError(error, "撤销失败") });

  const adminYears = new Set(coverage?.administratorYears.map((y) => y.year));
  const packageYears = coverage?.coveredYears.filter((y) => !adminYears.has(y)) ?? [];

  return (
    <Card title="数据覆盖" size="small" loading={loading && !coverage}>
      {coverage && (
        <>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: "today", label: "今天", children: coverage.today },
              { key: "package", label: "数据包年份", children: packageYears.length ? yearRanges(packageYears) : "无" },
              { key: "source", label: "数据包", children: <Typography.Text type="secondary">{coverage.dataSource}</Typography.Text> },
            ]}
          />
          <Typography.Text strong style={{ display: "block", marginTop: 12, marginBottom: 4 }}>
            管理员确认已完整录入的年份
          </Typography.Text>
          {coverage.administratorYears.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" style={{ margin: "8px 0" }} />
          ) : (
            <ul aria-label="管理员确认已完整录入的年份" style={{ listStyle: "none", margin: 0, padding: 0 }}>
              {coverage.administratorYears.map((y) => (
                <li key={y.year} style={{ padding: "6px 0", borderBottom: `1px solid ${token.colorSplit}` }}>
                  <Flex justify="space-between" align="center" gap={8}>
                    <span style={{ minWidth: 0 }}>
                      <Typography.Text strong>{y.year} 年</Typography.Text>
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        依据：{y.source}
                      </Typography.Text>
                    </span>
                    <Popconfirm
                      title={`撤销 ${y.year} 年的完整录入确认？`}
                      description="撤销后，跨越该年的期限重新按周一至周五推算并标注；已录入的调整日期保留。"
                      okText="撤销"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() =>
                        withdraw.mutateAsync(y.year).then(() => void message.success(`已撤销 ${y.year} 年的完整录入确认`), () => undefined)
                      }
                    >
                      <Button type="link" size="small" danger aria-label={`撤销 ${y.year} 年`}>
                        撤销
                      </Button>
                    </Popconfirm>
                  </Flex>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}

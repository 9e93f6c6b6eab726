import { Alert, Card, List, Space, Tag, Typography } from "antd";
import { formatDate } from "@/lib/format.ts";
import { useEarlyWarnings } from "../api/get-early-warnings.ts";

/** 监测预警: what the early-warning rules found on the household (active first), each with its facts in words. */
export function HouseholdEarlyWarnings({ householdId }: { householdId: string }) {
  const warnings = useEarlyWarnings(householdId);
  const items = warnings.data?.items ?? [];
  const active = items.filter((w) => w.active).length;
  return (
    <Card title="监测预警" size="small" data-testid="early-warnings"
      extra={active > 0 ? <Tag color="red">{active} 条预警</Tag> : null}
    >
      {warnings.isError ? (
        <Alert type="error" showIcon message="监测预警加载失败，请稍后重试" />
      ) : (
        <List
          size="small"
          loading={warnings.isPending}
          dataSource={items}
          locale={{ emptyText: "暂无预警" }}
          renderItem={(w) => (
            <List.Item key={w.id} style={{ paddingInline: 0 }}>
              <Space direction="vertical" size={2} style={{ minWidth: 0, width: "100%" }}>
                <Space size={[4, 4]} wrap>
                  <Tag color={w.active ? "red" : "default"}>{w.label}</Tag>
                  <Typography.Text type="secondary">{w.active ? "预警中" : "已不再满足"} · 触发于 {formatDate(w.raisedOn)}</Typography.Text>
                </Space>
                <Typography.Text style={{ overflowWrap: "anywhere" }} type={w.active ? undefined : "secondary"}>{w.description}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

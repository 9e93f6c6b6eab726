import { CONDITION_KINDS, conditionValueLabel, type ConditionKind } from "@fanpin/domain/assistance/conditions";
import { VISIT_KINDS, VISIT_MODES, type Visit } from "@fanpin/domain/assistance-schemas";
import { INCOME_ITEMS, RISK_CAUSE, type IncomeItem } from "@fanpin/domain/collection-form";
import { can } from "@fanpin/domain/roles";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, List, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { OutboxStatus } from "@/features/visits/components/outbox-status.tsx";
import { api, describeError } from "@/lib/api-client.ts";
import { formatMoney } from "@/lib/format.ts";
import { assistanceKeys } from "@/lib/query-keys.ts";

type VisitPage = { items: Visit[]; total: number; page: number; pageSize: number };
const PAGE_SIZE = 10;

/** What a visit found changed, in one line. */
export function changesSummary(c: Visit["changes"]): string[] {
  const parts: string[] = [];
  for (const x of c.conditions) parts.push(`${CONDITION_KINDS[x.kind as ConditionKind]}：${conditionValueLabel(x.kind as ConditionKind, x.value)}`);
  if (c.income) {
    const items = Object.entries(c.income.items).map(([k, v]) => `${INCOME_ITEMS[k as IncomeItem]} ${formatMoney(v as number)}`);
    parts.push(`${c.income.year} 年收入：${items.join("，")}`);
  }
  if (c.newRiskCauses.length) parts.push(`新增风险类型：${c.newRiskCauses.map((r) => (RISK_CAUSE.labels as Record<string, string>)[r] ?? r).join("、")}`);
  if (c.riskClass) parts.push(`风险类别调整为 ${c.riskClass} 类`);
  return parts;
}

/** 走访记录列表与“登记走访”入口. */
export function VisitsSection({ householdId }: { householdId: string }) {
  const me = useMe();
  const [page, setPage] = useState(1);
  const visits = useQuery({
    queryKey: assistanceKeys.visits(householdId, page),
    queryFn: ({ signal }) => api.get<VisitPage>(`/api/assistance/${encodeURIComponent(householdId)}/visits`, { page, pageSize: PAGE_SIZE }, signal),
  });
  const mayRecord = me.data ? can(me.data.user.role, "visit.record") : false;

  return (
    <Card
      title="走访记录"
      size="small"
      data-testid="visits-section"
      extra={
        <Space wrap>
          {mayRecord && me.data && <OutboxStatus userId={me.data.user.id} householdId={householdId} />}
          {mayRecord && (
            <Link to={paths.visitNew.getHref(householdId)}>
              <Button type="primary">登记走访</Button>
            </Link>
          )}
        </Space>
      }
    >
      {visits.isError ? (
        <Alert type="error" showIcon message={describeError(visits.error)} />
      ) : (
        <List<Visit>
          loading={visits.isPending}
          dataSource={visits.data?.items ?? []}
          locale={{ emptyText: "暂无走访记录" }}
          pagination={visits.data && visits.data.total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: visits.data.total, onChange: setPage, size: "small" } : false}
          renderItem={(v) => {
            const changes = changesSummary(v.changes);
            return (
              <List.Item data-testid="visit-item">
                <Space direction="vertical" size={2} style={{ width: "100%" }}>
                  <Space wrap size={4}>
                    <Typography.Text strong>{v.visitedOn}</Typography.Text>
                    <Tag>{VISIT_MODES[v.mode]}</Tag>
                    <Tag color={v.kind === "SUPERVISORY" ? "purple" : "blue"}>{VISIT_KINDS[v.kind]}</Tag>
                    <Typography.Text type="secondary">{v.visitor.name}</Typography.Text>
                  </Space>
                  <Typography.Text type="secondary">走访对象：{v.metWith}</Typography.Text>
                  <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>{v.findings}</Typography.Paragraph>
                  {v.nextSteps && <Typography.Text>下一步：{v.nextSteps}</Typography.Text>}
                  {changes.length > 0 && <Typography.Text type="warning">发现变化：{changes.join("；")}</Typography.Text>}
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}

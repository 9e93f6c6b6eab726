import { ArrowLeftOutlined, EditOutlined } from "@ant-design/icons";
import { INCOME_ITEMS, INCOME_ITEM_KEYS, RISK_CAUSE } from "@fanpin/domain/collection-form";
import type { HouseholdDetail as Household } from "@fanpin/domain/household-schemas";
import { Button, Card, Descriptions, Flex, Space, Tabs, Tag, Typography, type DescriptionsProps } from "antd";
import type { ReactNode } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { PageError } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format.ts";
import { useHousehold } from "@/lib/get-household.ts";
import { CategoryTag, DesignationTag } from "@/components/category-tags.tsx";
import { HouseholdEarlyWarnings } from "./household-early-warnings.tsx";
import { HouseholdHistory } from "./household-history.tsx";
import { MembersTable } from "./members-table.tsx";
import { HouseholdDepartmentWarnings } from "@/features/department-warnings/components/household-department-warnings.tsx";
import { AssistanceFileView } from "@/features/assistance/components/assistance-file-view.tsx";

type HouseholdDetailProps = {
  householdId: string;
  canWrite: boolean;
  canReveal: boolean;
  canReadHistory: boolean;
  /** The household's cases (another feature's card, composed by the route). */
  renderCases?: (household: Household) => ReactNode;
  /** More buttons beside 编辑 (登记线索: another feature's, composed by the route). */
  renderActions?: (household: Household) => ReactNode;
};

const wrap = { wordBreak: "break-word" as const, whiteSpace: "pre-wrap" as const };

function basicItems(h: Household): DescriptionsProps["items"] {
  return [
    { key: "no", label: "户编号", children: <Typography.Text copyable style={{ wordBreak: "break-all" }}>{h.householdNo}</Typography.Text> },
    { key: "category", label: "户类别", children: <CategoryTag category={h.category} /> },
    {
      key: "designation",
      label: "认定类型",
      children: (
        <Space size={4} wrap>
          <DesignationTag designation={h.designation} />
          {h.designatedAt && <span>认定日期：{formatDate(h.designatedAt)}</span>}
        </Space>
      ),
    },
    { key: "area", label: "所在区划", span: 2, children: <span style={wrap}>{h.areaPath.map((a) => a.name).join(" / ")}</span> },
    { key: "natural", label: "自然村（村民小组）", children: h.naturalVillage?.name ?? "—" },
    { key: "phone", label: "联系电话", children: h.phone ?? "—" },
    { key: "address", label: "详细地址", span: 2, children: <span style={wrap}>{h.addressDetail ?? "—"}</span> },
    {
      key: "risks",
      label: "致贫（返贫）风险",
      span: 3,
      children: h.riskCauses.length ? (
        <Space size={[4, 4]} wrap>
          {h.riskCauses.map((c) => <Tag key={c}>{RISK_CAUSE.labels[c]}</Tag>)}
        </Space>
      ) : (
        "无"
      ),
    },
    { key: "difficulty", label: "困难情况描述", span: 3, children: <span style={wrap}>{h.difficultyDescription ?? "—"}</span> },
    { key: "created", label: "登记时间", children: formatDateTime(h.createdAt) },
    { key: "updated", label: "更新时间", children: formatDateTime(h.updatedAt) },
  ];
}

function incomeItems(h: Household): DescriptionsProps["items"] {
  return [
    ...INCOME_ITEM_KEYS.map((k) => ({ key: k, label: INCOME_ITEMS[k], children: formatMoney(h.income[k]) })),
    { key: "transfer", label: "A29 转移性收入合计", children: formatMoney(h.incomeSummary.transfer) },
    { key: "property", label: "A31 财产性收入合计", children: formatMoney(h.incomeSummary.property) },
    { key: "net", label: "家庭纯收入", children: <strong>{formatMoney(h.incomeSummary.net)}</strong> },
    {
      key: "perCapita",
      label: `人均纯收入（${h.memberCount} 人）`,
      children: <strong data-testid="per-capita-income">{formatMoney(h.incomeSummary.perCapita)}</strong>,
    },
  ];
}

/** One household: its data, its members (masked IDs, revealed on request) and its change history. */
export function HouseholdDetail({ householdId, canWrite, canReveal, canReadHistory, renderCases, renderActions }: HouseholdDetailProps) {
  const household = useHousehold(householdId);
  const navigate = useNavigate();
  const location = useLocation();
  const [search, setSearch] = useSearchParams();
  const requested = search.get("tab");
  const tab = requested === "history" && canReadHistory ? "history" : requested === "assistance" ? "assistance" : "info";
  const backTo = { href: paths.households.getHref(), label: "返回家庭列表" };

  if (household.isPending) return <PageLoading />;
  if (household.isError) return <PageError error={household.error} backTo={backTo} onRetry={() => void household.refetch()} />;
  const h = household.data;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size={8} wrap style={{ minWidth: 0 }}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void (location.key === "default" ? navigate(backTo.href) : navigate(-1))}
            aria-label="返回"
          />
          <Typography.Title level={4} style={{ margin: 0, wordBreak: "break-word" }}>
            {h.headName} 户
          </Typography.Title>
          <Typography.Text type="secondary">{h.township.name} · {h.village.name}</Typography.Text>
        </Space>
        <Space size={8} wrap>
          {renderActions?.(h)}
          {canWrite && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => void navigate(paths.householdEdit.getHref(h.id))}>
              编辑
            </Button>
          )}
        </Space>
      </Flex>

      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === "info" ? {} : { tab: key }, { replace: true })}
        items={[
          {
            key: "info",
            label: "家庭信息",
            children: (
              <Flex vertical gap={16}>
                <Card title="基本信息" size="small">
                  <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={basicItems(h)} styles={{ content: { minWidth: 0, overflowWrap: "anywhere" } }} />
                </Card>
                <HouseholdEarlyWarnings householdId={h.id} />
                {renderCases?.(h)}
                <Card title={`家庭成员（${h.members.length} 人）`} size="small">
                  <MembersTable key={h.id} householdId={h.id} members={h.members} canReveal={canReveal} />
                </Card>
                <Card title={`家庭收入${h.incomeYear ? `（${h.incomeYear} 年度）` : ""}`} size="small">
                  <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={incomeItems(h)} />
                </Card>
                <HouseholdDepartmentWarnings householdId={h.id} />
              </Flex>
            ),
          },
          // 帮扶档案: helpers, plan, conditions, visits and reviews (features/assistance).
          { key: "assistance", label: "帮扶档案", children: <AssistanceFileView householdId={h.id} /> },
          ...(canReadHistory
            ? [{ key: "history", label: "变更历史", children: <HouseholdHistory householdId={h.id} /> }]
            : []),
        ]}
      />
    </Flex>
  );
}

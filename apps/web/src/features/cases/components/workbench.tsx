import { PrinterOutlined } from "@ant-design/icons";
import { can, type Role } from "@fanpin/domain/roles";
import { Alert, Button, Flex, Tabs, Typography } from "antd";
import { useNavigate, useSearchParams } from "react-router";
import { QueueTabLabel } from "@/components/queue-tab-label.tsx";
import { paths } from "@/config/paths.ts";
import { oversees } from "@fanpin/domain/notification-schemas";
import { useRules } from "@/lib/get-rules.ts";
import { useQueueCounts } from "../api/get-queue-counts.ts";
import { tabsFor } from "../utils/rule-options.ts";
import { filtersFromSearch, searchFromFilters, type CaseFilters } from "../utils/queue-query.ts";
import { DistrictOverview } from "./district-overview.tsx";
import { QueueView } from "./queue-view.tsx";

const TITLES: Record<Role, string> = {
  TOWNSHIP_STAFF: "工作台",
  DISTRICT_REVIEWER: "工作台",
  VILLAGE_CADRE: "工作台",
  CITY_SUPERVISOR: "监测概况",
  ADMIN: "监测概况",
  HELPER: "我的帮扶户",
};

/**
 * The home page after sign-in: the signed-in role's work queues as tabs,
 * each ordered by deadline (the district also sees every township's
 * deadlines); the city (and the administrator) an overview to read. Tab and
 * filters live in the URL.
 */
export function Workbench({ role }: { role: Role }) {
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const filters = filtersFromSearch(search);
  const rules = useRules();
  const tabs = rules.data ? tabsFor(rules.data.queues, role) : [];
  const active = tabs.find((t) => t.key === filters.tab) ?? tabs[0];
  // Every tab's count under the filters shown (they apply to whichever tab is open), in one call.
  const counts = useQueueCounts({
    areaId: filters.areaId, category: filters.category, riskCause: filters.riskCause, procedure: filters.procedure,
    monitoringType: filters.monitoringType, q: filters.q,
  });
  const countOf = (key: string) => counts.data?.queues.find((q) => q.name === key);
  // GET /api/queues/counts `leads` (issue 15): the open leads to verify in the area.
  // (Read loosely: the field comes with the leads API, h15-leads-api.)
  const leadCounts = (counts.data as { leads?: { total: number; overdue: number } | null } | undefined)?.leads ?? undefined;

  const update = (change: Partial<CaseFilters>, resetPage = true) => {
    setSearch(searchFromFilters({ ...filters, ...(resetPage ? { page: 1 } : {}), ...change }));
  };
  const clear = () => setSearch(searchFromFilters({ tab: filters.tab, page: 1, pageSize: filters.pageSize }));

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {TITLES[role]}
        </Typography.Title>
        <Flex gap={8} wrap>
          {role === "VILLAGE_CADRE" && (
            <Button icon={<PrinterOutlined />} onClick={() => void navigate(paths.publicityNotices.getHref())}>
              打印公示
            </Button>
          )}
          {can(role, "lead.read") && (
            // 线索核实 with its count and overdue count, as a queue tab says them (the leads have a page of their own).
            <Button
              href={paths.leads.getHref()}
              data-testid="workbench-leads"
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey) return;
                e.preventDefault();
                void navigate(paths.leads.getHref());
              }}
            >
              <QueueTabLabel label="线索核实" count={leadCounts} unit="条" />
            </Button>
          )}
          <Button onClick={() => void navigate(paths.cases.getHref())}>案件查询</Button>
        </Flex>
      </Flex>

      {oversees(role) && <DistrictOverview />}

      {rules.isError && (
        <Alert type="error" showIcon title="未能载入本地区办理规则" action={<Button size="small" onClick={() => void rules.refetch()}>重试</Button>} />
      )}
      {active && (
        <Tabs
          activeKey={active.key}
          // Another queue starts on its first page, without a bucket; area, category and search stay.
          onChange={(key) => setSearch(searchFromFilters({ ...filters, tab: key === tabs[0]!.key ? undefined : key, bucket: undefined, page: 1 }))}
          items={tabs.map((t) => ({
            key: t.key,
            label: <QueueTabLabel label={t.label} count={countOf(t.key)} />,
            children:
              t.key === active.key ? (
                <QueueView
                  source={{ queue: t.key }}
                  label={t.label}
                  filters={filters}
                  onChange={update}
                  onClear={clear}
                  showArea={role !== "VILLAGE_CADRE"}
                  showTownship={role === "DISTRICT_REVIEWER"}
                  emptyText={t.empty}
                />
              ) : null,
          }))}
        />
      )}
    </Flex>
  );
}

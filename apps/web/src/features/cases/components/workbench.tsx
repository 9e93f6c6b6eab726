import { PrinterOutlined } from "@ant-design/icons";
import type { QueueName } from "@fanpin/domain/queues";
import type { Role } from "@fanpin/domain/roles";
import { Button, Flex, Tabs, Typography } from "antd";
import { useNavigate, useSearchParams } from "react-router";
import { paths } from "@/config/paths.ts";
import { filtersFromSearch, searchFromFilters, type CaseFilters } from "../utils/queue-query.ts";
import { DistrictOverview } from "./district-overview.tsx";
import { QueueView } from "./queue-view.tsx";

type Tab = { key: string; label: string; source: { queue: QueueName } | { stage: "TOWNSHIP_VERIFICATION" }; empty: string };

/** The queues of each role that works on cases (labels as in case-schemas QUEUES). */
const TABS: Partial<Record<Role, Tab[]>> = {
  TOWNSHIP_STAFF: [
    { key: "township-leads", label: "待核实线索", source: { queue: "township-leads" }, empty: "没有待核实的线索" },
    { key: "township-returned", label: "退回更正", source: { queue: "township-returned" }, empty: "没有被退回的案件" },
  ],
  DISTRICT_REVIEWER: [
    { key: "district-review", label: "待审核", source: { queue: "district-review" }, empty: "没有待审核的案件" },
    { key: "district-objections", label: "待裁定异议", source: { queue: "district-objections" }, empty: "没有待裁定的异议" },
  ],
  VILLAGE_CADRE: [
    { key: "village-to-post", label: "待张贴公示", source: { queue: "village-to-post" }, empty: "没有待张贴公示的案件" },
    { key: "village-running", label: "公示中", source: { queue: "village-running" }, empty: "没有正在公示的案件" },
    { key: "village-ended", label: "公示期满待确认", source: { queue: "village-ended" }, empty: "没有公示期满待确认的案件" },
    { key: "village-appraisals", label: "核实中（待民主评议）", source: { stage: "TOWNSHIP_VERIFICATION" }, empty: "没有正在乡镇核实的案件" },
  ],
};

const TITLES: Record<Role, string> = {
  TOWNSHIP_STAFF: "工作台",
  DISTRICT_REVIEWER: "工作台",
  VILLAGE_CADRE: "工作台",
  CITY_SUPERVISOR: "监测概况",
  ADMIN: "监测概况",
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
  const tabs = TABS[role] ?? [];
  const active = tabs.find((t) => t.key === filters.tab) ?? tabs[0];

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
          <Button onClick={() => void navigate(paths.cases.getHref())}>案件查询</Button>
        </Flex>
      </Flex>

      {(role === "DISTRICT_REVIEWER" || role === "CITY_SUPERVISOR" || role === "ADMIN") && <DistrictOverview />}

      {active && (
        <Tabs
          activeKey={active.key}
          // Another queue starts on its first page, without a bucket; area, category and search stay.
          onChange={(key) => setSearch(searchFromFilters({ ...filters, tab: key === tabs[0]!.key ? undefined : key, bucket: undefined, page: 1 }))}
          items={tabs.map((t) => ({
            key: t.key,
            label: t.label,
            children:
              t.key === active.key ? (
                <QueueView
                  source={t.source}
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

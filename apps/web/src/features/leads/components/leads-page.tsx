import { oversees } from "@fanpin/domain/notification-schemas";
import { can, type Role } from "@fanpin/domain/roles";
import { Flex, Tabs, Typography } from "antd";
import { useSearchParams } from "react-router";
import { leadFiltersFromSearch, searchFromLeadFilters, type LeadFilters, type LeadView } from "../utils/lead-query.ts";
import { LeadBacklogView } from "./lead-backlog-view.tsx";
import { LeadFiguresView } from "./lead-figures-view.tsx";
import { LeadListView } from "./lead-list-view.tsx";
import { ReceiveLeadButton } from "./receive-lead-button.tsx";

/**
 * 线索核实: the leads of the user's area by verification deadline; the
 * district and the city also see every township's backlog and the figures
 * (by source, by outcome, time from first clue to case). Filters live in the URL.
 */
export function LeadsPage({ role }: { role: Role }) {
  const [search, setSearch] = useSearchParams();
  const filters = leadFiltersFromSearch(search);
  const overseer = oversees(role);
  const view: LeadView = overseer ? (filters.view ?? "list") : "list";
  const update = (change: Partial<LeadFilters>, resetPage = true) => {
    setSearch(searchFromLeadFilters({ ...filters, ...(resetPage ? { page: 1 } : {}), ...change }));
  };
  const clear = () => setSearch(searchFromLeadFilters({ view: filters.view, page: 1, pageSize: filters.pageSize }));
  const list = <LeadListView filters={filters} onChange={update} onClear={clear} showArea={role !== "VILLAGE_CADRE"} showPath={overseer} />;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          线索核实
        </Typography.Title>
        {can(role, "lead.receive") && <ReceiveLeadButton />}
      </Flex>
      {overseer ? (
        <Tabs
          activeKey={view}
          onChange={(key) => setSearch(searchFromLeadFilters({ page: 1, pageSize: filters.pageSize, view: key as LeadView }))}
          items={[
            { key: "list", label: "线索", children: view === "list" ? list : null },
            { key: "backlog", label: "各乡镇积压", children: view === "backlog" ? <LeadBacklogView /> : null },
            { key: "figures", label: "统计", children: view === "figures" ? <LeadFiguresView /> : null },
          ]}
        />
      ) : (
        list
      )}
    </Flex>
  );
}

import type { Role } from "@fanpin/domain/roles";
import { Flex, Typography } from "antd";
import { useSearchParams } from "react-router";
import { useCases } from "../api/get-cases.ts";
import { filtersFromSearch, PAGE_SIZES, searchFromFilters, type CaseFilters } from "../utils/queue-query.ts";
import { CaseTable } from "./case-table.tsx";
import { QueueFilters } from "./queue-filters.tsx";

/** 案件查询: every case in the user's area, open or closed, by stage, category, area or name. */
export function CaseSearch({ role }: { role: Role }) {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const status = filters.status ?? "open";
  const cases = useCases({
    page: filters.page,
    pageSize: filters.pageSize,
    areaId: filters.areaId,
    category: filters.category,
    procedure: filters.procedure,
    monitoringType: filters.monitoringType,
    riskCause: filters.riskCause,
    stage: filters.stage,
    status,
    q: filters.q,
  });
  const update = (change: Partial<CaseFilters>, resetPage = true) =>
    setSearch(searchFromFilters({ ...filters, ...(resetPage ? { page: 1 } : {}), ...change }));
  const hasFilters = Boolean(filters.areaId || filters.category || filters.procedure || filters.monitoringType || filters.stage || filters.q || status !== "open");

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        案件查询
      </Typography.Title>
      <QueueFilters
        filters={filters}
        onChange={(c) => update(c)}
        onClear={() => setSearch(new URLSearchParams())}
        showArea={role !== "VILLAGE_CADRE"}
        showStage
        showStatus
      />
      <CaseTable
        label="案件列表"
        items={cases.data?.items ?? []}
        loading={cases.isFetching}
        error={cases.isError ? cases.error : undefined}
        onRetry={() => void cases.refetch()}
        showStage
        showTownship={role !== "VILLAGE_CADRE" && role !== "TOWNSHIP_STAFF"}
        emptyText={hasFilters ? "没有符合条件的案件" : "暂无办理中的案件"}
        pagination={{
          current: cases.data?.page ?? filters.page,
          pageSize: filters.pageSize,
          total: cases.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => `共 ${total} 件`,
          onChange: (page, pageSize) => update({ page, pageSize }, false),
        }}
      />
    </Flex>
  );
}

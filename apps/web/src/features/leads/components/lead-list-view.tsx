import { ReloadOutlined } from "@ant-design/icons";
import { CLUE_SOURCES, LEAD_STATE_LABELS } from "@fanpin/domain/detection/lead-schemas";
import { DEADLINE_BUCKET_LABELS, DEADLINE_BUCKETS, type DeadlineBucket } from "@fanpin/domain/queues";
import { Button, Card, Flex, Input, Radio, Select, Typography } from "antd";
import { useId } from "react";
import { AreaTreeSelect } from "@/components/area-tree-select.tsx";
import { optionsOf } from "@/lib/format.ts";
import { PAGE_SIZES } from "@/lib/search-params.ts";
import { useLeads } from "../api/leads.ts";
import type { LeadFilters } from "../utils/lead-query.ts";
import { LeadTable } from "./lead-table.tsx";

const BUCKET_COUNT: Record<DeadlineBucket, "overdue" | "dueToday" | "dueNextWorkingDay" | "later"> = {
  OVERDUE: "overdue",
  DUE_TODAY: "dueToday",
  DUE_NEXT_WORKING_DAY: "dueNextWorkingDay",
  LATER: "later",
};
// 其他: what is due after the next working day.
const BUCKET_LABELS: Record<DeadlineBucket, string> = { ...DEADLINE_BUCKET_LABELS, LATER: "其他" };

const STATUS_OPTIONS = [
  { value: "open", label: "待核实" },
  { value: "closed", label: "已结束" },
  { value: "all", label: "全部" },
];

type LeadListViewProps = {
  filters: LeadFilters;
  onChange: (change: Partial<LeadFilters>, resetPage?: boolean) => void;
  onClear: () => void;
  showArea: boolean;
  /** The village's township too (the district's and the city's lists span townships). */
  showPath: boolean;
};

/** The leads to verify by deadline bucket (each a filter), with source, state, area and a search; paged on the server. */
export function LeadListView({ filters, onChange, onClear, showArea, showPath }: LeadListViewProps) {
  const bucketsLabelId = useId();
  const status = filters.status ?? "open";
  const leads = useLeads({
    page: filters.page, pageSize: filters.pageSize, status, state: filters.state, source: filters.source,
    bucket: status === "open" ? filters.bucket : undefined, areaId: filters.areaId, q: filters.q,
  });
  const buckets = leads.data?.buckets;
  const bucketTotal = buckets ? buckets.overdue + buckets.dueToday + buckets.dueNextWorkingDay + buckets.later : 0;
  const hasFilters = Boolean(filters.source || filters.state || filters.areaId || filters.q || filters.bucket || (filters.status && filters.status !== "open"));

  return (
    <Flex vertical gap={12}>
      {status === "open" && (
        // Scrolls inside itself on a phone rather than widening the page.
        <div style={{ maxWidth: "100%", overflowX: "auto" }}>
          <Flex gap={8} align="center" data-testid="lead-buckets" style={{ width: "max-content" }}>
            <Typography.Text type="secondary" id={bucketsLabelId}>
              按期限：
            </Typography.Text>
            <Radio.Group
              aria-labelledby={bucketsLabelId}
              optionType="button"
              buttonStyle="solid"
              value={filters.bucket ?? "ALL"}
              onChange={(e) => onChange({ bucket: e.target.value === "ALL" ? undefined : (e.target.value as DeadlineBucket) })}
              options={[
                { value: "ALL", label: `全部 ${buckets ? bucketTotal : ""}`.trim() },
                ...DEADLINE_BUCKETS.map((b) => ({
                  value: b,
                  label: (
                    <span style={b === "OVERDUE" && buckets?.overdue && filters.bucket !== "OVERDUE" ? { color: "#cf1322", fontWeight: 600 } : undefined}>
                      {BUCKET_LABELS[b]} {buckets ? buckets[BUCKET_COUNT[b]] : ""}
                    </span>
                  ),
                })),
              ]}
            />
          </Flex>
        </div>
      )}
      <Card size="small">
        <Flex wrap gap={12} role="search" aria-label="筛选线索">
          <Select
            aria-label="核实状态"
            value={status}
            onChange={(s) => onChange({ status: s === "open" ? undefined : s, bucket: undefined, state: undefined })}
            options={STATUS_OPTIONS}
            style={{ width: 110 }}
          />
          {status === "all" && (
            <Select
              aria-label="线索状态"
              placeholder="线索状态（全部）"
              allowClear
              value={filters.state}
              onChange={(state) => onChange({ state })}
              options={optionsOf(LEAD_STATE_LABELS)}
              style={{ width: 150 }}
            />
          )}
          <Select
            aria-label="线索来源"
            placeholder="线索来源（全部）"
            allowClear
            value={filters.source}
            onChange={(source) => onChange({ source })}
            options={optionsOf(CLUE_SOURCES)}
            style={{ width: 190 }}
            popupMatchSelectWidth={false}
          />
          {showArea && (
            <AreaTreeSelect
              aria-label="行政区划"
              placeholder="行政区划（全部）"
              maxLevel="VILLAGE"
              value={filters.areaId}
              onChange={(areaId) => onChange({ areaId })}
              style={{ width: 200 }}
            />
          )}
          <Input.Search
            key={filters.q ?? ""}
            aria-label="姓名或线索编号"
            placeholder="姓名或线索编号"
            defaultValue={filters.q}
            allowClear
            enterButton="查询"
            maxLength={50}
            onSearch={(q) => onChange({ q: q.trim() || undefined })}
            style={{ width: 300, maxWidth: "100%" }}
          />
          {hasFilters && (
            <Button icon={<ReloadOutlined />} onClick={onClear}>
              清除筛选
            </Button>
          )}
        </Flex>
      </Card>
      <LeadTable
        items={leads.data?.items}
        loading={leads.isFetching}
        error={leads.isError ? leads.error : undefined}
        onRetry={() => void leads.refetch()}
        showPath={showPath}
        emptyText={hasFilters ? "没有符合条件的线索" : status === "open" ? "暂无待核实的线索" : "暂无线索"}
        pagination={{
          current: leads.data?.page ?? filters.page,
          pageSize: filters.pageSize,
          total: leads.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (page, pageSize) => onChange({ page, pageSize }, false),
        }}
      />
    </Flex>
  );
}

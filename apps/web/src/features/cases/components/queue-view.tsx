import { DEADLINE_BUCKET_LABELS, type DeadlineBucket, type QueueName } from "@fanpin/domain/queues";
import { Flex, Radio, Typography } from "antd";
import { useId } from "react";
import { ExportButton } from "@/components/export-button.tsx";
import { useCases } from "../api/get-cases.ts";
import { useQueue } from "../api/get-queue.ts";
import { PAGE_SIZES, type CaseFilters } from "../utils/queue-query.ts";
import { CaseTable } from "./case-table.tsx";
import { QueueFilters } from "./queue-filters.tsx";

const BUCKETS: { key: DeadlineBucket; label: string; count: "overdue" | "dueToday" | "dueNextWorkingDay" | "later" }[] = [
  { key: "OVERDUE", label: DEADLINE_BUCKET_LABELS.OVERDUE, count: "overdue" },
  { key: "DUE_TODAY", label: DEADLINE_BUCKET_LABELS.DUE_TODAY, count: "dueToday" },
  { key: "DUE_NEXT_WORKING_DAY", label: DEADLINE_BUCKET_LABELS.DUE_NEXT_WORKING_DAY, count: "dueNextWorkingDay" },
  { key: "LATER", label: DEADLINE_BUCKET_LABELS.LATER, count: "later" },
];

type QueueViewProps = {
  /** A work queue of the API (GET /api/rules lists the role's), or a plain case list of one stage. */
  source: { queue: QueueName } | { stage: "TOWNSHIP_VERIFICATION" };
  label: string;
  filters: CaseFilters;
  onChange: (change: Partial<CaseFilters>, resetPage?: boolean) => void;
  onClear: () => void;
  showArea: boolean;
  showTownship: boolean;
  emptyText: string;
};

/**
 * One work queue: counts per deadline bucket (each a filter), area and
 * category filters, a search, and the cases by deadline, paged on the server.
 */
export function QueueView({ source, label, filters, onChange, onClear, showArea, showTownship, emptyText }: QueueViewProps) {
  const bucketsLabelId = useId();
  const isQueue = "queue" in source;
  const base = {
    page: filters.page, pageSize: filters.pageSize, areaId: filters.areaId, category: filters.category, riskCause: filters.riskCause,
    procedure: filters.procedure, monitoringType: filters.monitoringType, q: filters.q,
  };
  const queue = useQueue(isQueue ? source.queue : "township-leads", { ...base, bucket: filters.bucket }, { enabled: isQueue });
  const list = useCases({ ...base, stage: isQueue ? undefined : source.stage }, { enabled: !isQueue });
  const result = isQueue ? queue : list;
  const buckets = isQueue ? queue.data?.buckets : undefined;
  const bucketTotal = buckets ? buckets.overdue + buckets.dueToday + buckets.dueNextWorkingDay + buckets.later : 0;

  return (
    <Flex vertical gap={12}>
      {isQueue && (
        <Flex wrap gap={8} align="center" justify="space-between">
          <Flex wrap gap={8} align="center" data-testid="queue-buckets">
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
                ...BUCKETS.map((b) => ({
                  value: b.key,
                  label: (
                    <span style={b.key === "OVERDUE" && buckets?.overdue && filters.bucket !== "OVERDUE" ? { color: "#cf1322", fontWeight: 600 } : undefined}>
                      {b.label} {buckets ? buckets[b.count] : ""}
                    </span>
                  ),
                })),
              ]}
            />
          </Flex>
          <ExportButton
            path={`/api/queues/${source.queue}/export.xlsx`}
            query={{
              bucket: filters.bucket, areaId: filters.areaId, category: filters.category, riskCause: filters.riskCause,
              procedure: filters.procedure, monitoringType: filters.monitoringType, q: filters.q,
            }}
            fallbackName={`${label}.xlsx`}
            hint="按当前筛选条件导出该队列的全部案件（不限当前页），按期限排序"
          />
        </Flex>
      )}
      <QueueFilters filters={filters} onChange={(c) => onChange(c)} onClear={onClear} showArea={showArea} />
      <CaseTable
        label={label}
        items={result.data?.items ?? []}
        loading={result.isFetching}
        error={result.isError ? result.error : undefined}
        onRetry={() => void result.refetch()}
        showTownship={showTownship}
        emptyText={filters.bucket || filters.q || filters.category || filters.riskCause || filters.areaId || filters.procedure || filters.monitoringType ? "没有符合条件的案件" : emptyText}
        pagination={{
          current: result.data?.page ?? filters.page,
          pageSize: filters.pageSize,
          total: result.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => `共 ${total} 件`,
          onChange: (page, pageSize) => onChange({ page, pageSize }, false),
        }}
      />
    </Flex>
  );
}

import { ReloadOutlined } from "@ant-design/icons";
import { HOUSEHOLD_CATEGORY_LABELS } from "@fanpin/domain/categories";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { Button, Card, Flex, Input, Select } from "antd";
import { AreaTreeSelect } from "@/components/area-tree-select.tsx";
import { optionsOf } from "@/lib/format.ts";
import { useRules } from "@/lib/get-rules.ts";
import { stageOptions } from "../utils/rule-options.ts";
import type { CaseFilters } from "../utils/queue-query.ts";

type QueueFiltersProps = {
  filters: CaseFilters;
  onChange: (change: Partial<CaseFilters>) => void;
  onClear: () => void;
  showArea: boolean;
  showStage?: boolean;
  showStatus?: boolean;
};

const STATUS_OPTIONS = [
  { value: "open", label: "办理中" },
  { value: "closed", label: "已办结" },
  { value: "all", label: "全部" },
];

/** Area, category, risk cause (and for the case search: stage, status) and a name/ID search; each change goes into the URL. */
export function QueueFilters({ filters, onChange, onClear, showArea, showStage, showStatus }: QueueFiltersProps) {
  const rules = useRules();
  const monitoringTypes = rules.data?.monitoringTypes ?? [];
  const hasFilters = Boolean(
    filters.areaId || filters.category || filters.riskCause || filters.q || filters.stage || filters.procedure || filters.monitoringType || (filters.status && filters.status !== "open"),
  );
  return (
    <Card size="small">
      <Flex wrap gap={12} role="search" aria-label="筛选案件">
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
        <Select
          aria-label="户类别"
          placeholder="户类别（全部）"
          allowClear
          value={filters.category}
          onChange={(category) => onChange({ category })}
          options={optionsOf(HOUSEHOLD_CATEGORY_LABELS)}
          style={{ width: 170 }}
        />
        <Select
          aria-label="办理程序"
          placeholder="办理程序（全部）"
          allowClear
          value={filters.procedure}
          onChange={(procedure) => onChange({ procedure, stage: undefined })}
          options={(rules.data?.procedures ?? []).map((p) => ({ value: p.kind, label: p.label }))}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
        />
        {monitoringTypes.length > 0 && (
          <Select
            aria-label="监测对象类型"
            placeholder="监测对象类型（全部）"
            allowClear
            value={filters.monitoringType}
            onChange={(monitoringType) => onChange({ monitoringType })}
            options={monitoringTypes.map((t) => ({ value: t.code, label: t.label }))}
            style={{ width: 170 }}
          />
        )}
        <Select
          aria-label="致贫（返贫）风险"
          placeholder="风险（全部）"
          allowClear
          value={filters.riskCause}
          onChange={(riskCause) => onChange({ riskCause })}
          options={optionsOf(RISK_CAUSE.labels)}
          style={{ width: 150 }}
        />
        {showStage && (
          <Select
            aria-label="当前阶段"
            placeholder="当前阶段（全部）"
            allowClear
            value={filters.stage}
            onChange={(stage) => onChange({ stage })}
            options={stageOptions(rules.data, filters.procedure)}
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
          />
        )}
        {showStatus && (
          <Select
            aria-label="办理状态"
            value={filters.status ?? "open"}
            onChange={(status) => onChange({ status })}
            options={STATUS_OPTIONS}
            style={{ width: 110 }}
          />
        )}
        <Input.Search
          key={filters.q ?? ""}
          aria-label="户主姓名、身份证号或案件编号"
          placeholder="户主姓名、身份证号或案件编号"
          defaultValue={filters.q}
          allowClear
          enterButton="查询"
          maxLength={50}
          onSearch={(q) => onChange({ q: q.trim() || undefined })}
          style={{ width: 320 }}
        />
        {hasFilters && (
          <Button icon={<ReloadOutlined />} onClick={onClear}>
            清除筛选
          </Button>
        )}
      </Flex>
    </Card>
  );
}

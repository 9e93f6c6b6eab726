import type { AreaLevel } from "@fanpin/domain/areas";
import type { AreaNode } from "@fanpin/domain/area-schemas";
import { TreeSelect } from "antd";
import { useMemo } from "react";
import { buildAreaTree } from "@/lib/area-tree.ts";
import { useAreas } from "@/lib/get-areas.ts";

type AreaTreeSelectProps = {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  /** Deepest level listed. */
  maxLevel?: AreaLevel;
  /** Levels that can be picked; all when absent. */
  selectableLevels?: readonly AreaLevel[];
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  style?: React.CSSProperties;
  "aria-label"?: string;
};

/** Picks one area within the signed-in user's scope (the API lists nothing outside it). */
export function AreaTreeSelect({
  value,
  onChange,
  maxLevel = "NATURAL_VILLAGE",
  selectableLevels,
  placeholder = "请选择行政区划",
  allowClear = true,
  id,
  style,
  ...rest
}: AreaTreeSelectProps) {
  const areas = useAreas(maxLevel);
  const treeData = useMemo(
    () => buildAreaTree(areas.data?.areas ?? [], (a: AreaNode) => !selectableLevels || selectableLevels.includes(a.level)),
    [areas.data, selectableLevels],
  );
  const rootIds = useMemo(() => treeData.map((n) => n.value), [treeData]);
  return (
    <TreeSelect
      id={id}
      aria-label={rest["aria-label"]}
      style={style}
      value={value ?? undefined}
      onChange={(v: number | undefined) => onChange?.(v ?? undefined)}
      treeData={treeData}
      loading={areas.isLoading}
      placeholder={areas.isError ? "行政区划加载失败" : placeholder}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: "title" }}
      treeDefaultExpandedKeys={rootIds}
      popupMatchSelectWidth={false}
      listHeight={360}
    />
  );
}

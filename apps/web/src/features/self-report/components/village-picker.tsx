import type { PublicArea } from "@fanpin/domain/detection/self-report-schemas";
import { Flex, Select } from "antd";
import { useState } from "react";
import { usePublicAreas } from "../api/public.ts";

const LEVEL_LABELS: Record<PublicArea["level"], string> = {
  PROVINCE: "省", CITY: "市", DISTRICT: "县（市、区）", TOWNSHIP: "乡镇（街道）", VILLAGE: "村（社区）",
};

/** One level of the cascade: the children of the area chosen above. */
function LevelSelect({ parentCode, value, onChange }: { parentCode: string | null; value: string | undefined; onChange: (a: PublicArea | undefined) => void }) {
  const areas = usePublicAreas(parentCode);
  const items = areas.data?.areas ?? [];
  if (areas.isSuccess && items.length === 0) return null;
  const level = items[0]?.level;
  return (
    <Select
      aria-label={level ? `选择${LEVEL_LABELS[level]}` : "选择行政区划"}
      placeholder={level ? `请选择${LEVEL_LABELS[level]}` : "加载中…"}
      loading={areas.isPending}
      value={value}
      showSearch={{ optionFilterProp: "label" }}
      options={items.map((a) => ({ value: a.code, label: a.name }))}
      onChange={(code: string) => onChange(items.find((a) => a.code === code))}
      style={{ width: "100%" }}
    />
  );
}

/**
 * 所在村: the area tree level by level, one select under the other (narrow phones), down to the village. Calls
 * `onChange` with the village's code once a village is chosen, undefined otherwise.
 */
export function VillagePicker({ onChange }: { onChange: (villageCode: string | undefined) => void }) {
  const [chain, setChain] = useState<PublicArea[]>([]);
  const pick = (depth: number, area: PublicArea | undefined) => {
    const next = area ? [...chain.slice(0, depth), area] : chain.slice(0, depth);
    setChain(next);
    const last = next.at(-1);
    onChange(last?.level === "VILLAGE" ? last.code : undefined);
  };
  const parents: (string | null)[] = [null, ...chain.filter((a) => a.level !== "VILLAGE").map((a) => a.code)];
  return (
    <Flex vertical gap={8}>
      {parents.map((parent, depth) => (
        <LevelSelect key={parent ?? "top"} parentCode={parent} value={chain[depth]?.code} onChange={(a) => pick(depth, a)} />
      ))}
    </Flex>
  );
}

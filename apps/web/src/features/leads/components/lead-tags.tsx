import { CLUE_SOURCES, LEAD_STATE_LABELS, type ClueSource, type LeadState } from "@fanpin/domain/detection/lead-schemas";
import { Space, Tag } from "antd";

const STATE_COLORS: Record<LeadState, string> = { OPEN: "processing", CASE_OPENED: "green", DISMISSED: "default" };
const SOURCE_COLORS: Partial<Record<ClueSource, string>> = { EARLY_WARNING: "volcano", DEPARTMENT_WARNING: "orange", SELF_REPORT: "cyan", HOTLINE: "geekblue" };

export function LeadStateTag({ state }: { state: LeadState }) {
  return <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }}>{LEAD_STATE_LABELS[state]}</Tag>;
}

export function SourceTag({ source }: { source: ClueSource }) {
  return <Tag color={SOURCE_COLORS[source]} style={{ marginInlineEnd: 0 }}>{CLUE_SOURCES[source] ?? source}</Tag>;
}

/** A lead's sources, first clue first (a merged lead has several). */
export function SourceTags({ sources }: { sources: readonly ClueSource[] }) {
  return (
    <Space size={[4, 4]} wrap>
      {sources.map((s) => <SourceTag key={s} source={s} />)}
    </Space>
  );
}

import { WarningOutlined } from "@ant-design/icons";
import type { DeadlineStatus } from "@fanpin/domain/case-schemas";
import { Space, Tag, Tooltip } from "antd";
import { DEADLINE_TONE_COLORS, describeDeadline, INCOMPLETE_CALENDAR_NOTICE } from "../utils/deadline.ts";

/** Where a stage deadline stands, in words and colour; a mark when the count had to guess a year's holidays. */
export function DeadlineTag({ deadline, showDate = false }: { deadline: DeadlineStatus | null; showDate?: boolean }) {
  if (!deadline) return <span style={{ color: "rgba(0,0,0,0.45)" }}>—</span>;
  const { text, tone } = describeDeadline(deadline);
  return (
    <Space size={4} wrap>
      {showDate && <span>{deadline.deadline}</span>}
      <Tag color={DEADLINE_TONE_COLORS[tone]} style={{ marginInlineEnd: 0 }}>
        {text}
      </Tag>
      {!deadline.complete && (
        <Tooltip title={INCOMPLETE_CALENDAR_NOTICE}>
          <WarningOutlined style={{ color: "#faad14" }} aria-label={INCOMPLETE_CALENDAR_NOTICE} role="img" />
        </Tooltip>
      )}
    </Space>
  );
}

import type { DeadlineStatus } from "@fanpin/domain/case-schemas";
import { deadlineText } from "@fanpin/domain/queues";
import { Tag } from "antd";

const COLORS = { OVERDUE: "red", DUE_TODAY: "orange", DUE_NEXT_WORKING_DAY: "gold", LATER: "default" } as const;

/** A deadline as the case queues show it: the date and 剩余/逾期 N 天 (working days or calendar days). */
export function DeadlineTag({ deadline, testId }: { deadline: DeadlineStatus; testId?: string }) {
  return (
    <span data-testid={testId}>
      <span style={{ marginRight: 8 }}>{deadline.deadline}</span>
      <Tag color={COLORS[deadline.bucket]}>{deadlineText(deadline)}</Tag>
    </span>
  );
}

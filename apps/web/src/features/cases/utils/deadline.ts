import type { DeadlineStatus } from "@fanpin/domain/case-schemas";
import { deadlineText } from "@fanpin/domain/queues";

export type DeadlineTone = "overdue" | "today" | "soon" | "later";

/**
 * A stage deadline in plain words: "逾期 2 个工作日", "今日到期",
 * "剩余 3 个工作日" for stage limits, "剩余 4 天" / "逾期 1 天" for a
 * publicity (calendar days). Days are signed: 0 is today, 1 the next working
 * (or calendar) day, −N overdue by N.
 */
export function describeDeadline(d: Pick<DeadlineStatus, "remainingDays" | "unit">): { text: string; tone: DeadlineTone } {
  const n = d.remainingDays;
  const text = deadlineText(d);
  if (n < 0) return { text, tone: "overdue" };
  if (n === 0) return { text, tone: "today" };
  return { text, tone: n === 1 ? "soon" : "later" };
}

export const DEADLINE_TONE_COLORS: Record<DeadlineTone, string> = {
  overdue: "red",
  today: "orange",
  soon: "gold",
  later: "blue",
};

/** Shown when the count reaches a year whose holiday notice is not entered yet. */
export const INCOMPLETE_CALENDAR_NOTICE = "期限跨越尚未录入节假日的年份，按周一至周五推算";

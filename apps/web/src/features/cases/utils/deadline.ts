import type { DeadlineStatus } from "@fanpin/domain/case-schemas";

export type DeadlineTone = "overdue" | "today" | "soon" | "later";

/**
 * A stage deadline in plain words: "逾期 2 个工作日", "今日到期",
 * "剩余 3 个工作日". Working days are signed: 0 is today, 1 the next working
 * day, −N overdue by N working days.
 */
export function describeDeadline(d: Pick<DeadlineStatus, "remainingWorkingDays">): { text: string; tone: DeadlineTone } {
  const n = d.remainingWorkingDays;
  if (n < 0) return { text: `逾期 ${-n} 个工作日`, tone: "overdue" };
  if (n === 0) return { text: "今日到期", tone: "today" };
  return { text: `剩余 ${n} 个工作日`, tone: n === 1 ? "soon" : "later" };
}

export const DEADLINE_TONE_COLORS: Record<DeadlineTone, string> = {
  overdue: "red",
  today: "orange",
  soon: "gold",
  later: "blue",
};

/** Shown when the count reaches a year whose holiday notice is not entered yet. */
export const INCOMPLETE_CALENDAR_NOTICE = "期限跨越尚未录入节假日的年份，按周一至周五推算";

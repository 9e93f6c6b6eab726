import type { DeadlineStatus } from "@fanpin/domain/case-schemas";
import type { DeadlineBucket } from "@fanpin/domain/queues";
import type { WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";

/**
 * Where a stored deadline stands today. Computed on every read from the
 * deadline fixed when the stage started: "overdue" is never stored, so it is
 * right the moment the clock passes the deadline.
 */
export function deadlineStatus(calendar: WorkingDayCalendar, today: string, deadline: string, deadlineComplete: boolean): DeadlineStatus {
  const { days, complete } = calendar.workingDaysUntil(today, deadline);
  return { deadline, remainingWorkingDays: days, bucket: bucketOf(calendar, today, deadline), complete: complete && deadlineComplete };
}

export function bucketOf(calendar: WorkingDayCalendar, today: string, deadline: string): DeadlineBucket {
  if (deadline < today) return "OVERDUE";
  if (deadline === today) return "DUE_TODAY";
  return deadline <= calendar.nextWorkingDay(today) ? "DUE_NEXT_WORKING_DAY" : "LATER";
}

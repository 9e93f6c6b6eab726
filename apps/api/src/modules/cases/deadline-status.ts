import type { DeadlineStatus, DeadlineUnit } from "@fanpin/domain/case-schemas";
import type { DeadlineBucket } from "@fanpin/domain/queues";
import { calendarDaysBetween, type WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";

/**
 * Where a stored deadline stands today. Computed on every read from the
 * deadline fixed when the stage started: "overdue" is never stored, so it is
 * right the moment the clock passes the deadline. A publicity runs in calendar
 * days and is counted in them (`CALENDAR_DAYS`: deadline − today, whatever
 * the calendar data); every other stage limit in working days.
 */
export function deadlineStatus(
  calendar: WorkingDayCalendar, today: string, deadline: string, deadlineComplete: boolean, unit: DeadlineUnit = "WORKING_DAYS",
): DeadlineStatus {
  const { days, complete } = unit === "CALENDAR_DAYS"
    ? { days: calendarDaysBetween(today, deadline), complete: true }
    : calendar.workingDaysUntil(today, deadline);
  return { deadline, unit, remainingDays: days, bucket: bucketOf(calendar, today, deadline), complete: complete && deadlineComplete };
}

export function bucketOf(calendar: WorkingDayCalendar, today: string, deadline: string): DeadlineBucket {
  if (deadline < today) return "OVERDUE";
  if (deadline === today) return "DUE_TODAY";
  return deadline <= calendar.nextWorkingDay(today) ? "DUE_NEXT_WORKING_DAY" : "LATER";
}

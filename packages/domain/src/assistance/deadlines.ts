import type { CalendarPort, IsoDate } from "../procedures/calendar-port.ts";
import { riskClassRule, type AssistanceRules } from "./rules.ts";

/** What the assistance deadlines need of the calendar (calendar/working-days.ts provides it). */
export type AssistanceCalendar = Pick<CalendarPort, "addWorkingDays"> & {
  isWorkingDay(date: IsoDate): boolean;
  nextWorkingDay(date: IsoDate): IsoDate;
};

const addDays = (iso: IsoDate, n: number): IsoDate => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The lead helper must be assigned within N working days of the designation (or of an assist-first case's start). */
export function assignmentDeadline(openedOn: IsoDate, rules: AssistanceRules, cal: AssistanceCalendar): IsoDate {
  return cal.addWorkingDays(openedOn, rules.assignWithinWorkingDays).date;
}

/**
 * The next visit is due N calendar days after the last one (or after the file
 * opened, when nobody has visited yet); N follows the risk class. A due date
 * on a non-working day moves to the next working day when the rule says so.
 */
export function nextVisitDue(
  lastVisitOn: IsoDate | null, openedOn: IsoDate, riskClass: string | null, rules: AssistanceRules, cal: AssistanceCalendar,
): IsoDate {
  const every = riskClassRule(rules, riskClass)?.visitEveryDays ?? rules.visitEveryDays;
  const due = addDays(lastVisitOn ?? openedOn, every);
  return rules.visitDueOnWorkingDay && !cal.isWorkingDay(due) ? cal.nextWorkingDay(due) : due;
}

/** Quarters as "2026-Q4". */
export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;
export const ZQUARTER_PATTERN = /^\d{4}-Q[1-4]$/;

export function quarterOf(date: IsoDate): Quarter {
  const month = Number(date.slice(5, 7));
  return `${Number(date.slice(0, 4))}-Q${Math.ceil(month / 3) as 1 | 2 | 3 | 4}`;
}

export function quarterBounds(q: Quarter): { firstDay: IsoDate; lastDay: IsoDate } {
  const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(6))];
  const firstMonth = (n - 1) * 3 + 1;
  const firstDay = `${y}-${String(firstMonth).padStart(2, "0")}-01`;
  const nextQuarterStart = n === 4 ? `${y + 1}-01-01` : `${y}-${String(firstMonth + 3).padStart(2, "0")}-01`;
  return { firstDay, lastDay: addDays(nextQuarterStart, -1) };
}

export function previousQuarter(q: Quarter): Quarter {
  const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(6))];
  return (n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`) as Quarter;
}

/** The review of quarter Q is due N working days after Q's last day. */
export function reviewDeadline(q: Quarter, rules: AssistanceRules, cal: AssistanceCalendar): IsoDate {
  return cal.addWorkingDays(quarterBounds(q).lastDay, rules.reviewDueWorkingDaysAfterQuarter).date;
}

/**
 * The quarter whose review is due for a household on `today`: the last
 * quarter that has ended, if the household's file was open during it and it
 * has not been reviewed for it (null: nothing due). `reviewedQuarter` is the
 * latest quarter reviewed.
 */
export function reviewDue(
  today: IsoDate, openedOn: IsoDate, reviewedQuarter: string | null, rules: AssistanceRules, cal: AssistanceCalendar,
): { quarter: Quarter; deadline: IsoDate } | null {
  const q = previousQuarter(quarterOf(today));
  if (openedOn > quarterBounds(q).lastDay) return null;
  if (reviewedQuarter !== null && reviewedQuarter >= q) return null;
  return { quarter: q, deadline: reviewDeadline(q, rules, cal) };
}

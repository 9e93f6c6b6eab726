import { addCalendarDays, type IsoDate } from "../calendar/working-days.ts";

/**
 * Report days (DOMAIN.md "Reporting calendar"): on which days of the month
 * the district sends the 脱贫监测户和即时帮扶人口管理台账 (LEDGER) to the city
 * and the lists to the departments (DEPARTMENT_LIST). A deployment chooses
 * its calendar with its local rules (LocalRules.reportCalendar).
 *
 * A report day is a day of the month; when the month is shorter than that
 * (the 29th or 30th in February), the report falls on the month's last day.
 * Two days of one kind that fall on the same date that way are one report.
 * A ledger and a list on the same date (Weihai's February) are two
 * different reports and are both produced that day; the list's "since the
 * previous list" still counts from the previous list day.
 *
 * Report days are calendar days, not working days: the seeds name dates, and
 * the snapshot is produced by the system whatever the day.
 */
export const REPORT_KINDS = ["LEDGER", "DEPARTMENT_LIST", "MONTHLY_STATISTICS"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  LEDGER: "监测户和即时帮扶人口管理台账",
  DEPARTMENT_LIST: "部门名单",
  MONTHLY_STATISTICS: "月统月报",
};

/**
 * What a stored report (report snapshot) is: a report of the calendar, or
 * the exit ledger (退出台账), produced on the ledger days with the ledger.
 */
export const SNAPSHOT_KINDS = [
  "LEDGER", "EXIT_LEDGER", "DEPARTMENT_LIST", "MONTHLY_SCREENING", "MONTHLY_STATISTICS", "POLICY_POPULATION", "ROLLED_BACK",
] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

export const SNAPSHOT_KIND_LABELS: Record<SnapshotKind, string> = {
  LEDGER: REPORT_KIND_LABELS.LEDGER,
  EXIT_LEDGER: "退出台账",
  DEPARTMENT_LIST: REPORT_KIND_LABELS.DEPARTMENT_LIST,
  /** The township's monthly screening report (detection/detection-rules.ts screeningReportDay). */
  MONTHLY_SCREENING: "月度监测筛查报告",
  /** The statistics of the district (statistics-schemas.ts), one sheet per chart, on the calendar's MONTHLY_STATISTICS days. */
  MONTHLY_STATISTICS: REPORT_KIND_LABELS.MONTHLY_STATISTICS,
  /** Weihai: the complete list of the policy population with the month's increments and decrements, on the list days. */
  POLICY_POPULATION: "享受政策人口名单及增减名单",
  /** The rolled-back 脱贫享受政策户 reported to the city (回退户名单), on the ledger days. */
  ROLLED_BACK: "回退户名单",
};

export type ReportCalendar = {
  name: string;
  /** Days of the month (1–31); a day past the month's end means its last day. */
  days: Record<ReportKind, readonly number[]>;
};

/** Weihai: ledger to the city on the 15th and 29th, lists to the departments on the 16th and 30th. */
export const WEIHAI_REPORT_CALENDAR: ReportCalendar = {
  name: "威海市：台账每月15日、29日报市，名单每月16日、30日推送部门（2月无29日、30日时为当月最后一日）；月统月报每月最后一日",
  days: { LEDGER: [15, 29], DEPARTMENT_LIST: [16, 30], MONTHLY_STATISTICS: [31] },
};

/** Linyi: the latest lists (and the ledger) on the 1st and 15th. */
export const LINYI_REPORT_CALENDAR: ReportCalendar = {
  name: "临沂市：每月1日、15日报送最新名单；月统月报每月最后一日",
  days: { LEDGER: [1, 15], DEPARTMENT_LIST: [1, 15], MONTHLY_STATISTICS: [31] },
};

/** Fuzhou (seed 003): townships report the month's screening, and the monthly statistics go up, on the 25th. */
export const FUZHOU_REPORT_CALENDAR: ReportCalendar = {
  name: "福州市：每月25日汇总上报（月统月报）",
  days: { LEDGER: [25], DEPARTMENT_LIST: [25], MONTHLY_STATISTICS: [25] },
};

/** The national model names no report days; a deployment on it reports the latest lists on the 1st and 15th until it sets its own. */
export const NATIONAL_REPORT_CALENDAR: ReportCalendar = {
  name: "每月1日、15日报送最新名单；月统月报每月最后一日",
  days: { LEDGER: [1, 15], DEPARTMENT_LIST: [1, 15], MONTHLY_STATISTICS: [31] },
};

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** The report days of one kind in a month (1–12), ascending, without duplicates. */
export function reportDaysInMonth(calendar: ReportCalendar, kind: ReportKind, year: number, month: number): IsoDate[] {
  const last = daysInMonth(year, month);
  const days = [...new Set(calendar.days[kind].map((d) => Math.min(d, last)))].sort((a, b) => a - b);
  return days.map((d) => iso(year, month, d));
}

export function isReportDay(calendar: ReportCalendar, kind: ReportKind, date: IsoDate): boolean {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return reportDaysInMonth(calendar, kind, y, m).includes(date);
}

/** Report days of a kind from `from` to `to`, both included, ascending. */
export function reportDaysBetween(calendar: ReportCalendar, kind: ReportKind, from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    for (const d of reportDaysInMonth(calendar, kind, y, m)) if (d >= from && d <= to) out.push(d);
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

/** The last report day of a kind strictly before `date`. */
export function previousReportDay(calendar: ReportCalendar, kind: ReportKind, date: IsoDate): IsoDate {
  let [y, m] = date.split("-").map(Number) as [number, number];
  for (let i = 0; i < 24; i++) {
    const before = reportDaysInMonth(calendar, kind, y, m).filter((d) => d < date);
    if (before.length) return before[before.length - 1]!;
    m--;
    if (m < 1) { m = 12; y--; }
  }
  throw new Error(`No ${kind} report day in the two years before ${date}: the report calendar is empty`);
}

/** The first report day of a kind on or after `date`. */
export function nextReportDay(calendar: ReportCalendar, kind: ReportKind, date: IsoDate): IsoDate {
  let [y, m] = date.split("-").map(Number) as [number, number];
  for (let i = 0; i < 24; i++) {
    const after = reportDaysInMonth(calendar, kind, y, m).filter((d) => d >= date);
    if (after.length) return after[0]!;
    m++;
    if (m > 12) { m = 1; y++; }
  }
  throw new Error(`No ${kind} report day in the two years after ${date}: the report calendar is empty`);
}

/**
 * The data date of the report sent on `reportDate`: the end of the day before
 * (截至前一日24时). A report produced in the first minute of its day must not
 * claim a day that has not happened yet, and a state at a past day's end can
 * be rebuilt identically from the audit trail at any later time.
 */
export function reportAsOf(reportDate: IsoDate): IsoDate {
  return addCalendarDays(reportDate, -1);
}

/**
 * The data date of the previous department list, for "additions and removals
 * since the previous list": the list day before the one the data of `asOf`
 * belongs to, i.e. the last list day P ≤ asOf, whose data date is P − 1.
 */
export function previousListAsOf(calendar: ReportCalendar, asOf: IsoDate): IsoDate {
  return reportAsOf(previousReportDay(calendar, "DEPARTMENT_LIST", addCalendarDays(asOf, 1)));
}

/**
 * The official Chinese working-day calendar (工作日历).
 *
 * Monday to Friday are working days and Saturday/Sunday rest days, except as
 * set by each year's State Council notice (《国务院办公厅关于X年部分节假日安排的
 * 通知》): holidays (放假) and weekend make-up working days (调休上班). The
 * notice cannot be computed, so the calendar is built from yearly data plus
 * administrators' overrides, and it knows which years it has data for.
 *
 * Dates are calendar dates `YYYY-MM-DD` without time or zone. Callers that
 * hold a clock turn it into a date with `todayInChina(now)`.
 *
 * Coverage: only years given as full `YearData` count as covered. An override
 * for a date in a year without data changes that date's status, but the year
 * stays uncovered (`known: false`, results `complete: false`): a single
 * correction says nothing about the rest of that year's notice, and the yearly
 * notice is the unit administrators must enter. For days in uncovered years
 * without an override, the calendar falls back to Monday–Friday.
 */

/** A calendar date `YYYY-MM-DD` (no time, no zone). */
export type IsoDate = string;

export interface NamedDate {
  date: IsoDate;
  /** Name of the holiday, e.g. "国庆节"; for a make-up workday the holiday it belongs to. */
  name: string;
}

/** One year's State Council schedule. */
export interface YearData {
  year: number;
  /** Days off that would otherwise be Monday–Friday, or that are part of a holiday stretch. */
  holidays: NamedDate[];
  /** Saturdays/Sundays that are working days (调休上班), named after their holiday. */
  makeUpWorkdays: NamedDate[];
}

/** An administrator's correction; beats the yearly data. Later overrides for the same date win. */
export interface CalendarOverride {
  date: IsoDate;
  isWorkingDay: boolean;
  /** Shown as the day's name, e.g. "春节（延长）"; without it see `dayInfo`. */
  name?: string;
}

export interface DayInfo {
  date: IsoDate;
  isWorkingDay: boolean;
  /**
   * Holiday name for a holiday ("国庆节"), `${holiday}调休上班` for a make-up
   * workday, an override's name; null for an ordinary working day or weekend.
   */
  name: string | null;
  /** True when the date's year has full data (see the coverage note above). */
  known: boolean;
}

export interface DateResult {
  date: IsoDate;
  /** False when any day the result depends on lies in a year without data. */
  complete: boolean;
}

export interface WorkingDayCount {
  /** See `workingDaysUntil`. */
  days: number;
  complete: boolean;
}

export interface PublicityRule {
  /**
   * Move an end that falls on a non-working day to the next working day
   * (civil code art. 203). A deployment setting; default false.
   */
  extendEndToWorkingDay?: boolean;
}

export interface PublicityPeriod {
  /** First day of the period: the day after posting. */
  startsOn: IsoDate;
  /** The period ends at the end of this day. */
  endsOn: IsoDate;
  /** False only when the end was checked against a year without data. */
  complete: boolean;
}

export interface WorkingDayCalendar {
  isWorkingDay(date: IsoDate): boolean;
  dayInfo(date: IsoDate): DayInfo;
  /** Years with full data, ascending. */
  coveredYears(): number[];
  isYearCovered(year: number): boolean;
  /**
   * The n-th working day after `from`; `from` itself is not counted ("within
   * 5 working days" of a start date ends at the end of the returned day).
   * n = 0 returns `from` unchanged (complete). n must be a non-negative integer.
   * `complete` is false when any day from `from`+1 to the result lies in a
   * year without data (those days follow Monday–Friday).
   */
  addWorkingDays(from: IsoDate, n: number): DateResult;
  /**
   * Signed working-day distance for queues. With W(x) = the number of working
   * days up to and including x, the distance is W(deadline) − W(today): the
   * working days in the half-open interval (earlier date, later date], i.e.
   * the earlier date is never counted and the later one only if it is a
   * working day.
   * - `0` exactly when `deadline === today` ("今日到期");
   * - deadline later: the working days in (today, deadline], at least 1
   *   ("剩余 N 个工作日"); 1 = the deadline is the next working day, also
   *   seen on a weekend or holiday (today itself is never counted);
   * - deadline earlier: minus the working days in (deadline, today], at
   *   least 1 ("逾期 N 个工作日"): the working days that have passed since
   *   the deadline, today included only if today is a working day. A deadline
   *   of Tue 2026-12-01 seen on Sun 2026-12-06 is −3 (12-02, 12-03, 12-04);
   *   seen on Mon 2026-12-07 it is −4. When no working day has passed yet
   *   (a Friday deadline seen on Saturday) it is −1: overdue is never 0,
   *   which means "due today".
   * `complete` is false when any day from the earlier to the later date lies
   * in a year without data.
   */
  workingDaysUntil(today: IsoDate, deadline: IsoDate): WorkingDayCount;
  /** First working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /** Last working day strictly before `date`. */
  previousWorkingDay(date: IsoDate): IsoDate;
  /**
   * Publicity of `days` calendar days posted on `postedOn` (P): runs P+1 …
   * P+days and ends at the end of P+days (the first day is not counted, civil
   * code art. 201). With `rule.extendEndToWorkingDay` an end on a non-working
   * day moves to the next working day (art. 203).
   */
  publicityPeriod(postedOn: IsoDate, days: number, rule?: PublicityRule): PublicityPeriod;
  /**
   * Years touched by today … today+horizonDays that have no data, ascending:
   * administrators should enter the next notice before these are reached.
   */
  yearsNeedingData(today: IsoDate, horizonDays: number): number[];
}

// ---------------------------------------------------------------------------
// Date arithmetic on day numbers (days since 1970-01-01), no time zones.

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): value is IsoDate {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function toDayNumber(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date YYYY-MM-DD: ${date}`);
  const d = new Date(0);
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round(d.getTime() / MS_PER_DAY);
}

function toIsoDate(dayNumber: number): IsoDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  const year = String(d.getUTCFullYear()).padStart(4, "0");
  const month = String(d.getUTCMonth() + 1).padStart(2, "0");
  const day = String(d.getUTCDate()).padStart(2, "0");
  return `${year}-${month}-${day}`;
}

function yearOf(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCFullYear();
}

/** 1970-01-01 was a Thursday; Monday = 1 … Sunday = 7. */
function isoWeekday(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

function isMondayToFriday(dayNumber: number): boolean {
  return isoWeekday(dayNumber) <= 5;
}

function requireInteger(value: number, what: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer ≥ ${min}, got ${value}`);
  }
}

/** `from` plus n calendar days (n may be negative). */
export function addCalendarDays(from: IsoDate, n: number): IsoDate {
  requireInteger(n, "n", Number.MIN_SAFE_INTEGER);
  return toIsoDate(toDayNumber(from) + n);
}

/** Signed calendar days from `from` to `to`: 0 on the same date, 1 the day after, −1 the day before. */
export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Offset of China Standard Time (Asia/Shanghai): UTC+8, no daylight saving time since 1991. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar date in China (UTC+8) at the instant `now`. */
export function todayInChina(now: Date): IsoDate {
  const t = now.getTime();
  if (Number.isNaN(t)) throw new RangeError("todayInChina: invalid Date");
  return new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------

interface DayEntry {
  isWorkingDay: boolean;
  name: string | null;
}

export function createWorkingDayCalendar(input: {
  years: readonly YearData[];
  overrides?: readonly CalendarOverride[];
}): WorkingDayCalendar {
  const covered = new Set<number>();
  const entries = new Map<number, DayEntry>();
  const fromData = new Map<number, boolean>();

  const putData = (date: IsoDate, isWorkingDay: boolean, name: string): void => {
    const day = toDayNumber(date);
    const earlier = fromData.get(day);
    if (earlier !== undefined && earlier !== isWorkingDay) {
      throw new Error(`Calendar data lists ${date} both as a holiday and as a make-up workday`);
    }
    fromData.set(day, isWorkingDay);
    entries.set(day, { isWorkingDay, name });
  };

  for (const year of input.years) {
    requireInteger(year.year, "year", 1);
    covered.add(year.year);
    for (const h of year.holidays) putData(h.date, false, h.name);
    for (const w of year.makeUpWorkdays) putData(w.date, true, `${w.name}调休上班`);
  }

  for (const o of input.overrides ?? []) {
    const day = toDayNumber(o.date);
    // Without a name: keep the data's name if the status agrees with it,
    // otherwise name the day only if it differs from the Monday–Friday rule.
    const data = entries.get(day);
    let name: string | null;
    if (o.name !== undefined) name = o.name;
    else if (data && data.isWorkingDay === o.isWorkingDay) name = data.name;
    else if (o.isWorkingDay === isMondayToFriday(day)) name = null;
    else name = o.isWorkingDay ? "调整上班" : "调整放假";
    entries.set(day, { isWorkingDay: o.isWorkingDay, name });
  }

  const sortedYears = [...covered].sort((a, b) => a - b);

  const working = (day: number): boolean => entries.get(day)?.isWorkingDay ?? isMondayToFriday(day);
  const known = (day: number): boolean => covered.has(yearOf(day));
  /** True when every day in [first, last] lies in a covered year. */
  const allKnown = (first: number, last: number): boolean => {
    for (let y = yearOf(first); y <= yearOf(last); y++) if (!covered.has(y)) return false;
    return true;
  };

  const nextWorking = (day: number): number => {
    let d = day + 1;
    while (!working(d)) d++;
    return d;
  };
  const previousWorking = (day: number): number => {
    let d = day - 1;
    while (!working(d)) d--;
    return d;
  };

  return {
    isWorkingDay: (date) => working(toDayNumber(date)),

    dayInfo(date) {
      const day = toDayNumber(date);
      const entry = entries.get(day);
      return {
        date: toIsoDate(day),
        isWorkingDay: entry?.isWorkingDay ?? isMondayToFriday(day),
        name: entry?.name ?? null,
        known: known(day),
      };
    },

    coveredYears: () => [...sortedYears],
    isYearCovered: (year) => covered.has(year),

    addWorkingDays(from, n) {
      requireInteger(n, "n", 0);
      const start = toDayNumber(from);
      let day = start;
      for (let left = n; left > 0; left--) day = nextWorking(day);
      return { date: toIsoDate(day), complete: n === 0 || allKnown(start + 1, day) };
    },

    workingDaysUntil(today, deadline) {
      const t = toDayNumber(today);
      const d = toDayNumber(deadline);
      if (t === d) return { days: 0, complete: known(t) };
      let count = 0;
      if (d > t) {
        for (let day = t + 1; day <= d; day++) if (working(day)) count++;
        return { days: Math.max(1, count), complete: allKnown(t, d) };
      }
      for (let day = d + 1; day <= t; day++) if (working(day)) count++;
      return { days: -Math.max(1, count), complete: allKnown(d, t) };
    },

    nextWorkingDay: (date) => toIsoDate(nextWorking(toDayNumber(date))),
    previousWorkingDay: (date) => toIsoDate(previousWorking(toDayNumber(date))),

    publicityPeriod(postedOn, days, rule = {}) {
      requireInteger(days, "days", 1);
      const posted = toDayNumber(postedOn);
      const end = posted + days;
      if (!rule.extendEndToWorkingDay || working(end)) {
        return {
          startsOn: toIsoDate(posted + 1),
          endsOn: toIsoDate(end),
          complete: !rule.extendEndToWorkingDay || known(end),
        };
      }
      const extended = nextWorking(end);
      return {
        startsOn: toIsoDate(posted + 1),
        endsOn: toIsoDate(extended),
        complete: allKnown(end, extended),
      };
    },

    yearsNeedingData(today, horizonDays) {
      requireInteger(horizonDays, "horizonDays", 0);
      const first = toDayNumber(today);
      const missing: number[] = [];
      for (let y = yearOf(first); y <= yearOf(first + horizonDays); y++) {
        if (!covered.has(y)) missing.push(y);
      }
      return missing;
    },
  };
}

/** What a day of the month calendar shows. Pure, for the calendar cells (and their tests). */

export type DayKind = "holiday" | "makeUp" | "weekend" | "workday";

export type DayStatus = {
  kind: DayKind;
  /** "休" for a holiday, "班" for a make-up working day, nothing otherwise. */
  badge: "休" | "班" | null;
  /** The holiday's name ("国庆节", "春节调休上班", an administrator's name); null for an ordinary day. */
  name: string | null;
  /** For screen readers and the cell's tooltip: "2027-01-01 放假：元旦（管理员调整）". */
  description: string;
};

type Day = { date: string; isWorkingDay: boolean; name: string | null; known: boolean };

/** 0 = Sunday … 6 = Saturday, of a YYYY-MM-DD date (no time zone involved). */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function dayStatus(day: Day, override: { isWorkingDay: boolean; name: string | null } | undefined): DayStatus {
  const weekend = [0, 6].includes(weekdayOf(day.date));
  let kind: DayKind;
  if (day.isWorkingDay) kind = weekend ? "makeUp" : "workday";
  // A named day off is a holiday even on a weekend (weekend days inside a holiday stretch); so is any weekday off.
  else kind = !weekend || day.name || override ? "holiday" : "weekend";
  const badge = kind === "holiday" ? "休" : kind === "makeUp" ? "班" : null;
  const name = day.name ?? override?.name ?? null;

  const state = day.isWorkingDay ? (kind === "makeUp" ? "调休上班" : "工作日") : kind === "holiday" ? "放假" : "休息日";
  const parts = [`${day.date} ${state}${name ? `：${name}` : ""}`];
  if (override) parts.push("（管理员调整）");
  if (!day.known) parts.push("（该年节假日未录入，按周一至周五）");
  return { kind, badge, name, description: parts.join("") };
}

/** [2004, 2005, …, 2026] → "2004–2026"; gaps become separate ranges joined by "、". */
export function yearRanges(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join("、");
}

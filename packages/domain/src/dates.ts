import { z } from "zod";

/**
 * Date fields: what to say when one is missing, mistyped or out of range.
 * The schemas, the procedure engine and the SPA's date fields all word
 * these the same way, so an official reads one message wherever the date
 * is checked.
 */

/** "请选择入户日期" */
export function missingDateMessage(what: string): string {
  return `请选择${what}`;
}

/** The years any date of this work can fall in (PostgreSQL has no year 0; nothing here predates 1900). */
export const DATE_YEARS = { min: 1900, max: 2100 } as const;

/**
 * A required calendar date (YYYY-MM-DD): a missing one asks to be chosen,
 * a mistyped one says the format, a year outside DATE_YEARS says so.
 */
export function zDate(what: string) {
  return z.iso
    .date({
      error: (issue) => (issue.input === undefined || issue.input === null || issue.input === "" ? missingDateMessage(what) : `${what}格式应为 YYYY-MM-DD`),
    })
    .refine((d) => {
      // A mistyped date has had its message already: one message per mistake.
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return true;
      const year = Number(d.slice(0, 4));
      return year >= DATE_YEARS.min && year <= DATE_YEARS.max;
    }, `${what}应在 ${DATE_YEARS.min}–${DATE_YEARS.max} 年之间`);
}

/** One end of a date's allowed range; `label` says what that day is ("审核通过日期", "今天"). */
export type DateBound = { date: string; label: string };
export type DateRange = { min?: DateBound | null; max?: DateBound | null };

/** Whichever bound is later (or earlier) wins: a date must satisfy both. */
export function laterBound(a: DateBound | null | undefined, b: DateBound | null | undefined): DateBound | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return b.date > a.date ? b : a;
}

/**
 * Why a date is not allowed, or null when it is: "入户日期不能晚于今天",
 * "张贴日期不能早于报送公示的日期（2026-11-20）". Dates compare as text
 * (YYYY-MM-DD orders like the calendar).
 */
export function dateOutOfRange(date: string, what: string, range: DateRange): string | null {
  const { min, max } = range;
  if (max && date > max.date) return max.label === "今天" ? `${what}不能晚于今天` : `${what}不能晚于${max.label}（${max.date}）`;
  if (min && date < min.date) return min.label === "今天" ? `${what}不能早于今天` : `${what}不能早于${min.label}（${min.date}）`;
  return null;
}

/** The bound "today" (the server's or the browser's calendar day). */
export function todayBound(today: string): DateBound {
  return { date: today, label: "今天" };
}

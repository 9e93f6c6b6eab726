import { dateOutOfRange, todayBound, type DateRange } from "../dates.ts";
import type { CaseAction } from "./actions.ts";

/**
 * The dates the procedures' records carry, what each is called and the days
 * it may fall on. The engine refuses a date outside its range with this
 * message, and the SPA's date field says the same while the user types.
 */
export type RecordDateFacts = {
  today: string;
  /** The day the lead was received (the case's first day). */
  openedOn: string;
  /** The day the case entered its current stage (for a notice: the day it was sent to publicity). */
  stageStartedOn: string;
  publicity: { postedOn: string; endsOn: string } | null;
};

export type RecordDate = { field: string; what: string; range: (facts: RecordDateFacts) => DateRange };

const sinceLead = (f: RecordDateFacts): DateRange => ({ min: { date: f.openedOn, label: "线索接收日期" }, max: todayBound(f.today) });

export const RECORD_DATES: Partial<Record<CaseAction, RecordDate>> = {
  RECORD_CONSENT: { field: "signedOn", what: "签署日期", range: sinceLead },
  RECORD_VERIFICATION: { field: "visitedOn", what: "入户日期", range: sinceLead },
  RECORD_APPRAISAL: { field: "heldOn", what: "评议日期", range: sinceLead },
  RECORD_ASSESSMENT: { field: "visitedOn", what: "入户日期", range: sinceLead },
  POST_PUBLICITY: {
    field: "postedOn",
    what: "公示张贴日期",
    range: (f) => ({ min: { date: f.stageStartedOn, label: "报送公示的日期" }, max: todayBound(f.today) }),
  },
  RAISE_OBJECTION: {
    field: "receivedOn",
    what: "异议受理日期",
    range: (f) => ({
      min: f.publicity ? { date: f.publicity.postedOn, label: "公示张贴日期" } : null,
      max: f.publicity && f.publicity.endsOn < f.today ? { date: f.publicity.endsOn, label: "公示期末日" } : todayBound(f.today),
    }),
  },
  ASSIST_FIRST: { field: "meetingOn", what: "会议日期", range: (f) => ({ max: todayBound(f.today) }) },
};

/** The lead's date: not in the future, and not more than a year back (an old date is usually a typing slip). */
export function leadDateRange(today: string): DateRange {
  return { min: { date: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, label: "一年前的今天" }, max: todayBound(today) };
}
export const LEAD_DATE = { field: "receivedOn", what: "线索接收日期" } as const;

/** Why the record's date is refused, with its field, or null. */
export function recordDateProblem(action: CaseAction, record: unknown, facts: RecordDateFacts): { field: string; message: string } | null {
  const spec = RECORD_DATES[action];
  const date = spec && typeof record === "object" && record !== null ? (record as Record<string, unknown>)[spec.field] : undefined;
  if (!spec || typeof date !== "string") return null;
  const message = dateOutOfRange(date, spec.what, spec.range(facts));
  return message ? { field: spec.field, message } : null;
}

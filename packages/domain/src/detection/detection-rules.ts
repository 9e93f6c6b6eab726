import type { DeadlineRule } from "../procedures/procedure.ts";

/**
 * Detection rules (DOMAIN.md "Detection in detail"): how leads are handed to
 * townships and verified, when leads merge, the township's monthly screening
 * report day, and the early-warning thresholds per year. Rule data of the
 * deployment (LocalRules.detection); the engine and the SQL read them, never
 * a constant of their own.
 */
export type EarlyWarningThresholds = {
  /** The income year these thresholds judge (a household's income of that year). */
  year: number;
  /** INCOME_BELOW_LINE: per-capita net income below the monitoring line of the year times this factor (1 = the line itself). */
  incomeLineFactor: number;
  /** RIGID_EXPENSE: medical + education + disaster spending of the year above this share of the previous year's net income (1.0 = more than the whole income). */
  rigidExpenseShareOfIncome: number;
  /** INCOME_DROP: net income down by at least this percentage against the previous year. */
  incomeDropPercent: number;
};

export type DetectionRules = {
  /** Leads gathered on a day are handed to the township on the next working day (日汇总). */
  handOver: "NEXT_WORKING_DAY";
  /** The township verifies a lead within this, counted from the day it was handed over (周核实: within the week). */
  verifyWithin: DeadlineRule;
  /** A clue on the same household, ID number or phone merges into an open lead whose last clue is at most this many calendar days old. */
  mergeWithinDays: number;
  /** The township's monthly screening report (月度筛查报告) is produced on this day of the month (the 25th in Fuzhou; a day past the month's end is its last day). */
  screeningReportDay: number;
  /** Early-warning thresholds, one entry per income year; the latest entry not after a year applies to it. */
  earlyWarnings: readonly EarlyWarningThresholds[];
};

const WORKING_WEEK: DeadlineRule = { days: 5, unit: "WORKING_DAYS", from: "STAGE_START" };

/** Fuzhou (seed 003): 日汇总、周核实, the township's screening result on the 25th. The other rule sets use the same as their default. */
export const DEFAULT_DETECTION_RULES: DetectionRules = {
  handOver: "NEXT_WORKING_DAY",
  verifyWithin: WORKING_WEEK,
  mergeWithinDays: 30,
  screeningReportDay: 25,
  earlyWarnings: [{ year: 2020, incomeLineFactor: 1, rigidExpenseShareOfIncome: 1, incomeDropPercent: 30 }],
};

/** The thresholds that apply to an income year: the latest entry whose year is not after it (undefined: none yet). */
export function earlyWarningThresholdsFor(rules: DetectionRules, year: number): EarlyWarningThresholds | undefined {
  let best: EarlyWarningThresholds | undefined;
  for (const t of rules.earlyWarnings) if (t.year <= year && (!best || t.year > best.year)) best = t;
  return best;
}

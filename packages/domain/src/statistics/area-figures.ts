// Turning the statistics refresh's aggregate rows into each area's figures (ZAreaFigures). Pure: the SQL
// (apps/api/src/modules/statistics/statistics.repository.ts) has already counted and rolled the rows up to every
// area's code prefix; this file names, orders and divides them, so the arithmetic is unit-tested here.
import { addCalendarDays, type IsoDate } from "../calendar/working-days.ts";
import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORIES, HOUSEHOLD_CATEGORY_LABELS, MONITORING_TYPE_LABELS, type Designation, type MonitoringType } from "../categories.ts";
import { RISK_CAUSE } from "../collection-form.ts";
import { EARLY_WARNING_RULES } from "../detection/early-warning-rules.ts";
import { CLUE_SOURCES } from "../detection/lead-schemas.ts";
import { procedureIn, ruleSet, type LocalRules } from "../procedures/rules.ts";
import { CASE_STAGE_LABELS, CASE_STAGES, type CaseStage } from "../procedures/stages.ts";
import { emptyFigures, type AreaFigures } from "./statistics-schemas.ts";

/** Households designated before the system recorded the designating case (no open period's start case). */
export const PRE_SYSTEM_PROCEDURE = "PRE_SYSTEM";
export const PRE_SYSTEM_PROCEDURE_LABEL = "（系统启用前认定）";

/** Rows of the refresh, each already summed for one area code prefix (`prefix`). */
export type FigureRows = {
  households: { prefix: string; category: string; designation: string | null; monitoringType: string | null; households: number; people: number }[];
  riskCauses: { prefix: string; cause: string; households: number }[];
  procedures: { prefix: string; procedure: string | null; ruleSet: string | null; households: number }[];
  clues: { prefix: string; source: string; clues: number }[];
  leads: { prefix: string; source: string; state: string; leads: number }[];
  warnings: { prefix: string; rule: string; active: number; raised: number }[];
  trend: { prefix: string; month: string; identified: number; eliminated: number }[];
  cases: { prefix: string; open: number; overdue: number }[];
  /** Steps taken: `measured` of the `actions` have a known duration, `workingDays` is their sum. */
  compliance: { prefix: string; stage: string; actions: number; onTime: number; measured: number; workingDays: number }[];
  /** `expectedLastMonth`: files open now that were open before this month began (the share's denominator). */
  visits: { prefix: string; assisted: number; expectedLastMonth: number; visitedThisMonth: number; visitedLastMonth: number; overdue: number }[];
};

const shareOf = (n: number, d: number): number | null => (d === 0 ? null : n / d);
/** Average working days, to one decimal (what the screen and the sheet show). */
export const averageDays = (sum: number, count: number): number | null => (count === 0 ? null : Math.round((sum / count) * 10) / 10);

/** Working days taken from a step's start to its action: the working days in (start, action] (the start day is not counted, as in a deadline). */
export type CumulativeWorkingDays = { from: IsoDate; counts: number[] };

/**
 * W(d): working days from `from` up to and including d, for every day from `from` to `to`; the days taken between
 * two dates in the range are W(action) − W(start). The refresh hands these to SQL as an array.
 */
export function cumulativeWorkingDays(isWorkingDay: (d: IsoDate) => boolean, from: IsoDate, to: IsoDate): CumulativeWorkingDays {
  const counts: number[] = [];
  let n = 0;
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(d)) n++;
    counts.push(n);
  }
  return { from, counts };
}

/** Working days in (start, end] by a per-day loop: the definition cumulativeWorkingDays must agree with (tests use it). */
export function workingDaysTaken(isWorkingDay: (d: IsoDate) => boolean, start: IsoDate, end: IsoDate): number {
  let n = 0;
  for (let d = addCalendarDays(start, 1); d <= end; d = addCalendarDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

function groupBy<T extends { prefix: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.prefix);
    if (list) list.push(r);
    else out.set(r.prefix, [r]);
  }
  return out;
}

const orderOf = (codes: readonly string[]) => (code: string | null) => {
  const i = code === null ? -1 : codes.indexOf(code);
  return i < 0 ? codes.length : i;
};
const DESIGNATION_ORDER = ["MONITORED", "INSTANT_ASSISTANCE", "MONITORING_TARGET"];
const TYPE_ORDER = Object.keys(MONITORING_TYPE_LABELS);

/** The label of what a household is designated as: its monitoring type for a 监测对象, else its designation. */
export function designationLabel(designation: string, monitoringType: string | null): string {
  if (monitoringType && designation === "MONITORING_TARGET") return MONITORING_TYPE_LABELS[monitoringType as MonitoringType] ?? monitoringType;
  return DESIGNATION_LABELS[designation as Designation] ?? designation;
}

/** A procedure's name: in the rule set its case started under, else in the deployment's. */
export function procedureLabel(kind: string | null, caseRuleSet: string | null, rules: LocalRules): string {
  if (kind === null || kind === PRE_SYSTEM_PROCEDURE) return PRE_SYSTEM_PROCEDURE_LABEL;
  const set = (caseRuleSet && ruleSet(caseRuleSet)) || rules;
  return procedureIn(set, kind)?.label ?? procedureIn(rules, kind)?.label ?? kind;
}

/**
 * The figures of every prefix named in `prefixes` (areas with no rows get emptyFigures). `months`: trendMonths(today).
 */
export function buildAreaFigures(prefixes: readonly string[], rows: FigureRows, months: readonly string[], rules: LocalRules): Map<string, AreaFigures> {
  const by = {
    households: groupBy(rows.households), riskCauses: groupBy(rows.riskCauses), procedures: groupBy(rows.procedures), clues: groupBy(rows.clues),
    leads: groupBy(rows.leads), warnings: groupBy(rows.warnings), trend: groupBy(rows.trend), cases: groupBy(rows.cases),
    compliance: groupBy(rows.compliance), visits: groupBy(rows.visits),
  };
  const out = new Map<string, AreaFigures>();
  for (const prefix of prefixes) {
    const f = emptyFigures(months);
    const households = by.households.get(prefix) ?? [];
    for (const r of households) {
      f.totals.households += r.households;
      f.totals.people += r.people;
      if (r.designation) {
        f.totals.designatedHouseholds += r.households;
        f.totals.designatedPeople += r.people;
      }
    }
    f.householdsByCategory = HOUSEHOLD_CATEGORIES.map((category) => {
      const of = households.filter((r) => r.category === category);
      return {
        category, label: HOUSEHOLD_CATEGORY_LABELS[category],
        households: of.reduce((n, r) => n + r.households, 0), people: of.reduce((n, r) => n + r.people, 0),
      };
    });
    const designated = new Map<string, AreaFigures["designatedByMonitoringType"][number]>();
    for (const r of households) {
      if (!r.designation) continue;
      const type = r.designation === "MONITORING_TARGET" ? r.monitoringType : null;
      const key = `${r.designation}|${type ?? ""}`;
      const row = designated.get(key) ?? { designation: r.designation, monitoringType: type, label: designationLabel(r.designation, type), households: 0, people: 0 };
      row.households += r.households;
      row.people += r.people;
      designated.set(key, row);
    }
    const dOrder = orderOf(DESIGNATION_ORDER);
    const tOrder = orderOf(TYPE_ORDER);
    f.designatedByMonitoringType = [...designated.values()].sort((a, b) => dOrder(a.designation) - dOrder(b.designation) || tOrder(a.monitoringType) - tOrder(b.monitoringType));

    const procedures = new Map<string, { procedure: string; label: string; households: number }>();
    for (const r of by.procedures.get(prefix) ?? []) {
      const procedure = r.procedure ?? PRE_SYSTEM_PROCEDURE;
      const row = procedures.get(procedure) ?? { procedure, label: procedureLabel(r.procedure, r.ruleSet, rules), households: 0 };
      row.households += r.households;
      procedures.set(procedure, row);
    }
    f.designatedByProcedure = [...procedures.values()].sort((a, b) => b.households - a.households || a.procedure.localeCompare(b.procedure));

    const causeOrder = orderOf(RISK_CAUSE.codes);
    f.byRiskCause = (by.riskCauses.get(prefix) ?? [])
      .map((r) => ({ cause: r.cause, label: (RISK_CAUSE.labels as Record<string, string>)[r.cause] ?? r.cause, households: r.households }))
      .sort((a, b) => causeOrder(a.cause) - causeOrder(b.cause));

    const sources = new Map<string, AreaFigures["leadsBySource"][number]>();
    const source = (code: string) => {
      let row = sources.get(code);
      if (!row) {
        row = { source: code, label: (CLUE_SOURCES as Record<string, string>)[code] ?? code, clues: 0, leads: 0, open: 0, caseOpened: 0, dismissed: 0 };
        sources.set(code, row);
      }
      return row;
    };
    for (const r of by.clues.get(prefix) ?? []) source(r.source).clues += r.clues;
    for (const r of by.leads.get(prefix) ?? []) {
      const row = source(r.source);
      row.leads += r.leads;
      if (r.state === "OPEN") row.open += r.leads;
      else if (r.state === "CASE_OPENED") row.caseOpened += r.leads;
      else if (r.state === "DISMISSED") row.dismissed += r.leads;
    }
    const sourceOrder = orderOf(Object.keys(CLUE_SOURCES));
    f.leadsBySource = [...sources.values()].sort((a, b) => sourceOrder(a.source) - sourceOrder(b.source));

    const ruleOrder = orderOf(Object.keys(EARLY_WARNING_RULES));
    f.warningsByRule = (by.warnings.get(prefix) ?? [])
      .map((r) => ({ rule: r.rule, label: (EARLY_WARNING_RULES as Record<string, string>)[r.rule] ?? r.rule, active: r.active, raised: r.raised }))
      .sort((a, b) => ruleOrder(a.rule) - ruleOrder(b.rule));

    for (const r of by.trend.get(prefix) ?? []) {
      const m = f.trend.find((t) => t.month === r.month);
      if (m) {
        m.identified += r.identified;
        m.eliminated += r.eliminated;
      }
    }
    for (const r of by.cases.get(prefix) ?? []) {
      f.totals.openCases += r.open;
      f.totals.overdueCases += r.overdue;
    }

    const stageOrder = orderOf(CASE_STAGES);
    let actions = 0, onTime = 0, measured = 0, workingDays = 0;
    f.complianceBySteps = (by.compliance.get(prefix) ?? [])
      .sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage))
      .map((r) => {
        actions += r.actions;
        onTime += r.onTime;
        measured += r.measured;
        workingDays += r.workingDays;
        return {
          stage: r.stage, label: CASE_STAGE_LABELS[r.stage as CaseStage] ?? r.stage, actions: r.actions, onTime: r.onTime,
          onTimeShare: shareOf(r.onTime, r.actions), avgWorkingDays: averageDays(r.workingDays, r.measured),
        };
      });
    f.compliance = { actions, onTime, onTimeShare: shareOf(onTime, actions), avgWorkingDays: averageDays(workingDays, measured) };

    let expected = 0;
    for (const r of by.visits.get(prefix) ?? []) {
      f.visits.assisted += r.assisted;
      f.visits.visitedThisMonth += r.visitedThisMonth;
      f.visits.visitedLastMonth += r.visitedLastMonth;
      f.visits.overdue += r.overdue;
      expected += r.expectedLastMonth;
    }
    f.visits.lastMonthShare = shareOf(f.visits.visitedLastMonth, expected);

    f.monitoringRate = { monitoredPeople: f.totals.designatedPeople, registeredPeople: f.totals.people, rate: shareOf(f.totals.designatedPeople, f.totals.people) };
    out.set(prefix, f);
  }
  return out;
}

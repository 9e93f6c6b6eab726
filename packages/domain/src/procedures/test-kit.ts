import type { Designation, HouseholdCategory } from "../categories.ts";
import { CASE_ACTIONS, type Actor, type CaseAction } from "./actions.ts";
import type { CalendarPort, IsoDate } from "./calendar-port.ts";
import { decideAction, openCase, type CaseRuleViolation, type CaseState, type Decision } from "./engine.ts";
import { ZLeadRecord } from "./records.ts";
import type { LocalRules } from "./rules.ts";

/**
 * Helpers for the procedure tests (not used by production code). Records go
 * through the action's zod schema before the engine sees them, so the tests
 * also prove the schemas accept what the engine needs.
 */

/** Monday–Friday only: for tests where the official calendar is irrelevant. */
export const weekdays: CalendarPort = {
  addWorkingDays(from, n) {
    const d = new Date(`${from}T00:00:00Z`);
    while (n > 0) {
      d.setUTCDate(d.getUTCDate() + 1);
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) n--;
    }
    return { date: d.toISOString().slice(0, 10), complete: true };
  },
  publicityPeriod(postedOn, days) {
    const add = (k: number) => {
      const d = new Date(`${postedOn}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + k);
      return d.toISOString().slice(0, 10);
    };
    return { startsOn: add(1), endsOn: add(days) };
  },
};

export type Household = { category: HouseholdCategory; designation: Designation | null; villageCode: string };
export const VILLAGE = "371002001001";
export const household = (category: HouseholdCategory, designation: Designation | null = null): Household => ({
  category, designation, villageCode: VILLAGE,
});

/** Parses a record with the action's schema; throws with the zod message when the schema refuses it. */
export function parseRecord(action: CaseAction, record: unknown): unknown {
  const schema = CASE_ACTIONS[action].record;
  if (!schema) return record;
  const r = schema.safeParse(record);
  if (!r.success) throw new Error(`${action} record refused by its schema: ${r.error.issues.map((i) => i.message).join("; ")}`);
  return r.data;
}

export const lead = (receivedOn: IsoDate) =>
  ZLeadRecord.parse({ source: "DAILY_VISIT", receivedOn, riskCauses: ["SERIOUS_ILLNESS"], description: "户主突发重病" });

export type Tracked = CaseState & { last?: Decision };

export function open(rules: LocalRules, kind: string, h: Household, receivedOn: IsoDate, calendar: CalendarPort = weekdays): Tracked {
  const r = openCase(kind, h, lead(receivedOn), "VILLAGE_CADRE", { rules, calendar, today: receivedOn });
  if (!r.ok) throw new Error(`open ${kind}: ${r.violation.code} ${r.violation.message}`);
  const { deadline: _deadline, ...state } = r.value;
  return state;
}

/** A case walker bound to a rule set and calendar. */
export function walker(rules: LocalRules, calendar: CalendarPort = weekdays) {
  const env = (today: IsoDate) => ({ rules, calendar, today });
  /** Applies an action that must be allowed (record parsed by its schema) and returns the new state. */
  function act(state: CaseState, action: CaseAction, role: Actor, record: unknown, today: IsoDate): Tracked {
    const r = decideAction(state, action, role, parseRecord(action, record), env(today));
    if (!r.ok) throw new Error(`${action} by ${role} in ${state.stage}: ${r.violation.code} ${r.violation.message}`);
    const d = r.value;
    return {
      ...state, stage: d.toStage, stageStartedOn: d.stageStartedOn, stageDeadline: d.stageDeadline?.date ?? null, roundRecords: d.roundRecords,
      publicity: d.publicity, assistFirst: d.assistFirst, returnCount: d.returnCount, monitoringType: d.monitoringType, last: d,
    };
  }
  /** An action the engine must refuse (the record still passes its schema unless `raw`). */
  function refused(state: CaseState, action: CaseAction, role: Actor, record: unknown, today: IsoDate, raw = false): CaseRuleViolation {
    const r = decideAction(state, action, role, raw ? record : parseRecord(action, record), env(today));
    if (r.ok) throw new Error(`${action} by ${role} in ${state.stage} should have been refused`);
    return r.violation;
  }
  return { act, refused, env, open: (kind: string, h: Household, receivedOn: IsoDate) => open(rules, kind, h, receivedOn, calendar) };
}

// Records, valid under their schemas.
export const verification = (visitedOn: IsoDate, extra: Record<string, unknown> = {}) => ({
  visitedOn, verifiers: ["李专干", "陈书记"], findings: "风险属实", riskConfirmed: true, ...extra,
});
export const appraisal = (heldOn: IsoDate, extra: Record<string, unknown> = {}) => ({
  heldOn, participants: 15, votesFor: 13, votesAgainst: 1, passed: true, minutesSummary: "同意", ...extra,
});
export const consent = (signedOn: IsoDate) => ({ signedOn, signedBy: "王大山" });
export const publicity = (postedOn: IsoDate) => ({ postedOn, place: "村委会公示栏" });
export const objection = (receivedOn: IsoDate) => ({ receivedOn, content: "群众反映该户有小轿车" });
export const decision = (d: "DISMISS" | "UPHOLD_AND_CLOSE" | "UPHOLD_AND_RETURN") => ({ decision: d, handling: "经调查核实" });
export const assist = (meetingOn: IsoDate) => ({ meetingOn, minutesSummary: "镇级会议研究同意", measures: "临时救助 2000 元" });
export const withdrawalRecord = { reason: "农户申请撤回" };
export const returnRecord = { reason: "收入数据有误" };
export const rejectRecord = { reason: "不符合条件" };

/** Every cross-check CLEAR and every exclusion answered "does not apply". */
export function allClear(rules: LocalRules) {
  return {
    crossChecks: Object.fromEntries(Object.keys(rules.crossChecks).map((k) => [k, { result: "CLEAR" }])),
    exclusions: Object.fromEntries(Object.keys(rules.exclusions).map((k) => [k, false])),
  };
}

/** A favourable risk-elimination assessment; `income`/`criteria` override parts. */
export const assessment = (visitedOn: IsoDate, extra: Record<string, unknown> = {}) => ({
  visitedOn,
  verifiers: ["李专干", "陈书记"],
  income: { year: 2026, perCapitaYuan: 12000, stableMonths: 8 },
  rigidExpensesResolved: { met: true },
  basicNeedsSecured: { met: true },
  originalRiskGone: { met: true },
  noNewRisk: { met: true },
  noLabourCapacityCoveredBySocialSecurity: false,
  findings: "两人入户核实，各项条件均已满足",
  ...extra,
});

export const ALL_ACTORS: readonly Actor[] = ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN", "SYSTEM"];

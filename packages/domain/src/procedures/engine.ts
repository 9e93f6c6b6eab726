import { MONITORING_TYPE_LABELS, type Designation, type HouseholdCategory, type MonitoringType } from "../categories.ts";
import { OPEN_CASE_ROLES, CASE_ACTIONS, type Actor, type CaseAction, type Transition } from "./actions.ts";
import type { CalendarPort, IsoDate } from "./calendar-port.ts";
import { dateOutOfRange } from "../dates.ts";
import { LEAD_DATE, leadDateRange, recordDateProblem } from "./record-dates.ts";
import {
  RECORD_KIND_LABELS, stageLabelIn, stepOf, type DayUnit, type DeadlineRule, type Procedure, type ProcedureKind, type RecordKind,
} from "./procedure.ts";
import type {
  AppraisalRecord, AssessmentRecord, ConsentRecord, LeadRecord, ObjectionDecisionRecord, PublicityRecord,
  VerificationRecord,
} from "./records.ts";
import { appliesTo, monitoringLineFor, procedureIn, type LocalRulePreset, type LocalRules } from "./rules.ts";
import { CASE_STAGE_LABELS, isTerminal, type CaseStage } from "./stages.ts";
import { NO_TRACKED_FACTS, trackedCriteria, type TrackedFacts } from "../assistance/conditions.ts";

/**
 * Records of the township's round. A case returned to its first step keeps
 * them: the township corrects what the return names (recording a record again
 * replaces it) rather than redoing the round from nothing.
 */
export type RoundRecords = {
  consent: ConsentRecord | null;
  verification: VerificationRecord | null;
  appraisal: AppraisalRecord | null;
  assessment: AssessmentRecord | null;
};
export const EMPTY_ROUND: RoundRecords = { consent: null, verification: null, appraisal: null, assessment: null };

/** What the engine needs to know about a case to decide an action. */
export type CaseState = {
  procedure: ProcedureKind;
  /** The rule set the case started under: it follows that rule set's procedure to its end. */
  ruleSet: LocalRulePreset;
  stage: CaseStage;
  /** The first clue's date: limits "from the first clue" count from it. */
  firstClueOn: IsoDate;
  openedOn: IsoDate;
  stageStartedOn: IsoDate;
  stageDeadline: IsoDate | null;
  roundRecords: RoundRecords;
  publicity: { postedOn: IsoDate; startsOn: IsoDate; endsOn: IsoDate } | null;
  assistFirst: boolean;
  returnCount: number;
  monitoringType: MonitoringType | null;
  /** The household's village: the monitoring line may differ by area. */
  villageCode: string;
  /**
   * What is tracked of the household (assistance/conditions.ts): where data
   * exist they decide risk elimination's criteria instead of the typed-in
   * assessment. Absent: the assessment alone decides.
   */
  tracked?: TrackedFacts | null;
};

export type Deadline = { date: IsoDate; complete: boolean };

/** What completing the procedure does to the household. */
export type HouseholdChange =
  | { type: "DESIGNATE"; designation: Designation; monitoringType: MonitoringType | null }
  | { type: "CHANGE_CATEGORY"; category: HouseholdCategory }
  | { type: "END_DESIGNATION"; reason: string };

/** The outcome of an allowed action: the new state and what else must change with it. */
export type Decision = {
  toStage: CaseStage;
  /** A new stage starts (or the first step's clock starts anew): new start and deadline. */
  stageStarted: boolean;
  stageStartedOn: IsoDate;
  stageDeadline: Deadline | null;
  /** Whether the stage that ends was finished by its deadline (null: the action does not end a stage). */
  metDeadline: boolean | null;
  roundRecords: RoundRecords;
  publicity: CaseState["publicity"];
  assistFirst: boolean;
  returnCount: number;
  monitoringType: MonitoringType | null;
  /** Set when the procedure completes: what happens to the household. */
  householdChange: HouseholdChange | null;
};

export type CaseRuleViolation = {
  code:
    | "CASE_CLOSED" | "ACTION_NOT_IN_PROCEDURE" | "WRONG_STAGE" | "ROLE_NOT_ALLOWED" | "MISSING_RECORDS" | "RECORD_NOT_FAVOURABLE"
    | "CRITERIA_NOT_MET" | "CHECKS_INCOMPLETE" | "EXCLUSION_APPLIES" | "DATE_OUT_OF_RANGE" | "PUBLICITY_NOT_OVER" | "ALREADY_FLAGGED"
    | "PROCEDURE_NOT_APPLICABLE" | "UNKNOWN_PROCEDURE" | "INVALID_MONITORING_TYPE";
  message: string;
  /** Dotted path of the record field at fault, when there is one. */
  path?: string;
};

export type Outcome<T> = { ok: true; value: T } | { ok: false; violation: CaseRuleViolation };

const fail = (code: CaseRuleViolation["code"], message: string, path?: string): { ok: false; violation: CaseRuleViolation } => ({
  ok: false, violation: { code, message, ...(path ? { path } : {}) },
});

/** `rules`: the rule set the case runs under (the deployment's for a new case). */
export type Env = { rules: LocalRules; calendar: CalendarPort; today: IsoDate };

function procedureOf(state: Pick<CaseState, "procedure">, rules: LocalRules): Procedure {
  const procedure = procedureIn(rules, state.procedure);
  // A stored case names a procedure of its own rule set; anything else is a programming error.
  if (!procedure) throw new Error(`Rule set ${rules.preset} has no procedure ${state.procedure}`);
  return procedure;
}

function applyRule(rule: DeadlineRule, startedOn: IsoDate, firstClueOn: IsoDate, calendar: CalendarPort): Deadline {
  const from = rule.from === "FIRST_CLUE" ? firstClueOn : startedOn;
  return rule.unit === "WORKING_DAYS" ? calendar.addWorkingDays(from, rule.days) : { date: addDays(from, rule.days), complete: true };
}

/**
 * Deadline of a stage that starts on `startedOn` (DOMAIN.md "Counting days"):
 * the step's own rule, capped by the procedure's limit from the first clue;
 * during publicity, the end of the period.
 */
export function stageDeadline(
  procedure: Procedure, stage: CaseStage, startedOn: IsoDate, firstClueOn: IsoDate, calendar: CalendarPort, publicity: CaseState["publicity"],
): Deadline | null {
  if (stage === "PUBLICITY_RUNNING") return publicity ? { date: publicity.endsOn, complete: true } : null;
  const rule = stepOf(procedure, stage)?.deadline;
  if (!rule) return null;
  const own = applyRule(rule, startedOn, firstClueOn, calendar);
  if (!procedure.limit) return own;
  const limit = applyRule(procedure.limit, startedOn, firstClueOn, calendar);
  return limit.date < own.date ? limit : own;
}

/** The procedure's overall limit for a case (the national model's 15 days from the first clue); null when it has none. */
export function limitDeadline(procedure: Procedure, firstClueOn: IsoDate, calendar: CalendarPort): Deadline | null {
  return procedure.limit ? applyRule(procedure.limit, firstClueOn, firstClueOn, calendar) : null;
}

/** The unit the remaining time of a stage is told in: calendar days during publicity, else the step's own unit. */
export function deadlineUnit(procedure: Procedure, stage: CaseStage): DayUnit {
  if (stage === "PUBLICITY_RUNNING") return "CALENDAR_DAYS";
  return stepOf(procedure, stage)?.deadline?.unit ?? "WORKING_DAYS";
}

/**
 * A new case starts in its procedure's first step; that step's clock runs from
 * the day the lead was received (the first clue).
 */
export function openCase(
  kind: string, household: { category: HouseholdCategory; designation: Designation | null; villageCode: string }, lead: LeadRecord, role: Actor, env: Env,
): Outcome<CaseState & { deadline: Deadline | null }> {
  const procedure = procedureIn(env.rules, kind);
  if (!procedure) return fail("UNKNOWN_PROCEDURE", `本地区规则（${env.rules.name}）没有该程序`, "procedure");
  if (role === "SYSTEM" || !OPEN_CASE_ROLES.includes(role)) return fail("ROLE_NOT_ALLOWED", "只有村、乡镇和区县工作人员可以登记线索");
  if (!appliesTo(procedure, household)) return fail("PROCEDURE_NOT_APPLICABLE", notApplicableMessage(procedure), "procedure");
  const badLeadDate = dateOutOfRange(lead.receivedOn, LEAD_DATE.what, leadDateRange(env.today));
  if (badLeadDate) return fail("DATE_OUT_OF_RANGE", badLeadDate, "lead.receivedOn");
  const first = procedure.steps[0]!;
  const deadline = stageDeadline(procedure, first.stage, lead.receivedOn, lead.receivedOn, env.calendar, null);
  return {
    ok: true,
    value: {
      procedure: procedure.kind, ruleSet: env.rules.preset, stage: first.stage, firstClueOn: lead.receivedOn, openedOn: lead.receivedOn,
      stageStartedOn: lead.receivedOn, stageDeadline: deadline?.date ?? null, roundRecords: EMPTY_ROUND, publicity: null, assistFirst: false,
      returnCount: 0, monitoringType: null, villageCode: household.villageCode, deadline,
    },
  };
}

function notApplicableMessage(procedure: Procedure): string {
  if (procedure.purpose === "ELIMINATION") return `只有正在监测的户才能办理“${procedure.label}”`;
  if (!procedure.appliesTo.designations.includes(null) || procedure.appliesTo.designations.length > 1) return `该户不适用“${procedure.label}”程序`;
  return `“${procedure.label}”只适用于尚未纳入监测的${procedure.appliesTo.categories.length === 1 ? "该类" : ""}户；已纳入监测的户请办理风险消除`;
}

/** The actions the given role could take on the case now (for the UI's forms). */
export function availableActions(state: CaseState, role: Actor, rules: LocalRules): CaseAction[] {
  if (isTerminal(state.stage)) return [];
  return procedureOf(state, rules).transitions
    .filter((t) => t.from.includes(state.stage) && t.roles.includes(role))
    .filter((t) => !(t.action === "ASSIST_FIRST" && state.assistFirst))
    .map((t) => t.action);
}

/**
 * Decides an action on a case: is it allowed (procedure, stage, role, the
 * records it needs), and if so, what the case becomes. Pure: the caller
 * stores the result, its history entry and the household change together.
 * `record` has been validated by the action's schema (CASE_ACTIONS).
 */
export function decideAction(state: CaseState, action: CaseAction, role: Actor, record: unknown, env: Env): Outcome<Decision> {
  const procedure = procedureOf(state, env.rules);
  if (isTerminal(state.stage)) return fail("CASE_CLOSED", `案件已${stageLabelIn(procedure, state.stage, CASE_STAGE_LABELS)}，不能再操作`);
  const label = CASE_ACTIONS[action].label;
  const candidates = procedure.transitions.filter((t) => t.action === action);
  if (!candidates.length) return fail("ACTION_NOT_IN_PROCEDURE", `“${procedure.label}”程序没有“${label}”这一步`);
  const transition = candidates.find((t) => t.from.includes(state.stage));
  if (!transition) {
    return fail("WRONG_STAGE", `案件当前处于“${stageLabelIn(procedure, state.stage, CASE_STAGE_LABELS)}”阶段，不能执行“${label}”`);
  }
  if (!transition.roles.includes(role)) return fail("ROLE_NOT_ALLOWED", `“${label}”不由您的角色办理`);
  return decide(state, procedure, transition, record, env);
}

function decide(state: CaseState, procedure: Procedure, transition: Transition, record: unknown, env: Env): Outcome<Decision> {
  const { today, rules, calendar } = env;
  const step = stepOf(procedure, state.stage);
  const first = procedure.steps[0]!.stage;
  const base: Decision = {
    toStage: state.stage, stageStarted: false, stageStartedOn: state.stageStartedOn,
    stageDeadline: state.stageDeadline ? { date: state.stageDeadline, complete: true } : null, metDeadline: null,
    roundRecords: state.roundRecords, publicity: state.publicity, assistFirst: state.assistFirst, returnCount: state.returnCount,
    monitoringType: state.monitoringType, householdChange: null,
  };
  const stay = (changes: Partial<Decision>): Outcome<Decision> => ({ ok: true, value: { ...base, ...changes } });
  const moveTo = (stage: CaseStage, changes: Partial<Decision> = {}, startedOn: IsoDate = today): Outcome<Decision> => {
    const publicity = changes.publicity !== undefined ? changes.publicity : state.publicity;
    const monitoringType = changes.monitoringType !== undefined ? changes.monitoringType : state.monitoringType;
    return {
      ok: true,
      value: {
        ...base, ...changes, toStage: stage, stageStarted: true, stageStartedOn: startedOn,
        stageDeadline: stageDeadline(procedure, stage, startedOn, state.firstClueOn, calendar, publicity),
        // The publicity period is nobody's task: its end is not a deadline kept or missed.
        metDeadline: state.stageDeadline && state.stage !== "PUBLICITY_RUNNING" ? today <= state.stageDeadline : null,
        householdChange: transition.completes ? resolveOutcome(procedure, monitoringType) : null,
      },
    };
  };
  /** Back to the first step: its clock starts anew; the round's records stay, to be corrected; publicity is redone. */
  const backToStart = () => moveTo(first, { returnCount: state.returnCount + 1, publicity: null });
  // Every dated record: the range and its message are RECORD_DATES' (the SPA's date fields say the same).
  const badDate = recordDateProblem(transition.action, record, { today, openedOn: state.openedOn, stageStartedOn: state.stageStartedOn, publicity: state.publicity });
  if (badDate) return fail("DATE_OUT_OF_RANGE", badDate.message, badDate.field);
  const round = (changes: Partial<RoundRecords>) => stay({ roundRecords: { ...state.roundRecords, ...changes } });

  switch (transition.action) {
    case "RECORD_CONSENT": {
      return round({ consent: record as ConsentRecord });
    }
    case "RECORD_VERIFICATION": {
      const r = record as VerificationRecord;
      const bad = checkMonitoringType(r.monitoringType, procedure, rules, "monitoringType");
      return bad ?? round({ verification: r });
    }
    case "RECORD_APPRAISAL": {
      const r = record as AppraisalRecord;
      return round({ appraisal: r });
    }
    case "RECORD_ASSESSMENT": {
      const r = record as AssessmentRecord;
      return round({ assessment: r });
    }
    case "SUBMIT": {
      const required = step?.records ?? [];
      const missing = required.filter((k) => !recordOf(state.roundRecords, k));
      if (missing.length) return fail("MISSING_RECORDS", `报送前须先完成：${missing.map((k) => RECORD_KIND_LABELS[k]).join("、")}`);
      const { verification, appraisal, assessment } = state.roundRecords;
      if (verification && !verification.riskConfirmed) return fail("RECORD_NOT_FAVOURABLE", "入户核实认为风险不属实，不能报送；如不再需要认定请撤回案件");
      if (appraisal && !appraisal.passed) return fail("RECORD_NOT_FAVOURABLE", "民主评议未通过，不能报送；如不再需要办理请撤回案件");
      if (required.includes("ASSESSMENT") && assessment) {
        const unmet = unmetCriteria(assessment, state.tracked ?? NO_TRACKED_FACTS, rules, state.villageCode);
        if (unmet) return unmet;
      }
      let monitoringType = state.monitoringType;
      if (procedure.outcome.type === "DESIGNATE" && procedure.outcome.designation === "MONITORING_TARGET") {
        monitoringType = verification?.monitoringType ?? monitoringType;
        if (!monitoringType) return fail("MISSING_RECORDS", "请在入户核实中选择监测对象类型", "monitoringType");
      }
      return moveTo(transition.to as CaseStage, { monitoringType });
    }
    case "APPROVE": {
      const r = record as { crossChecks?: Record<string, { result: string }>; exclusions?: Record<string, boolean>; monitoringType?: MonitoringType; announcement?: string };
      const unknownCheck = Object.keys(r.crossChecks ?? {}).find((k) => !(k in rules.crossChecks));
      if (unknownCheck) return fail("CHECKS_INCOMPLETE", "比对项目不属于本地区规则，请刷新页面后重新填写", `crossChecks.${unknownCheck}`);
      const unknownExclusion = Object.keys(r.exclusions ?? {}).find((k) => !(k in rules.exclusions));
      if (unknownExclusion) return fail("CHECKS_INCOMPLETE", "核对项目不属于本地区规则，请刷新页面后重新填写", `exclusions.${unknownExclusion}`);
      if (step?.crossCheck) {
        const unchecked = Object.keys(rules.crossChecks).filter((k) => !r.crossChecks?.[k]);
        if (unchecked.length) {
          return fail("CHECKS_INCOMPLETE", `请完成信息比对：${unchecked.map((k) => rules.crossChecks[k]).join("、")}`, `crossChecks.${unchecked[0]}`);
        }
        const unanswered = Object.keys(rules.exclusions).filter((k) => typeof r.exclusions?.[k] !== "boolean");
        if (unanswered.length) return fail("CHECKS_INCOMPLETE", `请逐项核对不予纳入情形（尚有 ${unanswered.length} 项未核对）`, `exclusions.${unanswered[0]}`);
      }
      const applying = Object.entries(r.exclusions ?? {}).filter(([, applies]) => applies).map(([k]) => k);
      if (applying.length) {
        return fail("EXCLUSION_APPLIES", `存在不予纳入情形（${applying.map((k) => rules.exclusions[k]).join("；")}），不能审核通过，请选择不予纳入`, "exclusions");
      }
      if (step?.announcement && !r.announcement?.trim()) return fail("MISSING_RECORDS", "请填写公告内容", "announcement");
      const badType = checkMonitoringType(r.monitoringType, procedure, rules, "monitoringType");
      if (badType) return badType;
      const monitoringType = r.monitoringType ?? state.monitoringType;
      if (transition.completes && procedure.outcome.type === "DESIGNATE" && procedure.outcome.designation === "MONITORING_TARGET" && !monitoringType) {
        return fail("MISSING_RECORDS", "请选择监测对象类型", "monitoringType");
      }
      return moveTo(transition.to as CaseStage, { monitoringType });
    }
    case "RETURN":
      return backToStart();
    case "REJECT":
      return moveTo("REJECTED");
    case "POST_PUBLICITY": {
      const r = record as PublicityRecord;
      const period = calendar.publicityPeriod(r.postedOn, rules.publicity.days, { extendEndToWorkingDay: rules.publicity.endsOnWorkingDay });
      const publicity = { postedOn: r.postedOn, startsOn: period.startsOn, endsOn: period.endsOn };
      // A notice entered late whose period is already over goes straight to awaiting the outcome.
      if (period.endsOn < today) return moveTo("PUBLICITY_ENDED", { publicity }, addDays(period.endsOn, 1));
      return moveTo("PUBLICITY_RUNNING", { publicity }, r.postedOn);
    }
    case "END_PUBLICITY":
      if (!state.publicity || today <= state.publicity.endsOn) return fail("PUBLICITY_NOT_OVER", "公示期尚未结束");
      return moveTo("PUBLICITY_ENDED", {}, addDays(state.publicity.endsOn, 1));
    case "RAISE_OBJECTION":
      return moveTo("OBJECTION_REVIEW");
    case "DECIDE_OBJECTION": {
      const r = record as ObjectionDecisionRecord;
      if (r.decision === "UPHOLD_AND_CLOSE") return moveTo("OBJECTION_UPHELD");
      if (r.decision === "UPHOLD_AND_RETURN") return backToStart();
      // Dismissed: publicity goes on if its period is still running, otherwise the outcome is awaited.
      const p = state.publicity!;
      return today <= p.endsOn ? moveTo("PUBLICITY_RUNNING", {}, p.postedOn) : moveTo("PUBLICITY_ENDED");
    }
    case "CONFIRM_OUTCOME":
      return moveTo(transition.to as CaseStage);
    case "WITHDRAW":
      return moveTo("WITHDRAWN");
    case "ASSIST_FIRST": {
      if (state.assistFirst) return fail("ALREADY_FLAGGED", "该案件已标记为“先帮扶、后认定”");
      return stay({ assistFirst: true });
    }
  }
}

function resolveOutcome(procedure: Procedure, monitoringType: MonitoringType | null): HouseholdChange {
  const o = procedure.outcome;
  if (o.type !== "DESIGNATE") return o;
  return { type: "DESIGNATE", designation: o.designation, monitoringType: o.designation === "MONITORING_TARGET" ? monitoringType : null };
}

function checkMonitoringType(type: MonitoringType | undefined, procedure: Procedure, rules: LocalRules, path: string): Outcome<Decision> | null {
  if (type === undefined) return null;
  const designates = procedure.outcome.type === "DESIGNATE" && procedure.outcome.designation === "MONITORING_TARGET";
  if (!designates || !rules.monitoringTypes.includes(type)) {
    const allowed = rules.monitoringTypes.map((t) => MONITORING_TYPE_LABELS[t]).join("、");
    return fail("INVALID_MONITORING_TYPE", designates ? `监测对象类型应为：${allowed}` : "本程序不认定监测对象类型", path);
  }
  return null;
}

/**
 * Risk elimination's criteria (DOMAIN.md "The national model"): income
 * stably above the year's line for at least six months, large rigid expenses
 * resolved, 两不愁三保障 and drinking water secured, the original risk gone
 * and no new one. A household without labour capacity covered by social
 * security stays monitored whatever the rest says.
 */
export const MIN_STABLE_MONTHS = 6;

function unmetCriteria(a: AssessmentRecord, facts: TrackedFacts, rules: LocalRules, villageCode: string): Outcome<Decision> | null {
  if (a.noLabourCapacityCoveredBySocialSecurity) {
    return fail("CRITERIA_NOT_MET", "该户无劳动能力、由社会保障兜底：暂不标注风险消除，持续跟踪监测", "noLabourCapacityCoveredBySocialSecurity");
  }
  const tracked = trackedCriteria(facts, a.income.year);
  const unmet: string[] = [];
  const line = monitoringLineFor(rules, a.income.year, villageCode);
  // The tracked income of the year, when recorded, replaces the typed figure.
  const perCapita = tracked.income?.perCapitaYuan ?? a.income.perCapitaYuan;
  const source = tracked.income ? "（收入台账）" : "";
  if (!line) unmet.push(`${a.income.year} 年没有监测收入线，无法判断收入是否稳定高于监测线`);
  else if (perCapita <= line.perCapitaYuan) unmet.push(`人均纯收入 ${perCapita} 元${source}未高于 ${a.income.year} 年监测线 ${line.perCapitaYuan} 元`);
  if (a.income.stableMonths < MIN_STABLE_MONTHS) unmet.push(`收入稳定仅 ${a.income.stableMonths} 个月（原则上须半年以上）`);
  if (tracked.rigidExpenses) {
    if (!tracked.rigidExpenses.met) unmet.push(`大额刚性支出尚未稳定解决：${tracked.rigidExpenses.reasons.join("、")}`);
  } else if (!a.rigidExpensesResolved.met) unmet.push("大额刚性支出尚未稳定解决");
  if (tracked.basicNeeds) {
    if (!tracked.basicNeeds.met) unmet.push(`“两不愁三保障”及饮水安全尚未保障：${tracked.basicNeeds.reasons.join("；")}`);
  } else if (!a.basicNeedsSecured.met) unmet.push("“两不愁三保障”及饮水安全尚未保障");
  if (!a.originalRiskGone.met) unmet.push("识别时的风险尚未消除");
  if (!a.noNewRisk.met) unmet.push("出现新的风险");
  return unmet.length ? fail("CRITERIA_NOT_MET", `不符合风险消除条件：${unmet.join("；")}。暂不标注风险消除，持续跟踪监测`) : null;
}

function recordOf(round: RoundRecords, kind: RecordKind) {
  switch (kind) {
    case "CONSENT": return round.consent;
    case "VERIFICATION": return round.verification;
    case "APPRAISAL": return round.appraisal;
    case "ASSESSMENT": return round.assessment;
  }
}

export function addDays(date: IsoDate, n: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

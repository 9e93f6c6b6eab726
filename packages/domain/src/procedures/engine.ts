import type { HouseholdCategory } from "../categories.ts";
import { OPEN_CASE_ROLES, CASE_ACTIONS, type Actor, type CaseAction, type Transition } from "./actions.ts";
import type { CalendarPort, IsoDate } from "./calendar-port.ts";
import { procedureFor, type Procedure } from "./procedure.ts";
import type {
  AppraisalRecord, AssistFirstRecord, LeadRecord, ObjectionDecisionRecord, ObjectionRecord, PublicityRecord, VerificationRecord,
} from "./records.ts";
import { EXCLUSIONS, CROSS_CHECKS, type LocalRules, type TownshipRecord } from "./rules.ts";
import { CASE_STAGE_LABELS, isTerminal, type CaseStage } from "./stages.ts";

/** What the engine needs to know about a case to decide an action. */
export type CaseState = {
  category: HouseholdCategory;
  stage: CaseStage;
  openedOn: IsoDate;
  stageStartedOn: IsoDate;
  stageDeadline: IsoDate | null;
  /** Records of the current township round (cleared when the district returns the case). */
  roundRecords: { verification: VerificationRecord | null; appraisal: AppraisalRecord | null };
  publicity: { postedOn: IsoDate; startsOn: IsoDate; endsOn: IsoDate } | null;
  assistFirst: boolean;
  returnCount: number;
};

export type Deadline = { date: IsoDate; complete: boolean };

/** The outcome of an allowed action: the new state and what else must change with it. */
export type Decision = {
  toStage: CaseStage;
  /** A new stage starts (or the township's clock starts anew): new start and deadline. */
  stageStarted: boolean;
  stageStartedOn: IsoDate;
  stageDeadline: Deadline | null;
  /** Whether the stage that ends was finished by its deadline (null: the action does not end a stage). */
  metDeadline: boolean | null;
  roundRecords: CaseState["roundRecords"];
  publicity: CaseState["publicity"];
  assistFirst: boolean;
  returnCount: number;
  /** Set when the procedure completes: what happens to the household. */
  householdChange: Procedure["outcome"] | null;
};

export type CaseRuleViolation = {
  code:
    | "CASE_CLOSED" | "ACTION_NOT_IN_PROCEDURE" | "WRONG_STAGE" | "ROLE_NOT_ALLOWED" | "MISSING_RECORDS" | "RECORD_NOT_FAVOURABLE"
    | "CHECKS_INCOMPLETE" | "EXCLUSION_APPLIES" | "DATE_OUT_OF_RANGE" | "PUBLICITY_NOT_OVER" | "ALREADY_FLAGGED";
  message: string;
  /** Dotted path of the record field at fault, when there is one. */
  path?: string;
};

export type Outcome<T> = { ok: true; value: T } | { ok: false; violation: CaseRuleViolation };

const fail = (code: CaseRuleViolation["code"], message: string, path?: string): { ok: false; violation: CaseRuleViolation } => ({
  ok: false, violation: { code, message, ...(path ? { path } : {}) },
});

type Env = { rules: LocalRules; calendar: CalendarPort; today: IsoDate };

/** Deadline of a stage that starts on `startedOn` (DOMAIN.md "Counting days"). */
export function stageDeadline(stage: CaseStage, startedOn: IsoDate, env: Env, publicity: CaseState["publicity"]): Deadline | null {
  const { rules, calendar } = env;
  switch (stage) {
    case "TOWNSHIP_VERIFICATION": return calendar.addWorkingDays(startedOn, rules.townshipWorkingDays);
    case "DISTRICT_REVIEW": return calendar.addWorkingDays(startedOn, rules.districtWorkingDays);
    case "PUBLICITY_PENDING": return calendar.addWorkingDays(startedOn, rules.publicityPostingWorkingDays);
    case "PUBLICITY_RUNNING": return publicity ? { date: publicity.endsOn, complete: true } : null;
    case "PUBLICITY_ENDED": return calendar.addWorkingDays(startedOn, rules.outcomeWorkingDays);
    case "OBJECTION_REVIEW": return calendar.addWorkingDays(startedOn, rules.objectionDecisionWorkingDays);
    default: return null;
  }
}

/** A new case starts in the township stage; the 5 working days run from the day the lead was received. */
export function openCase(category: HouseholdCategory, lead: LeadRecord, role: Actor, env: Env): Outcome<CaseState & { deadline: Deadline }> {
  if (role === "SYSTEM" || !OPEN_CASE_ROLES.includes(role)) return fail("ROLE_NOT_ALLOWED", "只有村、乡镇和区县工作人员可以登记线索");
  if (lead.receivedOn > env.today) return fail("DATE_OUT_OF_RANGE", "线索接收日期不能晚于今天", "receivedOn");
  if (lead.receivedOn < oneYearBefore(env.today)) return fail("DATE_OUT_OF_RANGE", "线索接收日期不能早于一年前，请核对日期", "receivedOn");
  const deadline = stageDeadline("TOWNSHIP_VERIFICATION", lead.receivedOn, env, null)!;
  return {
    ok: true,
    value: {
      category, stage: "TOWNSHIP_VERIFICATION", openedOn: lead.receivedOn, stageStartedOn: lead.receivedOn, stageDeadline: deadline.date,
      roundRecords: { verification: null, appraisal: null }, publicity: null, assistFirst: false, returnCount: 0, deadline,
    },
  };
}

/** The actions the given role could take on the case now (for the UI's forms). */
export function availableActions(state: CaseState, role: Actor): CaseAction[] {
  if (isTerminal(state.stage)) return [];
  return procedureFor(state.category).transitions
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
  if (isTerminal(state.stage)) return fail("CASE_CLOSED", `案件已${CASE_STAGE_LABELS[state.stage]}，不能再操作`);
  const procedure = procedureFor(state.category);
  const transition = procedure.transitions.find((t) => t.action === action);
  const label = CASE_ACTIONS[action].label;
  if (!transition) return fail("ACTION_NOT_IN_PROCEDURE", `“${procedure.title}”程序没有“${label}”这一步`);
  if (!transition.from.includes(state.stage)) {
    return fail("WRONG_STAGE", `案件当前处于“${CASE_STAGE_LABELS[state.stage]}”阶段，不能执行“${label}”`);
  }
  if (!transition.roles.includes(role)) return fail("ROLE_NOT_ALLOWED", `“${label}”不由您的角色办理`);

  const { today } = env;
  const base: Decision = {
    toStage: state.stage, stageStarted: false, stageStartedOn: state.stageStartedOn,
    stageDeadline: state.stageDeadline ? { date: state.stageDeadline, complete: true } : null, metDeadline: null,
    roundRecords: state.roundRecords, publicity: state.publicity, assistFirst: state.assistFirst, returnCount: state.returnCount,
    householdChange: null,
  };
  const moveTo = (stage: CaseStage, changes: Partial<Decision> = {}, startedOn: IsoDate = today): Outcome<Decision> => {
    const publicity = changes.publicity !== undefined ? changes.publicity : state.publicity;
    return {
      ok: true,
      value: {
        ...base, ...changes, toStage: stage, stageStarted: true, stageStartedOn: startedOn,
        stageDeadline: stageDeadline(stage, startedOn, env, publicity), metDeadline: state.stageDeadline ? today <= state.stageDeadline : null,
        householdChange: transition.completes ? procedure.outcome : null,
      },
    };
  };
  const within = (date: IsoDate, path: string, what: string): Outcome<null> | null => {
    if (date > today) return fail("DATE_OUT_OF_RANGE", `${what}不能晚于今天`, path);
    if (date < state.openedOn) return fail("DATE_OUT_OF_RANGE", `${what}不能早于线索接收日期（${state.openedOn}）`, path);
    return null;
  };

  switch (action) {
    case "RECORD_VERIFICATION": {
      const r = record as VerificationRecord;
      const bad = within(r.visitedOn, "visitedOn", "入户日期");
      if (bad) return bad as Outcome<Decision>;
      return { ok: true, value: { ...base, roundRecords: { ...state.roundRecords, verification: r } } };
    }
    case "RECORD_APPRAISAL": {
      const r = record as AppraisalRecord;
      const bad = within(r.heldOn, "heldOn", "评议日期");
      if (bad) return bad as Outcome<Decision>;
      return { ok: true, value: { ...base, roundRecords: { ...state.roundRecords, appraisal: r } } };
    }
    case "SUBMIT": {
      const required = env.rules.procedures[state.category].townshipRecords;
      const missing = required.filter((k) => !recordOf(state, k));
      if (missing.length) {
        return fail("MISSING_RECORDS", `报送区县前须先完成：${missing.map((k) => TOWNSHIP_RECORD_LABELS[k]).join("、")}`);
      }
      const { verification, appraisal } = state.roundRecords;
      if (verification && !verification.riskConfirmed) return fail("RECORD_NOT_FAVOURABLE", "入户核实认为风险不属实，不能报送；如不再需要认定请撤回案件");
      if (appraisal && !appraisal.passed) return fail("RECORD_NOT_FAVOURABLE", "民主评议未通过，不能报送；如不再需要认定请撤回案件");
      return moveTo("DISTRICT_REVIEW");
    }
    case "APPROVE": {
      const r = record as { crossChecks?: Record<string, { result: string }>; exclusions?: Record<string, boolean> };
      if (env.rules.procedures[state.category].crossCheck) {
        if (!r.crossChecks) return fail("CHECKS_INCOMPLETE", `请完成信息比对：${Object.values(CROSS_CHECKS).join("、")}`, "crossChecks");
        if (!r.exclusions) return fail("CHECKS_INCOMPLETE", "请逐项核对“十不纳入”情形", "exclusions");
      }
      const applying = Object.entries(r.exclusions ?? {}).filter(([, applies]) => applies).map(([k]) => k as keyof typeof EXCLUSIONS);
      if (applying.length) {
        return fail("EXCLUSION_APPLIES", `存在不予纳入情形（${applying.map((k) => EXCLUSIONS[k]).join("；")}），不能审核通过，请选择不予纳入`, "exclusions");
      }
      return moveTo(transition.to as CaseStage);
    }
    case "RETURN":
      // The township corrects and resubmits: its clock starts anew, the round's records are redone.
      return moveTo("TOWNSHIP_VERIFICATION", { roundRecords: { verification: null, appraisal: null }, returnCount: state.returnCount + 1 });
    case "REJECT":
      return moveTo("REJECTED");
    case "POST_PUBLICITY": {
      const r = record as PublicityRecord;
      if (r.postedOn > today) return fail("DATE_OUT_OF_RANGE", "公示张贴日期不能晚于今天", "postedOn");
      if (r.postedOn < state.stageStartedOn) return fail("DATE_OUT_OF_RANGE", `公示张贴日期不能早于区县审核通过日期（${state.stageStartedOn}）`, "postedOn");
      const period = env.calendar.publicityPeriod(r.postedOn, env.rules.publicityDays, { extendEndToWorkingDay: env.rules.publicityEndsOnWorkingDay });
      const publicity = { postedOn: r.postedOn, startsOn: period.startsOn, endsOn: period.endsOn };
      // A notice entered late whose period is already over goes straight to awaiting the outcome.
      if (period.endsOn < today) return moveTo("PUBLICITY_ENDED", { publicity }, nextDay(period.endsOn));
      return moveTo("PUBLICITY_RUNNING", { publicity }, r.postedOn);
    }
    case "END_PUBLICITY":
      if (!state.publicity || today <= state.publicity.endsOn) return fail("PUBLICITY_NOT_OVER", "公示期尚未结束");
      return moveTo("PUBLICITY_ENDED", {}, nextDay(state.publicity.endsOn));
    case "RAISE_OBJECTION": {
      const r = record as ObjectionRecord;
      const p = state.publicity!;
      if (r.receivedOn > today) return fail("DATE_OUT_OF_RANGE", "异议受理日期不能晚于今天", "receivedOn");
      if (r.receivedOn < p.postedOn || r.receivedOn > p.endsOn) {
        return fail("DATE_OUT_OF_RANGE", `异议须在公示期内（${p.postedOn} 至 ${p.endsOn}）提出`, "receivedOn");
      }
      return moveTo("OBJECTION_REVIEW");
    }
    case "DECIDE_OBJECTION": {
      const r = record as ObjectionDecisionRecord;
      if (r.decision === "UPHOLD_AND_CLOSE") return moveTo("OBJECTION_UPHELD");
      if (r.decision === "UPHOLD_AND_RETURN") {
        return moveTo("TOWNSHIP_VERIFICATION", { roundRecords: { verification: null, appraisal: null }, returnCount: state.returnCount + 1, publicity: null });
      }
      // Dismissed: publicity goes on if its period is still running, otherwise the outcome is awaited.
      const p = state.publicity!;
      return today <= p.endsOn ? moveTo("PUBLICITY_RUNNING", {}, p.postedOn) : moveTo("PUBLICITY_ENDED");
    }
    case "CONFIRM_OUTCOME":
      return moveTo("DESIGNATED");
    case "WITHDRAW":
      return moveTo("WITHDRAWN");
    case "ASSIST_FIRST": {
      if (state.assistFirst) return fail("ALREADY_FLAGGED", "该案件已标记为“先帮扶、后认定”");
      const r = record as AssistFirstRecord;
      if (r.meetingOn > today) return fail("DATE_OUT_OF_RANGE", "会议日期不能晚于今天", "meetingOn");
      return { ok: true, value: { ...base, assistFirst: true } };
    }
  }
}

export const TOWNSHIP_RECORD_LABELS: Record<TownshipRecord, string> = { VERIFICATION: "入户核实", APPRAISAL: "民主评议" };

function recordOf(state: CaseState, kind: TownshipRecord) {
  return kind === "VERIFICATION" ? state.roundRecords.verification : state.roundRecords.appraisal;
}

function oneYearBefore(date: IsoDate): IsoDate {
  return `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
}

function nextDay(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}


import type { z } from "zod";
import type { Role } from "../roles.ts";
import {
  ZApproveRecord, ZAppraisalRecord, ZAssessmentRecord, ZAssistFirstRecord, ZConsentRecord, ZObjectionDecisionRecord, ZObjectionRecord,
  ZOutcomeRecord, ZPublicityRecord, ZRejectRecord, ZReturnRecord, ZVerificationRecord, ZWithdrawalRecord,
} from "./records.ts";
import type { RecordKind } from "./procedure.ts";
import type { CaseStage } from "./stages.ts";

/**
 * Everything that can happen to an open case: its label, the record it
 * carries, and the URL segment of POST /api/cases/:id/<path> (null: only the
 * system takes it, on time).
 */
export const CASE_ACTIONS = {
  RECORD_CONSENT: { label: "登记农户授权承诺", record: ZConsentRecord, path: "consent" },
  RECORD_ASSESSMENT: { label: "登记入户核实评估", record: ZAssessmentRecord, path: "assessment" },
  RECORD_VERIFICATION: { label: "登记入户核实", record: ZVerificationRecord, path: "verification" },
  RECORD_APPRAISAL: { label: "登记民主评议", record: ZAppraisalRecord, path: "appraisal" },
  SUBMIT: { label: "报送区县审核", record: null, path: "submit" },
  APPROVE: { label: "审核通过", record: ZApproveRecord, path: "approve" },
  RETURN: { label: "退回乡镇更正", record: ZReturnRecord, path: "return" },
  REJECT: { label: "不予纳入", record: ZRejectRecord, path: "reject" },
  POST_PUBLICITY: { label: "张贴公示", record: ZPublicityRecord, path: "publicity" },
  RAISE_OBJECTION: { label: "登记公示异议", record: ZObjectionRecord, path: "objection" },
  END_PUBLICITY: { label: "公示期满", record: null, path: null },
  DECIDE_OBJECTION: { label: "裁定异议", record: ZObjectionDecisionRecord, path: "objection-decision" },
  CONFIRM_OUTCOME: { label: "确认公示无异议", record: ZOutcomeRecord, path: "outcome" },
  WITHDRAW: { label: "撤回案件", record: ZWithdrawalRecord, path: "withdraw" },
  ASSIST_FIRST: { label: "先帮扶、后认定", record: ZAssistFirstRecord, path: "assist-first" },
} as const satisfies Record<string, { label: string; record: z.ZodType | null; path: string | null }>;
export type CaseAction = keyof typeof CASE_ACTIONS;
export const CASE_ACTION_CODES = Object.keys(CASE_ACTIONS) as [CaseAction, ...CaseAction[]];

/** The system itself acts when time passes (publicity ending). */
export type Actor = Role | "SYSTEM";

/**
 * One arrow of a procedure: the action, the stages it may be taken in, where
 * it leads and who may take it. The same action may appear more than once
 * (a township's and a district's approval) with different `from` stages.
 */
export type Transition = {
  action: CaseAction;
  from: readonly CaseStage[];
  /** "SAME": the action adds a record and the stage goes on; "BY_DECISION": the objection decision says. */
  to: CaseStage | "SAME" | "BY_DECISION";
  roles: readonly Actor[];
  /** The procedure's outcome is applied to the household. */
  completes?: true;
};

export const OPEN_CASE_ROLES: readonly Role[] = ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER"];

/** Withdrawal, available in every open stage of every procedure. */
export function withdrawal(openStages: readonly CaseStage[]): Transition {
  return { action: "WITHDRAW", from: openStages, to: "WITHDRAWN", roles: ["TOWNSHIP_STAFF", "DISTRICT_REVIEWER"] };
}

/** 先帮扶、后认定: the township flags an identification case for assistance before designation. */
export function assistFirst(openStages: readonly CaseStage[]): Transition {
  return { action: "ASSIST_FIRST", from: openStages, to: "SAME", roles: ["TOWNSHIP_STAFF"] };
}

const RECORD_ACTIONS = {
  CONSENT: { action: "RECORD_CONSENT", roles: ["VILLAGE_CADRE", "TOWNSHIP_STAFF"] },
  VERIFICATION: { action: "RECORD_VERIFICATION", roles: ["TOWNSHIP_STAFF"] },
  APPRAISAL: { action: "RECORD_APPRAISAL", roles: ["VILLAGE_CADRE", "TOWNSHIP_STAFF"] },
  ASSESSMENT: { action: "RECORD_ASSESSMENT", roles: ["TOWNSHIP_STAFF"] },
} as const satisfies Record<RecordKind, { action: CaseAction; roles: readonly Actor[] }>;

/**
 * The first step's round: the records it may collect (in this order; which are required is the step's
 * `records`), then the township's submission onwards.
 */
export function townshipRound(kinds: readonly RecordKind[], submitTo: CaseStage): Transition[] {
  return [
    ...kinds.map((k): Transition => ({ action: RECORD_ACTIONS[k].action, from: ["TOWNSHIP_VERIFICATION"], to: "SAME", roles: RECORD_ACTIONS[k].roles })),
    { action: "SUBMIT", from: ["TOWNSHIP_VERIFICATION"], to: submitTo, roles: ["TOWNSHIP_STAFF"] },
  ];
}

/**
 * A review (乡镇审核, 区县审核 / 县级审定): approve onwards, return to the first
 * step for correction, or reject. `completes`: approving completes the procedure.
 */
export function review(stage: "TOWNSHIP_REVIEW" | "DISTRICT_REVIEW", approveTo: CaseStage, completes = false): Transition[] {
  const roles: readonly Actor[] = [stage === "TOWNSHIP_REVIEW" ? "TOWNSHIP_STAFF" : "DISTRICT_REVIEWER"];
  return [
    { action: "APPROVE", from: [stage], to: approveTo, roles, ...(completes ? { completes: true as const } : {}) },
    { action: "RETURN", from: [stage], to: "TOWNSHIP_VERIFICATION", roles },
    { action: "REJECT", from: [stage], to: "REJECTED", roles },
  ];
}

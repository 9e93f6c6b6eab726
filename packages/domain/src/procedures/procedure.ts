import type { Designation, HouseholdCategory } from "../categories.ts";
import type { Role } from "../roles.ts";
import type { Transition } from "./actions.ts";
import type { CaseStage } from "./stages.ts";

/**
 * A procedure is data (docs/decisions/006-procedure-engine.md): its steps,
 * the arrows between them and what completing it does to the household. The
 * engine (engine.ts) interprets any procedure; each procedure's shape lives in
 * one file beside its test, and a rule set (rule-sets.ts) builds it with its
 * own deadlines and choices.
 */
export const PROCEDURE_KINDS = [
  "MONITORED_IDENTIFICATION",
  "INSTANT_ASSISTANCE_IDENTIFICATION",
  "ROLLBACK",
  "MONITORING_IDENTIFICATION",
  "RISK_ELIMINATION",
] as const;
export type ProcedureKind = (typeof PROCEDURE_KINDS)[number];

/** Identification brings a household into monitoring (or rolls its category back); elimination takes it out. */
export type ProcedurePurpose = "IDENTIFICATION" | "ELIMINATION";

export type DayUnit = "WORKING_DAYS" | "CALENDAR_DAYS";

/**
 * "Within N working days" / "N days": the start day is not counted, the
 * deadline is the end of the Nth (working) day after it (DOMAIN.md "Counting
 * days"). Counted from the stage's start, or from the case's first clue.
 */
export type DeadlineRule = { days: number; unit: DayUnit; from: "STAGE_START" | "FIRST_CLUE" };

/** Records a step collects before the case may leave it (their schemas: records.ts). */
export const RECORD_KINDS = ["CONSENT", "VERIFICATION", "APPRAISAL", "ASSESSMENT"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const RECORD_KIND_LABELS: Record<RecordKind, string> = {
  CONSENT: "农户授权承诺",
  VERIFICATION: "入户核实",
  APPRAISAL: "民主评议",
  ASSESSMENT: "风险消除入户核实评估",
};

export type Step = {
  stage: CaseStage;
  label: string;
  /** Whose work the step is: the case is in that role's queue. */
  role: Role;
  /** null: the publicity period itself is the limit (PUBLICITY_RUNNING). */
  deadline: DeadlineRule | null;
  /** Records needed before the case is submitted onwards from this step. */
  records?: readonly RecordKind[];
  /** Approving here needs the cross-check and the exclusions, each answered. */
  crossCheck?: boolean;
  /** Approving here needs the announcement text (公告). */
  announcement?: boolean;
};

export type ProcedureOutcome =
  /** MONITORING_TARGET takes the case's monitoring type. */
  | { type: "DESIGNATE"; designation: Designation }
  | { type: "CHANGE_CATEGORY"; category: HouseholdCategory }
  | { type: "END_DESIGNATION"; reason: string };

export type Procedure = {
  kind: ProcedureKind;
  label: string;
  purpose: ProcedurePurpose;
  /** Which households may start it: their category, and their designation (null: not designated). */
  appliesTo: { categories: readonly HouseholdCategory[]; designations: readonly (Designation | null)[] };
  /** In order; the first is where a case starts. */
  steps: readonly Step[];
  transitions: readonly Transition[];
  outcome: ProcedureOutcome;
  /** The stage a completed case ends in (DESIGNATED, or ELIMINATED). */
  completedStage: CaseStage;
  /** Labels of the end stages where the procedure names them its own way. */
  endLabels?: Partial<Record<CaseStage, string>>;
  /** A limit over the whole procedure, counted from the first clue (the national model's 15 days); each stage's deadline is capped by it. */
  limit: DeadlineRule | null;
};

export const OUTCOME_LABELS = {
  DESIGNATE: "认定",
  CHANGE_CATEGORY: "变更户类别",
  END_DESIGNATION: "标注风险消除",
} as const;

export function stepOf(procedure: Procedure, stage: CaseStage): Step | undefined {
  return procedure.steps.find((s) => s.stage === stage);
}

/** The stages in which a case of the procedure is still open. */
export function openStagesOf(steps: readonly Step[]): CaseStage[] {
  return steps.map((s) => s.stage);
}

/** "5 个工作日" / "15 天（自首次发现线索起）": how a deadline rule reads. */
export function deadlineText(rule: DeadlineRule): string {
  const amount = rule.unit === "WORKING_DAYS" ? `${rule.days} 个工作日` : `${rule.days} 天`;
  return rule.from === "FIRST_CLUE" ? `自首次发现线索起 ${amount}内` : `${amount}内`;
}

/** The label of a stage within a procedure: its step's, its own end label, or the general one. */
export function stageLabelIn(procedure: Procedure, stage: CaseStage, general: Record<CaseStage, string>): string {
  return stepOf(procedure, stage)?.label ?? procedure.endLabels?.[stage] ?? general[stage];
}

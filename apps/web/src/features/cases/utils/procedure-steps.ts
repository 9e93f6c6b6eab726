import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, type HouseholdCategory } from "@fanpin/domain/categories";
import { procedureFor } from "@fanpin/domain/procedures/procedure";
import type { LocalRules } from "@fanpin/domain/procedures/rules";
import { CASE_STAGE_LABELS, type CaseStage } from "@fanpin/domain/procedures/stages";

export type ProcedureStep = { title: string; description: string };
export type ProcedureProgress = { steps: ProcedureStep[]; current: number; status: "process" | "finish" | "error"; endedAs?: string };

const RECORD_LABELS = { VERIFICATION: "入户核实", APPRAISAL: "民主评议" } as const;

/** The main steps of a category's procedure under the local rules (for an overview above the history). */
export function procedureSteps(category: HouseholdCategory, rules: LocalRules): ProcedureStep[] {
  const p = rules.procedures[category];
  const outcome = procedureFor(category).outcome;
  const steps: ProcedureStep[] = [
    { title: "乡镇核实", description: `${p.townshipRecords.map((r) => RECORD_LABELS[r]).join("、")}，${rules.townshipWorkingDays} 个工作日内` },
    { title: "区县审核", description: `${p.crossCheck ? "含信息比对，" : ""}${rules.districtWorkingDays} 个工作日内` },
  ];
  if (p.publicity) {
    steps.push({ title: "村内公示", description: `公示 ${rules.publicityDays} 天` });
    steps.push({ title: "确认公示结果", description: "公示无异议后确认" });
  }
  steps.push({
    title: "完成认定",
    description: "designation" in outcome ? `标注为${DESIGNATION_LABELS[outcome.designation]}` : `回退为${HOUSEHOLD_CATEGORY_LABELS[outcome.category]}`,
  });
  return steps;
}

function stepOfStage(stage: CaseStage, hasPublicity: boolean): number {
  switch (stage) {
    case "TOWNSHIP_VERIFICATION": return 0;
    case "DISTRICT_REVIEW": return 1;
    case "PUBLICITY_PENDING":
    case "PUBLICITY_RUNNING":
    case "OBJECTION_REVIEW": return 2;
    case "PUBLICITY_ENDED": return 3;
    default: return hasPublicity ? 4 : 2;
  }
}

/**
 * Where a case stands in its procedure. A case that ended without the
 * designation (rejected, withdrawn, objection upheld) is shown as stopped at
 * the step it was in (`lastOpenStage`, the stage before it closed).
 */
export function procedureProgress(category: HouseholdCategory, stage: CaseStage, lastOpenStage: CaseStage | null, rules: LocalRules): ProcedureProgress {
  const steps = procedureSteps(category, rules);
  const hasPublicity = rules.procedures[category].publicity;
  if (stage === "DESIGNATED") return { steps, current: steps.length - 1, status: "finish" };
  if (stage === "REJECTED" || stage === "WITHDRAWN" || stage === "OBJECTION_UPHELD") {
    return { steps, current: stepOfStage(lastOpenStage ?? "TOWNSHIP_VERIFICATION", hasPublicity), status: "error", endedAs: CASE_STAGE_LABELS[stage] };
  }
  return { steps, current: stepOfStage(stage, hasPublicity), status: "process" };
}

import { isTerminal, type CaseStage } from "@fanpin/domain/procedures/stages";
import type { RulesProcedure, RulesResponse } from "@/lib/get-rules.ts";

export type ProcedureStep = { stage: CaseStage | null; title: string; description: string };
export type ProcedureProgress = { steps: ProcedureStep[]; current: number; status: "process" | "finish" | "error"; endedAs?: string };

/** Side branches shown on the step they interrupt, not as a step of their own. */
const BRANCH_OF: Partial<Record<CaseStage, CaseStage>> = { OBJECTION_REVIEW: "PUBLICITY_RUNNING" };

function outcomeText(p: RulesProcedure, rules: Pick<RulesResponse, "monitoringTypes">, labels: OutcomeLabels): string {
  const o = p.outcome;
  if (o.type === "DESIGNATE" && o.designation) {
    const types = o.designation === "MONITORING_TARGET" && rules.monitoringTypes.length ? `（${rules.monitoringTypes.map((t) => t.label).join("、")}之一）` : "";
    return `标注为${labels.designations[o.designation] ?? o.designation}${types}`;
  }
  if (o.type === "CHANGE_CATEGORY" && o.category) return `回退为${labels.categories[o.category] ?? o.category}`;
  return `${o.label}，结束监测`;
}

export type OutcomeLabels = { designations: Record<string, string>; categories: Record<string, string> };

/**
 * The steps of a procedure as the rule set (GET /api/rules) gives them, each
 * with its owner's deadline text, then the outcome. The records a step needs
 * and the cross-check are named in its description.
 */
export function procedureSteps(
  p: RulesProcedure,
  rules: Pick<RulesResponse, "monitoringTypes" | "recordKinds" | "publicity">,
  labels: OutcomeLabels,
): ProcedureStep[] {
  const recordLabel = (k: string) => rules.recordKinds.find((r) => r.code === k)?.label ?? k;
  const steps: ProcedureStep[] = p.steps
    .filter((s) => !BRANCH_OF[s.code])
    .map((s) => {
      const parts: string[] = [];
      if (s.records.length) parts.push(s.records.map(recordLabel).join("、"));
      if (s.crossCheck) parts.push("含信息比对");
      if (s.announcement) parts.push("审定后公告");
      if (s.code === "PUBLICITY_RUNNING") parts.push(`公示 ${rules.publicity.days} 天`);
      if (s.deadline) parts.push(s.deadline.text);
      return { stage: s.code, title: s.label, description: parts.join("，") };
    });
  const done = p.outcome.type === "END_DESIGNATION" ? "完成风险消除" : p.outcome.type === "CHANGE_CATEGORY" ? "完成回退" : "完成认定";
  steps.push({ stage: null, title: done, description: outcomeText(p, rules, labels) });
  return steps;
}

/**
 * Where a case stands in its procedure. A case that ended without its outcome
 * (rejected, withdrawn, objection upheld) is shown as stopped at the step it
 * was in (`lastOpenStage`, the stage before it closed).
 */
export function procedureProgress(
  p: RulesProcedure,
  rules: Pick<RulesResponse, "monitoringTypes" | "recordKinds" | "publicity">,
  labels: OutcomeLabels,
  stage: CaseStage,
  lastOpenStage: CaseStage | null,
): ProcedureProgress {
  const steps = procedureSteps(p, rules, labels);
  const indexOf = (s: CaseStage) => {
    const i = steps.findIndex((step) => step.stage === (BRANCH_OF[s] ?? s));
    return i < 0 ? 0 : i;
  };
  if (stage === "DESIGNATED" || stage === "ELIMINATED") return { steps, current: steps.length - 1, status: "finish" };
  if (isTerminal(stage)) {
    return { steps, current: indexOf(lastOpenStage ?? p.steps[0]!.code), status: "error", endedAs: p.stageLabels[stage] ?? stage };
  }
  return { steps, current: indexOf(stage), status: "process" };
}

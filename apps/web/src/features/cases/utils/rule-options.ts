import type { QueueName } from "@fanpin/domain/queues";
import type { Role } from "@fanpin/domain/roles";
import { CASE_STAGES, isTerminal, type CaseStage } from "@fanpin/domain/procedures/stages";
import type { RulesResponse } from "@/lib/get-rules.ts";

/**
 * The stages by their names in the rule set: within the chosen procedure, or
 * every name a stage has across the procedures ("乡镇初审／乡镇审核").
 */
export function stageOptions(rules: Pick<RulesResponse, "procedures"> | undefined, procedure: string | undefined) {
  if (!rules) return [];
  const procedures = rules.procedures.filter((p) => !procedure || p.kind === procedure);
  const reaches = (p: RulesResponse["procedures"][number], stage: CaseStage) =>
    !isTerminal(stage)
      ? p.steps.some((s) => s.code === stage)
      : stage === "ELIMINATED"
        ? p.outcome.type === "END_DESIGNATION"
        : stage === "DESIGNATED"
          ? p.outcome.type !== "END_DESIGNATION"
          : true;
  return CASE_STAGES.flatMap((stage) => {
    const names = [...new Set(procedures.filter((p) => reaches(p, stage)).map((p) => p.stageLabels[stage] ?? stage))];
    return names.length ? [{ value: stage, label: names.join("／") }] : [];
  });
}

export type Tab = { key: QueueName; label: string; empty: string };

/** What an empty queue says, where "没有{label}的案件" would read badly. */
const EMPTY: Partial<Record<QueueName, string>> = {
  "township-leads": "没有待核实的线索",
  "township-returned": "没有被退回的案件",
  "township-review": "没有待乡镇审核的案件",
  "district-review": "没有待审核的案件",
  "district-outcome": "没有公示期满待录入认定的案件",
  "district-objections": "没有待裁定的异议",
  "village-appraisals": "没有待民主评议的案件",
  "village-to-post": "没有待张贴公示的案件",
  "village-running": "没有正在公示的案件",
  "village-ended": "没有公示期满待确认的案件",
};

/** The role's queues as the rule set names them (GET /api/rules `queues`), in its order. */
export function tabsFor(queues: RulesResponse["queues"], role: Role): Tab[] {
  return queues.filter((q) => q.role === role).map((q) => ({ key: q.name, label: q.label, empty: EMPTY[q.name] ?? `没有${q.label}的案件` }));
}


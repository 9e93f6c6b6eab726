import { QUEUES, type QueueName } from "../queues.ts";
import type { CaseStage } from "./stages.ts";
import { stepOf } from "./procedure.ts";
import { LOCAL_RULE_PRESETS, RULE_SETS, type LocalRulePreset } from "./rules.ts";

/** A procedure of a rule set: cases are keyed by both, as each runs under the rule set it started in. */
export type ProcedureRef = { ruleSet: LocalRulePreset; procedure: string };

/**
 * Which cases belong in a queue beyond its stages: those whose procedure gives
 * the stage to the queue's role (Weihai's district enters the designation
 * after publicity where Linyi's village confirms it), and for the appraisal
 * queue those whose first step needs an appraisal. null: every case in the
 * stages belongs (no condition needed, so the queue stays an index-only scan).
 */
export function queueMembership(name: QueueName): { refs: ProcedureRef[] | null; needsAppraisal: boolean } {
  const queue = QUEUES[name];
  const needsAppraisal = "awaitingAppraisal" in queue && queue.awaitingAppraisal === true;
  const all: ProcedureRef[] = [];
  const mine: ProcedureRef[] = [];
  for (const preset of LOCAL_RULE_PRESETS) {
    for (const p of RULE_SETS[preset].procedures) {
      const steps = queue.stages.map((stage: CaseStage) => stepOf(p, stage)).filter((s) => s !== undefined);
      if (!steps.length) continue;
      all.push({ ruleSet: preset, procedure: p.kind });
      const owned = needsAppraisal ? steps.some((s) => s.records?.includes("APPRAISAL")) : steps.some((s) => s.role === queue.role);
      if (owned) mine.push({ ruleSet: preset, procedure: p.kind });
    }
  }
  return { refs: mine.length === all.length ? null : mine, needsAppraisal };
}

/** The queues that have work under a rule set, for the SPA's tabs. */
export function queuesOf(preset: LocalRulePreset): QueueName[] {
  return (Object.keys(QUEUES) as QueueName[]).filter((name) => {
    const { refs } = queueMembership(name);
    const queue = QUEUES[name];
    const inRules = RULE_SETS[preset].procedures.some((p) => queue.stages.some((stage: CaseStage) => stepOf(p, stage)));
    return inRules && (refs === null || refs.some((r) => r.ruleSet === preset));
  });
}

import type { Role } from "../roles.ts";
import type { Transition } from "./actions.ts";
import type { DeadlineRule, Step } from "./procedure.ts";
import type { CaseStage } from "./stages.ts";

/** Deadlines of the village publicity and what surrounds it (rule data). */
export type PublicityDeadlines = {
  /** The village posts the notice after the stage before it ends. */
  posting: DeadlineRule;
  /** The outcome is recorded after the period ends. */
  outcome: DeadlineRule;
  /** The district decides an objection. */
  objection: DeadlineRule;
};

/**
 * 村内公示, the same in every procedure that has it:
 *
 *   PUBLICITY_PENDING  village posts the notice
 *     └─ POST_PUBLICITY ─▶ PUBLICITY_RUNNING  N days: posted on P, runs P+1 … P+N
 *           ├─ (time) END_PUBLICITY ─▶ PUBLICITY_ENDED
 *           │     └─ CONFIRM_OUTCOME (no valid objection; by `outcomeRole`) ─▶ `next`
 *           └─ RAISE_OBJECTION ─▶ OBJECTION_REVIEW  district decides
 *                 ├─ DISMISS ──────────▶ PUBLICITY_RUNNING, or PUBLICITY_ENDED if the period is over
 *                 ├─ UPHOLD_AND_CLOSE ─▶ OBJECTION_UPHELD (household unchanged)
 *                 └─ UPHOLD_AND_RETURN ▶ the first step (clock anew)
 *
 * `next` completes the procedure when it is its end stage (`completes`).
 */
export function publicitySegment(o: {
  deadlines: PublicityDeadlines;
  outcomeRole: Role;
  outcomeLabel: string;
  next: CaseStage;
  completes: boolean;
}): { steps: Step[]; transitions: Transition[] } {
  return {
    steps: [
      { stage: "PUBLICITY_PENDING", label: "待村内公示", role: "VILLAGE_CADRE", deadline: o.deadlines.posting },
      { stage: "PUBLICITY_RUNNING", label: "公示中", role: "VILLAGE_CADRE", deadline: null },
      { stage: "PUBLICITY_ENDED", label: o.outcomeLabel, role: o.outcomeRole, deadline: o.deadlines.outcome },
      { stage: "OBJECTION_REVIEW", label: "异议待区县裁定", role: "DISTRICT_REVIEWER", deadline: o.deadlines.objection },
    ],
    transitions: [
      { action: "POST_PUBLICITY", from: ["PUBLICITY_PENDING"], to: "PUBLICITY_RUNNING", roles: ["VILLAGE_CADRE"] },
      { action: "END_PUBLICITY", from: ["PUBLICITY_RUNNING"], to: "PUBLICITY_ENDED", roles: ["SYSTEM"] },
      { action: "RAISE_OBJECTION", from: ["PUBLICITY_RUNNING", "PUBLICITY_ENDED"], to: "OBJECTION_REVIEW", roles: ["VILLAGE_CADRE", "TOWNSHIP_STAFF"] },
      { action: "DECIDE_OBJECTION", from: ["OBJECTION_REVIEW"], to: "BY_DECISION", roles: ["DISTRICT_REVIEWER"] },
      { action: "CONFIRM_OUTCOME", from: ["PUBLICITY_ENDED"], to: o.next, roles: [o.outcomeRole], ...(o.completes ? { completes: true as const } : {}) },
    ],
  };
}

import type { Role } from "../roles.ts";
import { assistFirst, review, townshipRound, withdrawal } from "./actions.ts";
import type { DeadlineRule, Procedure, RecordKind, Step } from "./procedure.ts";
import { publicitySegment, type PublicityDeadlines } from "./publicity-steps.ts";

/**
 * 脱贫不再享受政策户 at risk of return → rolled back to 脱贫享受政策户 (2020 rules, DOMAIN.md procedure 3).
 *
 *   TOWNSHIP_VERIFICATION  village: 民主评议 (Linyi: also 入户调查) — within 5 working days
 *     └─ SUBMIT ─▶ DISTRICT_REVIEW  district: review (Linyi: with the cross-check) — within 3 working days
 *          ├─ APPROVE ─▶ 村内公示 (publicity-steps.ts), 5 days
 *          │     └─ CONFIRM_OUTCOME ─▶ DESIGNATED: the category becomes LIFTED_WITH_POLICY
 *          ├─ RETURN ──▶ TOWNSHIP_VERIFICATION (clock anew)
 *          └─ REJECT ──▶ REJECTED (household unchanged)
 */
export function rollback(o: {
  township: DeadlineRule;
  district: DeadlineRule;
  publicity: PublicityDeadlines;
  outcomeRole: Role;
  /** Weihai: the appraisal; Linyi: the home survey and the appraisal. */
  records: readonly RecordKind[];
  crossCheck: boolean;
}): Procedure {
  const publicity = publicitySegment({
    deadlines: o.publicity, outcomeRole: o.outcomeRole, next: "DESIGNATED", completes: true,
    outcomeLabel: o.outcomeRole === "DISTRICT_REVIEWER" ? "公示期满待区县回退" : "公示期满待确认",
  });
  const steps: Step[] = [
    { stage: "TOWNSHIP_VERIFICATION", label: o.records.includes("VERIFICATION") ? "入户调查与民主评议" : "村级民主评议", role: "TOWNSHIP_STAFF", deadline: o.township, records: o.records },
    { stage: "DISTRICT_REVIEW", label: o.crossCheck ? "区县审核与信息比对" : "区县审核", role: "DISTRICT_REVIEWER", deadline: o.district, crossCheck: o.crossCheck },
    ...publicity.steps,
  ];
  const open = steps.map((s) => s.stage);
  return {
    kind: "ROLLBACK",
    label: "脱贫不再享受政策户 → 回退为脱贫享受政策户",
    purpose: "IDENTIFICATION",
    appliesTo: { categories: ["LIFTED_WITHOUT_POLICY"], designations: [null] },
    steps,
    transitions: [
      // The home survey is optional where the rules do not require it (Weihai), required where they do (Linyi).
      ...townshipRound(["VERIFICATION", "APPRAISAL"], "DISTRICT_REVIEW"),
      ...review("DISTRICT_REVIEW", "PUBLICITY_PENDING"),
      ...publicity.transitions,
      withdrawal(open),
      assistFirst(open),
    ],
    outcome: { type: "CHANGE_CATEGORY", category: "LIFTED_WITH_POLICY" },
    completedStage: "DESIGNATED",
    endLabels: { DESIGNATED: "已回退为脱贫享受政策户", REJECTED: "不予回退" },
    limit: null,
  };
}

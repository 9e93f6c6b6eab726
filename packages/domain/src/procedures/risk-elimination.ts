import type { Designation } from "../categories.ts";
import { review, townshipRound, withdrawal } from "./actions.ts";
import type { DeadlineRule, Procedure, Step } from "./procedure.ts";
import { publicitySegment, type PublicityDeadlines } from "./publicity-steps.ts";

/**
 * 风险消除: the way out of monitoring (DOMAIN.md "The national model"; in the
 * 2020 rules the exit of 脱贫监测户 and 即时帮扶户 into the exit ledger, seed 004).
 *
 *   TOWNSHIP_VERIFICATION  入户核实 by at least two people, each criterion assessed, + 民主评议
 *     │  (SUBMIT is refused while a criterion is unmet, and for a household without
 *     │   labour capacity covered by social security: 暂不标注风险消除，持续跟踪监测)
 *     └─ SUBMIT ─▶ 村内公示 (publicity-steps.ts)
 *          └─ CONFIRM_OUTCOME (village) ─▶ TOWNSHIP_REVIEW  乡镇审核
 *               ├─ APPROVE ─▶ DISTRICT_REVIEW  县级审定 and 公告
 *               │     ├─ APPROVE (with the announcement) ─▶ ELIMINATED: the designation ends that day
 *               │     ├─ RETURN ──▶ TOWNSHIP_VERIFICATION
 *               │     └─ REJECT ──▶ REJECTED (still monitored)
 *               ├─ RETURN ──▶ TOWNSHIP_VERIFICATION
 *               └─ REJECT ──▶ REJECTED
 *
 * The household keeps its history and may be identified again later.
 */
export function riskElimination(o: {
  township: DeadlineRule;
  townshipReview: DeadlineRule;
  district: DeadlineRule;
  publicity: PublicityDeadlines;
  /** The designations it ends. */
  designations: readonly Designation[];
}): Procedure {
  const publicity = publicitySegment({
    deadlines: o.publicity, outcomeRole: "VILLAGE_CADRE", outcomeLabel: "公示期满待确认", next: "TOWNSHIP_REVIEW", completes: false,
  });
  const steps: Step[] = [
    { stage: "TOWNSHIP_VERIFICATION", label: "入户核实评估与民主评议", role: "TOWNSHIP_STAFF", deadline: o.township, records: ["ASSESSMENT", "APPRAISAL"] },
    ...publicity.steps,
    { stage: "TOWNSHIP_REVIEW", label: "乡镇审核", role: "TOWNSHIP_STAFF", deadline: o.townshipReview },
    { stage: "DISTRICT_REVIEW", label: "县级审定并公告", role: "DISTRICT_REVIEWER", deadline: o.district, announcement: true },
  ];
  return {
    kind: "RISK_ELIMINATION",
    label: "风险消除",
    purpose: "ELIMINATION",
    appliesTo: { categories: ["LIFTED_WITH_POLICY", "LIFTED_WITHOUT_POLICY", "ORDINARY"], designations: o.designations },
    steps,
    transitions: [
      ...townshipRound(["ASSESSMENT", "APPRAISAL"], "PUBLICITY_PENDING"),
      ...publicity.transitions,
      ...review("TOWNSHIP_REVIEW", "DISTRICT_REVIEW"),
      ...review("DISTRICT_REVIEW", "ELIMINATED", true),
      withdrawal(steps.map((s) => s.stage)),
    ],
    outcome: { type: "END_DESIGNATION", reason: "风险消除" },
    completedStage: "ELIMINATED",
    endLabels: { ELIMINATED: "已标注风险消除", REJECTED: "暂不标注风险消除", OBJECTION_UPHELD: "异议成立，暂不标注风险消除" },
    limit: null,
  };
}

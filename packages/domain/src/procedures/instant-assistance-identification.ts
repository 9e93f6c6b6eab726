import type { Role } from "../roles.ts";
import { assistFirst, review, townshipRound, withdrawal } from "./actions.ts";
import type { DeadlineRule, Procedure, Step } from "./procedure.ts";
import { publicitySegment, type PublicityDeadlines } from "./publicity-steps.ts";

/**
 * 一般农户 at risk of falling into poverty → 即时帮扶户 (2020 rules, DOMAIN.md procedure 2).
 *
 *   TOWNSHIP_VERIFICATION  township: 入户采集 (即时帮扶人口信息采集表) + village: 民主评议 — within 5 working days
 *     └─ SUBMIT ─▶ DISTRICT_REVIEW  district: review + 信息比对 + 十不纳入 — within 3 working days
 *          ├─ APPROVE ─▶ 村内公示 (publicity-steps.ts), 5 days
 *          │     └─ CONFIRM_OUTCOME ─▶ DESIGNATED (INSTANT_ASSISTANCE). Weihai: the district enters it
 *          │        ("公示结束后，由区市扶贫部门录入系统"); elsewhere the village confirms.
 *          ├─ RETURN ──▶ TOWNSHIP_VERIFICATION (clock anew)
 *          └─ REJECT ──▶ REJECTED (不予纳入, household unchanged)
 */
export function instantAssistanceIdentification(o: {
  township: DeadlineRule;
  district: DeadlineRule;
  publicity: PublicityDeadlines;
  outcomeRole: Role;
}): Procedure {
  const publicity = publicitySegment({
    deadlines: o.publicity, outcomeRole: o.outcomeRole, next: "DESIGNATED", completes: true,
    outcomeLabel: o.outcomeRole === "DISTRICT_REVIEWER" ? "公示期满待区县录入认定" : "公示期满待确认",
  });
  const steps: Step[] = [
    { stage: "TOWNSHIP_VERIFICATION", label: "乡镇入户采集与民主评议", role: "TOWNSHIP_STAFF", deadline: o.township, records: ["VERIFICATION", "APPRAISAL"] },
    { stage: "DISTRICT_REVIEW", label: "区县审核与信息比对", role: "DISTRICT_REVIEWER", deadline: o.district, crossCheck: true },
    ...publicity.steps,
  ];
  const open = steps.map((s) => s.stage);
  return {
    kind: "INSTANT_ASSISTANCE_IDENTIFICATION",
    label: "一般农户 → 即时帮扶户",
    purpose: "IDENTIFICATION",
    appliesTo: { categories: ["ORDINARY"], designations: [null] },
    steps,
    transitions: [
      ...townshipRound(["VERIFICATION", "APPRAISAL"], "DISTRICT_REVIEW"),
      ...review("DISTRICT_REVIEW", "PUBLICITY_PENDING"),
      ...publicity.transitions,
      withdrawal(open),
      assistFirst(open),
    ],
    outcome: { type: "DESIGNATE", designation: "INSTANT_ASSISTANCE" },
    completedStage: "DESIGNATED",
    limit: null,
  };
}

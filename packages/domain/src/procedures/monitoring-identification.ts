import { HOUSEHOLD_CATEGORIES } from "../categories.ts";
import { assistFirst, review, withdrawal, type Transition } from "./actions.ts";
import type { DeadlineRule, Procedure, Step } from "./procedure.ts";
import { publicitySegment, type PublicityDeadlines } from "./publicity-steps.ts";

/**
 * Any household not yet monitored → 监测对象 of a monitoring type
 * (DOMAIN.md "The national model"). The type is proposed at verification and
 * settled by the district; it is not the household's category.
 *
 * National model (2021 on), all within 15 days of the first clue:
 *
 *   TOWNSHIP_VERIFICATION  农户授权承诺 + 入户核实 + 民主评议
 *     └─ SUBMIT ─▶ 村内公示 (publicity-steps.ts), at least 5 days, once
 *          └─ CONFIRM_OUTCOME (village) ─▶ TOWNSHIP_REVIEW  乡镇初审
 *               ├─ APPROVE ─▶ DISTRICT_REVIEW  县级审定 with the cross-check
 *               │     ├─ APPROVE ─▶ DESIGNATED (MONITORING_TARGET of the type)
 *               │     ├─ RETURN ──▶ TOWNSHIP_VERIFICATION
 *               │     └─ REJECT ──▶ REJECTED
 *               ├─ RETURN ──▶ TOWNSHIP_VERIFICATION
 *               └─ REJECT ──▶ REJECTED
 *
 * County confirmation (Fuzhou, seed 003: 乡镇 5 个工作日内完成核实，由县级扶贫开发领导小组确认):
 *
 *   TOWNSHIP_VERIFICATION  入户核实 ─ SUBMIT ─▶ DISTRICT_REVIEW (the district reviewer for the leading group)
 *     ─ APPROVE ─▶ DESIGNATED; RETURN / REJECT as above
 */
export function monitoringIdentification(o: {
  township: DeadlineRule;
  district: DeadlineRule;
  /** The national model's consent, appraisal, publicity and township review; null: county confirmation only. */
  village: { publicity: PublicityDeadlines; townshipReview: DeadlineRule } | null;
  crossCheck: boolean;
  limit: DeadlineRule | null;
}): Procedure {
  const steps: Step[] = [];
  const transitions: Transition[] = [
    { action: "RECORD_VERIFICATION", from: ["TOWNSHIP_VERIFICATION"], to: "SAME", roles: ["TOWNSHIP_STAFF"] },
  ];
  if (o.village) {
    const publicity = publicitySegment({
      deadlines: o.village.publicity, outcomeRole: "VILLAGE_CADRE", outcomeLabel: "公示期满待确认", next: "TOWNSHIP_REVIEW", completes: false,
    });
    steps.push(
      { stage: "TOWNSHIP_VERIFICATION", label: "入户核实与民主评议", role: "TOWNSHIP_STAFF", deadline: o.township, records: ["CONSENT", "VERIFICATION", "APPRAISAL"] },
      ...publicity.steps,
      { stage: "TOWNSHIP_REVIEW", label: "乡镇初审", role: "TOWNSHIP_STAFF", deadline: o.village.townshipReview },
      { stage: "DISTRICT_REVIEW", label: "县级审定", role: "DISTRICT_REVIEWER", deadline: o.district, crossCheck: o.crossCheck },
    );
    transitions.push(
      { action: "RECORD_CONSENT", from: ["TOWNSHIP_VERIFICATION"], to: "SAME", roles: ["VILLAGE_CADRE", "TOWNSHIP_STAFF"] },
      { action: "RECORD_APPRAISAL", from: ["TOWNSHIP_VERIFICATION"], to: "SAME", roles: ["VILLAGE_CADRE", "TOWNSHIP_STAFF"] },
      { action: "SUBMIT", from: ["TOWNSHIP_VERIFICATION"], to: "PUBLICITY_PENDING", roles: ["TOWNSHIP_STAFF"] },
      ...publicity.transitions,
      ...review("TOWNSHIP_REVIEW", "DISTRICT_REVIEW"),
    );
  } else {
    steps.push(
      { stage: "TOWNSHIP_VERIFICATION", label: "乡镇入户核实", role: "TOWNSHIP_STAFF", deadline: o.township, records: ["VERIFICATION"] },
      { stage: "DISTRICT_REVIEW", label: "县级领导小组确认", role: "DISTRICT_REVIEWER", deadline: o.district, crossCheck: o.crossCheck },
    );
    transitions.push({ action: "SUBMIT", from: ["TOWNSHIP_VERIFICATION"], to: "DISTRICT_REVIEW", roles: ["TOWNSHIP_STAFF"] });
  }
  const open = steps.map((s) => s.stage);
  transitions.push(
    ...review("DISTRICT_REVIEW", "DESIGNATED", true),
    withdrawal(open),
    assistFirst(open),
  );
  return {
    kind: "MONITORING_IDENTIFICATION",
    label: "识别认定为监测对象",
    purpose: "IDENTIFICATION",
    appliesTo: { categories: HOUSEHOLD_CATEGORIES, designations: [null] },
    steps,
    transitions,
    outcome: { type: "DESIGNATE", designation: "MONITORING_TARGET" },
    completedStage: "DESIGNATED",
    limit: o.limit,
  };
}

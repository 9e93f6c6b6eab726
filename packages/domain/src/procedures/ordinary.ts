import type { Procedure } from "./procedure.ts";
import { COMMON_TRANSITIONS } from "./actions.ts";

/**
 * 一般农户 at risk of falling into poverty → 即时帮扶户 (DOMAIN.md procedure 2).
 *
 *   TOWNSHIP_VERIFICATION  township: 入户采集 (即时帮扶人口信息采集表) + village: 民主评议 — within 5 working days
 *     └─ SUBMIT ─▶ DISTRICT_REVIEW  district: review + 信息比对 + 十不纳入 — within 3 working days
 *          ├─ APPROVE ─▶ PUBLICITY_PENDING  village posts the notice
 *          │     └─ POST_PUBLICITY ─▶ PUBLICITY_RUNNING  5 days: posted on P, runs P+1 … P+5
 *          │           ├─ (time) END_PUBLICITY ─▶ PUBLICITY_ENDED
 *          │           │     └─ CONFIRM_OUTCOME (no valid objection) ─▶ DESIGNATED (INSTANT_ASSISTANCE)
 *          │           └─ RAISE_OBJECTION ─▶ OBJECTION_REVIEW  district decides
 *          │                 ├─ DISMISS ──────────▶ PUBLICITY_RUNNING, or PUBLICITY_ENDED if the period is over
 *          │                 ├─ UPHOLD_AND_CLOSE ─▶ OBJECTION_UPHELD (household unchanged)
 *          │                 └─ UPHOLD_AND_RETURN ▶ TOWNSHIP_VERIFICATION (clock anew)
 *          ├─ RETURN ──▶ TOWNSHIP_VERIFICATION (clock anew)
 *          └─ REJECT ──▶ REJECTED (不予纳入, household unchanged)
 */
export const ORDINARY_PROCEDURE: Procedure = {
  category: "ORDINARY",
  title: "一般农户 → 即时帮扶户",
  outcome: { designation: "INSTANT_ASSISTANCE" },
  transitions: [
    { action: "RECORD_VERIFICATION", from: ["TOWNSHIP_VERIFICATION"], to: "SAME", roles: ["TOWNSHIP_STAFF"] },
    { action: "RECORD_APPRAISAL", from: ["TOWNSHIP_VERIFICATION"], to: "SAME", roles: ["VILLAGE_CADRE", "TOWNSHIP_STAFF"] },
    { action: "SUBMIT", from: ["TOWNSHIP_VERIFICATION"], to: "DISTRICT_REVIEW", roles: ["TOWNSHIP_STAFF"] },
    { action: "APPROVE", from: ["DISTRICT_REVIEW"], to: "PUBLICITY_PENDING", roles: ["DISTRICT_REVIEWER"] },
    { action: "RETURN", from: ["DISTRICT_REVIEW"], to: "TOWNSHIP_VERIFICATION", roles: ["DISTRICT_REVIEWER"] },
    { action: "REJECT", from: ["DISTRICT_REVIEW"], to: "REJECTED", roles: ["DISTRICT_REVIEWER"] },
    { action: "POST_PUBLICITY", from: ["PUBLICITY_PENDING"], to: "PUBLICITY_RUNNING", roles: ["VILLAGE_CADRE"] },
    { action: "END_PUBLICITY", from: ["PUBLICITY_RUNNING"], to: "PUBLICITY_ENDED", roles: ["SYSTEM"] },
    { action: "RAISE_OBJECTION", from: ["PUBLICITY_RUNNING", "PUBLICITY_ENDED"], to: "OBJECTION_REVIEW", roles: ["VILLAGE_CADRE", "TOWNSHIP_STAFF"] },
    { action: "DECIDE_OBJECTION", from: ["OBJECTION_REVIEW"], to: "BY_DECISION", roles: ["DISTRICT_REVIEWER"] },
    { action: "CONFIRM_OUTCOME", from: ["PUBLICITY_ENDED"], to: "DESIGNATED", roles: ["VILLAGE_CADRE"], completes: true },
    ...COMMON_TRANSITIONS,
  ],
};

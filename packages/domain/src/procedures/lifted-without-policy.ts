import type { Procedure } from "./procedure.ts";
import { COMMON_TRANSITIONS } from "./actions.ts";

/**
 * 脱贫不再享受政策户 at risk of return → rolled back to 脱贫享受政策户 (DOMAIN.md procedure 3).
 *
 *   TOWNSHIP_VERIFICATION  village: 民主评议 (Linyi: also 入户调查) — within 5 working days
 *     └─ SUBMIT ─▶ DISTRICT_REVIEW  district: review — within 3 working days
 *          ├─ APPROVE ─▶ PUBLICITY_PENDING ─▶ PUBLICITY_RUNNING (5 days) ─▶ PUBLICITY_ENDED
 *          │     └─ CONFIRM_OUTCOME ─▶ DESIGNATED: category becomes LIFTED_WITH_POLICY
 *          │     objections as in the ORDINARY procedure
 *          ├─ RETURN ──▶ TOWNSHIP_VERIFICATION (clock anew)
 *          └─ REJECT ──▶ REJECTED (household unchanged)
 */
export const LIFTED_WITHOUT_POLICY_PROCEDURE: Procedure = {
  category: "LIFTED_WITHOUT_POLICY",
  title: "脱贫不再享受政策户 → 回退为脱贫享受政策户",
  outcome: { category: "LIFTED_WITH_POLICY" },
  transitions: [
    // The home survey is optional here (Weihai), required where the local rules say so (Linyi).
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

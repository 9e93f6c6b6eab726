import type { Procedure } from "./procedure.ts";
import { COMMON_TRANSITIONS } from "./actions.ts";

/**
 * 脱贫享受政策户 at risk of return → 脱贫监测户 (DOMAIN.md procedure 1).
 *
 *   TOWNSHIP_VERIFICATION  township: 返贫风险信息入户核实, 采集表 — within 5 working days
 *     └─ SUBMIT ─▶ DISTRICT_REVIEW  district: review — within 3 working days
 *          ├─ APPROVE ─▶ DESIGNATED (household marked MONITORED); no publicity
 *          ├─ RETURN ──▶ TOWNSHIP_VERIFICATION (the township's clock starts anew)
 *          └─ REJECT ──▶ REJECTED (household unchanged)
 */
export const LIFTED_WITH_POLICY_PROCEDURE: Procedure = {
  category: "LIFTED_WITH_POLICY",
  title: "脱贫享受政策户 → 脱贫监测户",
  outcome: { designation: "MONITORED" },
  transitions: [
    { action: "RECORD_VERIFICATION", from: ["TOWNSHIP_VERIFICATION"], to: "SAME", roles: ["TOWNSHIP_STAFF"] },
    { action: "SUBMIT", from: ["TOWNSHIP_VERIFICATION"], to: "DISTRICT_REVIEW", roles: ["TOWNSHIP_STAFF"] },
    { action: "APPROVE", from: ["DISTRICT_REVIEW"], to: "DESIGNATED", roles: ["DISTRICT_REVIEWER"], completes: true },
    { action: "RETURN", from: ["DISTRICT_REVIEW"], to: "TOWNSHIP_VERIFICATION", roles: ["DISTRICT_REVIEWER"] },
    { action: "REJECT", from: ["DISTRICT_REVIEW"], to: "REJECTED", roles: ["DISTRICT_REVIEWER"] },
    ...COMMON_TRANSITIONS,
  ],
};

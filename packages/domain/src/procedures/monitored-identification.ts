import { assistFirst, review, townshipRound, withdrawal } from "./actions.ts";
import type { DeadlineRule, Procedure, Step } from "./procedure.ts";

/**
 * 脱贫享受政策户 at risk of return → 脱贫监测户 (2020 rules, DOMAIN.md procedure 1).
 *
 *   TOWNSHIP_VERIFICATION  township: 返贫风险信息入户核实, 采集表 — within 5 working days
 *     └─ SUBMIT ─▶ DISTRICT_REVIEW  district: review — within 3 working days
 *          ├─ APPROVE ─▶ DESIGNATED (household marked MONITORED); no publicity
 *          ├─ RETURN ──▶ TOWNSHIP_VERIFICATION (the township's clock starts anew)
 *          └─ REJECT ──▶ REJECTED (household unchanged)
 */
export function monitoredIdentification(o: { township: DeadlineRule; district: DeadlineRule }): Procedure {
  const steps: Step[] = [
    { stage: "TOWNSHIP_VERIFICATION", label: "乡镇入户核实", role: "TOWNSHIP_STAFF", deadline: o.township, records: ["VERIFICATION"] },
    { stage: "DISTRICT_REVIEW", label: "区县审核", role: "DISTRICT_REVIEWER", deadline: o.district },
  ];
  const open = steps.map((s) => s.stage);
  return {
    kind: "MONITORED_IDENTIFICATION",
    label: "脱贫享受政策户 → 脱贫监测户",
    purpose: "IDENTIFICATION",
    appliesTo: { categories: ["LIFTED_WITH_POLICY"], designations: [null] },
    steps,
    transitions: [
      ...townshipRound(["VERIFICATION"], "DISTRICT_REVIEW"),
      ...review("DISTRICT_REVIEW", "DESIGNATED", true),
      withdrawal(open),
      assistFirst(open),
    ],
    outcome: { type: "DESIGNATE", designation: "MONITORED" },
    completedStage: "DESIGNATED",
    limit: null,
  };
}

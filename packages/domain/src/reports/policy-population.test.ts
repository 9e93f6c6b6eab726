import { describe, expect, it } from "vitest";
import { decrementReason, incrementReason, isPolicyHousehold, markChange, policyMark, previousMonthEnd, type PolicyHousehold } from "./policy-population.ts";

const h = (over: Partial<PolicyHousehold> = {}): PolicyHousehold => ({ category: "LIFTED_WITH_POLICY", designation: null, rolledBack: false, ...over });

describe("policy population", () => {
  it("is the 脱贫享受政策户 and every designated household, whatever its category", () => {
    expect(isPolicyHousehold(h())).toBe(true);
    expect(isPolicyHousehold(h({ category: "ORDINARY" }))).toBe(false);
    expect(isPolicyHousehold(h({ category: "ORDINARY", designation: "INSTANT_ASSISTANCE" }))).toBe(true);
    expect(isPolicyHousehold(h({ category: "LIFTED_WITHOUT_POLICY", designation: "MONITORING_TARGET" }))).toBe(true);
    expect(isPolicyHousehold(h({ category: "LIFTED_WITHOUT_POLICY" }))).toBe(false);
  });

  it("marks 脱贫监测户 and 即时帮扶人口 clearly", () => {
    expect(policyMark(h({ designation: "MONITORED" }))).toBe("脱贫监测户");
    expect(policyMark(h({ category: "ORDINARY", designation: "INSTANT_ASSISTANCE" }))).toBe("即时帮扶人口");
    expect(policyMark(h({ designation: "MONITORING_TARGET" }))).toBe("监测对象");
    expect(policyMark(h())).toBe("脱贫享受政策人口");
    expect(policyMark(h({ rolledBack: true }))).toBe("脱贫享受政策人口（回退户）");
  });

  it("counts the month from the end of the previous month", () => {
    expect(previousMonthEnd("2026-11-29")).toBe("2026-10-31");
    expect(previousMonthEnd("2026-11-01")).toBe("2026-10-31");
    expect(previousMonthEnd("2026-03-15")).toBe("2026-02-28");
    expect(previousMonthEnd("2026-01-15")).toBe("2025-12-31");
  });

  it("says why a person left the list", () => {
    expect(decrementReason(h(), null)).toBe("户已不在本辖区（迁出或注销）");
    expect(decrementReason(h(), h())).toBe("家庭成员减少（已不在本户）");
    const instant = h({ category: "ORDINARY", designation: "INSTANT_ASSISTANCE" });
    expect(decrementReason(instant, h({ category: "ORDINARY" }), { designation: "INSTANT_ASSISTANCE", endedOn: "2026-11-20", endReason: "风险已消除" }))
      .toBe("即时帮扶户退出（2026-11-20）：风险已消除");
    expect(decrementReason(h(), h({ category: "LIFTED_WITHOUT_POLICY" }))).toBe("户类别变更：脱贫享受政策户 → 脱贫不再享受政策户");
    expect(decrementReason(h({ designation: "MONITORED" }), h({ category: "LIFTED_WITHOUT_POLICY" }), { designation: "MONITORED", endedOn: "2026-11-20", endReason: null }))
      .toBe("脱贫监测户退出（2026-11-20）；户类别变更：脱贫享受政策户 → 脱贫不再享受政策户");
    expect(decrementReason(instant, h({ category: "ORDINARY" }))).toBe("不再属于享受政策人口");
  });

  it("says why a person joined the list", () => {
    const now = { ...h({ category: "ORDINARY", designation: "INSTANT_ASSISTANCE" }), designatedAt: "2026-11-24" };
    expect(incrementReason(null, now)).toBe("新增户（新登记或迁入本辖区）");
    expect(incrementReason(h(), { ...h(), designatedAt: null })).toBe("家庭成员增加（新入户）");
    expect(incrementReason(h({ category: "ORDINARY" }), now)).toBe("新认定为即时帮扶户（2026-11-24）");
    expect(incrementReason(h({ category: "LIFTED_WITHOUT_POLICY" }), { ...h({ rolledBack: true }), designatedAt: null })).toBe("回退为脱贫享受政策户");
    expect(incrementReason(h({ category: "ORDINARY" }), { ...h(), designatedAt: null })).toBe("户类别变更：一般农户 → 脱贫享受政策户");
  });

  it("names a change of mark of a person on both lists", () => {
    expect(markChange(h({ designation: "MONITORED" }), h())).toBe("脱贫监测户 → 脱贫享受政策人口");
    expect(markChange(h(), h())).toBe("");
  });
});

import { WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import { describe, expect, it } from "vitest";
import { procedureProgress, procedureSteps } from "./procedure-steps.ts";

describe("procedureSteps", () => {
  it("has no publicity for a lifted household with policies", () => {
    expect(procedureSteps("LIFTED_WITH_POLICY", WEIHAI_RULES).map((s) => s.title)).toEqual(["乡镇核实", "区县审核", "完成认定"]);
    expect(procedureSteps("LIFTED_WITH_POLICY", WEIHAI_RULES).at(-1)!.description).toBe("标注为脱贫监测户");
  });

  it("has collection, appraisal, cross-check and publicity for an ordinary household", () => {
    const steps = procedureSteps("ORDINARY", WEIHAI_RULES);
    expect(steps.map((s) => s.title)).toEqual(["乡镇核实", "区县审核", "村内公示", "确认公示结果", "完成认定"]);
    expect(steps[0]!.description).toBe("入户核实、民主评议，5 个工作日内");
    expect(steps[1]!.description).toBe("含信息比对，3 个工作日内");
  });

  it("rolls back a lifted household without policies", () => {
    expect(procedureSteps("LIFTED_WITHOUT_POLICY", WEIHAI_RULES).at(-1)!.description).toBe("回退为脱贫享受政策户");
  });
});

describe("procedureProgress", () => {
  it("places open stages on their step", () => {
    expect(procedureProgress("ORDINARY", "PUBLICITY_RUNNING", null, WEIHAI_RULES)).toMatchObject({ current: 2, status: "process" });
    expect(procedureProgress("ORDINARY", "PUBLICITY_ENDED", null, WEIHAI_RULES)).toMatchObject({ current: 3, status: "process" });
  });

  it("finishes a designated case and stops a rejected one where it was", () => {
    expect(procedureProgress("LIFTED_WITH_POLICY", "DESIGNATED", "DISTRICT_REVIEW", WEIHAI_RULES)).toMatchObject({ current: 2, status: "finish" });
    expect(procedureProgress("ORDINARY", "REJECTED", "DISTRICT_REVIEW", WEIHAI_RULES)).toMatchObject({ current: 1, status: "error", endedAs: "不予纳入" });
  });
});

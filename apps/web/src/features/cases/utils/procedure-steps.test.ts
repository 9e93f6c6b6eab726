import { describe, expect, it } from "vitest";
import { procedureProgress, procedureSteps } from "./procedure-steps.ts";
import { ELIMINATION, IDENTIFICATION, ROLLBACK, RULES } from "./rules-fixture.test-helpers.ts";

const LABELS = { designations: { MONITORING_TARGET: "监测对象" }, categories: { LIFTED_WITH_POLICY: "脱贫享受政策户" } };

describe("procedureSteps", () => {
  it("lists the rule set's steps with their records, checks and deadline texts, then the outcome", () => {
    const steps = procedureSteps(IDENTIFICATION, RULES, LABELS);
    expect(steps.map((s) => s.title)).toEqual(["入户核实与民主评议", "待村内公示", "公示中", "公示期满待确认", "乡镇初审", "县级审定", "完成认定"]);
    expect(steps[0]!.description).toBe("农户授权承诺、入户核实、民主评议，5 个工作日内");
    expect(steps[2]!.description).toBe("公示 5 天");
    expect(steps[5]!.description).toBe("含信息比对，3 个工作日内");
    expect(steps.at(-1)!.description).toBe("标注为监测对象（脱贫不稳定户、边缘易致贫户之一）");
  });

  it("names a rollback's and a risk elimination's outcome", () => {
    expect(procedureSteps(ROLLBACK, RULES, LABELS).at(-1)).toMatchObject({ title: "完成回退", description: "回退为脱贫享受政策户" });
    const elimination = procedureSteps(ELIMINATION, RULES, LABELS);
    expect(elimination[1]!.description).toBe("审定后公告，3 个工作日内");
    expect(elimination.at(-1)).toMatchObject({ title: "完成风险消除", description: "标注风险消除，结束监测" });
  });
});

describe("procedureProgress", () => {
  it("places open stages on their step, an objection on the publicity", () => {
    expect(procedureProgress(IDENTIFICATION, RULES, LABELS, "TOWNSHIP_REVIEW", null)).toMatchObject({ current: 4, status: "process" });
    expect(procedureProgress(IDENTIFICATION, RULES, LABELS, "OBJECTION_REVIEW", null)).toMatchObject({ current: 2, status: "process" });
  });

  it("finishes a designated or eliminated case and stops a rejected one where it was", () => {
    expect(procedureProgress(ROLLBACK, RULES, LABELS, "DESIGNATED", "DISTRICT_REVIEW")).toMatchObject({ current: 2, status: "finish" });
    expect(procedureProgress(ELIMINATION, RULES, LABELS, "ELIMINATED", "DISTRICT_REVIEW")).toMatchObject({ current: 2, status: "finish" });
    expect(procedureProgress(IDENTIFICATION, RULES, LABELS, "REJECTED", "DISTRICT_REVIEW")).toMatchObject({ current: 5, status: "error", endedAs: "不予纳入" });
  });
});

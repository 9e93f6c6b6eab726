import { describe, expect, it } from "vitest";
import { RULE_SETS } from "./procedures/rules.ts";
import { describeRules, ZRulesResponse } from "./rules-schemas.ts";

describe("describeRules (GET /api/rules)", () => {
  for (const rules of Object.values(RULE_SETS)) {
    it(`${rules.preset}: matches its schema and the contract shape`, () => {
      const d = describeRules(rules);
      expect(ZRulesResponse.parse(d)).toEqual(d);
      expect(d).toMatchObject({ preset: rules.preset, name: rules.name });
      expect(d.procedures.map((p) => p.kind)).toEqual(rules.procedures.map((p) => p.kind));
      for (const p of d.procedures) {
        expect(typeof p.label).toBe("string");
        for (const s of p.steps) {
          expect(Object.keys(s)).toEqual(expect.arrayContaining(["code", "label", "role", "deadline", "actions"]));
          for (const a of s.actions) expect(a.path === null).toBe(a.action === "END_PUBLICITY");
        }
      }
      expect(d.crossChecks.map((c) => c.code)).toEqual(["VEHICLE", "CIVIL_SERVANT", "COMPANY", "REAL_ESTATE"]);
      expect(d.exclusions).toHaveLength(10);
      expect(d.recordKinds.map((k) => k.code)).toEqual(["CONSENT", "VERIFICATION", "APPRAISAL", "ASSESSMENT"]);
    });
  }

  it("monitoring types: empty where the rule set has none", () => {
    expect(describeRules(RULE_SETS.weihai).monitoringTypes).toEqual([]);
    expect(describeRules(RULE_SETS.linyi).monitoringTypes).toEqual([]);
    expect(describeRules(RULE_SETS.fuzhou).monitoringTypes).toEqual([
      { code: "UNSTABLE_LIFTED", label: "脱贫不稳定户" }, { code: "EDGE_AT_RISK", label: "边缘易致贫户" },
    ]);
    expect(describeRules(RULE_SETS.national).monitoringTypes).toEqual([
      { code: "UNSTABLE_LIFTED", label: "脱贫不稳定户" }, { code: "EDGE_AT_RISK", label: "边缘易致贫户" }, { code: "SUDDEN_HARDSHIP", label: "突发严重困难户" },
    ]);
  });

  it("weihai: steps, deadline texts, and the district entering the designation after publicity", () => {
    const instant = describeRules(RULE_SETS.weihai).procedures.find((p) => p.kind === "INSTANT_ASSISTANCE_IDENTIFICATION")!;
    expect(instant.steps.map((s) => [s.code, s.role, s.deadline?.text ?? null])).toEqual([
      ["TOWNSHIP_VERIFICATION", "TOWNSHIP_STAFF", "5 个工作日内"],
      ["DISTRICT_REVIEW", "DISTRICT_REVIEWER", "3 个工作日内"],
      ["PUBLICITY_PENDING", "VILLAGE_CADRE", "2 个工作日内"],
      ["PUBLICITY_RUNNING", "VILLAGE_CADRE", null],
      ["PUBLICITY_ENDED", "DISTRICT_REVIEWER", "2 个工作日内"],
      ["OBJECTION_REVIEW", "DISTRICT_REVIEWER", "3 个工作日内"],
    ]);
    expect(instant.steps[0]!.records).toEqual(["VERIFICATION", "APPRAISAL"]);
    expect(instant.steps[1]!.crossCheck).toBe(true);
    const ended = instant.steps.find((s) => s.code === "PUBLICITY_ENDED")!;
    expect(ended.actions.find((a) => a.action === "CONFIRM_OUTCOME")).toEqual({
      action: "CONFIRM_OUTCOME", label: "确认公示无异议", path: "outcome", roles: ["DISTRICT_REVIEWER"], to: "DESIGNATED", completes: true,
    });
    expect(instant.outcome).toEqual({ type: "DESIGNATE", label: "认定", designation: "INSTANT_ASSISTANCE" });
    expect(instant.limit).toBeNull();
    expect(describeRules(RULE_SETS.weihai).queues.map((q) => q.name)).toContain("district-outcome");
    expect(describeRules(RULE_SETS.linyi).queues.map((q) => q.name)).not.toContain("district-outcome");
  });

  it("linyi: the rollback asks for the survey and the cross-check", () => {
    const rollback = describeRules(RULE_SETS.linyi).procedures.find((p) => p.kind === "ROLLBACK")!;
    expect(rollback.steps[0]!.records).toEqual(["VERIFICATION", "APPRAISAL"]);
    expect(rollback.steps[1]!.crossCheck).toBe(true);
    expect(rollback.outcome).toEqual({ type: "CHANGE_CATEGORY", label: "变更户类别", category: "LIFTED_WITH_POLICY" });
    expect(rollback.stageLabels.DESIGNATED).toBe("已回退为脱贫享受政策户");
  });

  it("national: the 15-day limit, the township review and the announcement of risk elimination", () => {
    const d = describeRules(RULE_SETS.national);
    const identification = d.procedures.find((p) => p.kind === "MONITORING_IDENTIFICATION")!;
    expect(identification.limit).toEqual({ days: 15, unit: "CALENDAR_DAYS", from: "FIRST_CLUE", text: "自首次发现线索起 15 天内" });
    expect(identification.steps.map((s) => s.code)).toEqual([
      "TOWNSHIP_VERIFICATION", "PUBLICITY_PENDING", "PUBLICITY_RUNNING", "PUBLICITY_ENDED", "OBJECTION_REVIEW", "TOWNSHIP_REVIEW", "DISTRICT_REVIEW",
    ]);
    expect(identification.steps[0]!.records).toEqual(["CONSENT", "VERIFICATION", "APPRAISAL"]);
    expect(identification.outcome).toEqual({ type: "DESIGNATE", label: "认定", designation: "MONITORING_TARGET" });
    const elimination = d.procedures.find((p) => p.kind === "RISK_ELIMINATION")!;
    expect(elimination.purpose).toBe("ELIMINATION");
    expect(elimination.outcome).toEqual({ type: "END_DESIGNATION", label: "标注风险消除" });
    expect(elimination.steps.find((s) => s.code === "DISTRICT_REVIEW")).toMatchObject({ announcement: true, label: "县级审定并公告" });
    expect(elimination.stageLabels).toMatchObject({ ELIMINATED: "已标注风险消除", REJECTED: "暂不标注风险消除" });
    expect(elimination.steps[0]!.actions.map((a) => a.action)).toEqual(["RECORD_ASSESSMENT", "RECORD_APPRAISAL", "SUBMIT", "WITHDRAW"]);
  });

  it("fuzhou: two steps, the county's leading group confirming", () => {
    const identification = describeRules(RULE_SETS.fuzhou).procedures.find((p) => p.kind === "MONITORING_IDENTIFICATION")!;
    expect(identification.steps.map((s) => [s.code, s.label])).toEqual([["TOWNSHIP_VERIFICATION", "乡镇入户核实"], ["DISTRICT_REVIEW", "县级领导小组确认"]]);
  });
});

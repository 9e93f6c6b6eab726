import { describe, expect, it } from "vitest";
import { HOUSEHOLD_CATEGORIES } from "../categories.ts";
import { QUEUE_NAMES } from "../queues.ts";
import { queueMembership, queuesOf } from "./queue-membership.ts";
import {
  identificationFor, LOCAL_RULE_PRESETS, monitoringLineFor, procedureKindsOf, proceduresFor, ruleSet, RULE_SETS, type LocalRules,
} from "./rules.ts";

describe("rule sets", () => {
  it("are the four presets, found by name", () => {
    expect(LOCAL_RULE_PRESETS).toEqual(["weihai", "linyi", "fuzhou", "national"]);
    for (const preset of LOCAL_RULE_PRESETS) expect(ruleSet(preset)?.preset).toBe(preset);
    expect(ruleSet("beijing")).toBeUndefined();
    expect(ruleSet("toString")).toBeUndefined();
  });

  it("run these procedures", () => {
    expect(procedureKindsOf(RULE_SETS.weihai)).toEqual(["MONITORED_IDENTIFICATION", "INSTANT_ASSISTANCE_IDENTIFICATION", "ROLLBACK", "RISK_ELIMINATION"]);
    expect(procedureKindsOf(RULE_SETS.linyi)).toEqual(["MONITORED_IDENTIFICATION", "INSTANT_ASSISTANCE_IDENTIFICATION", "ROLLBACK", "RISK_ELIMINATION"]);
    expect(procedureKindsOf(RULE_SETS.fuzhou)).toEqual(["MONITORING_IDENTIFICATION", "RISK_ELIMINATION"]);
    expect(procedureKindsOf(RULE_SETS.national)).toEqual(["MONITORING_IDENTIFICATION", "RISK_ELIMINATION"]);
  });

  it("have these monitoring types", () => {
    expect(RULE_SETS.weihai.monitoringTypes).toEqual([]);
    expect(RULE_SETS.linyi.monitoringTypes).toEqual([]);
    expect(RULE_SETS.fuzhou.monitoringTypes).toEqual(["UNSTABLE_LIFTED", "EDGE_AT_RISK"]);
    expect(RULE_SETS.national.monitoringTypes).toEqual(["UNSTABLE_LIFTED", "EDGE_AT_RISK", "SUDDEN_HARDSHIP"]);
  });
});

describe("identificationFor: the procedure a case opens by default", () => {
  const kind = (rules: LocalRules, category: (typeof HOUSEHOLD_CATEGORIES)[number], designation: Parameters<typeof identificationFor>[1]["designation"] = null) =>
    identificationFor(rules, { category, designation })?.kind;

  for (const preset of ["weihai", "linyi"] as const) {
    it(`${preset}: by category; none once designated`, () => {
      const rules = RULE_SETS[preset];
      expect(kind(rules, "LIFTED_WITH_POLICY")).toBe("MONITORED_IDENTIFICATION");
      expect(kind(rules, "ORDINARY")).toBe("INSTANT_ASSISTANCE_IDENTIFICATION");
      expect(kind(rules, "LIFTED_WITHOUT_POLICY")).toBe("ROLLBACK");
      for (const category of HOUSEHOLD_CATEGORIES) {
        for (const designation of ["MONITORED", "INSTANT_ASSISTANCE", "MONITORING_TARGET"] as const) expect(kind(rules, category, designation)).toBeUndefined();
      }
    });
  }

  for (const preset of ["fuzhou", "national"] as const) {
    it(`${preset}: monitoring identification for every category; none once designated`, () => {
      const rules = RULE_SETS[preset];
      for (const category of HOUSEHOLD_CATEGORIES) {
        expect(kind(rules, category)).toBe("MONITORING_IDENTIFICATION");
        for (const designation of ["MONITORED", "INSTANT_ASSISTANCE", "MONITORING_TARGET"] as const) expect(kind(rules, category, designation)).toBeUndefined();
      }
    });
  }

  it("proceduresFor: a designated household may start risk elimination, whichever rule set designated it", () => {
    const kinds = (rules: LocalRules, designation: Parameters<typeof proceduresFor>[1]["designation"]) =>
      proceduresFor(rules, { category: "LIFTED_WITH_POLICY", designation }).map((p) => p.kind);
    expect(kinds(RULE_SETS.weihai, "MONITORED")).toEqual(["RISK_ELIMINATION"]);
    expect(kinds(RULE_SETS.weihai, "INSTANT_ASSISTANCE")).toEqual(["RISK_ELIMINATION"]);
    expect(kinds(RULE_SETS.weihai, "MONITORING_TARGET")).toEqual(["RISK_ELIMINATION"]);
    expect(kinds(RULE_SETS.national, "MONITORING_TARGET")).toEqual(["RISK_ELIMINATION"]);
    // A deployment that moved from the 2020 rules to the national model: its 脱贫监测户 can leave monitoring.
    expect(kinds(RULE_SETS.national, "MONITORED")).toEqual(["RISK_ELIMINATION"]);
    expect(kinds(RULE_SETS.weihai, null)).toEqual(["MONITORED_IDENTIFICATION"]);
  });
});

describe("monitoringLineFor", () => {
  it("uses the year's line, or the latest earlier year's; none before the first", () => {
    expect(monitoringLineFor(RULE_SETS.weihai, 2020, "371002001001")?.perCapitaYuan).toBe(4500);
    expect(monitoringLineFor(RULE_SETS.weihai, 2026, "371002001001")?.perCapitaYuan).toBe(4500);
    expect(monitoringLineFor(RULE_SETS.weihai, 2019, "371002001001")).toBeUndefined();
    expect(monitoringLineFor(RULE_SETS.linyi, 2026, "371302001001")?.perCapitaYuan).toBe(5000);
    expect(monitoringLineFor(RULE_SETS.fuzhou, 2019, "350121001001")?.perCapitaYuan).toBe(8400);
    expect(monitoringLineFor(RULE_SETS.national, 2021, "620522001001")).toMatchObject({ year: 2021, perCapitaYuan: 6000 });
    expect(monitoringLineFor(RULE_SETS.national, 2020, "620522001001")).toBeUndefined();
  });

  it("prefers the latest year, then the most specific area", () => {
    const rules: LocalRules = {
      ...RULE_SETS.national,
      monitoringLines: [
        { year: 2021, areaCode: "", perCapitaYuan: 6000, source: "全国" },
        { year: 2022, areaCode: "62", perCapitaYuan: 6200, source: "甘肃" },
        { year: 2022, areaCode: "620522", perCapitaYuan: 6100, source: "秦安县" },
        { year: 2023, areaCode: "", perCapitaYuan: 6500, source: "全国" },
      ],
    };
    expect(monitoringLineFor(rules, 2022, "620522001001")?.source).toBe("秦安县");
    expect(monitoringLineFor(rules, 2022, "620523001001")?.source).toBe("甘肃");
    expect(monitoringLineFor(rules, 2022, "340722001001")?.source).toBe("全国");
    expect(monitoringLineFor(rules, 2022, "340722001001")?.year).toBe(2021);
    expect(monitoringLineFor(rules, 2024, "620522001001")?.perCapitaYuan).toBe(6500);
  });
});

describe("queues", () => {
  it("queueMembership: every case in the stage, unless procedures give the stage to different roles", () => {
    expect(queueMembership("township-leads")).toEqual({ refs: null, needsAppraisal: false });
    expect(queueMembership("district-review")).toEqual({ refs: null, needsAppraisal: false });
    expect(queueMembership("township-review")).toEqual({ refs: null, needsAppraisal: false });
    expect(queueMembership("village-to-post")).toEqual({ refs: null, needsAppraisal: false });
    // Weihai's district enters the designation (and the rollback) after publicity; everywhere else the village confirms.
    expect(queueMembership("district-outcome").refs).toEqual([
      { ruleSet: "weihai", procedure: "INSTANT_ASSISTANCE_IDENTIFICATION" }, { ruleSet: "weihai", procedure: "ROLLBACK" },
    ]);
    const villageEnded = queueMembership("village-ended").refs!;
    expect(villageEnded).toContainEqual({ ruleSet: "weihai", procedure: "RISK_ELIMINATION" });
    expect(villageEnded).toContainEqual({ ruleSet: "linyi", procedure: "INSTANT_ASSISTANCE_IDENTIFICATION" });
    expect(villageEnded).toContainEqual({ ruleSet: "national", procedure: "MONITORING_IDENTIFICATION" });
    expect(villageEnded).not.toContainEqual({ ruleSet: "weihai", procedure: "ROLLBACK" });
  });

  it("queueMembership: the appraisal queue holds the procedures whose first step needs an appraisal", () => {
    const m = queueMembership("village-appraisals");
    expect(m.needsAppraisal).toBe(true);
    expect(m.refs).toEqual([
      { ruleSet: "weihai", procedure: "INSTANT_ASSISTANCE_IDENTIFICATION" }, { ruleSet: "weihai", procedure: "ROLLBACK" }, { ruleSet: "weihai", procedure: "RISK_ELIMINATION" },
      { ruleSet: "linyi", procedure: "INSTANT_ASSISTANCE_IDENTIFICATION" }, { ruleSet: "linyi", procedure: "ROLLBACK" }, { ruleSet: "linyi", procedure: "RISK_ELIMINATION" },
      { ruleSet: "fuzhou", procedure: "RISK_ELIMINATION" },
      { ruleSet: "national", procedure: "MONITORING_IDENTIFICATION" }, { ruleSet: "national", procedure: "RISK_ELIMINATION" },
    ]);
  });

  it("queuesOf: the queues with work under each rule set", () => {
    expect(queuesOf("weihai")).toEqual(QUEUE_NAMES);
    const withoutDistrictOutcome = QUEUE_NAMES.filter((q) => q !== "district-outcome");
    expect(queuesOf("linyi")).toEqual(withoutDistrictOutcome);
    expect(queuesOf("fuzhou")).toEqual(withoutDistrictOutcome);
    expect(queuesOf("national")).toEqual(withoutDistrictOutcome);
  });
});

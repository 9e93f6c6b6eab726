import { describe, expect, it } from "vitest";
import { INCOME_ITEM_KEYS, type Income } from "../collection-form.ts";
import type { LocalRules } from "../procedures/rules.ts";
import { describeEarlyWarning, evaluateEarlyWarnings, riskCausesOf, yuanText, type HouseholdWarningInput } from "./early-warning-evaluator.ts";

const rules: Pick<LocalRules, "monitoringLines" | "detection"> = {
  monitoringLines: [
    { year: 2020, areaCode: "", perCapitaYuan: 4500, source: "" },
    { year: 2024, areaCode: "", perCapitaYuan: 5000, source: "" },
    { year: 2024, areaCode: "3710", perCapitaYuan: 6000, source: "" },
  ],
  detection: {
    handOver: "NEXT_WORKING_DAY", verifyWithin: { days: 5, unit: "WORKING_DAYS", from: "STAGE_START" }, mergeWithinDays: 30, screeningReportDay: 25,
    earlyWarnings: [
      { year: 2020, incomeLineFactor: 1, rigidExpenseShareOfIncome: 1, incomeDropPercent: 30 },
      { year: 2025, incomeLineFactor: 1.2, rigidExpenseShareOfIncome: 0.5, incomeDropPercent: 20 },
    ],
  },
};
const income = (wage: number, cost = 0): Income => ({ ...Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, 0])), wageIncome: wage, productionCost: cost }) as Income;
const household = (over: Partial<HouseholdWarningInput> = {}): HouseholdWarningInput => ({
  villageCode: "370200000001", designated: false, incomeYears: [], currentIncome: null, expenseYears: [], departmentWarnings: [], ...over,
});

describe("INCOME_BELOW_LINE", () => {
  // 2023: line 4500 (latest not after 2023), factor 1; 2 members → 900,000 fen is exactly the line.
  const at = (wage: number, year = 2023, villageCode = "370200000001") =>
    evaluateEarlyWarnings(rules, household({ villageCode, incomeYears: [{ year: year - 1, memberCount: 2, itemsFen: income(2_000_000) }, { year, memberCount: 2, itemsFen: income(wage) }] }));
  it("raises below the line, not at or above it", () => {
    expect(at(899_999).INCOME_BELOW_LINE).toMatchObject({ year: 2023, perCapitaFen: 450_000, lineYear: 2020, lineFen: 450_000 });
    expect(at(900_000).INCOME_BELOW_LINE).toBeUndefined();
    expect(at(900_001).INCOME_BELOW_LINE).toBeUndefined();
  });
  it("net income subtracts the production cost", () => {
    expect(at(1_000_000 + 100_001, 2023).INCOME_BELOW_LINE).toBeUndefined();
    const r = evaluateEarlyWarnings(rules, household({ incomeYears: [{ year: 2023, memberCount: 2, itemsFen: income(1_000_000, 100_001) }] }));
    expect(r.INCOME_BELOW_LINE?.netFen).toBe(899_999);
  });
  it("takes the latest line not after the year and the longest area prefix, and the latest thresholds entry", () => {
    expect(at(1_000_000 - 1, 2024).INCOME_BELOW_LINE).toMatchObject({ lineYear: 2024, lineFen: 500_000, incomeLineFactor: 1 });
    expect(at(1_200_000 - 1, 2024, "371000000001").INCOME_BELOW_LINE).toMatchObject({ lineFen: 600_000 });
    expect(at(1_200_000, 2024, "371000000001").INCOME_BELOW_LINE).toBeUndefined();
    // 2025: thresholds of 2025 (factor 1.2): 5000 × 1.2 × 2 = 12,000 yuan.
    expect(at(1_200_000 - 1, 2025).INCOME_BELOW_LINE).toMatchObject({ incomeLineFactor: 1.2 });
    expect(at(1_200_000, 2025).INCOME_BELOW_LINE).toBeUndefined();
  });
  it("the household's own columns count for a year without a row; a row wins", () => {
    const cur = { year: 2023, memberCount: 1, itemsFen: income(100) };
    expect(evaluateEarlyWarnings(rules, household({ currentIncome: cur })).INCOME_BELOW_LINE?.netFen).toBe(100);
    expect(evaluateEarlyWarnings(rules, household({ currentIncome: cur, incomeYears: [{ year: 2023, memberCount: 1, itemsFen: income(5_000_000) }] })).INCOME_BELOW_LINE).toBeUndefined();
    expect(evaluateEarlyWarnings(rules, household({ currentIncome: { ...cur, itemsFen: income(0) } })).INCOME_BELOW_LINE).toBeUndefined();
  });
  it("describes the facts in Chinese", () => {
    const f = at(640_000).INCOME_BELOW_LINE!;
    expect(describeEarlyWarning("INCOME_BELOW_LINE", f)).toBe("2023年人均纯收入 3,200 元，低于监测标准 4,500 元");
    expect(yuanText(123_456_78)).toBe("123,456.78");
    expect(yuanText(-50)).toBe("-0.50");
  });
});

describe("INCOME_DROP", () => {
  const drop = (prev: number, cur: number, year = 2024) =>
    evaluateEarlyWarnings(rules, household({ incomeYears: [{ year: year - 1, memberCount: 1, itemsFen: income(prev) }, { year, memberCount: 1, itemsFen: income(cur) }] })).INCOME_DROP;
  it("raises at the percentage and above, not below", () => {
    expect(drop(10_000_000, 7_000_000)).toMatchObject({ year: 2024, netFen: 7_000_000, previousNetFen: 10_000_000, incomeDropPercent: 30 });
    expect(drop(10_000_000, 6_999_999)).toBeDefined();
    expect(drop(10_000_000, 7_000_001)).toBeUndefined();
    expect(drop(10_000_000, 8_000_000, 2025)).toMatchObject({ incomeDropPercent: 20 });
    expect(describeEarlyWarning("INCOME_DROP", drop(10_000_000, 6_999_999)!)).toBe("2024年家庭纯收入 69,999.99 元，较上年 100,000 元下降 30%");
  });
  it("needs the previous year and a positive previous income", () => {
    expect(evaluateEarlyWarnings(rules, household({ incomeYears: [{ year: 2022, memberCount: 1, itemsFen: income(10_000_000) }, { year: 2024, memberCount: 1, itemsFen: income(0) }] })).INCOME_DROP).toBeUndefined();
    expect(drop(0, -100)).toBeUndefined();
  });
});

describe("RIGID_EXPENSE", () => {
  const rigid = (medical: number, prevIncome: number, year = 2024, education = 0) =>
    evaluateEarlyWarnings(rules, household({
      incomeYears: [{ year: year - 1, memberCount: 1, itemsFen: income(prevIncome) }, { year, memberCount: 1, itemsFen: income(prevIncome) }],
      expenseYears: [{ year: year - 3, medicalFen: 99_999_999, educationFen: 0, disasterFen: 0 }, { year, medicalFen: medical, educationFen: education, disasterFen: 0 }],
    })).RIGID_EXPENSE;
  it("raises above the share of last year's net income, not at or below it", () => {
    expect(rigid(5_000_001, 5_000_000)).toMatchObject({ year: 2024, rigidFen: 5_000_001, previousNetFen: 5_000_000, rigidExpenseShareOfIncome: 1 });
    expect(rigid(5_000_000, 5_000_000)).toBeUndefined();
    expect(rigid(4_999_999, 5_000_000)).toBeUndefined();
    expect(rigid(2_500_001, 5_000_000, 2025)).toMatchObject({ rigidExpenseShareOfIncome: 0.5 });
    expect(rigid(2_500_000, 5_000_000, 2025)).toBeUndefined();
  });
  it("maps what was spent on to risk causes, and describes it", () => {
    const f = rigid(3_000_000, 5_000_000, 2024, 3_000_000)!;
    expect(riskCausesOf("RIGID_EXPENSE", f)).toEqual(["SERIOUS_ILLNESS", "EDUCATION"]);
    expect(describeEarlyWarning("RIGID_EXPENSE", f)).toBe("2024年刚性支出 60,000 元（医疗 30,000 元、教育 30,000 元、灾害 0 元），2023年家庭纯收入 50,000 元");
  });
});

describe("DEPARTMENT_WARNING", () => {
  const rows = [{ department: "MEDICAL_SECURITY", kind: "LARGE_MEDICAL_COST" }, { department: "CIVIL_AFFAIRS", kind: "TEMPORARY_RELIEF" }];
  it("raises on a household not designated only", () => {
    const f = evaluateEarlyWarnings(rules, household({ departmentWarnings: rows })).DEPARTMENT_WARNING!;
    expect(f).toEqual({ count: 2, departments: ["CIVIL_AFFAIRS", "MEDICAL_SECURITY"], kinds: ["LARGE_MEDICAL_COST", "TEMPORARY_RELIEF"] });
    expect(riskCausesOf("DEPARTMENT_WARNING", f)).toEqual(["SERIOUS_ILLNESS"]);
    expect(describeEarlyWarning("DEPARTMENT_WARNING", f)).toBe("部门预警 2 条（民政、医保：大额医疗费用自付、临时救助），该户未纳入监测");
    expect(evaluateEarlyWarnings(rules, household({ departmentWarnings: rows, designated: true })).DEPARTMENT_WARNING).toBeUndefined();
    expect(evaluateEarlyWarnings(rules, household()).DEPARTMENT_WARNING).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import {
  CONDITION_KIND_CODES, conditionSecured, latestConditions, NO_TRACKED_FACTS, trackedCriteria, type ConditionFact, type TrackedFacts,
} from "./conditions.ts";

const fact = (kind: ConditionFact["kind"], value: string, observedOn = "2026-10-01"): ConditionFact => ({ kind, value, observedOn });
const allSecured: ConditionFact[] = CONDITION_KIND_CODES.map((k) => fact(k, k === "HOUSING_SAFETY" ? "A" : "MET"));
const facts = (over: Partial<TrackedFacts>): TrackedFacts => ({ ...NO_TRACKED_FACTS, ...over });

describe("conditions tracked over time", () => {
  it("housing is secured at grades A and B; the yes/no kinds unless NOT_MET", () => {
    expect(["A", "B", "C", "D"].map((g) => conditionSecured("HOUSING_SAFETY", g))).toEqual([true, true, false, false]);
    expect(conditionSecured("SCHOOLING", "NOT_APPLICABLE")).toBe(true);
    expect(conditionSecured("DRINKING_WATER", "NOT_MET")).toBe(false);
  });

  it("the latest observation of each kind wins, by date (a later record wins a tie)", () => {
    const latest = latestConditions([fact("HOUSING_SAFETY", "D", "2026-09-01"), fact("HOUSING_SAFETY", "B", "2026-10-01"), fact("HOUSING_SAFETY", "C", "2026-08-01")]);
    expect(latest.HOUSING_SAFETY?.value).toBe("B");
    expect(latestConditions([fact("DRINKING_WATER", "NOT_MET"), fact("DRINKING_WATER", "MET")]).DRINKING_WATER?.value).toBe("MET");
  });

  it("nothing tracked says nothing: the typed assessment decides", () => {
    expect(trackedCriteria(NO_TRACKED_FACTS, 2026)).toEqual({ income: null, basicNeeds: null, rigidExpenses: null });
  });

  it("basic needs: unmet as soon as one latest observation is unsecured, with the reason; met only when all five kinds are recorded and secured", () => {
    const d = trackedCriteria(facts({ conditions: [fact("HOUSING_SAFETY", "D", "2026-10-20")] }), 2026).basicNeeds;
    expect(d).toEqual({ met: false, reasons: ["住房安全等级：D级（整体危险）（2026-10-20）"] });
    // Some recorded and secured, others missing: no verdict.
    expect(trackedCriteria(facts({ conditions: [fact("HOUSING_SAFETY", "B")] }), 2026).basicNeeds).toBeNull();
    expect(trackedCriteria(facts({ conditions: allSecured }), 2026).basicNeeds).toEqual({ met: true, reasons: [] });
    const repaired = [...allSecured.filter((f) => f.kind !== "HOUSING_SAFETY"), fact("HOUSING_SAFETY", "D", "2026-09-01"), fact("HOUSING_SAFETY", "B", "2026-11-01")];
    expect(trackedCriteria(facts({ conditions: repaired }), 2026).basicNeeds?.met).toBe(true);
  });

  it("income: the per-capita net income of the assessment's year, when recorded", () => {
    const f = facts({ incomes: [{ year: 2025, netYuan: 30_000, memberCount: 4 }, { year: 2026, netYuan: 40_000, memberCount: 3 }] });
    expect(trackedCriteria(f, 2025).income).toEqual({ perCapitaYuan: 7500 });
    expect(trackedCriteria(f, 2026).income).toEqual({ perCapitaYuan: 13333.33 });
    expect(trackedCriteria(f, 2024).income).toBeNull();
  });

  it("rigid expenses: the latest recorded year against that year's net income", () => {
    const incomes = [{ year: 2025, netYuan: 30_000, memberCount: 3 }, { year: 2026, netYuan: 20_000, memberCount: 3 }];
    expect(trackedCriteria(facts({ incomes, expenses: [{ year: 2025, totalYuan: 10_000 }, { year: 2026, totalYuan: 25_000 }] }), 2026).rigidExpenses)
      .toEqual({ met: false, reasons: ["2026 年刚性支出 25000 元超过家庭纯收入 20000 元"] });
    expect(trackedCriteria(facts({ incomes, expenses: [{ year: 2025, totalYuan: 10_000 }] }), 2026).rigidExpenses).toEqual({ met: true, reasons: [] });
    // Without the year's income there is nothing to weigh it against.
    expect(trackedCriteria(facts({ incomes, expenses: [{ year: 2027, totalYuan: 1 }] }), 2026).rigidExpenses).toBeNull();
  });
});

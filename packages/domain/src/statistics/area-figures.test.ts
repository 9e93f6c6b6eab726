import { describe, expect, it } from "vitest";
import { WEIHAI_RULES } from "../procedures/rules.ts";
import {
  averageDays, buildAreaFigures, cumulativeWorkingDays, designationLabel, PRE_SYSTEM_PROCEDURE_LABEL, procedureLabel, workingDaysTaken, type FigureRows,
} from "./area-figures.ts";
import { emptyFigures, trendMonths } from "./statistics-schemas.ts";

const weekdays = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
const none: FigureRows = { households: [], riskCauses: [], procedures: [], clues: [], leads: [], warnings: [], trend: [], cases: [], compliance: [], visits: [] };

describe("working days taken", () => {
  it("counts the working days in (start, action]: W(action) − W(start) equals the per-day count", () => {
    const w = cumulativeWorkingDays(weekdays, "2026-11-01", "2026-12-31");
    const W = (d: string) => w.counts[(Date.parse(`${d}T00:00:00Z`) - Date.parse(`${w.from}T00:00:00Z`)) / 86_400_000]!;
    // Friday 11-20 → Monday 11-23: one working day; same day: none; Saturday → Sunday: none.
    expect(workingDaysTaken(weekdays, "2026-11-20", "2026-11-23")).toBe(1);
    expect(workingDaysTaken(weekdays, "2026-11-20", "2026-11-20")).toBe(0);
    expect(workingDaysTaken(weekdays, "2026-11-21", "2026-11-22")).toBe(0);
    for (const [a, b] of [["2026-11-02", "2026-11-30"], ["2026-11-20", "2026-11-23"], ["2026-11-07", "2026-12-24"]] as const) {
      expect(W(b) - W(a)).toBe(workingDaysTaken(weekdays, a, b));
    }
  });
  it("averages to one decimal, null over nothing", () => {
    expect(averageDays(10, 3)).toBe(3.3);
    expect(averageDays(0, 0)).toBeNull();
  });
});

describe("buildAreaFigures", () => {
  const months = trendMonths("2026-11-23");
  it("gives an area without rows the empty figures, with every category at zero", () => {
    const f = buildAreaFigures(["3710"], none, months, WEIHAI_RULES).get("3710")!;
    expect(f).toEqual({ ...emptyFigures(months), householdsByCategory: f.householdsByCategory });
    expect(f.householdsByCategory.map((r) => [r.label, r.households])).toEqual([["脱贫享受政策户", 0], ["脱贫不再享受政策户", 0], ["一般农户", 0]]);
  });
  it("adds up totals, labels designations and procedures, divides shares and averages", () => {
    const rows: FigureRows = {
      ...none,
      households: [
        { prefix: "p", category: "ORDINARY", designation: null, monitoringType: null, households: 6, people: 18 },
        { prefix: "p", category: "ORDINARY", designation: "MONITORING_TARGET", monitoringType: "EDGE_AT_RISK", households: 2, people: 5 },
        { prefix: "p", category: "LIFTED_WITH_POLICY", designation: "MONITORED", monitoringType: null, households: 2, people: 7 },
      ],
      procedures: [
        { prefix: "p", procedure: null, ruleSet: null, households: 1 },
        { prefix: "p", procedure: "MONITORED_IDENTIFICATION", ruleSet: "weihai", households: 3 },
      ],
      clues: [{ prefix: "p", source: "HOTLINE", clues: 3 }],
      leads: [{ prefix: "p", source: "HOTLINE", state: "DISMISSED", leads: 1 }, { prefix: "p", source: "HOTLINE", state: "OPEN", leads: 1 }],
      trend: [{ prefix: "p", month: "2026-11", identified: 2, eliminated: 1 }, { prefix: "p", month: "2020-01", identified: 9, eliminated: 9 }],
      compliance: [
        { prefix: "p", stage: "DISTRICT_REVIEW", actions: 4, onTime: 3, measured: 4, workingDays: 10 },
        { prefix: "p", stage: "TOWNSHIP_VERIFICATION", actions: 2, onTime: 2, measured: 2, workingDays: 4 },
      ],
      visits: [{ prefix: "p", assisted: 4, expectedLastMonth: 2, visitedThisMonth: 1, visitedLastMonth: 1, overdue: 2 }],
    };
    const f = buildAreaFigures(["p"], rows, months, WEIHAI_RULES).get("p")!;
    expect(f.totals).toEqual({ households: 10, people: 30, designatedHouseholds: 4, designatedPeople: 12, openCases: 0, overdueCases: 0 });
    expect(f.designatedByMonitoringType.map((r) => r.label)).toEqual(["脱贫监测户", "边缘易致贫户"]);
    expect(f.designatedByProcedure).toEqual([
      { procedure: "MONITORED_IDENTIFICATION", label: WEIHAI_RULES.procedures.find((p) => p.kind === "MONITORED_IDENTIFICATION")!.label, households: 3 },
      { procedure: "PRE_SYSTEM", label: PRE_SYSTEM_PROCEDURE_LABEL, households: 1 },
    ]);
    expect(f.leadsBySource).toEqual([{ source: "HOTLINE", label: "12317 等热线", clues: 3, leads: 2, open: 1, caseOpened: 0, dismissed: 1 }]);
    expect(f.trend.at(-1)).toEqual({ month: "2026-11", identified: 2, eliminated: 1 });
    expect(f.trend.reduce((s, r) => s + r.identified, 0)).toBe(2); // months outside the 12 are not shown
    expect(f.complianceBySteps.map((r) => [r.stage, r.onTimeShare, r.avgWorkingDays])).toEqual([["TOWNSHIP_VERIFICATION", 1, 2], ["DISTRICT_REVIEW", 0.75, 2.5]]);
    expect(f.compliance).toEqual({ actions: 6, onTime: 5, onTimeShare: 5 / 6, avgWorkingDays: 2.3 });
    expect(f.visits).toEqual({ assisted: 4, visitedThisMonth: 1, visitedLastMonth: 1, overdue: 2, lastMonthShare: 0.5 });
    expect(f.monitoringRate).toEqual({ monitoredPeople: 12, registeredPeople: 30, rate: 0.4 });
  });
  it("names procedures in the rule set the case started under, and designations by monitoring type", () => {
    expect(procedureLabel(null, null, WEIHAI_RULES)).toBe("（系统启用前认定）");
    expect(procedureLabel("MONITORING_IDENTIFICATION", "national", WEIHAI_RULES)).not.toBe("MONITORING_IDENTIFICATION");
    expect(designationLabel("MONITORING_TARGET", "SUDDEN_HARDSHIP")).toBe("突发严重困难户");
    expect(designationLabel("INSTANT_ASSISTANCE", null)).toBe("即时帮扶户");
  });
});

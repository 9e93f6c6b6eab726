import { emptyFigures, trendMonths, type Statistics } from "@fanpin/domain/statistics/statistics-schemas";
import { describe, expect, it } from "vitest";
import { chartOption, percent, type DrawnChart } from "./chart-options.ts";

const area = { id: 1, code: "371002100000", name: "张村镇", level: "TOWNSHIP" };
const empty: Statistics = { ...emptyFigures(trendMonths("2026-12-06")), area, path: [], computedAt: "2026-12-06T03:00:00.000Z", children: [] };

describe("chartOption", () => {
  it("has nothing to draw for an empty area, except the 12 months of the trend", () => {
    const drawn: DrawnChart[] = ["categories", "designations", "procedures", "risk-causes", "leads", "warnings", "compliance"];
    for (const chart of drawn) expect(chartOption(empty, chart), chart).toBeNull();
    const trend = chartOption(empty, "trend") as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(trend.xAxis.data).toHaveLength(12);
    expect(trend.xAxis.data.at(-1)).toBe("26-12");
    expect(trend.series.map((s) => s.data.length)).toEqual([12, 12]);
  });

  it("stacks the leads' outcomes per source and puts the largest risk cause on top", () => {
    const s: Statistics = {
      ...empty,
      leadsBySource: [{ source: "DAILY_VISIT", label: "日常走访", clues: 5, leads: 4, open: 1, caseOpened: 2, dismissed: 1 }],
      byRiskCause: [
        { cause: "ILLNESS", label: "因病", households: 7 },
        { cause: "DISABILITY", label: "因残", households: 2 },
      ],
    };
    const leads = chartOption(s, "leads") as { series: { name: string; stack: string; data: number[] }[] };
    expect(leads.series.map((x) => [x.name, x.stack, x.data[0]])).toEqual([["待核实", "outcome", 1], ["已立案", "outcome", 2], ["已排除", "outcome", 1]]);
    // A horizontal bar chart draws its first category at the bottom.
    const causes = chartOption(s, "risk-causes") as { yAxis: { data: string[] } };
    expect(causes.yAxis.data).toEqual(["因残", "因病"]);
  });

  it("shows compliance as a percentage, leaving a step without actions empty", () => {
    const s: Statistics = {
      ...empty,
      complianceBySteps: [
        { stage: "A", label: "入户核实", actions: 3, onTime: 2, onTimeShare: 2 / 3, avgWorkingDays: 2.5 },
        { stage: "B", label: "民主评议", actions: 0, onTime: 0, onTimeShare: null, avgWorkingDays: null },
      ],
    };
    const c = chartOption(s, "compliance") as { series: { data: (number | null)[] }[] };
    expect(c.series[0]!.data).toEqual([66.7, null]);
    expect(c.series[1]!.data).toEqual([2.5, null]);
  });
});

describe("percent", () => {
  it("rounds to one decimal and shows nothing measured as a dash", () => {
    expect(percent(0.0955)).toBe("9.6%");
    expect(percent(0)).toBe("0.0%");
    expect(percent(1)).toBe("100.0%");
    expect(percent(null)).toBe("—");
  });
});

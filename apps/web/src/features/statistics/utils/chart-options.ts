import type { Statistics } from "@fanpin/domain/statistics/statistics-schemas";
import type { ChartOption } from "../components/echart.tsx";

/** "12.3%", or "—" when there was nothing to measure (a share of 0 is "0.0%"). */
export function percent(share: number | null): string {
  return share === null ? "—" : `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** The charts drawn with ECharts (visits, the monitoring rate and the children are figures and a table). */
export type DrawnChart = "categories" | "designations" | "procedures" | "risk-causes" | "leads" | "warnings" | "trend" | "compliance";

// Category labels can be long (风险类型, 认定程序): the axis wraps them rather than dropping every other one.
const categoryAxis = (names: string[]) => ({
  type: "category" as const,
  data: names,
  axisLabel: { interval: 0, width: 72, overflow: "break" as const, fontSize: 11 },
});
const valueAxis = (name?: string) => ({ type: "value" as const, name, minInterval: 1 });
const grid = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };
const legend = { top: 0, type: "scroll" as const };

/** A chart's ECharts option, or null when it has nothing to draw (the card says 暂无数据). */
export function chartOption(s: Statistics, chart: DrawnChart): ChartOption | null {
  switch (chart) {
    case "categories": {
      if (!s.householdsByCategory.some((r) => r.households > 0)) return null;
      return {
        tooltip: { trigger: "item", formatter: "{b}：{c} 户（{d}%）" },
        legend,
        series: [{
          type: "pie", radius: ["35%", "65%"], top: 24,
          // Names are in the legend: short labels fit beside the ring on a phone too.
          label: { formatter: "{c} 户", fontSize: 11 },
          data: s.householdsByCategory.map((r) => ({ name: r.label, value: r.households })),
        }],
      };
    }
    case "designations": {
      const rows = s.designatedByMonitoringType;
      if (!rows.length) return null;
      return {
        tooltip: { trigger: "axis" }, legend, grid,
        xAxis: categoryAxis(rows.map((r) => r.label)), yAxis: valueAxis(),
        series: [
          { type: "bar", name: "户数", data: rows.map((r) => r.households), label: { show: true, position: "top" } },
          { type: "bar", name: "人数", data: rows.map((r) => r.people) },
        ],
      };
    }
    case "procedures": {
      const rows = s.designatedByProcedure;
      if (!rows.length) return null;
      return {
        tooltip: { trigger: "axis" }, grid: { ...grid, top: 16 },
        xAxis: categoryAxis(rows.map((r) => r.label)), yAxis: valueAxis("户"),
        series: [{ type: "bar", name: "户数", data: rows.map((r) => r.households), label: { show: true, position: "top" } }],
      };
    }
    case "risk-causes": {
      // Horizontal: the causes' names read along the bars; the largest on top.
      const rows = [...s.byRiskCause].sort((a, b) => a.households - b.households);
      if (!rows.length) return null;
      return {
        tooltip: { trigger: "axis" }, grid: { ...grid, top: 8 },
        yAxis: { type: "category", data: rows.map((r) => r.label), axisLabel: { width: 96, overflow: "truncate", fontSize: 11 } },
        xAxis: valueAxis("户"),
        series: [{ type: "bar", name: "户数", data: rows.map((r) => r.households), label: { show: true, position: "right" } }],
      };
    }
    case "leads": {
      const rows = s.leadsBySource;
      if (!rows.length) return null;
      const stack = (name: string, pick: (r: (typeof rows)[number]) => number) => ({ type: "bar" as const, name, stack: "outcome", data: rows.map(pick) });
      return {
        tooltip: { trigger: "axis" }, legend, grid,
        xAxis: categoryAxis(rows.map((r) => r.label)), yAxis: valueAxis("户"),
        series: [stack("待核实", (r) => r.open), stack("已立案", (r) => r.caseOpened), stack("已排除", (r) => r.dismissed)],
      };
    }
    case "warnings": {
      const rows = s.warningsByRule;
      if (!rows.length) return null;
      return {
        tooltip: { trigger: "axis" }, legend, grid,
        xAxis: categoryAxis(rows.map((r) => r.label)), yAxis: valueAxis(),
        series: [
          { type: "bar", name: "当前有效", data: rows.map((r) => r.active) },
          { type: "bar", name: "累计触发", data: rows.map((r) => r.raised) },
        ],
      };
    }
    case "trend":
      return {
        tooltip: { trigger: "axis" }, legend, grid,
        xAxis: { type: "category", data: s.trend.map((r) => r.month.slice(2)), axisLabel: { fontSize: 11 } },
        yAxis: valueAxis("户"),
        series: [
          { type: "line", name: "识别纳入", data: s.trend.map((r) => r.identified), smooth: false },
          { type: "line", name: "风险消除", data: s.trend.map((r) => r.eliminated), smooth: false },
        ],
      };
    case "compliance": {
      const rows = s.complianceBySteps;
      if (!rows.length) return null;
      return {
        tooltip: { trigger: "axis" }, legend, grid,
        xAxis: categoryAxis(rows.map((r) => r.label)),
        yAxis: [
          { type: "value", name: "按时率 %", min: 0, max: 100 },
          { type: "value", name: "工作日", minInterval: 1, splitLine: { show: false } },
        ],
        series: [
          { type: "bar", name: "按时率（%）", data: rows.map((r) => (r.onTimeShare === null ? null : Math.round(r.onTimeShare * 1000) / 10)) },
          { type: "line", name: "平均用时（工作日）", yAxisIndex: 1, data: rows.map((r) => r.avgWorkingDays) },
        ],
      };
    }
  }
}

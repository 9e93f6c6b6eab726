// The statistics of an area (issue 16): the contract of GET /api/statistics, shared by the API and the SPA,
// and the one definition of each chart's table (its numbers as a sheet: the SPA's table view and the
// .xlsx download of GET /api/statistics/charts/:chart.xlsx read the same rows).
import { z } from "zod";
import "../zod-zh.ts";

export const ZStatisticsQuery = z.object({
  /** An area inside the user's own, down to a village (drill-down); default: the user's area. */
  areaId: z.coerce.number().int().positive("区划编号不正确").max(2_147_483_647, "区划编号不正确").optional(),
});

const ZAreaRef = z.object({ id: z.number().int(), code: z.string(), name: z.string(), level: z.string() });

const count = z.number().int().nonnegative();
/** A share 0–1, null when its denominator is 0 (nothing to measure: shown as "—", not 0 %). */
const share = z.number().min(0).max(1).nullable();

/** The figures of one area, as stored per area by the refresh (area_statistics.figures). */
export const ZAreaFigures = z.object({
  /** Households and people registered in the system (the registry), with those designated now and the open cases. */
  totals: z.object({
    households: count, people: count, designatedHouseholds: count, designatedPeople: count,
    openCases: count, overdueCases: count,
  }),
  /** Every registered household by its category (脱贫享受政策户 / 脱贫不再享受政策户 / 一般农户). */
  householdsByCategory: z.array(z.object({ category: z.string(), label: z.string(), households: count, people: count })),
  /**
   * Households designated now, by what they are designated as: the national model's three monitoring types
   * (监测对象 of each type), and Weihai's 脱贫监测户 / 即时帮扶户 (designation without a monitoring type).
   */
  designatedByMonitoringType: z.array(z.object({
    designation: z.string(), monitoringType: z.string().nullable(), label: z.string(), households: count, people: count,
  })),
  /** Households designated now, by the procedure that designated them (the procedure's name in its rule set). */
  designatedByProcedure: z.array(z.object({ procedure: z.string(), label: z.string(), households: count })),
  /** Households designated now, by risk cause (a household with two causes counts under both). */
  byRiskCause: z.array(z.object({ cause: z.string(), label: z.string(), households: count })),
  /** Clues by source, and leads (by their first clue's source) by outcome. */
  leadsBySource: z.array(z.object({
    source: z.string(), label: z.string(), clues: count, leads: count, open: count, caseOpened: count, dismissed: count,
  })),
  /** Early warnings by rule: active now, and raised in all. */
  warningsByRule: z.array(z.object({ rule: z.string(), label: z.string(), active: count, raised: count })),
  /** The last 12 months (oldest first, this month last): designations started (识别纳入) and ended (风险消除). */
  trend: z.array(z.object({ month: z.string(), identified: count, eliminated: count })),
  /** Deadline compliance of the steps taken (case events with a met-deadline record), per step. */
  complianceBySteps: z.array(z.object({
    stage: z.string(), label: z.string(), actions: count, onTime: count, onTimeShare: share,
    /** Average working days from the step's start to the action; null when none. */
    avgWorkingDays: z.number().nonnegative().nullable(),
  })),
  /** Helpers' visits (每月至少走访一次): households in assistance and those visited this month and last month. */
  visits: z.object({
    assisted: count, visitedThisMonth: count, visitedLastMonth: count,
    /** Households whose monthly visit is overdue now. */
    overdue: count, lastMonthShare: share,
  }),
  /** 监测人口占比: people of designated households against the people registered in the system. */
  monitoringRate: z.object({ monitoredPeople: count, registeredPeople: count, rate: share }),
  /** Deadline compliance of all steps in the area (for the children table: which area is late). */
  compliance: z.object({ actions: count, onTime: count, onTimeShare: share, avgWorkingDays: z.number().nonnegative().nullable() }),
});
export type AreaFigures = z.infer<typeof ZAreaFigures>;

/** One child area's row in the drill-down table. */
export const ZChildFigures = z.object({
  area: ZAreaRef,
  totals: ZAreaFigures.shape.totals,
  monitoringRate: ZAreaFigures.shape.monitoringRate,
  compliance: ZAreaFigures.shape.compliance,
  identifiedThisMonth: count,
  eliminatedThisMonth: count,
});
export type ChildFigures = z.infer<typeof ZChildFigures>;

export const ZStatistics = ZAreaFigures.extend({
  area: ZAreaRef,
  /** The area's ancestors from the user's own area down to the parent (the drill-down's breadcrumb). */
  path: z.array(ZAreaRef),
  /** When the figures were computed (ISO); the statistics-refresh job recomputes them every 10 minutes. */
  computedAt: z.string(),
  children: z.array(ZChildFigures),
});
export type Statistics = z.infer<typeof ZStatistics>;

/** The charts of the statistics screen; each one's numbers download as .xlsx. */
export const STATISTICS_CHARTS = {
  categories: "户类别分布",
  designations: "监测对象（按监测类型）",
  procedures: "监测对象（按认定程序）",
  "risk-causes": "监测对象（按风险类型）",
  leads: "线索（按来源和办理结果）",
  warnings: "监测预警（按规则）",
  trend: "近12个月识别纳入与风险消除",
  compliance: "办理时限（按环节）",
  visits: "帮扶走访",
  "monitoring-rate": "监测人口占比",
  children: "下级区划对比",
} as const;
export type StatisticsChart = keyof typeof STATISTICS_CHARTS;
export const STATISTICS_CHART_KEYS = Object.keys(STATISTICS_CHARTS) as [StatisticsChart, ...StatisticsChart[]];
export const ZStatisticsChartParam = z.enum(STATISTICS_CHART_KEYS, { error: "没有这个统计图" });

export type ChartTable = { title: string; columns: string[]; rows: (string | number | null)[][] };

const pct = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 10);

/** The numbers of one chart as a table (header row + data rows): what the .xlsx holds and the screen's table view shows. */
export function chartTable(s: Statistics, chart: StatisticsChart): ChartTable {
  const title = `${s.area.name}${STATISTICS_CHARTS[chart]}`;
  switch (chart) {
    case "categories":
      return { title, columns: ["户类别", "户数", "人数"], rows: s.householdsByCategory.map((r) => [r.label, r.households, r.people]) };
    case "designations":
      return { title, columns: ["监测类型", "户数", "人数"], rows: s.designatedByMonitoringType.map((r) => [r.label, r.households, r.people]) };
    case "procedures":
      return { title, columns: ["认定程序", "户数"], rows: s.designatedByProcedure.map((r) => [r.label, r.households]) };
    case "risk-causes":
      return { title, columns: ["风险类型", "户数"], rows: s.byRiskCause.map((r) => [r.label, r.households]) };
    case "leads":
      return {
        title, columns: ["线索来源", "线索条数", "线索户数", "待核实", "已立案", "已排除"],
        rows: s.leadsBySource.map((r) => [r.label, r.clues, r.leads, r.open, r.caseOpened, r.dismissed]),
      };
    case "warnings":
      return { title, columns: ["预警规则", "当前有效", "累计触发"], rows: s.warningsByRule.map((r) => [r.label, r.active, r.raised]) };
    case "trend":
      return { title, columns: ["月份", "识别纳入（户）", "风险消除（户）"], rows: s.trend.map((r) => [r.month, r.identified, r.eliminated]) };
    case "compliance":
      return {
        title, columns: ["办理环节", "办结次数", "按时办结", "按时率（%）", "平均用时（工作日）"],
        rows: s.complianceBySteps.map((r) => [r.label, r.actions, r.onTime, pct(r.onTimeShare), r.avgWorkingDays]),
      };
    case "visits":
      return {
        title, columns: ["帮扶中户数", "本月已走访", "上月已走访", "上月走访率（%）", "走访逾期"],
        rows: [[s.visits.assisted, s.visits.visitedThisMonth, s.visits.visitedLastMonth, pct(s.visits.lastMonthShare), s.visits.overdue]],
      };
    case "monitoring-rate":
      return {
        title, columns: ["监测人口", "系统登记人口", "监测人口占比（%）"],
        rows: [[s.monitoringRate.monitoredPeople, s.monitoringRate.registeredPeople, pct(s.monitoringRate.rate)]],
      };
    case "children":
      return {
        title,
        columns: ["区划", "登记户数", "登记人数", "监测户数", "监测人数", "监测人口占比（%）", "在办案件", "逾期案件", "本月识别纳入", "本月风险消除", "按时办结率（%）"],
        rows: s.children.map((c) => [
          c.area.name, c.totals.households, c.totals.people, c.totals.designatedHouseholds, c.totals.designatedPeople, pct(c.monitoringRate.rate),
          c.totals.openCases, c.totals.overdueCases, c.identifiedThisMonth, c.eliminatedThisMonth, pct(c.compliance.onTimeShare),
        ]),
      };
  }
}

/** Figures of an area with nothing in it (an area the refresh found empty). */
export function emptyFigures(months: readonly string[]): AreaFigures {
  return {
    totals: { households: 0, people: 0, designatedHouseholds: 0, designatedPeople: 0, openCases: 0, overdueCases: 0 },
    householdsByCategory: [], designatedByMonitoringType: [], designatedByProcedure: [], byRiskCause: [], leadsBySource: [], warningsByRule: [],
    trend: months.map((month) => ({ month, identified: 0, eliminated: 0 })),
    complianceBySteps: [],
    visits: { assisted: 0, visitedThisMonth: 0, visitedLastMonth: 0, overdue: 0, lastMonthShare: null },
    monitoringRate: { monitoredPeople: 0, registeredPeople: 0, rate: null },
    compliance: { actions: 0, onTime: 0, onTimeShare: null, avgWorkingDays: null },
  };
}

/** The 12 months (YYYY-MM) ending with `today`'s month, oldest first. */
export function trendMonths(today: string): string[] {
  let [y, m] = today.split("-").map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    out.unshift(`${y}-${String(m).padStart(2, "0")}`);
    m--;
    if (m < 1) { m = 12; y--; }
  }
  return out;
}

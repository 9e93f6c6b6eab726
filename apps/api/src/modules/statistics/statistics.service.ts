// The statistics of an area (issue 16, decision 020): PRECOMPUTED. refreshStatistics counts everything in one
// consistent snapshot and stores one row per area (area_statistics); GET /api/statistics reads the area's row and its
// children's, so a request costs one indexed read whatever the number of households.
import { areaScopePrefix, type AreaLevel } from "@fanpin/domain/areas";
import { addCalendarDays, todayInChina } from "@fanpin/domain/calendar/working-days";
import { buildAreaFigures, cumulativeWorkingDays } from "@fanpin/domain/statistics/area-figures";
import {
  chartTable, emptyFigures, STATISTICS_CHART_KEYS, STATISTICS_CHARTS, trendMonths, ZAreaFigures,
  type AreaFigures, type ChildFigures, type Statistics, type StatisticsChart,
} from "@fanpin/domain/statistics/statistics-schemas";
import type { Db } from "../../db/prisma.ts";
import { withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import { readDb, type Deps } from "../../lib/deps.ts";
import type { XlsxSheet } from "../../lib/xlsx.ts";
import { listAreaPath } from "../areas/areas.repository.ts";
import { getAreaInScope } from "../areas/areas.service.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import * as repo from "./statistics.repository.ts";

/** Working days are counted from this day on; a step that started earlier has no measured duration. */
const CALENDAR_FROM = "2000-01-01";

/** The date parameters of a refresh on `today` (China date). */
export function refreshDates(today: string) {
  const monthStart = `${today.slice(0, 7)}-01`;
  const lastMonthStart = `${addCalendarDays(monthStart, -1).slice(0, 7)}-01`;
  const months = trendMonths(today);
  return { today, monthStart, lastMonthStart, months, trendStart: `${months[0]}-01` };
}

/**
 * Recomputes every area's figures and stores them (the statistics-refresh job, every 10 minutes; and once on the
 * first GET when nothing is stored yet). One run at a time: the writing transaction holds an advisory lock. With
 * `onlyIfMissing`, a run that waited for another and then finds that area's row stored does nothing.
 * The figures are read on readDb (the replica when there is one) in one REPEATABLE READ READ ONLY transaction, so
 * they describe one moment; the rows are written on the primary. Returns the number of area rows stored.
 */
export async function refreshStatistics(deps: Deps, options: { onlyIfMissing?: string } = {}): Promise<number> {
  return withTransaction(deps.prisma, async (tx) => {
    await repo.lockRefresh(tx);
    if (options.onlyIfMissing && (await repo.hasStatistics(tx, options.onlyIfMissing))) return 0;
    const computedAt = deps.clock();
    const d = refreshDates(todayInChina(computedAt));
    const calendar = await loadCalendar(deps.prisma);
    const w = cumulativeWorkingDays((x) => calendar.isWorkingDay(x), CALENDAR_FROM, d.today);
    const source = readDb(deps);
    const { areas, rows } = await repo.inSnapshot(source, async (snap) => ({
      areas: await repo.listStatisticsAreas(snap),
      rows: await repo.readFigureRows(snap, {
        today: d.today, monthStart: d.monthStart, lastMonthStart: d.lastMonthStart, trendStart: d.trendStart,
        calendarFrom: w.from, cumulativeWorkingDays: w.counts,
      }),
    }));
    const prefixOf = (a: repo.StatisticsArea) => areaScopePrefix(a.level as AreaLevel, a.code);
    const figures = buildAreaFigures(areas.map(prefixOf), rows, d.months, deps.config.rules);
    await repo.replaceStatistics(tx, areas.map((a) => ({
      areaCode: a.code, parentCode: a.parentCode, level: a.level, name: a.name, figures: figures.get(prefixOf(a)) ?? emptyFigures(d.months), computedAt,
    })));
    return areas.length;
  }, { timeout: 15 * 60_000, maxWait: 15 * 60_000 });
}

const areaRef = (r: { id: number; code: string; name: string; level: string }) => ({ id: r.id, code: r.code, name: r.name, level: r.level });

function childFigures(r: repo.StatisticsRow): ChildFigures {
  const f = r.figures as AreaFigures;
  const last = f.trend[f.trend.length - 1];
  return {
    area: areaRef({ ...r, code: r.areaCode }), totals: f.totals, monitoringRate: f.monitoringRate, compliance: f.compliance,
    identifiedThisMonth: last?.identified ?? 0, eliminatedThisMonth: last?.eliminated ?? 0,
  };
}

/** The figures of the user's area, or of `areaId` inside it down to a village, with its children's. */
export async function statisticsFor(deps: Deps, actor: Actor, query: { areaId?: number }, db: Db): Promise<Statistics> {
  const area = query.areaId === undefined || query.areaId === actor.area.id ? actor.area : await getAreaInScope(db, actor, query.areaId);
  if (area.level === "NATURAL_VILLAGE") throw new AppError("AREA_NOT_FOUND");
  let rows = await repo.findAreaAndChildren(db, area.code);
  if (!rows.some((r) => r.areaCode === area.code)) {
    // Never refreshed (a fresh install, a new area): compute once now; a concurrent caller waits for that run.
    await refreshStatistics(deps, { onlyIfMissing: area.code });
    rows = await repo.findAreaAndChildren(deps.prisma, area.code);
  }
  const own = rows.find((r) => r.areaCode === area.code);
  if (!own) throw new AppError("AREA_NOT_FOUND");
  const ancestors = area.id === actor.area.id ? [] : (await listAreaPath(db, area.id)).slice(0, -1);
  const fromUser = ancestors.findIndex((a) => a.id === actor.area.id);
  const path = fromUser < 0 ? [] : ancestors.slice(fromUser).map(areaRef);
  // Stored by the refresh in this shape; the route's response schema checks it on the way out.
  const figures = own.figures as AreaFigures;
  return {
    ...figures, area: areaRef({ ...area, level: area.level }), path, computedAt: own.computedAt.toISOString(),
    children: rows.filter((r) => r.areaCode !== area.code).map(childFigures),
  };
}

/** "2026-12-06 10:20" in China time: the 数据更新于 line. */
export function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/** One chart's numbers as a sheet: a title line with the area and 数据更新于, then the table. */
export function chartSheet(stats: Statistics, chart: StatisticsChart, sheetName = "数据"): XlsxSheet {
  const table = chartTable(stats, chart);
  return {
    name: sheetName,
    columns: table.columns.map((header, i) => ({ header, width: i === 0 ? 18 : 14 })),
    titleLines: [table.title, `数据更新于 ${chinaTime(stats.computedAt)}`],
    rows: table.rows,
  };
}

export async function chartWorkbook(deps: Deps, actor: Actor, chart: StatisticsChart, query: { areaId?: number }, db: Db): Promise<{ fileName: string; sheets: XlsxSheet[] }> {
  const stats = await statisticsFor(deps, actor, query, db);
  return {
    fileName: `${stats.area.name}_${STATISTICS_CHARTS[chart]}_${todayInChina(deps.clock())}.xlsx`,
    sheets: [chartSheet(stats, chart)],
  };
}

/** Every chart of an area, one sheet each (月统月报). Sheet names: the chart titles (Excel allows 31 characters, no '/'). */
export function allChartsSheets(stats: Statistics): XlsxSheet[] {
  return STATISTICS_CHART_KEYS.map((chart) => chartSheet(stats, chart, STATISTICS_CHARTS[chart].replace(/[\\/?*[\]:]/g, "").slice(0, 31)));
}

/**
 * 月统月报 of an area (a district) as stored now: one sheet per chart. The caller refreshes first, so the
 * figures are those of the moment the report is produced (see produceMonthlyStatistics).
 */
export async function monthlyStatisticsWorkbook(deps: Deps, areaCode: string, reportDate: string): Promise<{ fileName: string; sheets: XlsxSheet[]; rowCount: number }> {
  const rows = await repo.findAreaAndChildren(deps.prisma, areaCode);
  const own = rows.find((r) => r.areaCode === areaCode);
  if (!own) throw new Error(`no statistics row for ${areaCode}`);
  const stats: Statistics = {
    ...ZAreaFigures.parse(own.figures), area: areaRef({ ...own, code: own.areaCode }), path: [], computedAt: own.computedAt.toISOString(),
    children: rows.filter((r) => r.areaCode !== areaCode).map(childFigures),
  };
  const sheets = allChartsSheets(stats);
  const rowCount = STATISTICS_CHART_KEYS.reduce((n, chart) => n + chartTable(stats, chart).rows.length, 0);
  return { fileName: `${own.name}_月统月报_${reportDate}.xlsx`, sheets, rowCount };
}

/**
 * The MONTHLY_STATISTICS snapshots due (report-snapshots.ts): on the rule set's statistics day, one per district.
 * The figures come from a refresh run at that moment (statistics are a present-tense count, not rebuilt from the
 * audit trail), so a caught-up report carries the figures of when it was produced; asOf says that day.
 */
export async function monthlyStatisticsToStore(deps: Deps, due: { areaCode: string; reportDate: string }[]) {
  if (!due.length) return [];
  await refreshStatistics(deps);
  const asOf = todayInChina(deps.clock());
  const out = [];
  for (const d of due) {
    out.push({ kind: "MONTHLY_STATISTICS" as const, department: "", areaCode: d.areaCode, reportDate: d.reportDate, asOf, workbook: await monthlyStatisticsWorkbook(deps, d.areaCode, d.reportDate) });
  }
  return out;
}

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

/**
 * The figures of the user's area, or of `areaId` inside it down to a village, with its children's, as the JSON text
 * of ZStatistics (built by PostgreSQL, passed through unparsed: decision 011, third round). Outside the user's area,
 * a natural village or no such area: AREA_NOT_FOUND.
 */
export async function statisticsJson(deps: Deps, actor: Actor, query: { areaId?: number }, db: Db): Promise<string> {
  return figuresJson(deps, { id: query.areaId ?? actor.area.id }, areaScopePrefix(actor.area.level, actor.area.code), db);
}

async function figuresJson(deps: Deps, target: { id: number } | { code: string }, scopePrefix: string, db: Db): Promise<string> {
  let row = await repo.findStatisticsJson(db, target, scopePrefix);
  if (!row || row.level === "NATURAL_VILLAGE") throw new AppError("AREA_NOT_FOUND");
  if (row.json === null) {
    // Never refreshed (a fresh install, a new area): compute once now; a concurrent caller waits for that run.
    await refreshStatistics(deps, { onlyIfMissing: row.code });
    row = await repo.findStatisticsJson(deps.prisma, target, scopePrefix);
  }
  if (!row?.json) throw new AppError("AREA_NOT_FOUND");
  return row.json;
}

/** The same figures as an object (chart downloads, 月统月报). */
export async function statisticsFor(deps: Deps, actor: Actor, query: { areaId?: number }, db: Db): Promise<Statistics> {
  return JSON.parse(await statisticsJson(deps, actor, query, db)) as Statistics;
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
  const stats = { ...(JSON.parse(await figuresJson(deps, { code: areaCode }, areaCode, deps.prisma)) as Statistics), path: [] };
  const sheets = allChartsSheets(stats);
  const rowCount = STATISTICS_CHART_KEYS.reduce((n, chart) => n + chartTable(stats, chart).rows.length, 0);
  return { fileName: `${stats.area.name}_月统月报_${reportDate}.xlsx`, sheets, rowCount };
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

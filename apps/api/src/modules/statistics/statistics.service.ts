// STUB of the foundation (issue 16): the statistics slice replaces it with the refreshed area_statistics.
import { chartTable, emptyFigures, STATISTICS_CHARTS, trendMonths, type Statistics, type StatisticsChart } from "@fanpin/domain/statistics/statistics-schemas";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { Db } from "../../db/prisma.ts";
import type { Actor } from "../../lib/actor.ts";
import type { Deps } from "../../lib/deps.ts";
import type { XlsxSheet } from "../../lib/xlsx.ts";

export async function statisticsFor(deps: Deps, actor: Actor, _query: { areaId?: number }, _db: Db): Promise<Statistics> {
  const area = { id: actor.area.id, code: actor.area.code, name: actor.area.name, level: actor.area.level };
  return { ...emptyFigures(trendMonths(todayInChina(deps.clock()))), area, path: [], computedAt: deps.clock().toISOString(), children: [] };
}

export async function chartWorkbook(deps: Deps, actor: Actor, chart: StatisticsChart, query: { areaId?: number }, db: Db): Promise<{ fileName: string; sheets: XlsxSheet[] }> {
  const stats = await statisticsFor(deps, actor, query, db);
  const table = chartTable(stats, chart);
  return {
    fileName: `${stats.area.name}_${STATISTICS_CHARTS[chart]}.xlsx`,
    sheets: [{ name: "数据", columns: table.columns.map((header) => ({ header, width: 14 })), titleLines: [table.title], rows: table.rows }],
  };
}

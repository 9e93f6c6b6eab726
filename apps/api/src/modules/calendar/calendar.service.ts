import { OFFICIAL_DATA_SOURCE, OFFICIAL_YEARS } from "@fanpin/domain/calendar/official-data";
import { createWorkingDayCalendar, todayInChina, type WorkingDayCalendar, type YearData } from "@fanpin/domain/calendar/working-days";
import type { Db } from "../../db/prisma.ts";
import { withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAudit } from "../audit/audit.repository.ts";
import * as repo from "./calendar.repository.ts";

/** Administrators are warned this many days before a year without data is reached. */
export const COVERAGE_WARNING_DAYS = 60;

/**
 * The working-day calendar in force: the data package's years, years an
 * administrator declared complete, and every override on top.
 *
 * Read by nearly every request, so it is cached per client for one second
 * (decision 011): within that second no query is made; after it, one tiny
 * query fingerprints the two tables and the calendar is rebuilt only when the
 * fingerprint changed. A change made through this process drops the cache at
 * once; another API process sees it within the second.
 */
const CALENDAR_FRESH_MS = 1_000;
const built = new WeakMap<object, { stamp: string; calendar: WorkingDayCalendar; checkedAt: number }>();

export async function loadCalendar(db: Db): Promise<WorkingDayCalendar> {
  const cached = built.get(db);
  if (cached && performance.now() - cached.checkedAt < CALENDAR_FRESH_MS) return cached.calendar;
  const checkedAt = performance.now();
  const stamp = await repo.calendarFingerprint(db);
  if (cached?.stamp === stamp) {
    cached.checkedAt = checkedAt;
    return cached.calendar;
  }
  const [overrides, adminYears] = await Promise.all([repo.listOverrides(db), repo.listAdministratorYears(db)]);
  const official = new Set(OFFICIAL_YEARS.map((y) => y.year));
  const entered: YearData[] = adminYears.filter((y) => !official.has(y.year)).map((y) => ({ year: y.year, holidays: [], makeUpWorkdays: [] }));
  const calendar = createWorkingDayCalendar({
    years: [...OFFICIAL_YEARS, ...entered],
    overrides: overrides.map((o) => ({ date: repo.isoOf(o.date), isWorkingDay: o.isWorkingDay, ...(o.name ? { name: o.name } : {}) })),
  });
  built.set(db, { stamp, calendar, checkedAt });
  return calendar;
}

/** After a calendar change: the next read rebuilds it. */
function forgetCalendar(db: Db) {
  built.delete(db);
}

export async function getCoverage(deps: Deps) {
  const calendar = await loadCalendar(deps.prisma);
  const today = todayInChina(deps.clock());
  const adminYears = await repo.listAdministratorYears(deps.prisma);
  const missing = calendar.yearsNeedingData(today, COVERAGE_WARNING_DAYS);
  return {
    coveredYears: calendar.coveredYears(),
    administratorYears: adminYears.map((y) => ({ year: y.year, source: y.source })),
    dataSource: `${OFFICIAL_DATA_SOURCE.package} ${OFFICIAL_DATA_SOURCE.version}`,
    today,
    yearsNeedingData: missing,
    warning: missing.length
      ? `${missing.join("、")} 年的节假日安排尚未录入：期限计算将按周一至周五推算。请在“工作日历”中按国务院办公厅通知录入放假和调休日期，并确认该年已完整录入。`
      : null,
  };
}

export async function setOverride(deps: Deps, actor: Actor, date: string, input: { isWorkingDay: boolean; name?: string; note?: string }) {
  const now = deps.clock();
  return withTransaction(deps.prisma, async (tx) => {
    const before = await repo.findOverride(tx, date);
    const saved = await repo.upsertOverride(tx, date, { isWorkingDay: input.isWorkingDay, name: input.name ?? null, note: input.note ?? null, createdById: actor.id });
    await appendAudit(tx, actor, {
      action: "calendar.setOverride", entityType: "calendarOverride", entityId: date,
      before: before ? { isWorkingDay: before.isWorkingDay, name: before.name } : null, after: { isWorkingDay: saved.isWorkingDay, name: saved.name },
      reason: input.note ?? null,
    }, now);
    return toOverride(saved);
  }).finally(() => forgetCalendar(deps.prisma));
}

export async function removeOverride(deps: Deps, actor: Actor, date: string) {
  const now = deps.clock();
  await withTransaction(deps.prisma, async (tx) => {
    const before = await repo.findOverride(tx, date);
    if (!before) return;
    await repo.deleteOverride(tx, date);
    await appendAudit(tx, actor, {
      action: "calendar.removeOverride", entityType: "calendarOverride", entityId: date, before: { isWorkingDay: before.isWorkingDay, name: before.name },
    }, now);
  }).finally(() => forgetCalendar(deps.prisma));
}

export async function declareYear(deps: Deps, actor: Actor, year: number, source: string) {
  const now = deps.clock();
  await withTransaction(deps.prisma, async (tx) => {
    await repo.upsertAdministratorYear(tx, year, source, actor.id);
    await appendAudit(tx, actor, { action: "calendar.declareYear", entityType: "calendarYear", entityId: String(year), after: { source } }, now);
  }).finally(() => forgetCalendar(deps.prisma));
}

export async function withdrawYear(deps: Deps, actor: Actor, year: number) {
  const now = deps.clock();
  await withTransaction(deps.prisma, async (tx) => {
    const { count } = await repo.deleteAdministratorYear(tx, year);
    if (count) await appendAudit(tx, actor, { action: "calendar.withdrawYear", entityType: "calendarYear", entityId: String(year) }, now);
  }).finally(() => forgetCalendar(deps.prisma));
}

export function toOverride(o: { date: Date; isWorkingDay: boolean; name: string | null; note: string | null }) {
  return { date: repo.isoOf(o.date), isWorkingDay: o.isWorkingDay, name: o.name, note: o.note };
}

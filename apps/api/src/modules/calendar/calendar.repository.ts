import type { Db } from "../../db/prisma.ts";

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
export const isoOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Changes whenever an override or a declared year is added, changed or
 * removed: counts, the latest change, and the sum of the days and years.
 */
export async function calendarFingerprint(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<{ stamp: string }[]>`
    SELECT concat_ws('|',
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(date - DATE '2000-01-01' + (CASE WHEN is_working_day THEN 100000 ELSE 0 END)), 0) FROM calendar_override),
      (SELECT count(*) || ':' || coalesce(sum(year), 0) FROM calendar_year)) AS stamp`;
  return row!.stamp;
}

export function listOverrides(db: Db) {
  return db.calendarOverride.findMany({ orderBy: { date: "asc" } });
}

export function listAdministratorYears(db: Db) {
  return db.calendarYear.findMany({ orderBy: { year: "asc" } });
}

export function findOverride(db: Db, date: string) {
  return db.calendarOverride.findUnique({ where: { date: toDate(date) } });
}

export function upsertOverride(db: Db, date: string, data: { isWorkingDay: boolean; name: string | null; note: string | null; createdById: string }) {
  return db.calendarOverride.upsert({ where: { date: toDate(date) }, create: { date: toDate(date), ...data }, update: data });
}

export function deleteOverride(db: Db, date: string) {
  return db.calendarOverride.deleteMany({ where: { date: toDate(date) } });
}

export function upsertAdministratorYear(db: Db, year: number, source: string, createdById: string) {
  return db.calendarYear.upsert({ where: { year }, create: { year, source, createdById }, update: { source } });
}

export function deleteAdministratorYear(db: Db, year: number) {
  return db.calendarYear.deleteMany({ where: { year } });
}

import type { Db } from "../../db/prisma.ts";

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
export const isoOf = (d: Date) => d.toISOString().slice(0, 10);

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

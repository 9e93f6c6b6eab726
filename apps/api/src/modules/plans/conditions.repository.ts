import { INCOME_ITEM_KEYS, type Income } from "@fanpin/domain/collection-form";
import type { ConditionKind } from "@fanpin/domain/assistance/conditions";
import { fenToYuan, yuanToFen } from "@fanpin/domain/money";
import type { Db } from "../../db/prisma.ts";

/**
 * Conditions and yearly incomes as history: the one write path for
 * condition_record and household_income_year, used by the conditions routes
 * (plans module), visits (a change found on a visit) and the household form
 * (its income of the year is that year's record too). Callers write the
 * audit entry.
 */

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const fenColumn = (k: keyof Income) => `${k}Fen` as const;

export type ConditionWrite = {
  householdId: string;
  kind: ConditionKind;
  value: string;
  observedOn: string;
  note: string | null;
  source: "ENTRY" | "VISIT" | "REVIEW";
  visitId: string | null;
  recordedById: string | null;
  recordedByName: string | null;
};

export async function insertCondition(db: Db, c: ConditionWrite): Promise<{ id: string }> {
  return db.conditionRecord.create({
    data: { ...c, observedOn: dateOf(c.observedOn) },
    select: { id: true },
  });
}

export type IncomeYearView = { year: number; income: Income; memberCount: number; note: string | null; updatedAt: Date };

function toIncomeYear(row: Awaited<ReturnType<Db["householdIncomeYear"]["findUnique"]>> & object): IncomeYearView {
  const income = Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, fenToYuan(row[fenColumn(k)])])) as Income;
  return { year: row.year, income, memberCount: row.memberCount, note: row.note, updatedAt: row.updatedAt };
}

export async function findIncomeYear(db: Db, householdId: string, year: number): Promise<IncomeYearView | null> {
  const row = await db.householdIncomeYear.findUnique({ where: { householdId_year: { householdId, year } } });
  return row ? toIncomeYear(row) : null;
}

/**
 * Sets the items given (yuan) of a year's income, creating the year's record
 * when missing (items not given are 0 then; the member count defaults to the
 * household's). Returns the year before (null: new) and after, for the audit.
 */
export async function upsertIncomeYear(
  db: Db, householdId: string, year: number, items: Partial<Income>, options: { memberCount?: number; note?: string | null } = {},
): Promise<{ before: IncomeYearView | null; after: IncomeYearView }> {
  const before = await findIncomeYear(db, householdId, year);
  const columns = Object.fromEntries(
    Object.entries(items).filter(([, v]) => v !== undefined).map(([k, v]) => [fenColumn(k as keyof Income), yuanToFen(v as number)]),
  );
  const memberCount = options.memberCount ?? before?.memberCount
    ?? (await db.household.findUniqueOrThrow({ where: { id: householdId }, select: { memberCount: true } })).memberCount;
  const note = options.note !== undefined ? options.note : undefined;
  const row = await db.householdIncomeYear.upsert({
    where: { householdId_year: { householdId, year } },
    create: { householdId, year, memberCount, ...columns, ...(note !== undefined ? { note } : {}) },
    update: { memberCount, ...columns, ...(note !== undefined ? { note } : {}) },
  });
  return { before, after: toIncomeYear(row) };
}

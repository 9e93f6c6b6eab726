import { INCOME_ITEM_KEYS, summarizeIncome, type Income } from "@fanpin/domain/collection-form";
import type { ConditionFact, ConditionKind, TrackedFacts } from "@fanpin/domain/assistance/conditions";
import { fenToYuan, yuanToFen } from "@fanpin/domain/money";
import type { Db } from "../../db/prisma.ts";
import { stringPool } from "../../db/sql.ts";

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

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

export type ConditionView = {
  id: string; kind: ConditionKind; value: string; observedOn: string; note: string | null;
  source: "ENTRY" | "VISIT" | "REVIEW"; recordedBy: string | null; recordedAt: string;
};

/** Every condition record of the household, newest observation first (ties: the later record first). */
export async function listConditions(db: Db, householdId: string): Promise<ConditionView[]> {
  const rows = await db.conditionRecord.findMany({ where: { householdId }, orderBy: [{ observedOn: "desc" }, { createdAt: "desc" }] });
  return rows.map((r) => ({
    id: r.id, kind: r.kind as ConditionKind, value: r.value, observedOn: isoOf(r.observedOn), note: r.note,
    source: r.source as ConditionView["source"], recordedBy: r.recordedByName, recordedAt: r.createdAt.toISOString(),
  }));
}

export async function listIncomeYears(db: Db, householdId: string): Promise<IncomeYearView[]> {
  const rows = await db.householdIncomeYear.findMany({ where: { householdId }, orderBy: { year: "desc" } });
  return rows.map(toIncomeYear);
}

export type ExpenseYearView = { year: number; medical: number; education: number; disaster: number; other: number; note: string | null; updatedAt: Date };
const EXPENSE_KEYS = ["medical", "education", "disaster", "other"] as const;
type ExpenseItems = Record<(typeof EXPENSE_KEYS)[number], number>;

function toExpenseYear(row: Awaited<ReturnType<Db["householdExpenseYear"]["findUnique"]>> & object): ExpenseYearView {
  return {
    year: row.year, medical: fenToYuan(Number(row.medicalFen)), education: fenToYuan(Number(row.educationFen)),
    disaster: fenToYuan(Number(row.disasterFen)), other: fenToYuan(Number(row.otherFen)), note: row.note, updatedAt: row.updatedAt,
  };
}

export async function listExpenseYears(db: Db, householdId: string): Promise<ExpenseYearView[]> {
  const rows = await db.householdExpenseYear.findMany({ where: { householdId }, orderBy: { year: "desc" } });
  return rows.map(toExpenseYear);
}

/** Sets a year's rigid expenses (yuan) as a whole; returns the year before (null: new) and after, for the audit. */
export async function upsertExpenseYear(
  db: Db, householdId: string, year: number, items: ExpenseItems, note: string | null,
): Promise<{ before: ExpenseYearView | null; after: ExpenseYearView }> {
  const found = await db.householdExpenseYear.findUnique({ where: { householdId_year: { householdId, year } } });
  const columns = Object.fromEntries(EXPENSE_KEYS.map((k) => [`${k}Fen`, BigInt(yuanToFen(items[k]))])) as Record<`${(typeof EXPENSE_KEYS)[number]}Fen`, bigint>;
  const row = await db.householdExpenseYear.upsert({
    where: { householdId_year: { householdId, year } },
    create: { householdId, year, ...columns, note },
    update: { ...columns, note },
  });
  return { before: found ? toExpenseYear(found) : null, after: toExpenseYear(row) };
}

export const expenseTotal = (e: Pick<ExpenseYearView, "medical" | "education" | "disaster" | "other">) =>
  Math.round((e.medical + e.education + e.disaster + e.other) * 100) / 100;

/**
 * What is tracked of a household, as risk elimination reads it: the latest
 * observation of each kind, each year's net income (A28 + A29 + A30 + A31 −
 * A32) with its members, each year's rigid expenses.
 */
export async function trackedFactsOf(db: Db, householdId: string): Promise<TrackedFacts> {
  const [conditions, incomes, expenses] = await Promise.all([
    db.conditionRecord.findMany({
      where: { householdId }, distinct: ["kind"], orderBy: [{ kind: "asc" }, { observedOn: "desc" }, { createdAt: "desc" }],
      select: { kind: true, value: true, observedOn: true },
    }),
    listIncomeYears(db, householdId),
    listExpenseYears(db, householdId),
  ]);
  return {
    conditions: conditions.map((c) => ({ kind: c.kind as ConditionKind, value: c.value, observedOn: isoOf(c.observedOn) })),
    incomes: incomes.map((i) => ({ year: i.year, netYuan: summarizeIncome(i.income, i.memberCount).net, memberCount: i.memberCount })),
    expenses: expenses.map((e) => ({ year: e.year, totalYuan: expenseTotal(e) })),
  };
}

/**
 * The latest observation of each kind on a date, by household (for the
 * department lists): observed on or before `asOf`. An observation recorded
 * late still counts from the day it was made (the lists sent are stored as
 * they were).
 */
export async function latestConditionsAt(db: Db, householdIds: readonly string[], asOf: string): Promise<Map<string, ConditionFact[]>> {
  const out = new Map<string, ConditionFact[]>();
  if (!householdIds.length) return out;
  // One array parameter, not one per household (a city's ledger asks for ~50,000: beyond a statement's parameters).
  const rows = await db.$queryRaw<{ householdId: string; kind: string; value: string; observedOn: Date }[]>`
    SELECT DISTINCT ON (household_id, kind) household_id AS "householdId", kind, value, observed_on AS "observedOn"
    FROM condition_record
    WHERE household_id = ANY(${[...householdIds]}::uuid[]) AND observed_on <= ${dateOf(asOf)}::date
    ORDER BY household_id, kind, observed_on DESC, created_at DESC`;
  const same = stringPool();
  for (const r of rows) {
    const list = out.get(r.householdId) ?? [];
    list.push({ kind: same(r.kind) as ConditionKind, value: same(r.value), observedOn: same(isoOf(r.observedOn)) });
    out.set(r.householdId, list);
  }
  return out;
}

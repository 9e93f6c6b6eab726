import type { Db, Prisma, PrismaClient } from "../../db/prisma.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import { insertImportJob } from "../imports/imports.repository.ts";

/** A department upload's job row, without the file. */
const jobSelect = {
  id: true, department: true, status: true, fileName: true, fileSize: true, createdAt: true, finishedAt: true, progress: true, rowsRead: true,
  matchedCount: true, duplicateCount: true, unmatchedCount: true, outOfAreaCount: true, problemCount: true, errorCode: true, errorMessage: true,
} as const satisfies Prisma.ImportJobSelect;
export type DepartmentJobRow = Prisma.ImportJobGetPayload<{ select: typeof jobSelect }> & { hasReport: boolean };

async function withReportFlag(db: Db, jobs: Prisma.ImportJobGetPayload<{ select: typeof jobSelect }>[]): Promise<DepartmentJobRow[]> {
  if (!jobs.length) return [];
  const withFile = await db.importJob.findMany({ where: { id: { in: jobs.map((j) => j.id) }, rejectedFile: { not: null } }, select: { id: true } });
  const ids = new Set(withFile.map((j) => j.id));
  return jobs.map((j) => ({ ...j, hasReport: ids.has(j.id) }));
}

export function insertDepartmentJob(db: PrismaClient, data: Prisma.ImportJobUncheckedCreateInput, file: Buffer) {
  return insertImportJob(db, { ...data, kind: "DEPARTMENT_WARNINGS" }, file);
}

export async function findDepartmentJob(db: Db, id: string, createdById: string): Promise<DepartmentJobRow | null> {
  const job = await db.importJob.findFirst({ where: { id, createdById, kind: "DEPARTMENT_WARNINGS" }, select: jobSelect });
  return job ? (await withReportFlag(db, [job]))[0]! : null;
}

export async function listDepartmentJobs(db: Db, createdById: string, take: number): Promise<DepartmentJobRow[]> {
  const jobs = await db.importJob.findMany({ where: { createdById, kind: "DEPARTMENT_WARNINGS" }, select: jobSelect, orderBy: { createdAt: "desc" }, take });
  return withReportFlag(db, jobs);
}

export function findReportFile(db: Db, id: string, createdById: string) {
  return db.importJob.findFirst({ where: { id, createdById, kind: "DEPARTMENT_WARNINGS" }, select: { fileName: true, department: true, rejectedFile: true } });
}

export function loadDepartmentJob(db: Db, id: string) {
  return db.importJob.findUniqueOrThrow({
    where: { id }, select: { id: true, department: true, mapping: true, fileName: true, scopeCode: true, createdById: true },
  });
}

// --------------------------------------------------------------- mappings

export function findMapping(db: Db, department: string, areaCode: string) {
  return db.departmentMapping.findUnique({ where: { department_areaCode: { department, areaCode } }, select: { mapping: true, updatedAt: true } });
}

export function upsertMapping(db: Db, department: string, areaCode: string, mapping: Prisma.InputJsonValue, updatedById: string) {
  return db.departmentMapping.upsert({
    where: { department_areaCode: { department, areaCode } },
    create: { department, areaCode, mapping, updatedById },
    update: { mapping, updatedById },
    select: { mapping: true, updatedAt: true },
  });
}

// --------------------------------------------------------------- matching

export type MemberMatch = { idNumber: string; memberId: string; householdId: string; villageCode: string };

/**
 * The registered members of a batch's ID numbers, found by their blind index (every configured index key, so a
 * rotation under way still matches): one statement with constant SQL for the whole batch.
 */
export async function findMembersByIdNumbers(db: Db, idNumbers: string[]): Promise<MemberMatch[]> {
  if (!idNumbers.length) return [];
  const keys = dataKeys();
  const byIndex = new Map(idNumbers.flatMap((n) => keys.blindIndexCandidates("id", n).map((b) => [b.toString("hex"), n] as const)));
  const rows = await db.$queryRaw<{ bidx: string; memberId: string; householdId: string; villageCode: string }[]>`
    SELECT encode(m.id_number_bidx, 'hex') AS bidx, m.id::text AS "memberId", m.household_id::text AS "householdId", h.village_code AS "villageCode"
    FROM member m JOIN household h ON h.id = m.household_id
    WHERE m.id_number_bidx = ANY(ARRAY(SELECT decode(x, 'hex') FROM jsonb_array_elements_text(${JSON.stringify([...byIndex.keys()])}::jsonb) x))`;
  return rows.map((r) => ({ idNumber: byIndex.get(r.bidx)!, memberId: r.memberId, householdId: r.householdId, villageCode: r.villageCode }));
}

export type WarningInsert = {
  id: string; jobId: string; department: string; kind: string; householdId: string; memberId: string; villageCode: string;
  amountFen: bigint | null; occurredOn: string | null; note: string | null; rowKey: Buffer;
};

/**
 * Inserts a batch's warnings in one statement; a row whose key is already stored (the same row of an earlier
 * upload, or twice in this one) is skipped. Returns the households of the rows inserted (one per row).
 */
export async function insertWarnings(db: Db, rows: WarningInsert[], now: Date): Promise<string[]> {
  if (!rows.length) return [];
  // One JSON parameter (as db/bulk-insert.ts): the same SQL text every batch, and far cheaper to send than eleven arrays.
  const json = JSON.stringify(rows.map((r) => ({
    id: r.id, job_id: r.jobId, department: r.department, kind: r.kind, household_id: r.householdId, member_id: r.memberId, village_code: r.villageCode,
    amount_fen: r.amountFen === null ? null : r.amountFen.toString(), occurred_on: r.occurredOn, note: r.note, row_key: `\\x${r.rowKey.toString("hex")}`,
    created_at: now.toISOString(),
  })));
  const inserted = await db.$queryRaw<{ householdId: string }[]>`
    INSERT INTO department_warning (id, job_id, department, kind, household_id, member_id, village_code, amount_fen, occurred_on, note, row_key, created_at)
    SELECT id, job_id, department, kind, household_id, member_id, village_code, amount_fen, occurred_on, note, row_key, created_at
    FROM jsonb_populate_recordset(NULL::department_warning, ${json}::jsonb)
    ON CONFLICT (row_key) DO NOTHING
    RETURNING household_id::text AS "householdId"`;
  return inserted.map((r) => r.householdId);
}

// --------------------------------------------------------------- the household page

export function listHouseholdWarnings(db: Db, householdId: string) {
  return db.$queryRaw<{
    id: string; department: string; kind: string; memberName: string; amountFen: bigint | null; occurredOn: Date | null; note: string | null; createdAt: Date;
  }[]>`
    SELECT w.id::text, w.department, w.kind, COALESCE(m.name, '') AS "memberName", w.amount_fen AS "amountFen", w.occurred_on AS "occurredOn", w.note,
      w.created_at AS "createdAt"
    FROM department_warning w LEFT JOIN member m ON m.id = w.member_id
    WHERE w.household_id = ${householdId}::uuid
    ORDER BY w.occurred_on DESC NULLS LAST, w.created_at DESC
    LIMIT 500`;
}

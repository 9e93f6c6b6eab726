import type { Db, Prisma, PrismaClient } from "../../db/prisma.ts";
import { ERROR_CODES } from "@fanpin/domain/errors";
import { dataKeys } from "../../lib/data-crypto.ts";
import { householdDetailInclude, openHousehold } from "../households/households.repository.ts";

/** Every column of a job except the file bytes (which can be tens of MB). */
export const importJobSelect = {
  id: true, mode: true, status: true, fileName: true, fileSize: true, scopeCode: true, createdById: true, createdAt: true, startedAt: true,
  finishedAt: true, phase: true, progress: true, rowsRead: true, householdsTotal: true, householdsDone: true, createdCount: true,
  updatedCount: true, unchangedCount: true, rejectedCount: true, problemCount: true, problems: true, errorCode: true, errorMessage: true,
} as const satisfies Prisma.ImportJobSelect;
export type ImportJobRow = Prisma.ImportJobGetPayload<{ select: typeof importJobSelect }> & { hasRejectedFile: boolean };

const CHUNK_BYTES = 1024 * 1024;

/** The job and its file (stored in 1 MB pieces, each sealed: it holds ID numbers, decision 015; one statement each), in one transaction. */
export async function insertImportJob(db: PrismaClient, data: Prisma.ImportJobUncheckedCreateInput, file: Buffer): Promise<string> {
  return db.$transaction(async (tx) => {
    const job = await tx.importJob.create({ data, select: { id: true } });
    for (let seq = 0, at = 0; at < file.length; seq++, at += CHUNK_BYTES) {
      await tx.importFileChunk.create({ data: { jobId: job.id, seq, data: dataKeys().encrypt(file.subarray(at, at + CHUNK_BYTES)) }, select: { seq: true } });
    }
    return job.id;
  }, { timeout: 120_000 });
}

/** The uploaded file, read back piece by piece; null once removed. */
export async function loadJobFile(db: Db, jobId: string): Promise<Buffer | null> {
  const pieces: Buffer[] = [];
  for (let seq = 0; ; seq++) {
    const chunk = await db.importFileChunk.findUnique({ where: { jobId_seq: { jobId, seq } }, select: { data: true } });
    if (!chunk) break;
    pieces.push(dataKeys().decrypt(chunk.data));
  }
  return pieces.length ? Buffer.concat(pieces) : null;
}

export function deleteJobFile(db: Db, jobId: string) {
  return db.importFileChunk.deleteMany({ where: { jobId } });
}

async function withRejectedFlag<T extends { id: string }>(db: Db, jobs: T[]): Promise<(T & { hasRejectedFile: boolean })[]> {
  if (!jobs.length) return [];
  const withFile = await db.importJob.findMany({ where: { id: { in: jobs.map((j) => j.id) }, rejectedFile: { not: null } }, select: { id: true } });
  const ids = new Set(withFile.map((j) => j.id));
  return jobs.map((j) => ({ ...j, hasRejectedFile: ids.has(j.id) }));
}

export async function findImportJob(db: Db, id: string, createdById: string): Promise<ImportJobRow | null> {
  const job = await db.importJob.findFirst({ where: { id, createdById, kind: "HOUSEHOLDS" }, select: importJobSelect });
  return job ? (await withRejectedFlag(db, [job]))[0]! : null;
}

export async function listImportJobs(db: Db, createdById: string, take: number): Promise<ImportJobRow[]> {
  const jobs = await db.importJob.findMany({ where: { createdById, kind: "HOUSEHOLDS" }, select: importJobSelect, orderBy: { createdAt: "desc" }, take });
  return withRejectedFlag(db, jobs);
}

export function findRejectedFile(db: Db, id: string, createdById: string) {
  return db.importJob.findFirst({ where: { id, createdById, kind: "HOUSEHOLDS" }, select: { fileName: true, rejectedFile: true } });
}

/**
 * Takes the oldest waiting job, or one whose worker stopped beating (its
 * process died), for this process. SKIP LOCKED: of several processes each
 * gets a different job, never the same one.
 */
export async function claimNextImportJob(db: PrismaClient, now: Date, staleBefore: Date): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE import_job SET status = 'RUNNING', started_at = COALESCE(started_at, ${now}), heartbeat_at = ${now}, attempts = attempts + 1
    WHERE id = (
      SELECT id FROM import_job
      WHERE status = 'QUEUED' OR (status = 'RUNNING' AND heartbeat_at < ${staleBefore})
      ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
  return rows[0]?.id ?? null;
}

export type AbandonedJob = { id: string; kind: string; fileName: string; mode: string; createdById: string; attempts: number };

/**
 * Fails the RUNNING jobs whose process stopped beating after `maxAttempts` claims (each claim counts an attempt),
 * instead of handing them to yet another process; their files are removed. Counts already written stay.
 */
export async function failAbandonedImportJobs(db: PrismaClient, now: Date, staleBefore: Date, maxAttempts: number): Promise<AbandonedJob[]> {
  const { code, message } = { code: "IMPORT_INTERRUPTED", message: ERROR_CODES.IMPORT_INTERRUPTED.message };
  return db.$transaction(async (tx) => {
    const jobs = await tx.$queryRaw<AbandonedJob[]>`
      UPDATE import_job SET status = 'FAILED', phase = NULL, progress = 100, finished_at = ${now}, error_code = ${code}, error_message = ${message}
      WHERE id IN (
        SELECT id FROM import_job WHERE status = 'RUNNING' AND heartbeat_at < ${staleBefore} AND attempts >= ${maxAttempts}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id::text, kind::text, file_name AS "fileName", mode::text, created_by_id::text AS "createdById", attempts`;
    if (jobs.length) await tx.importFileChunk.deleteMany({ where: { jobId: { in: jobs.map((j) => j.id) } } });
    return jobs;
  });
}

/** Rejected-rows files hold ID numbers: kept for `days` after the job, then removed (the report stays). */
export function purgeRejectedFiles(db: Db, finishedBefore: Date) {
  return db.importJob.updateMany({ where: { finishedAt: { lt: finishedBefore }, rejectedFile: { not: null } }, data: { rejectedFile: null } });
}

/** The uploader a job acts for, as they are now (active, role, area). */
export function findJobUser(db: Db, userId: string) {
  return db.user.findUniqueOrThrow({
    where: { id: userId }, select: { id: true, username: true, role: true, isActive: true, area: { select: { code: true, level: true } } },
  });
}

export function loadJobForRun(db: Db, id: string) {
  return db.importJob.findUniqueOrThrow({ where: { id }, select: { id: true, kind: true, mode: true, fileName: true, scopeCode: true, createdById: true } });
}

export function updateImportJob(db: Db, id: string, data: Prisma.ImportJobUpdateInput) {
  return db.importJob.update({ where: { id }, data, select: { id: true } });
}

// ------------------------------------------------------- lookups for a batch

/** Villages and natural villages under the uploader's area, for resolving the sheet's codes and names. */
export function findPlacesUnder(db: Db, scopePrefix: string) {
  return db.area.findMany({
    where: { code: { startsWith: scopePrefix }, level: { in: ["VILLAGE", "NATURAL_VILLAGE"] } },
    select: { id: true, code: true, name: true, level: true, parentId: true },
  });
}

/**
 * Which of a batch's household numbers and member ID numbers are registered,
 * and in which household: one statement with constant SQL (arrays, not IN
 * lists whose length, and so SQL text, changes with every batch).
 */
export async function findRegistered(db: Db, householdNos: string[], idNumbers: string[]) {
  // ID numbers are found by their blind index (decision 015), and named again here by the number they were asked for.
  const keys = dataKeys();
  const byIndex = new Map(idNumbers.flatMap((n) => keys.blindIndexCandidates("id", n).map((b) => [b.toString("hex"), n] as const)));
  const rows = await db.$queryRaw<{ kind: "household" | "member"; key: string; householdId: string }[]>`
    SELECT 'household' AS kind, household_no AS key, id::text AS "householdId" FROM household WHERE household_no = ANY(${householdNos}::varchar[])
    UNION ALL
    SELECT 'member', encode(id_number_bidx, 'hex'), household_id::text FROM member 
    WHERE id_number_bidx = ANY(ARRAY(SELECT decode(h, 'hex') FROM unnest(${[...byIndex.keys()]}::text[]) h))`;
  return rows.map((r) => (r.kind === "member" ? { ...r, key: byIndex.get(r.key)! } : r));
}

export async function findHouseholdsByIds(db: Db, ids: string[]) {
  return (await db.household.findMany({ where: { id: { in: ids } }, include: householdDetailInclude })).map((h) => openHousehold(h));
}
export type StoredHousehold = Awaited<ReturnType<typeof findHouseholdsByIds>>[number];

import { areaScopePrefix } from "@fanpin/domain/areas";
import type { ImportJobView, ImportModeName } from "@fanpin/domain/import-schemas";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAudit } from "../audit/audit.repository.ts";
import { detectFormat } from "./sheet-reader.ts";
import * as repo from "./imports.repository.ts";

export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

const MODE_COLUMN = { "all-or-nothing": "ALL_OR_NOTHING", "valid-only": "VALID_ONLY" } as const;
const MODE_NAME = { ALL_OR_NOTHING: "all-or-nothing", VALID_ONLY: "valid-only" } as const satisfies Record<string, ImportModeName>;

/**
 * Queues an import of the uploaded file for the uploader's area. The file's
 * type is checked now (the answer comes at once); everything else is the
 * background job's work, whose progress and report the job shows.
 */
export async function queueImport(deps: Deps, actor: Actor, upload: { fileName: string; file: Buffer }, mode: ImportModeName): Promise<ImportJobView> {
  detectFormat(upload.file, upload.fileName);
  const id = await repo.insertImportJob(deps.prisma, {
    mode: MODE_COLUMN[mode],
    fileName: upload.fileName,
    fileSize: upload.file.length,
    scopeCode: areaScopePrefix(actor.area.level, actor.area.code),
    createdById: actor.id,
    createdAt: deps.clock(),
  }, upload.file);
  return getImportJob(deps, actor, id);
}

export async function getImportJob(deps: Deps, actor: Actor, id: string): Promise<ImportJobView> {
  const job = await repo.findImportJob(deps.prisma, id, actor.id);
  if (!job) throw new AppError("IMPORT_NOT_FOUND");
  return toView(job);
}

export async function listImportJobs(deps: Deps, actor: Actor) {
  const jobs = await repo.listImportJobs(deps.prisma, actor.id, 20);
  return { items: jobs.map((j) => { const { problems: _, ...rest } = toView(j); return rest; }) };
}

export async function getRejectedFile(deps: Deps, actor: Actor, id: string) {
  const job = await repo.findRejectedFile(deps.prisma, id, actor.id);
  if (!job) throw new AppError("IMPORT_NOT_FOUND");
  if (!job.rejectedFile) throw new AppError("IMPORT_NO_REJECTED_ROWS");
  const base = job.fileName.replace(/\.(xlsx|csv|txt)$/i, "");
  const fileName = `${base}_退回的行.xlsx`;
  // The rows carry full ID numbers: a download is a recorded read of personal data, like the list export.
  await appendAudit(deps.prisma, actor, { action: "household.importRejectedDownload", entityType: "import_job", entityId: id, after: { fileName } }, deps.clock());
  return { fileName, content: dataKeys().decrypt(job.rejectedFile) };
}

function toView(job: repo.ImportJobRow): ImportJobView {
  const mode = MODE_NAME[job.mode];
  return {
    id: job.id,
    mode,
    status: job.status,
    fileName: job.fileName,
    fileSize: job.fileSize,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    phase: job.phase,
    progress: job.progress,
    rowsRead: job.rowsRead,
    householdsDone: job.householdsDone,
    created: job.createdCount,
    updated: job.updatedCount,
    unchanged: job.unchangedCount,
    rejected: job.rejectedCount,
    nothingWritten: job.mode === "ALL_OR_NOTHING" && job.status !== "QUEUED" && job.status !== "RUNNING" && (job.problemCount > 0 || job.status === "FAILED"),
    problemCount: job.problemCount,
    problems: job.problems as ImportJobView["problems"],
    hasRejectedFile: job.hasRejectedFile,
    error: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? "" } : null,
  };
}

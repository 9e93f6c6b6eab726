import { areaScopePrefix } from "@fanpin/domain/areas";
import { maskCitizenId } from "@fanpin/domain/citizen-id";
import {
  DEPARTMENT_PREVIEW_ROWS, guessDepartmentColumns, WARNING_DEPARTMENTS, WARNING_KINDS, warningKindsOf, ZDepartmentMapping,
  type DepartmentJob, type DepartmentMapping, type DepartmentMappingView, type DepartmentPreview, type HouseholdDepartmentWarning,
  type WarningDepartment, type WarningKind,
} from "@fanpin/domain/detection/department-lists";
import type { Prisma } from "../../db/prisma.ts";
import { withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAudit } from "../audit/audit.repository.ts";
import { householdInScope } from "../households/households.repository.ts";
import { detectFormat, readSheetHead, SHEET_HEADER_SEARCH_ROWS } from "../imports/sheet-reader.ts";
import * as repo from "./department-warnings.repository.ts";

/** The mapping is saved per department for the uploader's own area (the district). */
function mappingArea(actor: Actor) {
  return actor.area.code;
}

function fieldError(path: string, message: string) {
  return new AppError("VALIDATION_FAILED", { message, details: [{ path, message }] });
}

/** The kinds a mapping names must be the department's own (a 残联 list raises no 低保 warning). */
function checkMappingKinds(department: WarningDepartment, mapping: DepartmentMapping) {
  const own = warningKindsOf(department);
  const label = WARNING_DEPARTMENTS[department];
  if (mapping.fixedKind && !own.includes(mapping.fixedKind)) {
    throw fieldError("fixedKind", `“${WARNING_KINDS[mapping.fixedKind].label}”不是${label}的预警类别`);
  }
  for (const [text, kind] of Object.entries(mapping.kindValues ?? {})) {
    if (!own.includes(kind)) throw fieldError(`kindValues.${text}`, `“${text}”对应的“${WARNING_KINDS[kind].label}”不是${label}的预警类别`);
  }
}

export async function getMapping(deps: Deps, actor: Actor, department: WarningDepartment): Promise<DepartmentMappingView> {
  const stored = await repo.findMapping(deps.prisma, department, mappingArea(actor));
  const parsed = stored ? ZDepartmentMapping.safeParse(stored.mapping) : null;
  return { department, mapping: parsed?.success ? parsed.data : null, updatedAt: stored?.updatedAt.toISOString() ?? null };
}

export async function saveMapping(deps: Deps, actor: Actor, department: WarningDepartment, mapping: DepartmentMapping): Promise<DepartmentMappingView> {
  checkMappingKinds(department, mapping);
  const area = mappingArea(actor);
  const now = deps.clock();
  const saved = await withTransaction(deps.prisma, async (tx) => {
    const before = await repo.findMapping(tx, department, area);
    const row = await repo.upsertMapping(tx, department, area, mapping as Prisma.InputJsonValue, actor.id);
    await appendAudit(tx, actor, {
      action: "departmentWarning.mapping", entityType: "department_mapping", entityId: `${department}:${area}`,
      before: before?.mapping ?? null, after: mapping,
    }, now);
    return row;
  });
  return { department, mapping, updatedAt: saved.updatedAt.toISOString() };
}

/** Strings that look like an ID number are masked in the preview (it is a view like any other). */
function maskCell(text: string): string {
  return /^\d{17}[\dXx](\d{2})?$/.test(text) ? maskCitizenId(text.slice(0, 18)) : text.slice(0, 100);
}

/**
 * The header row and first rows of an uploaded file, nothing imported: the header is the row holding the saved
 * mapping's ID column, else the first row naming an ID-number column, else the first row with the most cells.
 */
export async function previewFile(deps: Deps, actor: Actor, department: WarningDepartment, upload: { fileName: string; file: Buffer }): Promise<DepartmentPreview> {
  const format = detectFormat(upload.file, upload.fileName);
  const head = (await readSheetHead(upload.file, format, deps.config.importLimits, SHEET_HEADER_SEARCH_ROWS + DEPARTMENT_PREVIEW_ROWS))
    .filter((r) => r.texts.some((t) => t !== ""));
  if (!head.length) throw new AppError("IMPORT_FILE_UNREADABLE", { message: "文件中没有数据行，请确认名单在第一个（未隐藏的）工作表" });
  const saved = (await getMapping(deps, actor, department)).mapping;
  const searched = head.slice(0, SHEET_HEADER_SEARCH_ROWS);
  const filled = (r: { texts: string[] }) => r.texts.filter((t) => t !== "").length;
  const headerAt =
    (saved ? searched.findIndex((r) => r.texts.includes(saved.columns.idNumber)) : -1) >= 0
      ? searched.findIndex((r) => r.texts.includes(saved!.columns.idNumber))
      : searched.findIndex((r) => r.texts.some((t) => /身份证|证件号/.test(t))) >= 0
        ? searched.findIndex((r) => r.texts.some((t) => /身份证|证件号/.test(t)))
        : searched.findIndex((r) => filled(r) === Math.max(...searched.map(filled)));
  const header = head[headerAt]!;
  const headers = trimTrailing(header.texts);
  const rows = head.slice(headerAt + 1, headerAt + 1 + DEPARTMENT_PREVIEW_ROWS).map((r) => headers.map((_, i) => maskCell(r.texts[i] ?? "")));
  let suggested: DepartmentPreview["suggested"] = null;
  if (saved && Object.values(saved.columns).every((h) => !h || headers.includes(h))) suggested = saved;
  else {
    const columns = guessDepartmentColumns(headers);
    const kinds = warningKindsOf(department);
    const fixedKind = columns.kind ? undefined : kinds.length === 1 ? kinds[0] : saved?.fixedKind;
    suggested = { columns, ...(fixedKind ? { fixedKind } : {}) };
  }
  const kindColumn = suggested?.columns.kind;
  const kindAt = kindColumn ? headers.indexOf(kindColumn) : -1;
  const kindColumnValues = kindAt >= 0 ? [...new Set(head.slice(headerAt + 1).map((r) => r.texts[kindAt] ?? "").filter((t) => t !== ""))] : [];
  return { headers, headerRow: header.row, rows, suggested, kindColumnValues };
}

function trimTrailing(texts: string[]): string[] {
  let end = texts.length;
  while (end > 0 && texts[end - 1] === "") end--;
  return texts.slice(0, end);
}

/** Queues the matching of an uploaded list with the mapping given (saved as the department's mapping for next time). */
export async function queueUpload(
  deps: Deps, actor: Actor, department: WarningDepartment, mapping: DepartmentMapping, upload: { fileName: string; file: Buffer },
): Promise<DepartmentJob> {
  detectFormat(upload.file, upload.fileName);
  checkMappingKinds(department, mapping);
  const current = await getMapping(deps, actor, department);
  if (JSON.stringify(current.mapping) !== JSON.stringify(mapping)) await saveMapping(deps, actor, department, mapping);
  const id = await repo.insertDepartmentJob(deps.prisma, {
    mode: "VALID_ONLY", department, mapping: mapping as Prisma.InputJsonValue, fileName: upload.fileName, fileSize: upload.file.length,
    scopeCode: areaScopePrefix(actor.area.level, actor.area.code), createdById: actor.id, createdAt: deps.clock(),
  }, upload.file);
  return getJob(deps, actor, id);
}

export async function getJob(deps: Deps, actor: Actor, id: string): Promise<DepartmentJob> {
  const job = await repo.findDepartmentJob(deps.prisma, id, actor.id);
  if (!job) throw new AppError("IMPORT_NOT_FOUND", { message: "未找到该名单任务，或其不是您提交的" });
  return toView(job);
}

export async function listJobs(deps: Deps, actor: Actor) {
  return { items: (await repo.listDepartmentJobs(deps.prisma, actor.id, 20)).map(toView) };
}

export async function getReport(deps: Deps, actor: Actor, id: string) {
  const job = await repo.findReportFile(deps.prisma, id, actor.id);
  if (!job) throw new AppError("IMPORT_NOT_FOUND", { message: "未找到该名单任务，或其不是您提交的" });
  if (!job.rejectedFile) throw new AppError("IMPORT_NO_REJECTED_ROWS", { message: "本次名单没有未匹配的行，或报告已过保存期被删除" });
  const fileName = `${job.fileName.replace(/\.(xlsx|csv|txt)$/i, "")}_未匹配的行.xlsx`;
  // The rows carry full ID numbers: a download is a recorded read of personal data.
  await appendAudit(deps.prisma, actor, { action: "departmentWarning.reportDownload", entityType: "import_job", entityId: id, after: { fileName } }, deps.clock());
  return { fileName, content: dataKeys().decrypt(job.rejectedFile) };
}

export async function listForHousehold(deps: Deps, actor: Actor, householdId: string): Promise<{ items: HouseholdDepartmentWarning[] }> {
  if (!(await householdInScope(deps.prisma, householdId, areaScopePrefix(actor.area.level, actor.area.code)))) throw new AppError("HOUSEHOLD_NOT_FOUND");
  const rows = await repo.listHouseholdWarnings(deps.prisma, householdId);
  return {
    items: rows.map((r) => ({
      id: r.id, department: r.department as WarningDepartment, kind: r.kind as WarningKind, memberName: r.memberName,
      amount: r.amountFen === null ? null : Number(r.amountFen) / 100, occurredOn: r.occurredOn?.toISOString().slice(0, 10) ?? null,
      note: r.note, uploadedAt: r.createdAt.toISOString(),
    })),
  };
}

function toView(j: repo.DepartmentJobRow): DepartmentJob {
  return {
    id: j.id, department: j.department as WarningDepartment, status: j.status, fileName: j.fileName, fileSize: j.fileSize,
    createdAt: j.createdAt.toISOString(), finishedAt: j.finishedAt?.toISOString() ?? null, progress: j.progress, rowsRead: j.rowsRead,
    matched: j.matchedCount, duplicates: j.duplicateCount, unmatched: j.unmatchedCount, outOfArea: j.outOfAreaCount, problems: j.problemCount,
    hasReport: j.hasReport, error: j.errorCode ? { code: j.errorCode, message: j.errorMessage ?? "" } : null,
  };
}

import { z } from "zod";

/**
 * Household import: the user chooses what happens when some rows are wrong.
 * - all-or-nothing: nothing is written unless every row is valid;
 * - valid-only: valid households are written, the rejected rows come back
 *   as a spreadsheet with an error column, to fix and import again.
 */
export const IMPORT_MODES = ["all-or-nothing", "valid-only"] as const;
export type ImportModeName = (typeof IMPORT_MODES)[number];
export const IMPORT_MODE_LABELS: Record<ImportModeName, string> = {
  "all-or-nothing": "全部正确才导入",
  "valid-only": "导入正确的户，退回有错误的行",
};

export const IMPORT_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"] as const;
export const IMPORT_STATUS_LABELS: Record<(typeof IMPORT_STATUSES)[number], string> = {
  QUEUED: "排队中",
  RUNNING: "导入中",
  SUCCEEDED: "已完成",
  FAILED: "失败",
};

/** What the job is doing; shown next to the progress bar. */
export const IMPORT_PHASE_LABELS: Record<string, string> = {
  READING: "读取并校验",
  ROLLING_BACK: "有错误，正在撤销",
};

/** Days a rejected-rows file (it holds ID numbers) can be downloaded after its import; then it is deleted. */
export const REJECTED_FILE_DAYS = 30;

/** Problems kept on the job for display; the rejected-rows file has all of them. */
export const IMPORT_PROBLEMS_SHOWN = 1000;

export const ZImportQuery = z.object({
  mode: z.enum(IMPORT_MODES, { error: "导入方式应为 all-or-nothing（全部正确才导入）或 valid-only（只导入正确的户）" }).default("all-or-nothing"),
});

export const ZImportProblem = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export type ImportProblem = z.infer<typeof ZImportProblem>;

export const ZImportJob = z.object({
  id: z.string(),
  mode: z.enum(IMPORT_MODES),
  status: z.enum(IMPORT_STATUSES),
  fileName: z.string(),
  fileSize: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  phase: z.string().nullable(),
  /** 0–100: rows handled of the rows in the file. */
  progress: z.number().int(),
  rowsRead: z.number().int(),
  householdsDone: z.number().int(),
  /** Households written as new, changed, found identical, and rejected. */
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  /** In all-or-nothing mode with problems: nothing was written. */
  nothingWritten: z.boolean(),
  problemCount: z.number().int(),
  problems: z.array(ZImportProblem),
  hasRejectedFile: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ImportJobView = z.infer<typeof ZImportJob>;

export const ZImportJobList = z.object({ items: z.array(ZImportJob.omit({ problems: true })) });

export const ZImportJobParams = z.object({ id: z.uuid({ error: "导入任务编号格式不正确" }) });

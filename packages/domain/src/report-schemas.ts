import { z } from "zod";
import { zDate } from "./dates.ts";
import "./zod-zh.ts";
import { DEPARTMENT_CODES } from "./reports/departments.ts";
import { SNAPSHOT_KINDS } from "./reports/report-calendar.ts";

/** The date a ledger or list shows the data of (end of that day, China time); defaults to today. */
export const ZAsOfQuery = z.object({
  asOf: zDate("日期").optional(),
});

export const ZDepartmentParam = z.enum(DEPARTMENT_CODES, { error: "没有这个部门" });

export const ZReportSnapshotQuery = z.object({
  kind: z.enum(SNAPSHOT_KINDS, { error: "报表类型不正确" }).optional(),
  department: ZDepartmentParam.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const ZReportSnapshot = z.object({
  id: z.string(),
  kind: z.enum(SNAPSHOT_KINDS),
  /** Department code for lists, null for the ledgers. */
  department: z.string().nullable(),
  area: z.object({ code: z.string(), name: z.string() }),
  reportDate: z.string(),
  asOf: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  byteSize: z.number().int(),
  rowCount: z.number().int(),
  createdAt: z.string(),
});
export type ReportSnapshot = z.infer<typeof ZReportSnapshot>;

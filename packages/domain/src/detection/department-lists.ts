import { z } from "zod";
import { zLine } from "../text.ts";

/**
 * 部门筛查预警 (DOMAIN.md "Detection in detail"): the lists departments send
 * the district, each row a person the department helped or found at risk.
 * Rows are matched to registered members by ID number; a match is a
 * department warning on the household.
 */
export const WARNING_DEPARTMENTS = {
  CIVIL_AFFAIRS: "民政",
  MEDICAL_SECURITY: "医保",
  HEALTH: "卫健",
  DISABLED_PERSONS: "残联",
  EDUCATION: "教育",
  HOUSING: "住建",
  EMERGENCY: "应急管理",
} as const;
export type WarningDepartment = keyof typeof WARNING_DEPARTMENTS;
export const WARNING_DEPARTMENT_CODES = Object.keys(WARNING_DEPARTMENTS) as [WarningDepartment, ...WarningDepartment[]];

/** What a row of a department's list says happened. */
export const WARNING_KINDS = {
  NEW_MINIMUM_LIVING: { department: "CIVIL_AFFAIRS", label: "新纳入低保" },
  EXTREME_POVERTY: { department: "CIVIL_AFFAIRS", label: "特困供养" },
  TEMPORARY_RELIEF: { department: "CIVIL_AFFAIRS", label: "临时救助" },
  LARGE_MEDICAL_COST: { department: "MEDICAL_SECURITY", label: "大额医疗费用自付" },
  SERIOUS_ILLNESS: { department: "HEALTH", label: "大病、慢病救治" },
  SEVERE_DISABILITY: { department: "DISABLED_PERSONS", label: "新增重度残疾" },
  STUDENT: { department: "EDUCATION", label: "在校学生资助" },
  DROPOUT: { department: "EDUCATION", label: "失学辍学" },
  DANGEROUS_HOUSE: { department: "HOUSING", label: "农村危房" },
  DISASTER_VICTIM: { department: "EMERGENCY", label: "受灾群众" },
} as const satisfies Record<string, { department: WarningDepartment; label: string }>;
export type WarningKind = keyof typeof WARNING_KINDS;
export const WARNING_KIND_CODES = Object.keys(WARNING_KINDS) as [WarningKind, ...WarningKind[]];

export function warningKindsOf(department: WarningDepartment): WarningKind[] {
  return WARNING_KIND_CODES.filter((k) => WARNING_KINDS[k].department === department);
}

/**
 * The fields of a row the system reads; the mapping says which column of the
 * department's file holds each. Only the ID number is required: the kind may
 * be fixed for the whole file, amount and date are optional.
 */
export const DEPARTMENT_FIELDS = {
  idNumber: "身份证号码",
  name: "姓名",
  kind: "救助（预警）类别",
  amount: "金额（元）",
  occurredOn: "发生日期",
  note: "备注",
} as const;
export type DepartmentField = keyof typeof DEPARTMENT_FIELDS;

/** A column mapping, saved per department: field → the header of the department's column (as written in its file). */
export const ZDepartmentMapping = z.object({
  columns: z.object({
    idNumber: zLine().min(1, "请指定身份证号码所在的列").max(100),
    name: zLine().max(100).optional(),
    kind: zLine().max(100).optional(),
    amount: zLine().max(100).optional(),
    occurredOn: zLine().max(100).optional(),
    note: zLine().max(100).optional(),
  }),
  /** The kind of every row when the file has no kind column. */
  fixedKind: z.enum(WARNING_KIND_CODES).optional(),
  /** The department's words for each kind, when the file has a kind column (e.g. "城市低保" → NEW_MINIMUM_LIVING). */
  kindValues: z.record(z.string().max(100), z.enum(WARNING_KIND_CODES)).optional(),
}).refine((m) => m.fixedKind || m.columns.kind, { message: "请指定预警类别所在的列，或为整份名单选定一个类别", path: ["fixedKind"] });
export type DepartmentMapping = z.infer<typeof ZDepartmentMapping>;

// ------------------------------------------------------------ the API's views

export const ZDepartmentParams = z.object({
  department: z.enum(WARNING_DEPARTMENT_CODES, { error: "部门应为民政、医保、卫健、残联、教育、住建或应急管理之一" }),
});

/** A saved mapping (null when the district has none for the department yet). */
export const ZDepartmentMappingView = z.object({
  department: z.enum(WARNING_DEPARTMENT_CODES),
  mapping: ZDepartmentMapping.nullable(),
  updatedAt: z.string().nullable(),
});
export type DepartmentMappingView = z.infer<typeof ZDepartmentMappingView>;

/** Rows of the preview (ID-number-like values masked): enough to recognise the columns. */
export const DEPARTMENT_PREVIEW_ROWS = 5;

/** The header row of an uploaded file and its first rows, read without importing anything. */
export const ZDepartmentPreview = z.object({
  headers: z.array(z.string()),
  /** The 1-based row of the header in the file (a title may sit above it). */
  headerRow: z.number().int(),
  rows: z.array(z.array(z.string())),
  /** The mapping to offer: the saved one when its columns are in this file, else one guessed from the headers (maybe incomplete). */
  suggested: z.object({
    columns: z.object({
      idNumber: z.string().optional(), name: z.string().optional(), kind: z.string().optional(),
      amount: z.string().optional(), occurredOn: z.string().optional(), note: z.string().optional(),
    }),
    fixedKind: z.enum(WARNING_KIND_CODES).optional(),
    kindValues: z.record(z.string(), z.enum(WARNING_KIND_CODES)).optional(),
  }).nullable(),
  /** The distinct values of the suggested kind column in the rows read (for kindValues). */
  kindColumnValues: z.array(z.string()),
});
export type DepartmentPreview = z.infer<typeof ZDepartmentPreview>;

/** A department upload's job: the import job with its department counts. */
export const ZDepartmentJob = z.object({
  id: z.string(),
  department: z.enum(WARNING_DEPARTMENT_CODES),
  status: z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"]),
  fileName: z.string(),
  fileSize: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: z.number().int(),
  rowsRead: z.number().int(),
  /** New warnings raised. */
  matched: z.number().int(),
  /** Rows already raised by an earlier upload (the same file twice raises nothing new). */
  duplicates: z.number().int(),
  unmatched: z.number().int(),
  outOfArea: z.number().int(),
  /** Rows that could not be read (bad ID number, amount, date or kind). */
  problems: z.number().int(),
  /** Whether the report of the rows not matched can be downloaded. */
  hasReport: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type DepartmentJob = z.infer<typeof ZDepartmentJob>;
export const ZDepartmentJobList = z.object({ items: z.array(ZDepartmentJob) });
export const ZDepartmentJobParams = z.object({ id: z.uuid({ error: "任务编号格式不正确" }) });

/** A household's department warnings (its page's 部门预警 section). */
export const ZHouseholdDepartmentWarning = z.object({
  id: z.string(),
  department: z.enum(WARNING_DEPARTMENT_CODES),
  kind: z.enum(WARNING_KIND_CODES),
  memberName: z.string(),
  /** Yuan. */
  amount: z.number().nullable(),
  occurredOn: z.string().nullable(),
  note: z.string().nullable(),
  uploadedAt: z.string(),
});
export const ZHouseholdDepartmentWarnings = z.object({ items: z.array(ZHouseholdDepartmentWarning) });
export type HouseholdDepartmentWarning = z.infer<typeof ZHouseholdDepartmentWarning>;

/** Reasons of the rows in the report of rows not matched. */
export const DEPARTMENT_ROW_REASONS = {
  unmatched: "系统中没有该身份证号码的登记成员",
  outOfArea: "该成员所在家庭不在您的辖区内",
} as const;

/** Guesses a mapping from a department's headers (common Chinese column names). */
export function guessDepartmentColumns(headers: readonly string[]): Partial<Record<DepartmentField, string>> {
  const find = (re: RegExp) => headers.find((h) => re.test(h));
  const out: Partial<Record<DepartmentField, string>> = {};
  const id = find(/身份证|证件号|公民身份/);
  if (id) out.idNumber = id;
  const name = find(/^(姓名|名字|户主姓名|救助对象|对象姓名|患者姓名|学生姓名)$/) ?? find(/姓名/);
  if (name) out.name = name;
  const kind = find(/类别|类型|救助方式|项目/);
  if (kind) out.kind = kind;
  const amount = find(/金额|自付|费用|元/);
  if (amount) out.amount = amount;
  const date = find(/日期|时间|年月/);
  if (date) out.occurredOn = date;
  const note = find(/备注|说明/);
  if (note) out.note = note;
  return out;
}

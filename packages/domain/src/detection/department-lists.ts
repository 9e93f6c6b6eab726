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

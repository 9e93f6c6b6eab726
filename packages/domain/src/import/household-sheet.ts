import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS } from "../categories.ts";
import {
  EDUCATION, ETHNICITY, GENDER, HEALTH, ID_TYPE, INCOME_ITEMS, INCOME_ITEM_KEYS, POLITICAL_STATUS, RELATION, RISK_CAUSE, SCHOOL_STATUS,
  WORK_REGION, type IncomeItem,
} from "../collection-form.ts";
import { HOUSEHOLD_NO_MESSAGE, isHouseholdNo } from "../household-no.ts";
import { readIdNumberCell } from "./id-number-cell.ts";
import { UnreadableCell } from "./unreadable-cell.ts";

/**
 * The household spreadsheet (import template and export): one row per
 * member, grouped by 户编号; household fields are read from the group's first
 * row (the head's, by convention). Headers are the collection form's Chinese
 * names, so offices recognise them; values are the labels people write
 * (男, 汉族, 户主 …), never code names.
 */
type Column = { key: string; header: string; width: number; labels?: Record<string, string>; household?: true };

const labelled = (key: string, header: string, labels: Record<string, string>, width = 12, household = false): Column =>
  ({ key, header, width, labels, ...(household ? { household: true as const } : {}) });

export const HOUSEHOLD_SHEET_COLUMNS: readonly Column[] = [
  { key: "householdNo", header: "户编号", width: 22, household: true },
  { key: "villageCode", header: "村（社区）统计用区划代码", width: 16, household: true },
  { key: "villageName", header: "村（社区）", width: 12, household: true },
  { key: "naturalVillage", header: "自然村（村民小组）", width: 16, household: true },
  labelled("category", "户类别", HOUSEHOLD_CATEGORY_LABELS, 18, true),
  labelled("designation", "认定类型", DESIGNATION_LABELS, 12, true),
  { key: "designatedAt", header: "认定日期", width: 12, household: true },
  { key: "phone", header: "联系电话", width: 14, household: true },
  { key: "addressDetail", header: "详细地址", width: 24, household: true },
  { key: "name", header: "A1 姓名", width: 10 },
  labelled("gender", "A2 性别", GENDER.labels, 6),
  labelled("idType", "A3 证件类型", ID_TYPE.labels, 12),
  { key: "idNumber", header: "A4 证件号码", width: 22 },
  labelled("relation", "A5 与户主关系", RELATION.labels),
  labelled("ethnicity", "A6 民族", ETHNICITY.labels, 10),
  labelled("politicalStatus", "A7 政治面貌", POLITICAL_STATUS.labels),
  labelled("education", "A8 文化程度", EDUCATION.labels),
  labelled("schoolStatus", "A9 在校状况", SCHOOL_STATUS.labels),
  labelled("health", "A10 健康状况", HEALTH.labels),
  labelled("workRegion", "A12 务工区域", WORK_REGION.labels, 16),
  { key: "workMonths", header: "A13 务工时间（月）", width: 10 },
  labelled("risk1", "A52a 致贫风险1", RISK_CAUSE.labels, 12, true),
  labelled("risk2", "A52b 致贫风险2", RISK_CAUSE.labels, 12, true),
  labelled("risk3", "A52c 致贫风险3", RISK_CAUSE.labels, 12, true),
  { key: "incomeYear", header: "收入年度", width: 8, household: true },
  ...INCOME_ITEM_KEYS.map((k): Column => ({ key: k, header: `${INCOME_ITEMS[k]}（元）`, width: 14, household: true })),
  { key: "difficultyDescription", header: "家庭具体困难或问题概述", width: 30, household: true },
];

export type SheetProblem = { row: number; column: string; message: string };

/** A household read from its rows: the API resolves the village code and natural village name. */
export type SheetHousehold = {
  rows: number[];
  householdNo: string;
  villageCode: string;
  naturalVillage: string | null;
  request: Record<string, unknown> & { members: Record<string, unknown>[] };
};

const HOUSEHOLD_COLUMNS = HOUSEHOLD_SHEET_COLUMNS.filter((c) => c.household);
const displayOf = (column: Column, value: unknown) => (column.labels ? (column.labels[String(value)] ?? String(value)) : String(value));
const byHeader = new Map(HOUSEHOLD_SHEET_COLUMNS.map((c) => [c.header, c]));
const headerOf = new Map(HOUSEHOLD_SHEET_COLUMNS.map((c) => [c.key, c.header]));
export const columnHeader = (key: string) => headerOf.get(key) ?? key;

/**
 * The columns a sheet cannot do without: those that identify and place a
 * household and describe each member. The others may be left out (a household
 * without income columns is imported with zero income).
 */
const REQUIRED_COLUMN_KEYS = ["householdNo", "villageCode", "category", "name", "gender", "idNumber", "relation"];

/** Checks the header row: the required template columns must be there (order and extra columns do not matter). */
export function findMissingColumns(headers: string[]): string[] {
  const present = new Set(headers.map((h) => h.trim()));
  return REQUIRED_COLUMN_KEYS.map(columnHeader).filter((h) => !present.has(h));
}

/** C0 controls other than tab and line breaks, and DEL: PostgreSQL refuses NUL, and .xlsx (XML) cannot hold any of them (an export would drop them). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/**
 * Digit strings a spreadsheet may have stored as numbers: above 15 digits a
 * number has lost its last ones (ID numbers have their own check, id-number-cell.ts).
 */
const NUMBER_SENSITIVE_KEYS: ReadonlySet<string> = new Set(["householdNo", "villageCode", "phone"]);
/**
 * Columns of digits and Latin letters (numbers, codes, dates): full-width forms typed with a Chinese input method
 * (３７１００２…, Ｘ, ６０００．５) are the same characters to a person and are read as such (NFKC). Names and
 * addresses are left as written: NFKC would also change compatibility ideographs and full-width brackets in them.
 */
const NORMALIZED_KEYS: ReadonlySet<string> = new Set([
  "householdNo", "villageCode", "phone", "designatedAt", "workMonths", "incomeYear", ...INCOME_ITEM_KEYS,
]);

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

/** label → code per code list (the first code of a label wins, as a search in list order would find it). */
const codesByLabel = new WeakMap<Record<string, string>, Map<string, string>>();
function fromLabel(labels: Record<string, string>, value: string): string | undefined {
  let codes = codesByLabel.get(labels);
  if (!codes) {
    codes = new Map();
    for (const [code, label] of Object.entries(labels)) if (!codes.has(label)) codes.set(label, code);
    codesByLabel.set(labels, codes);
  }
  return codes.get(value);
}

/**
 * Reads the data rows (objects keyed by header; `row` is the sheet's row
 * number, header = 1) into households. Cell-level problems (unknown labels,
 * numbers, ID numbers mangled by the spreadsheet) are reported by row and
 * column; the API then validates each household with the shared schema and
 * maps the remaining problems back to rows with `locateIssue`.
 */
export function readHouseholdRows(rows: { row: number; cells: Record<string, unknown> }[]): { households: SheetHousehold[]; problems: SheetProblem[] } {
  const problems: SheetProblem[] = [];
  const groups = new Map<string, { row: number; values: Record<string, unknown> }[]>();
  for (const { row, cells } of rows) {
    const values: Record<string, unknown> = {};
    let refused = false; // a cell already reported, e.g. the 户编号 itself
    for (const [header, raw] of Object.entries(cells)) {
      const column = byHeader.get(header.trim());
      if (!column) continue;
      if (UnreadableCell.is(raw)) {
        problems.push({ row, column: column.header, message: raw.message });
        refused ||= column.key === "householdNo";
        continue;
      }
      if (typeof raw === "string" && CONTROL_CHARACTERS.test(raw)) {
        problems.push({ row, column: column.header, message: "含有不可见的控制字符（常见于从其他系统复制的内容），请删除后重新录入该格" });
        refused ||= column.key === "householdNo";
        continue;
      }
      if (typeof raw === "number" && NUMBER_SENSITIVE_KEYS.has(column.key) && (!Number.isInteger(raw) || Math.abs(raw) >= 1e15)) {
        problems.push({ row, column: column.header, message: `${column.header}被表格软件当作数字保存，后几位已丢失（显示为科学计数法或末尾变成 0）。请把该列设置为“文本”格式后重新录入` });
        refused ||= column.key === "householdNo";
        continue;
      }
      const value = NORMALIZED_KEYS.has(column.key) ? text(raw).normalize("NFKC") : text(raw);
      if (column.key === "idNumber") {
        const id = readIdNumberCell(raw);
        if (id.ok) values.idNumber = id.idNumber;
        else problems.push({ row, column: column.header, message: id.message });
        continue;
      }
      if (value === "") continue;
      if (column.labels) {
        const code = fromLabel(column.labels, value);
        if (code === undefined) problems.push({ row, column: column.header, message: `“${value}”不是有效的选项，可填：${Object.values(column.labels).slice(0, 12).join("、")}${Object.keys(column.labels).length > 12 ? " 等" : ""}` });
        else values[column.key] = code;
      } else if (column.key === "workMonths" || column.key === "incomeYear" || (INCOME_ITEM_KEYS as string[]).includes(column.key)) {
        const n = Number(value.replaceAll(",", ""));
        if (!Number.isFinite(n)) problems.push({ row, column: column.header, message: `“${value}”不是数字` });
        else values[column.key] = n;
      } else {
        values[column.key] = value;
      }
    }
    const householdNo = text(values.householdNo);
    if (!householdNo) {
      if (!refused) problems.push({ row, column: columnHeader("householdNo"), message: "请填写户编号（同一户的成员填写相同户编号）" });
      continue;
    }
    if (!isHouseholdNo(householdNo)) {
      problems.push({ row, column: columnHeader("householdNo"), message: `“${householdNo}”不是有效的户编号。${HOUSEHOLD_NO_MESSAGE}` });
      continue;
    }
    groups.set(householdNo, [...(groups.get(householdNo) ?? []), { row, values }]);
  }

  const households: SheetHousehold[] = [];
  for (const [householdNo, members] of groups) {
    // Household fields: the first filled-in value of the group; a different value on another member's row is a problem.
    const first: Record<string, unknown> = {};
    const from: Record<string, number> = {};
    for (const { row, values } of members) {
      for (const column of HOUSEHOLD_COLUMNS) {
        const v = values[column.key];
        if (v === undefined) continue;
        if (!(column.key in first)) {
          first[column.key] = v;
          from[column.key] = row;
        } else if (first[column.key] !== v) {
          problems.push({ row, column: column.header, message: `同一户各成员行的户级信息应一致：第 ${from[column.key]} 行填写的是“${displayOf(column, first[column.key])}”` });
        }
      }
    }
    const income = Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, (first[k] as number | undefined) ?? 0])) as Record<IncomeItem, number>;
    households.push({
      rows: members.map((m) => m.row),
      householdNo,
      villageCode: text(first.villageCode),
      naturalVillage: text(first.naturalVillage) || null,
      request: {
        householdNo,
        category: first.category,
        designation: first.designation ?? null,
        designatedAt: first.designatedAt ?? null,
        phone: first.phone ?? null,
        addressDetail: first.addressDetail ?? null,
        riskCauses: [first.risk1, first.risk2, first.risk3].filter(Boolean),
        incomeYear: first.incomeYear ?? null,
        income,
        difficultyDescription: first.difficultyDescription ?? null,
        members: members.map(({ values: v }) => ({
          name: v.name, gender: v.gender, idType: v.idType ?? "RESIDENT_ID", idNumber: v.idNumber, relation: v.relation,
          ethnicity: v.ethnicity, politicalStatus: v.politicalStatus, education: v.education, schoolStatus: v.schoolStatus,
          health: v.health, workRegion: v.workRegion ?? "NONE", workMonths: v.workMonths ?? 0,
        })),
      },
    });
  }
  return { households, problems };
}

const FIELD_COLUMNS: Record<string, string> = { riskCauses: "risk1", income: "wageIncome" };

/** Maps a validation issue of a household request (path like members.1.idNumber) to its row and column. */
export function locateIssue(household: SheetHousehold, path: (string | number)[], message: string): SheetProblem {
  // "No head / two heads" concerns the household's members as a whole: shown on its first row, in the relation column.
  if (path[0] === "members" && path.length === 1) return { row: household.rows[0]!, column: columnHeader("relation"), message };
  if (path[0] === "members" && typeof path[1] === "number") {
    return { row: household.rows[path[1]] ?? household.rows[0]!, column: columnHeader(String(path[2] ?? "name")), message };
  }
  const key = path[0] === "income" && typeof path[1] === "string" ? path[1] : FIELD_COLUMNS[String(path[0])] ?? String(path[0] ?? "householdNo");
  return { row: household.rows[0]!, column: columnHeader(key), message };
}

/** A household as the sheet writes it (list export, template example): codes, money in yuan. */
export type SheetHouseholdData = {
  householdNo: string;
  villageCode: string;
  villageName: string;
  naturalVillage: string | null;
  category: string;
  designation: string | null;
  designatedAt: string | null;
  phone: string | null;
  addressDetail: string | null;
  riskCauses: string[];
  incomeYear: number | null;
  income: Record<IncomeItem, number>;
  difficultyDescription: string | null;
  members: {
    name: string; gender: string; idType: string; idNumber: string; relation: string; ethnicity: string; politicalStatus: string;
    education: string; schoolStatus: string; health: string; workRegion: string; workMonths: number;
  }[];
};

export type SheetCell = string | number | null;

/**
 * The rows of one household in HOUSEHOLD_SHEET_COLUMNS order, one per member.
 * Household fields are repeated on every member row (offices filter and sort
 * by them); reading takes them from the first row. Codes become the labels
 * people read, so an exported list imports again unchanged.
 */
export function householdSheetRows(h: SheetHouseholdData): SheetCell[][] {
  const household: Record<string, SheetCell> = {
    householdNo: h.householdNo, villageCode: h.villageCode, villageName: h.villageName, naturalVillage: h.naturalVillage,
    category: h.category, designation: h.designation, designatedAt: h.designatedAt, phone: h.phone, addressDetail: h.addressDetail,
    risk1: h.riskCauses[0] ?? null, risk2: h.riskCauses[1] ?? null, risk3: h.riskCauses[2] ?? null,
    incomeYear: h.incomeYear, difficultyDescription: h.difficultyDescription, ...h.income,
  };
  return h.members.map((m) => {
    const values: Record<string, SheetCell> = { ...household, ...m };
    return HOUSEHOLD_SHEET_COLUMNS.map((c) => {
      const v = values[c.key] ?? null;
      if (v === null || v === "") return null;
      return c.labels ? (c.labels[String(v)] ?? String(v)) : v;
    });
  });
}

/** Columns that must stay text in a written sheet (a spreadsheet program would turn them into numbers). */
export const TEXT_COLUMN_KEYS: ReadonlySet<string> = new Set(["householdNo", "villageCode", "idNumber", "phone", "designatedAt"]);

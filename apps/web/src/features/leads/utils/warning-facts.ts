import { WARNING_DEPARTMENTS, WARNING_KINDS } from "@fanpin/domain/detection/department-lists";

/**
 * A warning's facts (as the early-warning rules and the department lists
 * store them: English keys, amounts in fen) in the words of the screen.
 * Unknown keys are shown as they come rather than hidden.
 */
const LABELS: Record<string, string> = {
  year: "年度",
  memberCount: "家庭人口",
  netFen: "家庭纯收入",
  perCapitaFen: "人均纯收入",
  lineYear: "监测标准年度",
  lineFen: "监测标准",
  incomeLineFactor: "预警倍数",
  previousNetFen: "上年度家庭纯收入",
  incomeDropPercent: "收入降幅预警线（%）",
  medicalFen: "医疗支出",
  educationFen: "教育支出",
  disasterFen: "灾害损失",
  rigidFen: "刚性支出合计",
  rigidExpenseShareOfIncome: "刚性支出占上年收入预警线",
  count: "部门预警条数",
  departments: "部门",
  kinds: "预警类别",
  department: "部门",
  kind: "预警类别",
  amountFen: "金额",
  occurredOn: "发生日期",
};

const yuan = (fen: number) => `${(fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
const departmentOf = (code: unknown) => (WARNING_DEPARTMENTS as Record<string, string>)[String(code)] ?? String(code);
const kindOf = (code: unknown) => (WARNING_KINDS as Record<string, { label: string }>)[String(code)]?.label ?? String(code);

function valueText(key: string, value: unknown): string {
  if (key.endsWith("Fen") && typeof value === "number") return yuan(value);
  if (key.endsWith("Fen") && typeof value === "string" && /^-?\d+$/.test(value)) return yuan(Number(value));
  if (key === "departments" && Array.isArray(value)) return value.map(departmentOf).join("、");
  if (key === "department") return departmentOf(value);
  if (key === "kinds" && Array.isArray(value)) return value.map(kindOf).join("、");
  if (key === "kind") return kindOf(value);
  if (Array.isArray(value)) return value.map(String).join("、");
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

export function describeFacts(facts: Record<string, unknown>): { key: string; label: string; value: string }[] {
  return Object.entries(facts)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([key, v]) => ({ key, label: LABELS[key] ?? key, value: valueText(key, v) }));
}

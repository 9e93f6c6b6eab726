import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, MONITORING_TYPE_LABELS } from "@fanpin/domain/categories";
import { CASE_STAGE_LABELS } from "@fanpin/domain/procedures/stages";
import {
  EDUCATION, ETHNICITY, GENDER, HEALTH, ID_TYPE, INCOME_ITEMS, POLITICAL_STATUS, RELATION, RISK_CAUSE, SCHOOL_STATUS,
  WORK_REGION, type IncomeItem,
} from "@fanpin/domain/collection-form";
import { formatYuan } from "@fanpin/domain/money";

/**
 * Readable lines for one audit entry of a household: what a creation
 * registered, what an update changed (field: old → new, members by name),
 * whose ID number was read. The audit snapshots are plain JSON written by
 * the API (households.repository.ts `snapshot`); anything unexpected in them is
 * skipped rather than shown raw.
 */
export type ChangeLine = { field: string; from?: string; to?: string; text?: string };

type Json = Record<string, unknown>;

const EMPTY = "（空）";

const asObject = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function plain(v: unknown): string {
  if (v === null || v === undefined || v === "") return EMPTY;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

const label = (labels: Record<string, string>) => (v: unknown) =>
  v === null || v === undefined || v === "" ? EMPTY : (labels[String(v)] ?? String(v));

const HOUSEHOLD_FIELDS: { key: string; label: string; format: (v: unknown) => string }[] = [
  { key: "householdNo", label: "户编号", format: plain },
  { key: "category", label: "户类别", format: label(HOUSEHOLD_CATEGORY_LABELS) },
  { key: "designation", label: "认定类型", format: (v) => (v ? label(DESIGNATION_LABELS)(v) : "未认定") },
  { key: "monitoringType", label: "监测对象类型", format: label(MONITORING_TYPE_LABELS) },
  { key: "designatedAt", label: "认定日期", format: plain },
  { key: "village", label: "村", format: plain },
  { key: "naturalVillage", label: "自然村", format: plain },
  { key: "addressDetail", label: "详细地址", format: plain },
  { key: "phone", label: "联系电话", format: plain },
  {
    key: "riskCauses",
    label: "致贫（返贫）风险",
    format: (v) => (asArray(v).length ? asArray(v).map(label(RISK_CAUSE.labels)).join("、") : EMPTY),
  },
  { key: "difficultyDescription", label: "困难情况描述", format: plain },
  { key: "incomeYear", label: "收入年度", format: plain },
];

const MEMBER_FIELDS: { key: string; label: string; format: (v: unknown) => string }[] = [
  { key: "name", label: "姓名", format: plain },
  { key: "relation", label: "与户主关系", format: label(RELATION.labels) },
  { key: "gender", label: "性别", format: label(GENDER.labels) },
  { key: "idType", label: "证件类型", format: label(ID_TYPE.labels) },
  { key: "idNumber", label: "证件号码", format: plain },
  { key: "ethnicity", label: "民族", format: label(ETHNICITY.labels) },
  { key: "politicalStatus", label: "政治面貌", format: label(POLITICAL_STATUS.labels) },
  { key: "education", label: "文化程度", format: label(EDUCATION.labels) },
  { key: "schoolStatus", label: "在校状况", format: label(SCHOOL_STATUS.labels) },
  { key: "health", label: "健康状况", format: label(HEALTH.labels) },
  { key: "workRegion", label: "务工区域", format: label(WORK_REGION.labels) },
  { key: "workMonths", label: "务工时间（月）", format: plain },
];

const money = (v: unknown) => (typeof v === "number" ? `${formatYuan(v)} 元` : EMPTY);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function memberName(m: Json): string {
  return typeof m.name === "string" && m.name ? m.name : "（未具名）";
}

function describeMember(m: Json): string {
  return `${memberName(m)}（${label(RELATION.labels)(m.relation)}）`;
}

export function describeCreation(after: unknown): ChangeLine[] {
  const h = asObject(after);
  if (!h) return [];
  const lines: ChangeLine[] = [];
  for (const f of ["category", "designation", "village", "naturalVillage"]) {
    const def = HOUSEHOLD_FIELDS.find((d) => d.key === f)!;
    if (h[f] !== null && h[f] !== undefined) lines.push({ field: def.label, to: def.format(h[f]) });
  }
  const members = asArray(h.members).map(asObject).filter((m): m is Json => m !== null);
  if (members.length) lines.push({ field: `家庭成员（${members.length} 人）`, to: members.map(describeMember).join("、") });
  return lines;
}

export function describeUpdate(before: unknown, after: unknown): ChangeLine[] {
  const b = asObject(before);
  const a = asObject(after);
  if (!b || !a) return [];
  const lines: ChangeLine[] = [];

  for (const f of HOUSEHOLD_FIELDS) {
    if (!same(b[f.key], a[f.key])) lines.push({ field: f.label, from: f.format(b[f.key]), to: f.format(a[f.key]) });
  }

  const bIncome = asObject(b.income) ?? {};
  const aIncome = asObject(a.income) ?? {};
  for (const key of Object.keys(INCOME_ITEMS) as IncomeItem[]) {
    if (!same(bIncome[key], aIncome[key])) lines.push({ field: INCOME_ITEMS[key], from: money(bIncome[key]), to: money(aIncome[key]) });
  }

  const bMembers = asArray(b.members).map(asObject).filter((m): m is Json => m !== null);
  const aMembers = asArray(a.members).map(asObject).filter((m): m is Json => m !== null);
  const beforeById = new Map(bMembers.map((m) => [String(m.id), m]));
  const afterIds = new Set(aMembers.map((m) => String(m.id)));
  for (const m of aMembers) {
    const old = beforeById.get(String(m.id));
    if (!old) {
      lines.push({ field: "新增成员", text: describeMember(m) });
      continue;
    }
    for (const f of MEMBER_FIELDS) {
      if (!same(old[f.key], m[f.key])) {
        lines.push({ field: `成员 ${memberName(old)} · ${f.label}`, from: f.format(old[f.key]), to: f.format(m[f.key]) });
      }
    }
  }
  for (const m of bMembers) {
    if (!afterIds.has(String(m.id))) lines.push({ field: "移除成员", text: describeMember(m) });
  }
  return lines;
}

export function describeAuditEntry(entry: { action: string; before: unknown; after: unknown }): ChangeLine[] {
  // A case's step, as the household's history shows it: the stage it moved the case to.
  if (entry.action.startsWith("case.")) {
    const from = asObject(entry.before)?.stage;
    const to = asObject(entry.after)?.stage;
    const stage = label(CASE_STAGE_LABELS);
    if (typeof to !== "string") return [];
    return typeof from === "string" && from !== to ? [{ field: "案件阶段", from: stage(from), to: stage(to) }] : [{ field: "案件阶段", to: stage(to) }];
  }
  switch (entry.action) {
    // What a completed procedure wrote: designation (未认定 → 即时帮扶户), monitoring type, category, the risks it verified.
    case "household.designate":
    case "household.designation_end":
    case "household.rollback":
      return asObject(entry.before) && asObject(entry.after) ? describeUpdate(entry.before, entry.after) : [];
    case "household.create":
      return describeCreation(entry.after);
    case "household.update": {
      if (!asObject(entry.before) || !asObject(entry.after)) return [];
      const lines = describeUpdate(entry.before, entry.after);
      return lines.length ? lines : [{ field: "内容", text: "未改变任何字段" }];
    }
    case "household.category_corrected": {
      const from = asObject(entry.before)?.category;
      const to = asObject(entry.after)?.category;
      const name = (c: unknown) => (typeof c === "string" ? (HOUSEHOLD_CATEGORY_LABELS as Record<string, string>)[c] ?? c : "—");
      return [{ field: "户类别", from: name(from), to: name(to) }];
    }
    case "member.revealIdNumber": {
      const who = asObject(entry.after)?.name;
      return [{ field: "查看对象", text: typeof who === "string" ? `${who} 的完整证件号码` : "成员的完整证件号码" }];
    }
    default:
      return [];
  }
}

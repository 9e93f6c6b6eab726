import { INCOME_ITEM_KEYS, INCOME_ITEMS, RELATION, RISK_CAUSE, summarizeIncome, type Income } from "@fanpin/domain/collection-form";
import { formatYuan } from "@fanpin/domain/money";
import { LEAD_SOURCES } from "@fanpin/domain/procedures/records";
import { MONITORING_TYPE_LABELS } from "@fanpin/domain/categories";

/**
 * Readable lines for the record of one step in a case's history (what the
 * timeline shows under each step). Records are the JSON the API stored for
 * the action (packages/domain/src/procedures/records.ts); anything unexpected
 * is skipped rather than shown raw.
 */
export type RecordLine = { label: string; value: string };

type Json = Record<string, unknown>;

/** The rule set's cross-check items and exclusions (GET /api/rules), by code. */
export type RuleItemLabels = { crossChecks: { code: string; label: string }[]; exclusions: { code: string; label: string }[] };
const NO_ITEMS: RuleItemLabels = { crossChecks: [], exclusions: [] };

const asObject = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export const OBJECTION_DECISION_LABELS = {
  DISMISS: "异议不成立，继续办理",
  UPHOLD_AND_CLOSE: "异议成立，终止认定",
  UPHOLD_AND_RETURN: "异议成立，退回乡镇重新核实",
} as const;

function push(lines: RecordLine[], label: string, value: string | null | undefined) {
  if (value) lines.push({ label, value });
}

function riskCauses(v: unknown): string | null {
  if (!Array.isArray(v) || !v.length) return null;
  return v.map((c) => RISK_CAUSE.labels[c as keyof typeof RISK_CAUSE.labels] ?? String(c)).join("、");
}

/**
 * The collection form a verification carried, in one line: how many people,
 * the per-capita net income it gives, the risks ("4 人，人均纯收入 3,210.50 元，
 * 风险：因大病"); and who was counted. Never an ID number.
 */
function collectionFormLines(v: unknown, lines: RecordLine[]) {
  const form = asObject(v);
  if (!form || !Array.isArray(form.members)) return;
  const members = form.members.map(asObject).filter((m): m is Json => m !== null);
  const income = asObject(form.income) ?? {};
  const amounts = Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, num(income[k]) ?? 0])) as Income;
  const { perCapita, net } = summarizeIncome(amounts, members.length);
  lines.push({
    label: "采集表",
    value: `${members.length} 人，人均纯收入 ${formatYuan(perCapita)} 元，风险：${riskCauses(form.riskCauses) ?? "无"}`,
  });
  // The items behind the figure, as the district checks them (only those recorded).
  const items = INCOME_ITEM_KEYS.filter((k) => amounts[k] !== 0).map((k) => `${INCOME_ITEMS[k]} ${formatYuan(amounts[k])} 元`);
  lines.push({ label: "家庭收入", value: `年纯收入 ${formatYuan(net)} 元${items.length ? `（${items.join("；")}）` : ""}` });
  const names = members.flatMap((m) => {
    const name = str(m.name);
    if (!name) return [];
    const relation = RELATION.labels[m.relation as keyof typeof RELATION.labels];
    return [relation ? `${name}（${relation}）` : name];
  });
  if (names.length) lines.push({ label: "家庭成员", value: names.join("、") });
  push(lines, "困难情况", str(form.difficultyDescription));
}

function reviewLines(r: Json, lines: RecordLine[], items: RuleItemLabels) {
  const checks = asObject(r.crossChecks);
  if (checks) {
    // The rule set's items, then any code the record holds that the rules no longer name.
    const known = items.crossChecks.map((c) => [c.code, c.label] as const);
    const extra = Object.keys(checks).filter((k) => !known.some(([code]) => code === k)).map((k) => [k, k] as const);
    const parts = [...known, ...extra].map(([key, label]) => {
      const c = asObject(checks[key]);
      if (!c) return `${label}：未比对`;
      return c.result === "HIT" ? `${label}：有疑点${str(c.note) ? `（${c.note}）` : ""}` : `${label}：无异常`;
    });
    lines.push({ label: "信息比对", value: parts.join("；") });
  }
  const exclusions = asObject(r.exclusions);
  if (exclusions) {
    const applying = Object.keys(exclusions)
      .filter((key) => exclusions[key] === true)
      .map((key) => items.exclusions.find((e) => e.code === key)?.label ?? key);
    lines.push({ label: "十不纳入", value: applying.length ? `存在情形：${applying.join("；")}` : "逐项核对，均不存在" });
  }
}

const CRITERIA = [
  ["rigidExpensesResolved", "大额刚性支出"],
  ["basicNeedsSecured", "“两不愁三保障”及饮水安全"],
  ["originalRiskGone", "识别时的风险"],
  ["noNewRisk", "新的风险"],
] as const;
const CRITERION_TEXT: Record<(typeof CRITERIA)[number][0], [string, string]> = {
  rigidExpensesResolved: ["已稳定解决", "未解决"],
  basicNeedsSecured: ["有保障", "无保障"],
  originalRiskGone: ["已消除", "未消除"],
  noNewRisk: ["无新的风险", "有新的风险"],
};

function monitoringType(v: unknown): string | null {
  return typeof v === "string" ? (MONITORING_TYPE_LABELS[v as keyof typeof MONITORING_TYPE_LABELS] ?? v) : null;
}

export function describeRecord(action: string, record: unknown, items: RuleItemLabels = NO_ITEMS): RecordLine[] {
  const r = asObject(record);
  if (!r) return [];
  const lines: RecordLine[] = [];
  switch (action) {
    case "OPEN":
      push(lines, "线索来源", LEAD_SOURCES[r.source as keyof typeof LEAD_SOURCES] ?? str(r.source));
      push(lines, "接收日期", str(r.receivedOn));
      push(lines, "风险类型", riskCauses(r.riskCauses));
      push(lines, "风险情况", str(r.description));
      break;
    case "RECORD_VERIFICATION":
      push(lines, "入户日期", str(r.visitedOn));
      push(lines, "核实人员", Array.isArray(r.verifiers) ? r.verifiers.filter((v) => typeof v === "string").join("、") : null);
      push(lines, "核实情况", str(r.findings));
      if (typeof r.riskConfirmed === "boolean") lines.push({ label: "核实结论", value: r.riskConfirmed ? "风险属实" : "风险不属实" });
      push(lines, "监测对象类型", monitoringType(r.monitoringType));
      collectionFormLines(r.collectionForm, lines);
      break;
    case "RECORD_APPRAISAL": {
      push(lines, "评议日期", str(r.heldOn));
      const participants = num(r.participants);
      if (participants !== null) {
        lines.push({ label: "表决", value: `参会 ${participants} 人，同意 ${num(r.votesFor) ?? 0} 票，反对 ${num(r.votesAgainst) ?? 0} 票` });
      }
      if (typeof r.passed === "boolean") lines.push({ label: "评议结果", value: r.passed ? "通过" : "未通过" });
      push(lines, "会议记录摘要", str(r.minutesSummary));
      break;
    }
    case "APPROVE":
      reviewLines(r, lines, items);
      push(lines, "监测对象类型", monitoringType(r.monitoringType));
      push(lines, "审核意见", str(r.note));
      push(lines, "公告内容", str(r.announcement));
      break;
    case "RECORD_CONSENT":
      push(lines, "签署日期", str(r.signedOn));
      push(lines, "签署人", str(r.signedBy));
      push(lines, "说明", str(r.note));
      break;
    case "RECORD_ASSESSMENT": {
      push(lines, "入户日期", str(r.visitedOn));
      push(lines, "核实人员", Array.isArray(r.verifiers) ? r.verifiers.filter((v) => typeof v === "string").join("、") : null);
      const income = asObject(r.income);
      if (income && num(income.perCapitaYuan) !== null) {
        lines.push({
          label: "收入",
          value: `${num(income.year) ?? ""} 年人均纯收入 ${formatYuan(num(income.perCapitaYuan)!)} 元，稳定 ${num(income.stableMonths) ?? 0} 个月`,
        });
      }
      const criteria = CRITERIA.flatMap(([key, label]) => {
        const c = asObject(r[key]);
        if (!c || typeof c.met !== "boolean") return [];
        return [`${label}：${CRITERION_TEXT[key][c.met ? 0 : 1]}${str(c.note) ? `（${c.note}）` : ""}`];
      });
      if (criteria.length) lines.push({ label: "评估", value: criteria.join("；") });
      if (r.noLabourCapacityCoveredBySocialSecurity === true) lines.push({ label: "兜底情况", value: "无劳动能力、由社会保障兜底" });
      push(lines, "核实情况", str(r.findings));
      break;
    }
    case "RETURN":
      push(lines, "需要更正的内容", str(r.reason));
      reviewLines(r, lines, items);
      break;
    case "REJECT":
      push(lines, "不予纳入的理由", str(r.reason));
      reviewLines(r, lines, items);
      break;
    case "POST_PUBLICITY":
      push(lines, "张贴日期", str(r.postedOn));
      push(lines, "公示地点", str(r.place));
      break;
    case "RAISE_OBJECTION":
      push(lines, "受理日期", str(r.receivedOn));
      push(lines, "异议内容", str(r.content));
      push(lines, "提出人", str(r.raisedBy));
      break;
    case "DECIDE_OBJECTION":
      push(lines, "裁定结果", OBJECTION_DECISION_LABELS[r.decision as keyof typeof OBJECTION_DECISION_LABELS] ?? str(r.decision));
      push(lines, "调查核实及处理情况", str(r.handling));
      break;
    case "CONFIRM_OUTCOME":
      push(lines, "说明", str(r.note));
      break;
    case "WITHDRAW":
      push(lines, "撤回原因", str(r.reason));
      break;
    case "ASSIST_FIRST":
      push(lines, "镇级会议日期", str(r.meetingOn));
      push(lines, "会议记录摘要", str(r.minutesSummary));
      push(lines, "先行帮扶措施", str(r.measures));
      break;
  }
  return lines;
}

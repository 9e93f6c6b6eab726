import type { IsoDate } from "../procedures/calendar-port.ts";

/**
 * Conditions tracked over time (两不愁三保障 and 饮水安全): each record is a
 * dated observation; the latest of each kind is the household's present
 * state, the older ones its history. Risk elimination (procedures/engine.ts)
 * and the department lists read them.
 */
export const CONDITION_KINDS = {
  SCHOOLING: "义务教育阶段适龄儿童在校",
  MEDICAL_INSURANCE: "参加基本医疗保险",
  SERIOUS_ILLNESS_COVER: "大病保险及医疗救助保障",
  HOUSING_SAFETY: "住房安全等级",
  DRINKING_WATER: "饮水安全（水质、水量）",
} as const;
export type ConditionKind = keyof typeof CONDITION_KINDS;
export const CONDITION_KIND_CODES = Object.keys(CONDITION_KINDS) as [ConditionKind, ...ConditionKind[]];

/** Values of the yes/no conditions; NOT_APPLICABLE where the household has nobody it concerns. */
export const CONDITION_STATES = { MET: "有保障", NOT_MET: "无保障", NOT_APPLICABLE: "不涉及" } as const;
export type ConditionState = keyof typeof CONDITION_STATES;
/** 住房安全等级: A/B safe, C/D dangerous (危房). */
export const HOUSING_GRADES = { A: "A级（安全）", B: "B级（基本安全）", C: "C级（局部危险）", D: "D级（整体危险）" } as const;
export type HousingGrade = keyof typeof HOUSING_GRADES;

/** The values each kind accepts. */
export const CONDITION_VALUES: Record<ConditionKind, readonly string[]> = {
  SCHOOLING: ["MET", "NOT_MET", "NOT_APPLICABLE"],
  MEDICAL_INSURANCE: ["MET", "NOT_MET"],
  SERIOUS_ILLNESS_COVER: ["MET", "NOT_MET", "NOT_APPLICABLE"],
  HOUSING_SAFETY: ["A", "B", "C", "D"],
  DRINKING_WATER: ["MET", "NOT_MET"],
};

export function conditionValueLabel(kind: ConditionKind, value: string): string {
  if (kind === "HOUSING_SAFETY") return (HOUSING_GRADES as Record<string, string>)[value] ?? value;
  return (CONDITION_STATES as Record<string, string>)[value] ?? value;
}

/** Whether an observed value secures the need. */
export function conditionSecured(kind: ConditionKind, value: string): boolean {
  if (kind === "HOUSING_SAFETY") return value === "A" || value === "B";
  return value !== "NOT_MET";
}

/** Large rigid expenses (大额刚性支出) of a year, yuan. */
export const EXPENSE_ITEMS = { medical: "医疗支出", education: "教育支出", disaster: "灾害损失", other: "其他刚性支出" } as const;
export type ExpenseItem = keyof typeof EXPENSE_ITEMS;
export const EXPENSE_ITEM_KEYS = Object.keys(EXPENSE_ITEMS) as ExpenseItem[];

export type ConditionFact = { kind: ConditionKind; value: string; observedOn: IsoDate };
/** A year's net income (A28 + A29 + A30 + A31 − A32) and the members it is shared by. */
export type YearIncome = { year: number; netYuan: number; memberCount: number };
export type YearExpense = { year: number; totalYuan: number };

/** What is tracked for a household: the latest observation of each kind, income and expenses per year. */
export type TrackedFacts = {
  conditions: readonly ConditionFact[];
  incomes: readonly YearIncome[];
  expenses: readonly YearExpense[];
};

export const NO_TRACKED_FACTS: TrackedFacts = { conditions: [], incomes: [], expenses: [] };

/** The latest observation of each kind (by observedOn; the later record wins a tie). */
export function latestConditions(facts: readonly ConditionFact[]): Partial<Record<ConditionKind, ConditionFact>> {
  const latest: Partial<Record<ConditionKind, ConditionFact>> = {};
  for (const f of facts) {
    const seen = latest[f.kind];
    if (!seen || f.observedOn >= seen.observedOn) latest[f.kind] = f;
  }
  return latest;
}

export type TrackedCriterion = { met: boolean; reasons: string[] };

/**
 * What the tracked data say about risk elimination's criteria, where they
 * say anything (null: no data, the typed assessment decides):
 * - income: the per-capita net income of `year`, when that year is recorded;
 * - basicNeeds: unmet when any latest observation is unsecured; met only when
 *   all five kinds are recorded and secured;
 * - rigidExpenses: the latest recorded year's expenses against that year's
 *   net income: unresolved when they exceed it.
 */
export function trackedCriteria(facts: TrackedFacts, year: number): {
  income: { perCapitaYuan: number } | null;
  basicNeeds: TrackedCriterion | null;
  rigidExpenses: TrackedCriterion | null;
} {
  const inc = facts.incomes.find((i) => i.year === year);
  const income = inc ? { perCapitaYuan: inc.memberCount > 0 ? Math.round((inc.netYuan / inc.memberCount) * 100) / 100 : 0 } : null;

  const latest = latestConditions(facts.conditions);
  const recorded = Object.values(latest);
  let basicNeeds: TrackedCriterion | null = null;
  if (recorded.length) {
    const reasons = recorded
      .filter((f) => !conditionSecured(f.kind, f.value))
      .map((f) => `${CONDITION_KINDS[f.kind]}：${conditionValueLabel(f.kind, f.value)}（${f.observedOn}）`);
    if (reasons.length) basicNeeds = { met: false, reasons };
    else if (recorded.length === CONDITION_KIND_CODES.length) basicNeeds = { met: true, reasons: [] };
  }

  const lastExpense = [...facts.expenses].sort((a, b) => b.year - a.year)[0];
  let rigidExpenses: TrackedCriterion | null = null;
  if (lastExpense) {
    const yearIncome = facts.incomes.find((i) => i.year === lastExpense.year);
    if (yearIncome) {
      const over = lastExpense.totalYuan > yearIncome.netYuan;
      rigidExpenses = over
        ? { met: false, reasons: [`${lastExpense.year} 年刚性支出 ${lastExpense.totalYuan} 元超过家庭纯收入 ${yearIncome.netYuan} 元`] }
        : { met: true, reasons: [] };
    }
  }
  return { income, basicNeeds, rigidExpenses };
}

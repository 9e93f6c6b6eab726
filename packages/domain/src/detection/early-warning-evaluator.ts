import { INCOME_ITEM_KEYS, RISK_CAUSE, summarizeIncome, type Income } from "../collection-form.ts";
import { monitoringLineFor, type LocalRules } from "../procedures/rules.ts";
import { earlyWarningThresholdsFor } from "./detection-rules.ts";
import { WARNING_DEPARTMENTS, WARNING_KINDS, type WarningDepartment, type WarningKind } from "./department-lists.ts";
import type { EarlyWarningRule } from "./early-warning-rules.ts";

/**
 * The early-warning rules as a pure function of one household's facts. The
 * API runs them as set-based SQL (early-warnings.repository.ts); this is the
 * reference the SQL is tested against, and the text of a warning's clue.
 *
 * Amounts are integer fen and thresholds are compared in integers (factors
 * and percentages as basis points), so the SQL and this agree exactly at a
 * threshold.
 */

/** A year's income as the collection form counts it, items in fen. */
export type IncomeYearFacts = { year: number; memberCount: number; itemsFen: Income };
export type ExpenseYearFacts = { year: number; medicalFen: number; educationFen: number; disasterFen: number };
export type HouseholdWarningInput = {
  villageCode: string;
  designated: boolean;
  /** household_income_year rows. */
  incomeYears: readonly IncomeYearFacts[];
  /** The household's own income columns (of its income_year): the year's income when no row of that year exists (an import writes only these). */
  currentIncome: IncomeYearFacts | null;
  expenseYears: readonly ExpenseYearFacts[];
  departmentWarnings: readonly { department: string; kind: string }[];
};

export type IncomeBelowLineFacts = {
  year: number; memberCount: number; netFen: number; perCapitaFen: number; lineYear: number; lineFen: number; incomeLineFactor: number;
};
export type RigidExpenseFacts = {
  year: number; medicalFen: number; educationFen: number; disasterFen: number; rigidFen: number; previousNetFen: number; rigidExpenseShareOfIncome: number;
};
export type IncomeDropFacts = { year: number; netFen: number; previousNetFen: number; incomeDropPercent: number };
export type DepartmentWarningFacts = { count: number; departments: string[]; kinds: string[] };
export type EarlyWarningFacts = {
  INCOME_BELOW_LINE: IncomeBelowLineFacts;
  RIGID_EXPENSE: RigidExpenseFacts;
  INCOME_DROP: IncomeDropFacts;
  DEPARTMENT_WARNING: DepartmentWarningFacts;
};
export type EarlyWarningResult = Partial<{ [R in EarlyWarningRule]: EarlyWarningFacts[R] }>;

/** Net income (A28 + A29 + A30 + A31 − A32) in fen: the collection form's sum (linear, so fen in gives fen out). */
export const netIncomeFen = (itemsFen: Income): number => summarizeIncome(itemsFen, 1).net;

/** Per-capita net income in whole fen, halves rounded up (SQL: floor((2n + m) / 2m)). */
export const perCapitaFen = (netFen: number, memberCount: number): number =>
  memberCount > 0 ? Math.floor((2 * netFen + memberCount) / (2 * memberCount)) : 0;

/** A factor or percentage as integer basis points (1 = 10000), as the SQL gets it. */
export const basisPoints = (x: number): number => Math.round(x * 10_000);

const blankIncome = (i: Income) => INCOME_ITEM_KEYS.every((k) => i[k] === 0);

/** The household's income years: its rows, plus its own columns for their year when that year has no row and they are not blank. */
export function incomeYearsOf(input: Pick<HouseholdWarningInput, "incomeYears" | "currentIncome">): Map<number, { memberCount: number; netFen: number }> {
  const out = new Map<number, { memberCount: number; netFen: number }>();
  for (const y of input.incomeYears) out.set(y.year, { memberCount: y.memberCount, netFen: netIncomeFen(y.itemsFen) });
  const c = input.currentIncome;
  if (c && !out.has(c.year) && !blankIncome(c.itemsFen)) out.set(c.year, { memberCount: Math.max(1, c.memberCount), netFen: netIncomeFen(c.itemsFen) });
  return out;
}

/** The rules a household meets, with the facts of each. */
export function evaluateEarlyWarnings(rules: Pick<LocalRules, "monitoringLines" | "detection">, h: HouseholdWarningInput): EarlyWarningResult {
  const out: EarlyWarningResult = {};
  const incomes = incomeYearsOf(h);
  const latestYear = incomes.size ? Math.max(...incomes.keys()) : null;

  if (latestYear !== null) {
    const cur = incomes.get(latestYear)!;
    const t = earlyWarningThresholdsFor(rules.detection, latestYear);
    const line = monitoringLineFor(rules, latestYear, h.villageCode);
    if (t && line && cur.memberCount > 0) {
      const lineFen = Math.round(line.perCapitaYuan * 100);
      if (cur.netFen * 10_000 < lineFen * basisPoints(t.incomeLineFactor) * cur.memberCount) {
        out.INCOME_BELOW_LINE = {
          year: latestYear, memberCount: cur.memberCount, netFen: cur.netFen, perCapitaFen: perCapitaFen(cur.netFen, cur.memberCount),
          lineYear: line.year, lineFen, incomeLineFactor: t.incomeLineFactor,
        };
      }
    }
    const prev = incomes.get(latestYear - 1);
    if (t && prev && prev.netFen > 0 && (prev.netFen - cur.netFen) * 10_000 >= Math.round(t.incomeDropPercent * 100) * prev.netFen) {
      out.INCOME_DROP = { year: latestYear, netFen: cur.netFen, previousNetFen: prev.netFen, incomeDropPercent: t.incomeDropPercent };
    }
  }

  const expense = h.expenseYears.length ? h.expenseYears.reduce((a, b) => (b.year > a.year ? b : a)) : null;
  if (expense) {
    const t = earlyWarningThresholdsFor(rules.detection, expense.year);
    const prev = incomes.get(expense.year - 1);
    const rigidFen = expense.medicalFen + expense.educationFen + expense.disasterFen;
    if (t && prev && rigidFen > 0 && rigidFen * 10_000 > basisPoints(t.rigidExpenseShareOfIncome) * prev.netFen) {
      out.RIGID_EXPENSE = {
        year: expense.year, medicalFen: expense.medicalFen, educationFen: expense.educationFen, disasterFen: expense.disasterFen,
        rigidFen, previousNetFen: prev.netFen, rigidExpenseShareOfIncome: t.rigidExpenseShareOfIncome,
      };
    }
  }

  if (!h.designated && h.departmentWarnings.length) {
    const sorted = (xs: string[]) => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    out.DEPARTMENT_WARNING = {
      count: h.departmentWarnings.length,
      departments: sorted(h.departmentWarnings.map((d) => d.department)),
      kinds: sorted(h.departmentWarnings.map((d) => d.kind)),
    };
  }
  return out;
}

/** Fen as yuan the way the clue text shows it: thousands separated, cents only when there are any ("3,200", "3,200.50"). */
export function yuanText(fen: number): string {
  const cents = fen % 100 !== 0;
  return (fen / 100).toLocaleString("en-US", { minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: 2 });
}

const KIND_RISK: Partial<Record<WarningKind, keyof typeof RISK_CAUSE.labels>> = {
  LARGE_MEDICAL_COST: "SERIOUS_ILLNESS", SERIOUS_ILLNESS: "SERIOUS_ILLNESS", SEVERE_DISABILITY: "DISABILITY",
  STUDENT: "EDUCATION", DROPOUT: "EDUCATION", DISASTER_VICTIM: "DISASTER",
};
/** Department warning kinds → the risk cause their clue carries (kinds without an obvious cause carry none). */
export const DEPARTMENT_KIND_RISK_CAUSES: Readonly<Record<string, string>> = KIND_RISK;

/** The risk causes a warning's clue carries: rigid expenses by what was spent on, department warnings by kind; income rules none. */
export function riskCausesOf(rule: EarlyWarningRule, facts: EarlyWarningFacts[EarlyWarningRule]): string[] {
  if (rule === "RIGID_EXPENSE") {
    const f = facts as RigidExpenseFacts;
    return [f.medicalFen > 0 && "SERIOUS_ILLNESS", f.educationFen > 0 && "EDUCATION", f.disasterFen > 0 && "DISASTER"].filter((x): x is string => !!x);
  }
  if (rule === "DEPARTMENT_WARNING") {
    const causes = (facts as DepartmentWarningFacts).kinds.map((k) => DEPARTMENT_KIND_RISK_CAUSES[k]).filter((x): x is string => !!x);
    return [...new Set(causes)].sort();
  }
  return [];
}

/** The threshold amount of INCOME_BELOW_LINE in fen (the line times the factor, rounded half up). */
export const lineThresholdFen = (f: Pick<IncomeBelowLineFacts, "lineFen" | "incomeLineFactor">): number =>
  Math.floor((f.lineFen * basisPoints(f.incomeLineFactor) + 5_000) / 10_000);

/** The clue's text of a warning (the SQL writes the same; a test compares them). */
export function describeEarlyWarning(rule: EarlyWarningRule, facts: EarlyWarningFacts[EarlyWarningRule]): string {
  switch (rule) {
    case "INCOME_BELOW_LINE": {
      const f = facts as IncomeBelowLineFacts;
      return `${f.year}年人均纯收入 ${yuanText(f.perCapitaFen)} 元，低于监测标准 ${yuanText(lineThresholdFen(f))} 元`;
    }
    case "RIGID_EXPENSE": {
      const f = facts as RigidExpenseFacts;
      return `${f.year}年刚性支出 ${yuanText(f.rigidFen)} 元（医疗 ${yuanText(f.medicalFen)} 元、教育 ${yuanText(f.educationFen)} 元、灾害 ${yuanText(f.disasterFen)} 元），`
        + `${f.year - 1}年家庭纯收入 ${yuanText(f.previousNetFen)} 元`;
    }
    case "INCOME_DROP": {
      const f = facts as IncomeDropFacts;
      const pct = Math.floor(((f.previousNetFen - f.netFen) * 100) / f.previousNetFen);
      return `${f.year}年家庭纯收入 ${yuanText(f.netFen)} 元，较上年 ${yuanText(f.previousNetFen)} 元下降 ${pct}%`;
    }
    case "DEPARTMENT_WARNING": {
      const f = facts as DepartmentWarningFacts;
      const deps = f.departments.map((d) => WARNING_DEPARTMENTS[d as WarningDepartment] ?? d).join("、");
      const kinds = f.kinds.map((k) => WARNING_KINDS[k as WarningKind]?.label ?? k).join("、");
      return `部门预警 ${f.count} 条（${deps}：${kinds}），该户未纳入监测`;
    }
  }
}

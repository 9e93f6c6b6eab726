import { z } from "zod";

/**
 * 预警规则 (DOMAIN.md "Detection in detail", seed 000 "刚性支出明显超过上年度收入和收入大幅缩减"):
 * what makes the system raise a warning on a household by itself. The
 * thresholds are rule data (detection-rules.ts); the rules run as set-based
 * SQL over all households. A warning exists once per household and rule and
 * is raised again only when its facts change.
 */
export const EARLY_WARNING_RULES = {
  INCOME_BELOW_LINE: "人均纯收入低于监测标准",
  RIGID_EXPENSE: "刚性支出明显超过上年度收入",
  INCOME_DROP: "收入大幅缩减",
  DEPARTMENT_WARNING: "部门预警（未纳入监测）",
} as const;
export type EarlyWarningRule = keyof typeof EARLY_WARNING_RULES;
export const EARLY_WARNING_RULE_CODES = Object.keys(EARLY_WARNING_RULES) as [EarlyWarningRule, ...EarlyWarningRule[]];

/** A warning of a household as the household page shows it (GET /api/households/:id/early-warnings); facts: early-warning-evaluator.ts (amounts in fen). */
export const ZHouseholdEarlyWarning = z.object({
  id: z.string(),
  rule: z.enum(EARLY_WARNING_RULE_CODES),
  label: z.string(),
  facts: z.record(z.string(), z.unknown()),
  raisedOn: z.string(),
  active: z.boolean(),
  /** The clue text of the facts (the one the rule's clue carries). */
  description: z.string(),
});
export type HouseholdEarlyWarning = z.infer<typeof ZHouseholdEarlyWarning>;

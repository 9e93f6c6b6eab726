import type { CaseDetail } from "@fanpin/domain/case-schemas";
import type { CaseAction } from "@fanpin/domain/procedures/actions";
import { WEIHAI_RULES } from "@fanpin/domain/procedures/rules";

/** One form per piece of work; the district's three review decisions share one form. */
export type PanelKey =
  | "RECORD_VERIFICATION" | "RECORD_APPRAISAL" | "SUBMIT" | "REVIEW" | "POST_PUBLICITY" | "CONFIRM_OUTCOME"
  | "RAISE_OBJECTION" | "DECIDE_OBJECTION" | "ASSIST_FIRST" | "WITHDRAW";

const ORDER: PanelKey[] = [
  "RECORD_VERIFICATION", "RECORD_APPRAISAL", "SUBMIT", "REVIEW", "POST_PUBLICITY", "CONFIRM_OUTCOME",
  "RAISE_OBJECTION", "DECIDE_OBJECTION", "ASSIST_FIRST", "WITHDRAW",
];

export const REVIEW_DECISIONS = ["APPROVE", "RETURN", "REJECT"] as const;

/** The pieces of work the signed-in user can do on the case now (from `availableActions`), in the procedure's order. */
export function panelKeys(actions: readonly CaseAction[]): PanelKey[] {
  return ORDER.filter((k) => (k === "REVIEW" ? REVIEW_DECISIONS.some((d) => actions.includes(d)) : actions.includes(k as CaseAction)));
}

export type RoundRecords = { verification: unknown; appraisal: unknown };

/**
 * The work the stage is waiting for, opened without a click: the township
 * record still missing (or the submission once both are there), the review,
 * the posting, the confirmation, the decision on an objection.
 */
export function defaultPanel(c: CaseDetail): PanelKey | null {
  const keys = panelKeys(c.availableActions);
  const records = c.roundRecords as RoundRecords;
  const needed = WEIHAI_RULES.procedures[c.category].townshipRecords;
  const candidates: PanelKey[] = [];
  if (needed.includes("VERIFICATION") && !records.verification) candidates.push("RECORD_VERIFICATION");
  if (needed.includes("APPRAISAL") && !records.appraisal) candidates.push("RECORD_APPRAISAL");
  candidates.push("SUBMIT", "REVIEW", "POST_PUBLICITY", "CONFIRM_OUTCOME", "DECIDE_OBJECTION");
  return candidates.find((k) => keys.includes(k)) ?? null;
}


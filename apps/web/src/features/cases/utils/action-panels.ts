import type { CaseDetail } from "@fanpin/domain/case-schemas";
import type { CaseAction } from "@fanpin/domain/procedures/actions";
import type { RulesStep } from "@/lib/get-rules.ts";

/** One form per piece of work; the three review decisions (township or district) share one form. */
export type PanelKey =
  | "RECORD_CONSENT" | "RECORD_VERIFICATION" | "RECORD_ASSESSMENT" | "RECORD_APPRAISAL" | "SUBMIT" | "REVIEW" | "POST_PUBLICITY"
  | "CONFIRM_OUTCOME" | "RAISE_OBJECTION" | "DECIDE_OBJECTION" | "ASSIST_FIRST" | "WITHDRAW";

const ORDER: PanelKey[] = [
  "RECORD_CONSENT", "RECORD_VERIFICATION", "RECORD_ASSESSMENT", "RECORD_APPRAISAL", "SUBMIT", "REVIEW", "POST_PUBLICITY",
  "CONFIRM_OUTCOME", "RAISE_OBJECTION", "DECIDE_OBJECTION", "ASSIST_FIRST", "WITHDRAW",
];

export const REVIEW_DECISIONS = ["APPROVE", "RETURN", "REJECT"] as const;

/** The pieces of work the signed-in user can do on the case now (from `availableActions`), in the procedure's order. */
export function panelKeys(actions: readonly CaseAction[]): PanelKey[] {
  return ORDER.filter((k) => (k === "REVIEW" ? REVIEW_DECISIONS.some((d) => actions.includes(d)) : actions.includes(k as CaseAction)));
}

export type RoundRecords = { consent: unknown; verification: unknown; appraisal: unknown; assessment: unknown };

/** The record kinds of the rules (GET /api/rules `recordKinds`), their action and their key in `roundRecords`. */
export const RECORD_PANELS = {
  CONSENT: { panel: "RECORD_CONSENT", key: "consent" },
  VERIFICATION: { panel: "RECORD_VERIFICATION", key: "verification" },
  APPRAISAL: { panel: "RECORD_APPRAISAL", key: "appraisal" },
  ASSESSMENT: { panel: "RECORD_ASSESSMENT", key: "assessment" },
} as const satisfies Record<RulesStep["records"][number], { panel: PanelKey; key: keyof RoundRecords }>;

/**
 * The work the stage is waiting for, opened without a click: the first record
 * the step requires (by the rules) still missing, or the submission once all
 * are there; the review, the posting, the confirmation, the decision on an
 * objection.
 */
export function defaultPanel(c: CaseDetail, step: Pick<RulesStep, "records"> | undefined): PanelKey | null {
  const keys = panelKeys(c.availableActions);
  const records = c.roundRecords as RoundRecords;
  const candidates: PanelKey[] = [];
  for (const kind of step?.records ?? []) {
    const { panel, key } = RECORD_PANELS[kind];
    if (!records[key]) candidates.push(panel);
  }
  candidates.push("SUBMIT", "REVIEW", "POST_PUBLICITY", "CONFIRM_OUTCOME", "DECIDE_OBJECTION");
  return candidates.find((k) => keys.includes(k)) ?? null;
}

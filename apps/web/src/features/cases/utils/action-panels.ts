import type { CaseDetail, CaseEvent } from "@fanpin/domain/case-schemas";
import { isTerminal } from "@fanpin/domain/procedures/stages";
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
  // Just returned: the records stay and are corrected, so the first of them opens (with the earlier record).
  const returned = pendingReturn(c);
  if (returned && !c.events.some((e) => e.seq > returned.seq && e.action.startsWith("RECORD_"))) {
    for (const kind of step?.records ?? []) candidates.push(RECORD_PANELS[kind].panel);
  }
  for (const kind of step?.records ?? []) {
    const { panel, key } = RECORD_PANELS[kind];
    if (!records[key]) candidates.push(panel);
  }
  candidates.push("SUBMIT", "REVIEW", "POST_PUBLICITY", "CONFIRM_OUTCOME", "DECIDE_OBJECTION");
  return candidates.find((k) => keys.includes(k)) ?? null;
}

const isReturn = (e: CaseEvent) =>
  e.action === "RETURN" || (e.action === "DECIDE_OBJECTION" && (e.record as { decision?: unknown } | null)?.decision === "UPHOLD_AND_RETURN");

/**
 * The return the case is waiting to have corrected: the last return (退回乡镇更正,
 * or an objection upheld and returned) when the case has not moved on since.
 */
export function pendingReturn(c: Pick<CaseDetail, "stage" | "events">): CaseEvent | null {
  if (isTerminal(c.stage)) return null;
  for (let i = c.events.length - 1; i >= 0; i--) {
    const e = c.events[i]!;
    if (isReturn(e)) return e;
    // Submitted (or moved on in any way) since: nothing waits for correction.
    if (e.fromStage !== e.toStage) return null;
  }
  return null;
}

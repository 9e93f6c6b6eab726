import { CONDITION_KIND_CODES, type ConditionKind } from "@fanpin/domain/assistance/conditions";
import { INCOME_ITEM_KEYS, type IncomeItem } from "@fanpin/domain/collection-form";
import type { VisitBody } from "./device-store.ts";

/** The visit form's values (what the draft stores) and the request body made of them. */
export type VisitFormValues = {
  visitedOn?: string;
  mode?: "IN_PERSON" | "PHONE";
  metWith?: string;
  findings?: string;
  nextSteps?: string;
  incomeYear?: number | null;
  income?: Partial<Record<IncomeItem, number | null>>;
  /** "" or absent: no change of that kind found. */
  conditions?: Partial<Record<ConditionKind, string>>;
  newRiskCauses?: string[];
  riskClass?: string;
};

export function toVisitBody(id: string, v: VisitFormValues): VisitBody {
  const items = Object.fromEntries(
    INCOME_ITEM_KEYS.filter((k) => typeof v.income?.[k] === "number").map((k) => [k, v.income![k] as number]),
  );
  return {
    id,
    visitedOn: v.visitedOn ?? "",
    mode: v.mode ?? "IN_PERSON",
    metWith: (v.metWith ?? "").trim(),
    findings: (v.findings ?? "").trim(),
    nextSteps: v.nextSteps?.trim() || undefined,
    changes: {
      income: v.incomeYear && Object.keys(items).length ? { year: v.incomeYear, items } : null,
      conditions: CONDITION_KIND_CODES.filter((k) => v.conditions?.[k]).map((k) => ({ kind: k, value: v.conditions![k]! })),
      newRiskCauses: (v.newRiskCauses ?? []) as never,
      riskClass: (v.riskClass || null) as never,
    },
  };
}

export function toFormValues(b: VisitBody): VisitFormValues {
  const c = b.changes;
  return {
    visitedOn: b.visitedOn,
    mode: b.mode,
    metWith: b.metWith,
    findings: b.findings,
    nextSteps: b.nextSteps ?? "",
    incomeYear: c?.income?.year ?? null,
    income: (c?.income?.items ?? {}) as VisitFormValues["income"],
    conditions: Object.fromEntries((c?.conditions ?? []).map((x) => [x.kind, x.value])),
    newRiskCauses: [...(c?.newRiskCauses ?? [])],
    riskClass: c?.riskClass ?? "",
  };
}

/** crypto.randomUUID needs a secure context; an intranet served over plain HTTP gets the same v4 UUID by hand. */
export function newVisitId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

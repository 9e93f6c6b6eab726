import { randomUUID } from "node:crypto";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import { basisPoints, DEPARTMENT_KIND_RISK_CAUSES, describeEarlyWarning, type EarlyWarningFacts } from "@fanpin/domain/detection/early-warning-evaluator";
import { EARLY_WARNING_RULES, type EarlyWarningRule, type HouseholdEarlyWarning } from "@fanpin/domain/detection/early-warning-rules";
import { leadDeadlines } from "@fanpin/domain/detection/lead-deadlines";
import { WARNING_DEPARTMENTS, WARNING_KINDS } from "@fanpin/domain/detection/department-lists";
import { areaScopePrefix } from "@fanpin/domain/areas";
import { withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAudit, SYSTEM_AUDIT_ACTOR } from "../audit/audit.repository.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import { findHouseholdForLead } from "../leads/leads.repository.ts";
import * as repo from "./early-warnings.repository.ts";

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * Audit: one entry per run (the chain's last write of its transaction), with
 * per rule what was raised and how many warnings ended. Not one per lead: a
 * nightly run over a million households may raise hundreds of thousands of
 * clues, each entry would be hashed here and chained, and household histories
 * would fill with the system's entries. The detail stays in the data written
 * by the same transaction: early_warning (facts, raised on, never deleted) and
 * lead_clue (early_warning_id). A small run (the after-change ones) also lists
 * its clues (household, lead number, rule) in the entry.
 */
const CLUES_LISTED_LIMIT = 200;

/**
 * Runs the early-warning rules (packages/domain/src/detection/early-warning-rules.ts) as set-based SQL, over
 * every household or only the given ones (after a change of the data the rules read). Returns the warnings raised.
 * One run at a time (an advisory lock held by its transaction); all of a run or nothing.
 */
export async function runEarlyWarningRules(deps: Deps, filter?: { householdIds?: readonly string[] }): Promise<number> {
  const householdIds = filter?.householdIds ? [...new Set(filter.householdIds)] : null;
  if (householdIds && !householdIds.length) return 0;
  const rules = deps.config.rules;
  const today = todayInChina(deps.clock());
  const calendar = await loadCalendar(deps.prisma);
  const { handedOn, deadline, complete } = leadDeadlines(today, rules.detection, calendar);
  const params: repo.RuleParams = {
    householdIds,
    lines: rules.monitoringLines.map((l) => ({ year: l.year, areaCode: l.areaCode, fen: Math.round(l.perCapitaYuan * 100) })),
    thresholds: rules.detection.earlyWarnings.map((t) => ({
      year: t.year, factor: t.incomeLineFactor, factorBp: basisPoints(t.incomeLineFactor), share: t.rigidExpenseShareOfIncome,
      shareBp: basisPoints(t.rigidExpenseShareOfIncome), drop: t.incomeDropPercent, dropBp: Math.round(t.incomeDropPercent * 100),
    })),
  };
  const labels: repo.Labels = {
    departments: { ...WARNING_DEPARTMENTS },
    kinds: Object.fromEntries(Object.entries(WARNING_KINDS).map(([k, v]) => [k, v.label])),
    kindRiskCauses: { ...DEPARTMENT_KIND_RISK_CAUSES },
  };
  const full = householdIds === null;
  return withTransaction(deps.prisma, async (tx) => {
    await repo.lockRuns(tx);
    const met = await repo.computeFacts(tx, params);
    await repo.upsertWarnings(tx, dateOf(today), labels);
    const deactivated = await repo.deactivateUnmet(tx, householdIds);
    const clueCount = await repo.raiseClues(tx, {
      today: dateOf(today), handedOn: dateOf(handedOn), verifyDeadline: dateOf(deadline), deadlineComplete: complete,
      leadNoPrefix: `Y${today.replaceAll("-", "")}`,
    });
    const raised = await repo.raisedCounts(tx);
    const total = Object.values(raised).reduce((a, b) => a + b, 0);
    if (!total && !deactivated) return 0;
    const actor = SYSTEM_AUDIT_ACTOR(`early-warnings:${randomUUID()}`);
    const clues = clueCount <= CLUES_LISTED_LIMIT ? await repo.raisedClues(tx) : null;
    await appendAudit(tx, actor, {
      action: "early_warning.run", entityType: "early_warning_run", entityId: today, householdId: null,
      after: {
        scope: full ? "ALL" : householdIds!.length, met, raised, deactivated, clueCount,
        ...(clues ? { clues: clues.map((c) => ({ householdId: c.householdId, leadNo: c.leadNo, newLead: c.newLead, rule: c.rule })) } : {}),
      },
    }, deps.clock());
    return total;
  }, { timeout: full ? 15 * 60_000 : 120_000, maxWait: 30_000 });
}

/**
 * After a change of the data the rules read (household, income or expense
 * year, designation, a department's list): the rules for those households,
 * after the writer's commit. A failure is logged, not the caller's: the
 * change is saved, and the nightly run catches up.
 */
export async function warnAfterChange(deps: Deps, householdIds: readonly string[]): Promise<void> {
  if (!householdIds.length) return;
  try {
    await runEarlyWarningRules(deps, { householdIds });
  } catch (error) {
    process.stderr.write(`early-warnings after change failed: ${(error as Error)?.message}\n`);
  }
}

/** GET /api/households/:id/early-warnings: the warnings of a household of the caller's area. */
export async function householdWarnings(deps: Deps, actor: Actor, householdId: string): Promise<HouseholdEarlyWarning[]> {
  const h = await findHouseholdForLead(deps.prisma, householdId, areaScopePrefix(actor.area.level, actor.area.code));
  if (!h) throw new AppError("HOUSEHOLD_NOT_FOUND");
  const rows = await repo.listOfHousehold(deps.prisma, householdId);
  return rows.map((r) => ({
    id: r.id, rule: r.rule as EarlyWarningRule, label: EARLY_WARNING_RULES[r.rule as EarlyWarningRule] ?? r.rule,
    facts: r.facts, raisedOn: r.raisedOn.toISOString().slice(0, 10), active: r.active,
    description: describeEarlyWarning(r.rule as EarlyWarningRule, r.facts as unknown as EarlyWarningFacts[EarlyWarningRule]),
  }));
}

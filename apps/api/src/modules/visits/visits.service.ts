import { CONDITION_KINDS, CONDITION_VALUES, type ConditionKind } from "@fanpin/domain/assistance/conditions";
import { nextVisitDue } from "@fanpin/domain/assistance/deadlines";
import type { Visit } from "@fanpin/domain/assistance-schemas";
import { ZVisitChanges, ZVisitInput } from "@fanpin/domain/assistance-schemas";
import type { Role } from "@fanpin/domain/roles";
import type { z } from "zod";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError, fieldError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAuditMany, type AuditActor, type AuditRecord } from "../audit/audit.repository.ts";
import { accessOf } from "../assistance/access.ts";
import { findFile, householdAccessible, isoOf, updateFile } from "../assistance/assistance-files.repository.ts";
import { fileContext } from "../assistance/assistance-files.service.ts";
import { addRiskCauses } from "../households/households.repository.ts";
import { insertCondition, upsertIncomeYear } from "../plans/conditions.repository.ts";
import { findHelperIdOfUser, findVisit, findVisitPage, insertVisit, type VisitRow } from "./visits.repository.ts";
import { warnAfterChange } from "../early-warnings/early-warnings.service.ts";

/**
 * Visits (走访). A visit's id is made on the device, so a visit sent twice
 * (a phone that lost the answer and retried, the outbox after a reconnect)
 * is stored once: the primary key refuses the second row and the stored
 * visit is answered when the content is the same. What the visit found
 * changed reaches the household in the same transaction: conditions,
 * income items, new risk causes, the risk class; and the visit clock.
 */

export type VisitInput = z.infer<typeof ZVisitInput>;
type VisitKind = Visit["kind"];
type Changes = z.infer<typeof ZVisitChanges>;

/** The visitor's kind follows the role; the district's visits are its random checks (they do not count as the monthly visit). */
export const VISIT_KIND_OF_ROLE: Partial<Record<Role, VisitKind>> = {
  HELPER: "HELPER", VILLAGE_CADRE: "VILLAGE", TOWNSHIP_STAFF: "TOWNSHIP", DISTRICT_REVIEWER: "SUPERVISORY",
};

export function toVisit(row: VisitRow): Visit {
  return {
    id: row.id,
    householdId: row.householdId,
    kind: row.kind as VisitKind,
    visitedOn: isoOf(row.visitedOn),
    mode: row.mode as Visit["mode"],
    visitor: { id: row.visitorId, name: row.visitorName },
    metWith: row.metWith,
    findings: row.findings,
    nextSteps: row.nextSteps,
    changes: row.changes as Changes,
    createdAt: row.createdAt.toISOString(),
  };
}

async function requireReachable(deps: Deps, actor: Actor, householdId: string) {
  if (!(await householdAccessible(deps.prisma, householdId, accessOf(actor)))) throw new AppError("ASSISTANCE_FILE_NOT_FOUND");
}

export async function listVisits(deps: Deps, actor: Actor, householdId: string, q: { page: number; pageSize: number }) {
  await requireReachable(deps, actor, householdId);
  const { rows, total } = await findVisitPage(deps.prisma, householdId, (q.page - 1) * q.pageSize, q.pageSize);
  return { items: rows.map(toVisit), total, page: q.page, pageSize: q.pageSize };
}

/** What the device sent, as stored (for comparing a retry with the stored visit). */
function sameContent(row: VisitRow, householdId: string, input: VisitInput): boolean {
  const stored = toVisit(row);
  const canon = (v: unknown) => JSON.stringify(sortKeys(v));
  return row.householdId === householdId && stored.visitedOn === input.visitedOn && stored.mode === input.mode &&
    stored.metWith === input.metWith && stored.findings === input.findings && (stored.nextSteps ?? null) === (input.nextSteps || null) &&
    canon(stored.changes) === canon(normalizeChanges(input.changes));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}

/** Changes as stored: empty notes dropped, income without items is no income change. */
function normalizeChanges(c: Changes): Changes {
  const items = c.income ? Object.fromEntries(Object.entries(c.income.items).filter(([, v]) => v !== undefined)) : {};
  return {
    income: c.income && Object.keys(items).length ? { year: c.income.year, items } : null,
    conditions: c.conditions.map((x) => ({ kind: x.kind, value: x.value, ...(x.note ? { note: x.note } : {}) })),
    newRiskCauses: [...new Set(c.newRiskCauses)],
    riskClass: c.riskClass,
  };
}

export async function recordVisit(deps: Deps, actor: Actor, householdId: string, input: VisitInput): Promise<{ visit: Visit; created: boolean }> {
  await requireReachable(deps, actor, householdId);
  const kind = VISIT_KIND_OF_ROLE[actor.role];
  if (!kind) throw new AppError("FORBIDDEN");
  // A retry of a stored visit is answered before anything else is checked: the file may have moved on since.
  const existing = await findVisit(deps.prisma, input.id);
  if (existing) return answerRetry(existing, householdId, input);

  const ctx = await fileContext(deps);
  const file = await findFile(deps.prisma, householdId);
  if (!file || file.closedOn) throw new AppError("ASSISTANCE_FILE_NOT_FOUND");
  const openedOn = isoOf(file.openedOn);
  if (input.visitedOn > ctx.today) throw fieldError("visitedOn", "走访日期不能晚于今天");
  if (input.visitedOn < openedOn) throw fieldError("visitedOn", `走访日期不能早于建档日期（${openedOn}）`);
  const changes = normalizeChanges(input.changes);
  changes.conditions.forEach((c, i) => {
    if (!CONDITION_VALUES[c.kind].includes(c.value)) {
      throw fieldError(`changes.conditions.${i}.value`, `“${CONDITION_KINDS[c.kind as ConditionKind]}”的情况不正确`);
    }
  });
  if (changes.income && changes.income.year > Number(ctx.today.slice(0, 4))) throw fieldError("changes.income.year", "收入年度不能晚于今年");

  const helperId = actor.role === "HELPER" ? await findHelperIdOfUser(deps.prisma, actor.id) : null;
  const at = deps.clock();
  const auditActor: AuditActor = actor;
  try {
    const visit = await withTransaction(deps.prisma, async (tx) => {
      // The primary key first: of two identical visits sent at once, the second waits here and then fails.
      const row = await insertVisit(tx, {
        id: input.id, householdId, villageCode: file.villageCode, kind, visitedOn: input.visitedOn, mode: input.mode,
        visitorId: actor.id, visitorName: actor.displayName, helperId, metWith: input.metWith, findings: input.findings,
        nextSteps: input.nextSteps || null, changes, createdAt: at,
      });
      const records: AuditRecord[] = [];
      const reason = `走访发现（${input.visitedOn}）`;
      for (const c of changes.conditions) {
        const cond = await insertCondition(tx, {
          householdId, kind: c.kind, value: c.value, observedOn: input.visitedOn, note: c.note ?? null, source: "VISIT", visitId: row.id,
          recordedById: actor.id, recordedByName: actor.displayName,
        });
        records.push({ action: "condition.record", entityType: "condition_record", entityId: cond.id, householdId, after: { ...c, observedOn: input.visitedOn, visitId: row.id }, reason });
      }
      if (changes.income) {
        const { before, after } = await upsertIncomeYear(tx, householdId, changes.income.year, changes.income.items);
        records.push({ action: "income_year.update", entityType: "household_income_year", entityId: `${householdId}:${changes.income.year}`, householdId, before, after, reason });
      }
      if (changes.newRiskCauses.length) {
        const added = await addRiskCauses(tx, householdId, changes.newRiskCauses, at);
        if (added) records.push({ action: "household.risk_causes_add", entityType: "household", entityId: householdId, householdId, before: added.before, after: added.after, reason });
      }
      const riskClass = changes.riskClass ?? file.riskClass;
      const counts = kind !== "SUPERVISORY";
      const lastVisitOn = counts && (!file.lastVisitOn || isoOf(file.lastVisitOn) < input.visitedOn) ? input.visitedOn : file.lastVisitOn ? isoOf(file.lastVisitOn) : null;
      const due = nextVisitDue(lastVisitOn, openedOn, riskClass, ctx.rules, ctx.calendar);
      const fileBefore = {
        riskClass: file.riskClass, lastVisitOn: file.lastVisitOn ? isoOf(file.lastVisitOn) : null, nextVisitDue: file.nextVisitDue ? isoOf(file.nextVisitDue) : null,
      };
      const fileAfter = { riskClass, lastVisitOn, nextVisitDue: due };
      if (JSON.stringify(fileBefore) !== JSON.stringify(fileAfter)) {
        const classChanged = changes.riskClass !== null && changes.riskClass !== file.riskClass;
        await updateFile(tx, householdId, {
          lastVisitOn: lastVisitOn ? new Date(`${lastVisitOn}T00:00:00Z`) : null,
          nextVisitDue: new Date(`${due}T00:00:00Z`),
          ...(classChanged ? { riskClass, riskClassOn: new Date(`${input.visitedOn}T00:00:00Z`) } : {}),
        });
        records.push({
          action: classChanged ? "assistance.risk_class" : "assistance.visit_clock", entityType: "assistance_file", entityId: householdId, householdId,
          before: fileBefore, after: fileAfter, reason,
        });
      }
      const visit = toVisit(row);
      await appendAuditMany(tx, auditActor, [
        { action: "visit.create", entityType: "visit", entityId: row.id, householdId, after: visit },
        ...records,
      ], at);
      return visit;
    });
    // A year's income found on the visit: the rules read it (after commit).
    if (changes.income) await warnAfterChange(deps, [householdId]);
    return { visit, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const stored = await findVisit(deps.prisma, input.id);
    if (!stored) throw error;
    return answerRetry(stored, householdId, input);
  }
}

function answerRetry(stored: VisitRow, householdId: string, input: VisitInput): { visit: Visit; created: boolean } {
  if (!sameContent(stored, householdId, input)) throw new AppError("VISIT_ID_CONFLICT");
  return { visit: toVisit(stored), created: false };
}

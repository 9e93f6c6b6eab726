import { nextVisitDue, previousQuarter, quarterBounds, quarterOf, type Quarter } from "@fanpin/domain/assistance/deadlines";
import { riskClassRule, type RiskClass } from "@fanpin/domain/assistance/rules";
import type { Review, ZReviewInput, ZRiskClassRequest } from "@fanpin/domain/assistance-schemas";
import type { z } from "zod";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError, fieldError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAuditMany, type AuditRecord } from "../audit/audit.repository.ts";
import { accessOf } from "../assistance/access.ts";
import { findFile, householdAccessible, isoOf, updateFile, type AssistanceFileRow } from "../assistance/assistance-files.repository.ts";
import { fileContext } from "../assistance/assistance-files.service.ts";
import * as repo from "./reviews.repository.ts";

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** What the risk-class route answers: the file's fields it changed (they make part of ZAssistanceFile). */
export type RiskClassResult = { householdId: string; riskClass: RiskClass | null; riskClassOn: string | null; nextVisitDue: string; version: number };

/** The file the actor may act on: reachable (area, or a HELPER's assignment) and open; 404 otherwise. */
async function reachableFile(deps: Deps, actor: Actor, householdId: string, open: boolean): Promise<AssistanceFileRow> {
  if (!(await householdAccessible(deps.prisma, householdId, accessOf(actor)))) throw new AppError("ASSISTANCE_FILE_NOT_FOUND");
  const file = await findFile(deps.prisma, householdId);
  if (!file || (open && file.closedOn !== null)) throw new AppError("ASSISTANCE_FILE_NOT_FOUND");
  return file;
}

const classWords = (deps: Deps, code: string | null) => (code ? (riskClassRule(deps.config.rules.assistance, code)?.label ?? code) : "未分类");

/**
 * Sets the household's ABC class (风险类别). The class decides how often it
 * must be visited, so the next visit's due date is worked out again from the
 * last visit (or the opening) with the new interval.
 */
export async function setRiskClass(
  deps: Deps, actor: Actor, householdId: string, input: z.output<typeof ZRiskClassRequest>,
): Promise<RiskClassResult> {
  const file = await reachableFile(deps, actor, householdId, true);
  const ctx = await fileContext(deps);
  const due = nextVisitDue(file.lastVisitOn ? isoOf(file.lastVisitOn) : null, isoOf(file.openedOn), input.riskClass, ctx.rules, ctx.calendar);
  return withTransaction(deps.prisma, async (tx) => {
    const ok = await updateFile(tx, householdId, { riskClass: input.riskClass, riskClassOn: dateOf(ctx.today), nextVisitDue: dateOf(due) }, file.version);
    if (!ok) throw new AppError("VERSION_CONFLICT");
    await appendAuditMany(tx, actor, [{
      action: "assistance.risk_class", entityType: "assistance_file", entityId: householdId, householdId,
      before: { riskClass: file.riskClass, nextVisitDue: isoOf(file.nextVisitDue) },
      after: { riskClass: input.riskClass, riskClassOn: ctx.today, nextVisitDue: due },
      reason: input.reason,
    }], deps.clock());
    return { householdId, riskClass: input.riskClass, riskClassOn: ctx.today, nextVisitDue: due, version: file.version + 1 };
  });
}

export function toReview(r: repo.ReviewRow): Review {
  return {
    id: r.id, householdId: r.householdId, quarter: r.quarter, reviewedOn: isoOf(r.reviewedOn),
    incomeChangeYuan: r.incomeChangeFen === null ? null : Number(r.incomeChangeFen) / 100,
    riskEased: r.riskEased, effect: r.effect, planChanges: r.planChanges, riskClass: (r.riskClass as RiskClass | null) ?? null,
    reviewer: r.reviewerName, createdAt: r.createdAt.toISOString(),
  };
}

export async function listReviews(deps: Deps, actor: Actor, householdId: string): Promise<Review[]> {
  await reachableFile(deps, actor, householdId, false);
  return (await repo.listReviews(deps.prisma, householdId)).map(toReview);
}

/** The quarters a review may be recorded for today: the current one and the previous one. */
export function allowedQuarters(today: string): Quarter[] {
  const current = quarterOf(today);
  return [current, previousQuarter(current)];
}

/**
 * Records the quarterly review (季度帮扶成效分析) of a household: for the
 * current or the previous quarter, not a quarter that ended before the file
 * opened, once per household and quarter (the unique index decides between
 * two concurrent requests). The file remembers the latest quarter reviewed
 * and takes the class the review sets (its visit interval with it).
 */
export async function recordReview(
  deps: Deps, actor: Actor, householdId: string, input: z.output<typeof ZReviewInput>,
): Promise<Review> {
  const file = await reachableFile(deps, actor, householdId, true);
  const ctx = await fileContext(deps);
  const quarter = input.quarter as Quarter;
  const bounds = quarterBounds(quarter);
  const openedOn = isoOf(file.openedOn);
  if (!allowedQuarters(ctx.today).includes(quarter) || bounds.lastDay < openedOn) {
    throw new AppError("REVIEW_QUARTER_NOT_ALLOWED", { details: [{ path: "quarter", message: `可录入 ${allowedQuarters(ctx.today).join("、")}，且须在该户纳入帮扶（${openedOn}）之后` }] });
  }
  if (input.reviewedOn > ctx.today) throw fieldError("reviewedOn", `分析日期不能晚于今天（${ctx.today}）`);
  if (input.reviewedOn < bounds.firstDay) throw fieldError("reviewedOn", `分析日期不能早于该季度的第一天（${bounds.firstDay}）`);
  if (await repo.findReview(deps.prisma, householdId, quarter)) throw new AppError("REVIEW_ALREADY_RECORDED");

  const classChanges = input.riskClass !== null && input.riskClass !== file.riskClass;
  try {
    return await withTransaction(deps.prisma, async (tx) => {
      const row = await repo.insertReview(tx, {
        householdId, villageCode: file.villageCode, quarter, reviewedOn: input.reviewedOn,
        incomeChangeFen: input.incomeChangeYuan === null ? null : BigInt(Math.round(input.incomeChangeYuan * 100)),
        riskEased: input.riskEased, effect: input.effect, planChanges: input.planChanges?.trim() ? input.planChanges : null,
        riskClass: input.riskClass, reviewerId: actor.id, reviewerName: actor.displayName,
      });
      // Read again inside the transaction: a visit may have moved the file since.
      const current = (await findFile(tx, householdId))!;
      const patch: Parameters<typeof updateFile>[2] = {};
      if (current.lastReviewQuarter === null || current.lastReviewQuarter < quarter) patch.lastReviewQuarter = quarter;
      const records: AuditRecord[] = [];
      if (classChanges) {
        const due = nextVisitDue(current.lastVisitOn ? isoOf(current.lastVisitOn) : null, isoOf(current.openedOn), input.riskClass, ctx.rules, ctx.calendar);
        Object.assign(patch, { riskClass: input.riskClass, riskClassOn: dateOf(ctx.today), nextVisitDue: dateOf(due) });
        records.push({
          action: "assistance.risk_class", entityType: "assistance_file", entityId: householdId, householdId,
          before: { riskClass: current.riskClass, nextVisitDue: isoOf(current.nextVisitDue) },
          after: { riskClass: input.riskClass, riskClassOn: ctx.today, nextVisitDue: due },
          reason: `${quarter} 季度帮扶成效分析调整为${classWords(deps, input.riskClass)}`,
        });
      }
      if (Object.keys(patch).length) await updateFile(tx, householdId, patch);
      const review = toReview(row);
      records.unshift({ action: "review.create", entityType: "quarterly_review", entityId: row.id, householdId, after: review });
      await appendAuditMany(tx, actor, records, deps.clock());
      return review;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("REVIEW_ALREADY_RECORDED");
    throw error;
  }
}

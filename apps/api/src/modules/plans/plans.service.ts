import { CONDITION_KINDS, type ConditionKind } from "@fanpin/domain/assistance/conditions";
import { catalogueItem, MEASURE_STATES, MEASURE_TRANSITIONS, type MeasureState } from "@fanpin/domain/assistance/rules";
import type {
  Conditions, Measure, Plan, ZConditionInput, ZMeasureInput, ZMeasureStateRequest, ZPlanUpdate, ZYearExpenseInput, ZYearIncomeInput,
} from "@fanpin/domain/assistance-schemas";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import { summarizeIncome } from "@fanpin/domain/collection-form";
import type { z } from "zod";
import { withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError, fieldError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAudit } from "../audit/audit.repository.ts";
import { accessOf } from "../assistance/access.ts";
import { findFile, householdAccessible, updateFile } from "../assistance/assistance-files.repository.ts";
import * as conditions from "./conditions.repository.ts";
import * as repo from "./plans.repository.ts";
import { warnAfterChange } from "../early-warnings/early-warnings.service.ts";

/**
 * The plan (一户一策) and its measures, and the conditions tracked over time
 * (两不愁三保障, yearly incomes and rigid expenses). Every change is dated and
 * audited; the audit append is each transaction's last write.
 */

const ENJOYED: readonly MeasureState[] = ["IN_PROGRESS", "DELIVERED"];

/** The file of a household the actor reaches; 404 otherwise (or when it must be open and is not). */
async function fileFor(deps: Deps, actor: Actor, householdId: string, mustBeOpen: boolean) {
  if (!(await householdAccessible(deps.prisma, householdId, accessOf(actor)))) throw new AppError("ASSISTANCE_FILE_NOT_FOUND");
  const file = await findFile(deps.prisma, householdId);
  if (!file || (mustBeOpen && file.closedOn !== null)) throw new AppError("ASSISTANCE_FILE_NOT_FOUND");
  return file;
}

export async function getPlan(deps: Deps, actor: Actor, householdId: string): Promise<Plan> {
  const file = await fileFor(deps, actor, householdId, false);
  const measures = await repo.listMeasures(deps.prisma, householdId);
  return {
    householdId,
    summary: file.planSummary,
    updatedAt: file.planUpdatedAt?.toISOString() ?? null,
    version: file.version,
    measures,
    enjoyedPolicies: [...new Set(measures.filter((m) => ENJOYED.includes(m.state)).map((m) => m.name))],
  };
}

export async function updatePlan(deps: Deps, actor: Actor, householdId: string, body: z.infer<typeof ZPlanUpdate>): Promise<Plan> {
  const file = await fileFor(deps, actor, householdId, true);
  const now = deps.clock();
  await withTransaction(deps.prisma, async (tx) => {
    if (!(await updateFile(tx, householdId, { planSummary: body.summary, planUpdatedAt: now }, body.version))) throw new AppError("VERSION_CONFLICT");
    await appendAudit(tx, actor, {
      action: "plan.update", entityType: "assistance_file", entityId: householdId, householdId,
      before: { summary: file.planSummary }, after: { summary: body.summary },
    }, now);
  });
  return getPlan(deps, actor, householdId);
}

export async function addMeasure(deps: Deps, actor: Actor, householdId: string, body: z.infer<typeof ZMeasureInput>): Promise<Measure> {
  const file = await fileFor(deps, actor, householdId, true);
  const item = catalogueItem(deps.config.rules.assistance, body.catalogueCode);
  if (!item) throw new AppError("MEASURE_NOT_IN_CATALOGUE", { details: [{ path: "catalogueCode", message: "请从本地的措施目录中选择" }] });
  const name = body.name?.trim() || (item.type === "OTHER" || item.code === "OTHER" ? "" : item.name);
  if (!name) throw fieldError("name", "选择“其他”时请填写措施名称");
  if (body.startsOn && body.endsOn && body.endsOn < body.startsOn) throw fieldError("endsOn", "结束日期不能早于开始日期");
  const now = deps.clock();
  return withTransaction(deps.prisma, async (tx) => {
    const measure = await repo.insertMeasure(tx, {
      householdId, villageCode: file.villageCode, catalogueCode: item.code, name,
      type: body.type ?? item.type, department: body.department ?? item.department,
      amountYuan: body.amountYuan !== undefined ? body.amountYuan : item.amountYuan,
      period: body.period !== undefined ? body.period : item.period,
      startsOn: body.startsOn ?? null, endsOn: body.endsOn ?? null, memberName: body.memberName ?? null,
      note: body.note?.trim() || null, createdById: actor.id,
    }, now);
    await appendAudit(tx, actor, { action: "measure.create", entityType: "assistance_measure", entityId: measure.id, householdId, after: measure }, now);
    return measure;
  });
}

export async function changeMeasureState(
  deps: Deps, actor: Actor, householdId: string, measureId: string, body: z.infer<typeof ZMeasureStateRequest>,
): Promise<Measure> {
  await fileFor(deps, actor, householdId, true);
  const measure = await repo.findMeasure(deps.prisma, householdId, measureId);
  if (!measure) throw new AppError("MEASURE_NOT_FOUND");
  if (measure.version !== body.version) throw new AppError("VERSION_CONFLICT");
  if (!MEASURE_TRANSITIONS[measure.state].includes(body.to)) {
    throw new AppError("MEASURE_STATE_NOT_ALLOWED", {
      message: `帮扶措施“${measure.name}”当前为“${MEASURE_STATES[measure.state]}”，不能改为“${MEASURE_STATES[body.to]}”`,
    });
  }
  const today = todayInChina(deps.clock());
  if (body.on > today) throw fieldError("on", `日期不能晚于今天（${today}）`);
  const reason = body.reason?.trim() || null;
  if (body.to === "STOPPED" && !reason) throw fieldError("reason", "终止措施须填写终止原因");
  const now = deps.clock();
  return withTransaction(deps.prisma, async (tx) => {
    const after = await repo.updateMeasureState(tx, measureId, body.version, {
      state: body.to,
      ...(body.to === "DELIVERED" ? { deliveredOn: body.on } : {}),
      ...(body.to === "STOPPED" ? { stoppedOn: body.on, stopReason: reason } : {}),
    });
    if (!after) throw new AppError("VERSION_CONFLICT");
    await appendAudit(tx, actor, {
      action: "measure.state", entityType: "assistance_measure", entityId: measureId, householdId,
      before: { state: measure.state }, after: { state: after.state, on: body.on }, reason,
    }, now);
    return after;
  });
}

// ---------------------------------------------------------------- conditions

/** A household the actor may read in their area (HELPER: only assigned), file or not; 404 otherwise. */
async function assertReadable(deps: Deps, actor: Actor, householdId: string) {
  if (!(await householdAccessible(deps.prisma, householdId, accessOf(actor)))) throw new AppError("HOUSEHOLD_NOT_FOUND");
}

export async function getConditions(deps: Deps, actor: Actor, householdId: string): Promise<Conditions> {
  await assertReadable(deps, actor, householdId);
  return conditionsOf(deps, householdId);
}

async function conditionsOf(deps: Deps, householdId: string): Promise<Conditions> {
  const [history, incomes, expenses] = await Promise.all([
    conditions.listConditions(deps.prisma, householdId),
    conditions.listIncomeYears(deps.prisma, householdId),
    conditions.listExpenseYears(deps.prisma, householdId),
  ]);
  const seen = new Set<string>();
  const latest = history.filter((c) => (seen.has(c.kind) ? false : (seen.add(c.kind), true)));
  return {
    householdId,
    latest,
    history,
    incomes: incomes.map((i) => {
      const s = summarizeIncome(i.income, i.memberCount);
      return { year: i.year, income: i.income, memberCount: i.memberCount, netYuan: s.net, perCapitaYuan: s.perCapita, note: i.note, updatedAt: i.updatedAt.toISOString() };
    }),
    expenses: expenses.map((e) => ({ ...e, totalYuan: conditions.expenseTotal(e), updatedAt: e.updatedAt.toISOString() })),
  };
}

export async function recordCondition(deps: Deps, actor: Actor, householdId: string, body: z.infer<typeof ZConditionInput>): Promise<Conditions> {
  await assertReadable(deps, actor, householdId);
  const today = todayInChina(deps.clock());
  if (body.observedOn > today) throw fieldError("observedOn", `日期不能晚于今天（${today}）`);
  const now = deps.clock();
  const note = body.note?.trim() || null;
  await withTransaction(deps.prisma, async (tx) => {
    const { id } = await conditions.insertCondition(tx, {
      householdId, kind: body.kind as ConditionKind, value: body.value, observedOn: body.observedOn, note, source: "ENTRY",
      visitId: null, recordedById: actor.id, recordedByName: actor.username,
    });
    await appendAudit(tx, actor, {
      action: "condition.record", entityType: "condition_record", entityId: id, householdId,
      after: { kind: body.kind, label: CONDITION_KINDS[body.kind as ConditionKind], value: body.value, observedOn: body.observedOn, note },
    }, now);
  });
  return conditionsOf(deps, householdId);
}

function assertYear(deps: Deps, year: number) {
  const current = Number(todayInChina(deps.clock()).slice(0, 4));
  if (year > current) throw fieldError("year", `年度不能晚于今年（${current}）`);
}

export async function putIncomeYear(
  deps: Deps, actor: Actor, householdId: string, year: number, body: z.infer<typeof ZYearIncomeInput>,
): Promise<Conditions> {
  await assertReadable(deps, actor, householdId);
  assertYear(deps, year);
  const now = deps.clock();
  await withTransaction(deps.prisma, async (tx) => {
    const { before, after } = await conditions.upsertIncomeYear(tx, householdId, year, body.income, { memberCount: body.memberCount, note: body.note?.trim() || null });
    await appendAudit(tx, actor, {
      action: "income_year.update", entityType: "household_income_year", entityId: `${householdId}:${year}`, householdId,
      before: before && { ...before, updatedAt: undefined }, after: { ...after, updatedAt: undefined },
    }, now);
  });
  await warnAfterChange(deps, [householdId]);
  return conditionsOf(deps, householdId);
}

export async function putExpenseYear(
  deps: Deps, actor: Actor, householdId: string, year: number, body: z.infer<typeof ZYearExpenseInput>,
): Promise<Conditions> {
  await assertReadable(deps, actor, householdId);
  assertYear(deps, year);
  const now = deps.clock();
  await withTransaction(deps.prisma, async (tx) => {
    const { before, after } = await conditions.upsertExpenseYear(tx, householdId, year, body, body.note?.trim() || null);
    await appendAudit(tx, actor, {
      action: "expense_year.update", entityType: "household_expense_year", entityId: `${householdId}:${year}`, householdId,
      before: before && { ...before, updatedAt: undefined }, after: { ...after, updatedAt: undefined },
    }, now);
  });
  await warnAfterChange(deps, [householdId]);
  return conditionsOf(deps, householdId);
}

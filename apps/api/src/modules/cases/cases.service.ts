import { randomInt } from "node:crypto";
import { syncAssistanceFiles } from "../assistance/assistance-files.repository.ts";
import { areaScopePrefix, isWithinArea } from "@fanpin/domain/areas";
import type { CaseDetail, CaseSummary, ZCaseListQuery, ZOpenCaseRequest } from "@fanpin/domain/case-schemas";
import { todayInChina, type WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";
import type { Actor as ProcedureActor, CaseAction } from "@fanpin/domain/procedures/actions";
import {
  availableActions, decideAction, deadlineUnit, limitDeadline, openCase as openDomainCase, type CaseRuleViolation, type CaseState, type HouseholdChange, type RoundRecords,
} from "@fanpin/domain/procedures/engine";
import { stageLabelIn, type ProcedureKind } from "@fanpin/domain/procedures/procedure";
import type { LeadRecord, VerificationRecord } from "@fanpin/domain/procedures/records";
import { identificationFor, procedureIn, ruleSet, type LocalRules } from "@fanpin/domain/procedures/rules";
import { CASE_STAGE_LABELS, isTerminal } from "@fanpin/domain/procedures/stages";
import type { z } from "zod";
import type { Tx } from "../../db/prisma.ts";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAuditMany, appendChained, auditContent, SYSTEM_AUDIT_ACTOR, type AuditActor, type AuditRecord } from "../audit/audit.repository.ts";
import { maskPersonalData } from "../../lib/personal-data.ts";
import { findAreaById } from "../areas/areas.repository.ts";
import { applyCollectionForm } from "../households/households.service.ts";
import { trackedFactsOf } from "../plans/conditions.repository.ts";
import { isoOf } from "../calendar/calendar.repository.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import { applyOutcomeToHousehold, type HouseholdOutcomeWrite } from "../households/households.repository.ts";
import { closeOpenLeadsOfHouseholdByCase } from "../leads/leads.repository.ts";
import * as repo from "./cases.repository.ts";
import { deadlineStatus } from "./deadline-status.ts";
import { warnAfterChange } from "../early-warnings/early-warnings.service.ts";

const scopeOf = (actor: Actor) => areaScopePrefix(actor.area.level, actor.area.code);
const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoOrNull = (d: Date | null) => (d ? isoOf(d) : null);

// ---------------------------------------------------------------- opening

/** The rule set a case runs under: the one it started in (legacy cases: the deployment's). */
export function rulesOfCase(deps: Deps, row: { ruleSet: string | null }): LocalRules {
  return (row.ruleSet && ruleSet(row.ruleSet)) || deps.config.rules;
}

/**
 * Opens a case. `alongside` runs further writes of the caller in the case's
 * transaction (a lead closed by the case: both commit or neither), before the
 * audit entries; it returns its own audit record, appended after the case's.
 */
export async function openCase(
  deps: Deps, actor: Actor, input: z.output<typeof ZOpenCaseRequest>, alongside?: (tx: Tx, caseId: string) => Promise<AuditRecord>,
): Promise<CaseDetail> {
  const household = await repo.findHouseholdForCase(deps.prisma, input.householdId, scopeOf(actor));
  if (!household) throw new AppError("HOUSEHOLD_NOT_FOUND", { details: [{ path: "householdId", message: "未找到该户，或该户不在您的管辖范围内" }] });
  const rules = deps.config.rules;
  const kind = input.procedure ?? identificationFor(rules, household)?.kind;
  if (!kind) {
    if (household.designation) {
      throw new AppError("ALREADY_DESIGNATED", { message: "该户已纳入监测，不能再次识别认定；风险已消除的请办理“风险消除”" });
    }
    throw new AppError("CASE_RULE_VIOLATION", { message: "本地区规则中没有适用于该户的识别认定程序", details: [{ path: "procedure", message: "请选择办理程序" }] });
  }
  const open = await repo.findOpenCaseOfHousehold(deps.prisma, household.id);
  if (open) throw new AppError("CASE_ALREADY_OPEN", { message: `该户已有正在办理的案件（${open.caseNo}），请在原案件中继续办理` });

  const calendar = await loadCalendar(deps.prisma);
  const now = deps.clock();
  const today = todayInChina(now);
  const opened = openDomainCase(kind, household, input.lead, actor.role, { rules, calendar, today });
  if (!opened.ok) {
    if (opened.violation.code === "PROCEDURE_NOT_APPLICABLE" && household.designation && procedureIn(rules, kind)?.purpose === "IDENTIFICATION") {
      throw new AppError("ALREADY_DESIGNATED", { message: opened.violation.message });
    }
    throw toAppError(opened.violation, "");
  }
  const state = opened.value;
  const caseNo = await newCaseNo(deps, today);

  const id = await mapUniqueViolation(() =>
    repo.createCase(deps.prisma, {
      caseNo, householdId: household.id, category: household.category, procedure: state.procedure, ruleSet: state.ruleSet, stage: state.stage,
      villageCode: household.villageCode, openedOn: state.openedOn, stageDeadline: state.deadline?.date ?? null,
      deadlineComplete: state.deadline?.complete ?? true, lead: input.lead, roundRecords: state.roundRecords, at: now, today, actor,
    }, async (tx, caseId) => {
      const extra = alongside ? await alongside(tx, caseId) : null;
      // An identification case takes up every open lead of the household (it is what verifies them now).
      const taken = procedureIn(rules, kind)?.purpose === "IDENTIFICATION"
        ? await closeOpenLeadsOfHouseholdByCase(tx, household.id, { caseId, on: today, byId: actor.id })
        : [];
      await appendAuditMany(tx, actor, [{
        action: "case.open", entityType: "case", entityId: caseId, householdId: household.id,
        after: { caseNo, procedure: state.procedure, ruleSet: state.ruleSet, stage: state.stage, deadline: state.deadline?.date ?? null, lead: input.lead },
      }, ...(extra ? [extra] : []), ...taken.map((l) => ({
        action: "lead.open-case", entityType: "lead", entityId: l.id, householdId: household.id,
        before: { state: "OPEN", version: l.version - 1 }, after: { state: "CASE_OPENED", version: l.version, caseId, leadNo: l.lead_no },
        reason: `该户已立案（案件 ${caseNo}），线索随案核实`,
      }))], now);
    }),
  );
  return getCase(deps, actor, id);
}

async function newCaseNo(deps: Deps, today: string): Promise<string> {
  for (;;) {
    const candidate = `${today.replaceAll("-", "")}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
    if (!(await repo.caseNoTaken(deps.prisma, candidate))) return candidate;
  }
}

async function mapUniqueViolation<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CASE_ALREADY_OPEN");
    throw error;
  }
}

// ---------------------------------------------------------------- acting

/**
 * Performs one action of the procedure. The case row is updated only if its
 * version is still the one the user saw, so of concurrent actions exactly one
 * wins; the history entry, the audit entry and any change to the household
 * commit with it or not at all.
 */
export async function performAction(deps: Deps, actor: Actor, caseId: string, action: CaseAction, version: number, record: unknown): Promise<CaseDetail> {
  const row = await repo.findCaseInScope(deps.prisma, caseId, scopeOf(actor));
  if (!row) throw new AppError("CASE_NOT_FOUND");
  if (row.version !== version) throw new AppError("VERSION_CONFLICT");
  await applyDecision(deps, row, action, actor.role, record, actor);
  return getCase(deps, actor, caseId);
}

/** Time-driven actions (publicity ending) taken by the system itself; false when the case has moved on meanwhile. */
export async function performSystemAction(deps: Deps, caseId: string, action: CaseAction): Promise<boolean> {
  const row = await repo.findCaseById(deps.prisma, caseId);
  if (!row) return false;
  try {
    await applyDecision(deps, row, action, "SYSTEM", null, null);
    return true;
  } catch (error) {
    if (error instanceof AppError && ["VERSION_CONFLICT", "CASE_WRONG_STAGE", "CASE_RULE_VIOLATION"].includes(error.code)) return false;
    throw error;
  }
}

async function applyDecision(deps: Deps, row: repo.CaseRow, action: CaseAction, role: ProcedureActor, record: unknown, actor: Actor | null) {
  const calendar = await loadCalendar(deps.prisma);
  const now = deps.clock();
  const today = todayInChina(now);
  const state = toState(deps, row);
  // Risk elimination is decided on what is tracked of the household (conditions, incomes, expenses), where recorded.
  if (row.procedure === "RISK_ELIMINATION") state.tracked = await trackedFactsOf(deps.prisma, row.householdId);
  const result = decideAction(state, action, role, record, { rules: rulesOfCase(deps, row), calendar, today });
  if (!result.ok) throw toAppError(result.violation, "record");
  const d = result.value;
  const closes = isTerminal(d.toStage);

  const auditActor: AuditActor = actor ?? SYSTEM_AUDIT_ACTOR("job");
  const write: repo.CaseActionWrite = {
    caseId: row.id, version: row.version, at: now,
    case: {
      stage: d.toStage, stageStartedOn: d.stageStartedOn, stageDeadline: d.stageDeadline?.date ?? null, deadlineComplete: d.stageDeadline?.complete ?? true,
      roundRecords: d.roundRecords, publicityPostedOn: d.publicity?.postedOn ?? null, publicityStartsOn: d.publicity?.startsOn ?? null,
      publicityEndsOn: d.publicity?.endsOn ?? null, assistFirst: d.assistFirst, returnCount: d.returnCount, monitoringType: d.monitoringType, closes,
    },
    event: {
      action, actedOn: today, actorId: actor?.id ?? null, actorName: actor?.username ?? "system", actorRole: actor?.role ?? null,
      fromStage: row.stage, toStage: d.toStage, record: record ?? null, stageDeadline: isoOrNull(row.stageDeadline), metDeadline: d.metDeadline,
      newDeadline: d.stageStarted && d.stageDeadline ? d.stageDeadline.date : null,
    },
    audit: {
      actorId: auditActor.id, actorName: auditActor.username, actorRole: auditActor.role, action: `case.${action}`, householdId: row.householdId,
      before: { stage: row.stage, version: row.version, deadline: isoOrNull(row.stageDeadline) },
      after: { stage: d.toStage, version: row.version + 1, deadline: d.stageDeadline?.date ?? null, record },
      reason: reasonOf(record), requestId: auditActor.requestId, ip: auditActor.ip,
    },
  };
  const form = action === "RECORD_VERIFICATION" ? (record as VerificationRecord).collectionForm : undefined;
  // Designation, the assist-first path or its end opens or closes the household's assistance file.
  const touchesFile = d.householdChange !== null || d.assistFirst !== row.assistFirst || (closes && row.assistFirst);
  if (!d.householdChange && !form && !touchesFile) {
    // The common case: the case alone changes, in one atomic statement.
    if (!(await repo.recordCaseAction(deps.prisma, write))) throw new AppError("VERSION_CONFLICT");
    return;
  }
  await withTransaction(deps.prisma, async (tx) => {
    if (!(await repo.recordCaseActionWithoutAudit(tx, write))) throw new AppError("VERSION_CONFLICT");
    const records: AuditRecord[] = [];
    if (d.householdChange) records.push(await applyHouseholdChange(tx, row, d.householdChange, verifiedRiskCauses(row, d.roundRecords), today));
    if (form) records.push(await applyCollectionForm(tx, row.householdId, form, `入户核实（案件 ${row.caseNo}）`, "record.collectionForm", now));
    if (touchesFile) records.push(...(await syncAssistanceFiles(tx, [row.householdId], { calendar, rules: deps.config.rules.assistance, today })));
    // Last, as the chain's lock is held from here to commit (decision 014).
    await appendChained(tx, [repo.caseActionAudit(write), ...records.map((r) => auditContent(auditActor, r, now))]);
  }).catch((error: unknown) => {
    // Two verifications racing for the same ID number meet the unique index: answer like the check does.
    if (isUniqueViolation(error)) throw new AppError("ID_NUMBER_TAKEN");
    throw error;
  });
  // A designation begun or ended, or the verified form's income: the rules read them (after commit).
  if (d.householdChange || form) await warnAfterChange(deps, [row.householdId]);
}

function reasonOf(record: unknown): string | null {
  if (record && typeof record === "object" && "reason" in record && typeof record.reason === "string") return record.reason;
  return null;
}

/**
 * The risks the case settled on: those of the verification's collection form, else the lead's (confirmed by
 * the verification). Empty when the case recorded none.
 */
function verifiedRiskCauses(row: repo.CaseRow, round: RoundRecords): string[] {
  const verified = round.verification?.collectionForm?.riskCauses;
  if (verified?.length) return verified;
  const lead = row.lead as { riskCauses?: unknown } | null;
  return Array.isArray(lead?.riskCauses) ? lead.riskCauses.filter((c): c is string => typeof c === "string") : [];
}

/**
 * The procedure's result on the household (a designation starts or ends, or the category is rolled back), and
 * with an identification the risks the case verified; returns its audit record.
 */
async function applyHouseholdChange(tx: Tx, row: repo.CaseRow, change: HouseholdChange, riskCauses: string[], today: string): Promise<AuditRecord> {
  const write: HouseholdOutcomeWrite = change.type === "DESIGNATE"
    ? { type: "DESIGNATE", designation: change.designation, monitoringType: change.monitoringType, on: today, caseId: row.id, riskCauses }
    : change.type === "END_DESIGNATION"
      ? { type: "END_DESIGNATION", on: today, caseId: row.id, reason: `${change.reason}（案件 ${row.caseNo}）` }
      : { ...change, riskCauses };
  const { before, after } = await applyOutcomeToHousehold(tx, row.householdId, write);
  const riskChanged = before.riskCauses.join() !== after.riskCauses.join();
  const view = (h: typeof before) => ({
    category: h.category, designation: h.designation, monitoringType: h.monitoringType, designatedAt: isoOrNull(h.designatedAt),
    ...(riskChanged ? { riskCauses: h.riskCauses } : {}),
  });
  return {
    action: change.type === "END_DESIGNATION" ? "household.designation_end" : change.type === "DESIGNATE" ? "household.designate" : "household.rollback",
    entityType: "household", entityId: row.householdId, householdId: row.householdId,
    before: view(before), after: view(after), reason: change.type === "END_DESIGNATION" ? write.type === "END_DESIGNATION" ? write.reason : null : `案件 ${row.caseNo}`,
  };
}

function toAppError(v: CaseRuleViolation, recordPath: string): AppError {
  const details = v.path ? [{ path: recordPath ? `${recordPath}.${v.path}` : v.path, message: v.message }] : [];
  switch (v.code) {
    case "ROLE_NOT_ALLOWED": return new AppError("CASE_ACTION_NOT_ALLOWED", { message: v.message });
    case "CASE_CLOSED":
    case "WRONG_STAGE":
    case "ACTION_NOT_IN_PROCEDURE": return new AppError("CASE_WRONG_STAGE", { message: v.message });
    case "PROCEDURE_NOT_APPLICABLE":
    case "UNKNOWN_PROCEDURE": return new AppError("PROCEDURE_NOT_APPLICABLE", { message: v.message, details });
    default: return new AppError("CASE_RULE_VIOLATION", { message: v.message, details });
  }
}

export function toState(deps: Deps, row: repo.CaseRow): CaseState {
  const rr = (row.roundRecords ?? {}) as Partial<RoundRecords>;
  return {
    procedure: row.procedure as ProcedureKind,
    ruleSet: rulesOfCase(deps, row).preset,
    stage: row.stage,
    firstClueOn: isoOf(row.firstClueOn),
    openedOn: isoOf(row.openedOn),
    stageStartedOn: isoOf(row.stageStartedOn),
    stageDeadline: isoOrNull(row.stageDeadline),
    roundRecords: { consent: rr.consent ?? null, verification: rr.verification ?? null, appraisal: rr.appraisal ?? null, assessment: rr.assessment ?? null },
    publicity: row.publicityPostedOn && row.publicityStartsOn && row.publicityEndsOn
      ? { postedOn: isoOf(row.publicityPostedOn), startsOn: isoOf(row.publicityStartsOn), endsOn: isoOf(row.publicityEndsOn) }
      : null,
    assistFirst: row.assistFirst,
    returnCount: row.returnCount,
    monitoringType: row.monitoringType,
    villageCode: row.villageCode,
  };
}

// ---------------------------------------------------------------- reading

export async function getCase(deps: Deps, actor: Actor, id: string): Promise<CaseDetail> {
  // In parallel: the history is only returned once the case is found within the user's area.
  const [row, events, calendar] = await Promise.all([
    repo.findCaseInScope(deps.prisma, id, scopeOf(actor)), repo.listEventsWithActorNames(deps.prisma, id), loadCalendar(deps.prisma),
  ]);
  if (!row) throw new AppError("CASE_NOT_FOUND");
  const today = todayInChina(deps.clock());
  const state = toState(deps, row);
  const rules = rulesOfCase(deps, row);
  const procedure = procedureIn(rules, row.procedure)!;
  return {
    ...toSummary(deps, row, calendar, today),
    ruleSet: rules.preset,
    firstClueOn: state.firstClueOn,
    limitDeadline: limitDeadline(procedure, state.firstClueOn, calendar)?.date ?? null,
    lead: row.lead,
    roundRecords: maskPersonalData(state.roundRecords) as CaseDetail["roundRecords"],
    publicity: state.publicity,
    closedAt: row.closedAt?.toISOString() ?? null,
    events: events.map((e) => ({
      seq: e.seq, action: e.action, at: e.at.toISOString(), actedOn: isoOf(e.actedOn),
      actorName: e.actorDisplayName || e.actorName, actorUsername: e.actorName, actorRole: e.actorRole,
      fromStage: e.fromStage, toStage: e.toStage, record: maskPersonalData(e.record), stageDeadline: isoOrNull(e.stageDeadline),
      metDeadline: e.metDeadline, newDeadline: isoOrNull(e.newDeadline),
    })),
    availableActions: availableActions(state, actor.role, rules),
  };
}

export function toSummary(deps: Deps, row: repo.CaseSummaryRow, calendar: WorkingDayCalendar, today: string): CaseSummary {
  const h = row.household;
  const procedure = procedureIn(rulesOfCase(deps, row), row.procedure);
  const ref = (a: { id: number; code: string; name: string; level: string }) => ({ id: a.id, code: a.code, name: a.name, level: a.level }) as CaseSummary["household"]["village"];
  const open = !isTerminal(row.stage);
  return {
    id: row.id,
    caseNo: row.caseNo,
    category: row.category,
    procedure: row.procedure as ProcedureKind,
    procedureLabel: procedure?.label ?? row.procedure,
    stage: row.stage,
    stageLabel: procedure ? stageLabelIn(procedure, row.stage, CASE_STAGE_LABELS) : CASE_STAGE_LABELS[row.stage],
    monitoringType: row.monitoringType,
    household: {
      id: h.id, householdNo: h.householdNo, headName: h.headName, designation: h.designation, monitoringType: h.monitoringType,
      township: ref(h.village.parent!), village: ref(h.village),
    },
    riskCauses: (row.lead as LeadRecord).riskCauses ?? [],
    openedOn: isoOf(row.openedOn),
    stageStartedOn: isoOf(row.stageStartedOn),
    deadline: open && row.stageDeadline ? deadlineStatus(calendar, today, isoOf(row.stageDeadline), row.deadlineComplete, procedure ? deadlineUnit(procedure, row.stage) : "WORKING_DAYS") : null,
    returnCount: row.returnCount,
    assistFirst: row.assistFirst,
    version: row.version,
  };
}

export async function listCases(deps: Deps, actor: Actor, query: z.output<typeof ZCaseListQuery>) {
  const conditions: repo.CaseConditions = { scopes: [scopeOf(actor)] };
  if (query.areaId !== undefined) {
    const area = await findAreaById(deps.prisma, query.areaId);
    if (!area || !isWithinArea(actor.area, area.code)) throw new AppError("AREA_NOT_FOUND");
    conditions.scopes.push(areaScopePrefix(area.level, area.code));
  }
  if (query.status !== "all") conditions.status = query.status;
  if (query.stage) conditions.stages = [query.stage];
  if (query.category) conditions.category = query.category;
  if (query.procedure) conditions.procedure = query.procedure;
  if (query.monitoringType) conditions.monitoringType = query.monitoringType;
  if (query.householdId) conditions.householdId = query.householdId;
  if (query.q) conditions.q = query.q;
  if (query.riskCause) conditions.riskCause = query.riskCause;
  const calendar = await loadCalendar(deps.prisma);
  const today = todayInChina(deps.clock());
  const limits = { today, nextWorkingDay: calendar.nextWorkingDay(today) };
  const { items, byDeadline } = await repo.findCasePage(deps.prisma, conditions, limits, undefined, (query.page - 1) * query.pageSize, query.pageSize);
  const total = byDeadline.reduce((n, d) => n + d.count, 0);
  return { items: items.map((r) => toSummary(deps, r, calendar, today)), total, page: query.page, pageSize: query.pageSize };
}


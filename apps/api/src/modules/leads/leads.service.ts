import { randomInt } from "node:crypto";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import { leadDeadlines } from "@fanpin/domain/detection/lead-deadlines";
import type { ClueSource, ReceiveLeadRequest } from "@fanpin/domain/detection/lead-schemas";
import { areaScopePrefix } from "@fanpin/domain/areas";
import type { Db, PrismaClient, Tx } from "../../db/prisma.ts";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAudit, type AuditActor } from "../audit/audit.repository.ts";

import { loadCalendar } from "../calendar/calendar.service.ts";
import { addCalendarDays, type WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";
import {
  CLUE_SOURCE_CODES, CLUE_SOURCES, LEAD_STATE_LABELS, type LeadBacklog, type LeadDetail, type LeadFigures, type LeadPage, type LeadSummary,
  type ZDismissLeadRequest, type ZLeadFiguresQuery, type ZLeadListQuery, type ZOpenCaseFromLeadRequest,
} from "@fanpin/domain/detection/lead-schemas";
import { EARLY_WARNING_RULES } from "@fanpin/domain/detection/early-warning-rules";
import type { LeadSource } from "@fanpin/domain/procedures/records";
import type { CaseDetail } from "@fanpin/domain/case-schemas";
import type { z } from "zod";
import { can } from "@fanpin/domain/roles";
import { getAreaInScope } from "../areas/areas.service.ts";
import { isoOf } from "../calendar/calendar.repository.ts";
import { bucketOf, deadlineStatus } from "../cases/deadline-status.ts";
import { openCase } from "../cases/cases.service.ts";
import { decryptOrNull } from "../../lib/data-crypto.ts";
import { maskPhone } from "../../lib/personal-data.ts";
import { maskCitizenId } from "@fanpin/domain/citizen-id";
import * as repo from "./leads.repository.ts";

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * A clue as it comes in, from any source: staff (POST /api/leads), the public
 * self-report page, a department's list or an early-warning rule. Either a
 * registered household (already checked against the caller's area) or a
 * person in a village.
 */
export type ClueInput = {
  source: ClueSource;
  receivedOn: string;
  description: string;
  riskCauses: readonly string[];
  householdId?: string | null;
  person?: { name: string; villageId: number; villageCode: string } | null;
  phone?: string | null;
  idNumber?: string | null;
  reporterName?: string | null;
  /** SELF_REPORT: the reference the villager keeps (the status page finds the clue by it). */
  reference?: string | null;
  earlyWarningId?: string | null;
};

export type ReceivedClue = { leadId: string; leadNo: string; clueId: string; merged: boolean };

/**
 * Takes a clue in: merges it into the open lead of the same household (or,
 * for a person not registered, of the same ID number or phone whose last clue
 * is within the rule set's merge period), or opens a new lead handed to the
 * township on the next working day. A person whose ID number is a registered
 * member's is that member's household. `inTransaction` runs other writes of
 * the caller in the same transaction, before the audit entry (its last write).
 * A concurrent first clue on the same household (the open-lead unique index)
 * is retried once, and then merges.
 */
export async function receiveClue(
  deps: Deps, actor: AuditActor | null, input: ClueInput, inTransaction?: (tx: Tx, received: ReceivedClue) => Promise<void>,
): Promise<ReceivedClue> {
  const calendar = await loadCalendar(deps.prisma);
  const attempt = () => withTransaction(deps.prisma, async (tx) => {
    const received = await receiveIn(deps, tx, actor, input, calendar);
    if (inTransaction) await inTransaction(tx, received);
    await appendAudit(tx, actor, {
      action: received.merged ? "lead.merge-clue" : "lead.receive",
      entityType: "lead",
      entityId: received.leadId,
      householdId: input.householdId ?? null,
      after: {
        leadNo: received.leadNo, clueId: received.clueId, source: input.source, receivedOn: input.receivedOn, riskCauses: input.riskCauses,
        personName: input.person?.name ?? null, phone: input.phone ?? null, idNumber: input.idNumber ?? null, reference: input.reference ?? null,
      },
    }, deps.clock());
    return received;
  });
  try {
    return await attempt();
  } catch (error) {
    if (isUniqueViolation(error) && !(error instanceof AppError)) return attempt();
    throw error;
  }
}

async function receiveIn(
  deps: Deps, tx: Tx, actor: AuditActor | null, input: ClueInput, calendar: Awaited<ReturnType<typeof loadCalendar>>,
): Promise<ReceivedClue> {
  const keys = dataKeys();
  const rules = deps.config.rules.detection;
  let householdId = input.householdId ?? null;
  let village = input.person ? { id: input.person.villageId, code: input.person.villageCode } : null;
  let personName = input.person?.name ?? "";
  if (!householdId && input.idNumber) {
    const registered = await repo.findHouseholdOfMember(tx, keys.blindIndexCandidates("id", input.idNumber));
    if (registered) householdId = registered.id;
  }
  if (householdId) {
    const h = await repo.findHouseholdForLead(tx, householdId, "");
    if (!h) throw new AppError("HOUSEHOLD_NOT_FOUND", { details: [{ path: "householdId", message: "未找到该户，或该户不在您的管辖范围内" }] });
    village = { id: h.villageId, code: h.villageCode };
    personName = personName || h.headName;
  }
  if (!village) throw new AppError("VALIDATION_FAILED", { details: [{ path: "villageId", message: "请选择村" }] });

  const phoneBidx = input.phone ? keys.blindIndex("phone", input.phone) : null;
  const idBidx = input.idNumber ? keys.blindIndex("id", input.idNumber) : null;
  const received = dateOf(input.receivedOn);
  const mergeSince = new Date(received.getTime() - rules.mergeWithinDays * 86_400_000);
  const open = householdId
    ? await repo.lockOpenLeadOfHousehold(tx, householdId)
    : await repo.lockOpenLeadOfPerson(tx, idBidx, phoneBidx, mergeSince);

  const clue = {
    source: input.source,
    receivedOn: received,
    description: input.description,
    riskCauses: [...input.riskCauses],
    reporterName: input.reporterName ?? null,
    phoneEnc: input.phone ? keys.encrypt(input.phone) : null,
    reference: input.reference ?? null,
    phoneLast4Bidx: input.reference && input.phone ? keys.blindIndex("phone-last4", input.phone.slice(-4)) : null,
    earlyWarningId: input.earlyWarningId ?? null,
    takenById: actor?.id ?? null,
  };

  if (open) {
    await repo.widenLead(tx, open.id, {
      firstClueOn: open.firstClueOn < received ? open.firstClueOn : received,
      lastClueOn: open.lastClueOn > received ? open.lastClueOn : received,
      riskCauses: [...new Set([...open.riskCauses, ...input.riskCauses])],
    });
    const { id: clueId } = await repo.insertClue(tx, { ...clue, leadId: open.id });
    return { leadId: open.id, leadNo: open.leadNo, clueId, merged: true };
  }

  const { handedOn, deadline, complete } = leadDeadlines(input.receivedOn, rules, calendar);
  const leadNo = await newLeadNo(tx, todayInChina(deps.clock()));
  const { id: leadId } = await repo.insertLead(tx, {
    leadNo, householdId, personName: personName.slice(0, 50), villageId: village.id, villageCode: village.code,
    phoneEnc: clue.phoneEnc, phoneBidx, idNumberEnc: input.idNumber ? keys.encrypt(input.idNumber) : null, idNumberBidx: idBidx,
    riskCauses: [...input.riskCauses], description: input.description, firstClueOn: received, lastClueOn: received,
    handedOn: dateOf(handedOn), verifyDeadline: dateOf(deadline), deadlineComplete: complete, createdById: actor?.id ?? null,
  });
  const { id: clueId } = await repo.insertClue(tx, { ...clue, leadId });
  return { leadId, leadNo, clueId, merged: false };
}

async function newLeadNo(db: Tx | PrismaClient, today: string): Promise<string> {
  for (;;) {
    const candidate = `X${today.replaceAll("-", "")}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
    if (!(await repo.leadNoTaken(db, candidate))) return candidate;
  }
}

/** POST /api/leads: a clue taken by staff, about a household of their area or a person in a village of their area. */
export async function receiveLead(deps: Deps, actor: Actor, input: ReceiveLeadRequest): Promise<ReceivedClue> {
  const scope = areaScopePrefix(actor.area.level, actor.area.code);
  let person: ClueInput["person"] = null;
  if (input.householdId) {
    const h = await repo.findHouseholdForLead(deps.prisma, input.householdId, scope);
    if (!h) throw new AppError("HOUSEHOLD_NOT_FOUND", { details: [{ path: "householdId", message: "未找到该户，或该户不在您的管辖范围内" }] });
  } else {
    const v = await repo.findVillage(deps.prisma, { id: input.villageId! });
    if (!v || !v.code.startsWith(scope)) throw new AppError("AREA_NOT_FOUND", { details: [{ path: "villageId", message: "未找到该村，或该村不在您的管辖范围内" }] });
    person = { name: input.personName!, villageId: v.id, villageCode: v.code };
  }
  const today = todayInChina(deps.clock());
  if (input.receivedOn > today) throw new AppError("VALIDATION_FAILED", { details: [{ path: "receivedOn", message: "线索接收日期不能晚于今天" }] });
  return receiveClue(deps, actor, {
    source: input.source, receivedOn: input.receivedOn, description: input.description, riskCauses: input.riskCauses,
    householdId: input.householdId ?? null, person, phone: input.phone ?? null, idNumber: input.idNumber ?? null,
  });
}


// ---------------------------------------------------------------- reading

const scopeOf = (actor: Actor) => areaScopePrefix(actor.area.level, actor.area.code);
const BUCKET_KEYS = { OVERDUE: "overdue", DUE_TODAY: "dueToday", DUE_NEXT_WORKING_DAY: "dueNextWorkingDay", LATER: "later" } as const;

/** The user's area, narrowed by an area filter checked to lie within it. */
async function scopesOf(deps: Deps, actor: Actor, areaId: number | undefined): Promise<string[]> {
  const scopes = [scopeOf(actor)];
  if (areaId !== undefined) {
    const area = await getAreaInScope(deps.prisma, actor, areaId);
    scopes.push(areaScopePrefix(area.level, area.code));
  }
  return scopes;
}

function toLeadSummary(r: repo.LeadRow, calendar: WorkingDayCalendar, today: string): LeadSummary {
  const deadline = isoOf(r.verify_deadline);
  return {
    id: r.id,
    leadNo: r.lead_no,
    state: r.state,
    stateLabel: LEAD_STATE_LABELS[r.state],
    household: r.household_id && r.household_no ? { id: r.household_id, householdNo: r.household_no, headName: r.head_name ?? "" } : null,
    personName: r.person_name,
    village: { id: r.village_id, code: r.village_code, name: r.village_name, path: r.township_name ? `${r.township_name}/${r.village_name}` : r.village_name },
    sources: r.sources.filter((x): x is LeadSource => x in CLUE_SOURCES),
    sourceCount: r.sources.length,
    riskCauses: r.risk_causes,
    firstClueOn: isoOf(r.first_clue_on),
    handedOn: isoOf(r.handed_on),
    deadlineStatus: r.state === "OPEN" ? deadlineStatus(calendar, today, deadline, r.deadline_complete, "WORKING_DAYS") : null,
  };
}

/** GET /api/leads: the leads of the user's area and filters, open ones first by verify deadline, with the open ones' bucket counts. */
/** `db`: where the leads are read (readDb: the read replica when fit). */
export async function listLeads(deps: Deps, actor: Actor, query: z.output<typeof ZLeadListQuery>, db: Db = deps.prisma): Promise<LeadPage> {
  const [scopes, calendar] = await Promise.all([scopesOf(deps, actor, query.areaId), loadCalendar(deps.prisma)]);
  const today = todayInChina(deps.clock());
  const limits = { today, nextWorkingDay: calendar.nextWorkingDay(today) };
  const conditions: repo.LeadConditions = { scopes, state: query.state, source: query.source, q: query.q };
  if (query.status !== "all") conditions.status = query.status;
  const { items, byDeadline } = await repo.findLeadPage(db, conditions, limits, query.bucket, (query.page - 1) * query.pageSize, query.pageSize);
  const buckets = { overdue: 0, dueToday: 0, dueNextWorkingDay: 0, later: 0 };
  let all = 0;
  for (const { open, deadline, count } of byDeadline) {
    all += count;
    if (open) buckets[BUCKET_KEYS[bucketOf(calendar, today, isoOf(deadline))]] += count;
  }
  return {
    items: items.map((r) => toLeadSummary(r, calendar, today)),
    total: query.bucket ? buckets[BUCKET_KEYS[query.bucket]] : all,
    page: query.page,
    pageSize: query.pageSize,
    today,
    buckets,
  };
}

function warningOf(rule: string | null, facts: unknown): LeadDetail["clues"][number]["warning"] {
  if (!rule) return null;
  const f = facts && typeof facts === "object" && !Array.isArray(facts) ? (facts as Record<string, unknown>) : {};
  const label = (EARLY_WARNING_RULES as Record<string, string>)[rule] ?? rule;
  return { rule, label, facts: f };
}

/** GET /api/leads/:id: the lead with its clues (phones masked) and what the user may do with it. */
export async function getLead(deps: Deps, actor: Actor, id: string): Promise<LeadDetail> {
  const [row, calendar] = await Promise.all([repo.findLeadInScope(deps.prisma, id, scopeOf(actor)), loadCalendar(deps.prisma)]);
  if (!row) throw new AppError("LEAD_NOT_FOUND");
  const clues = await repo.findCluesOfLead(deps.prisma, id);
  const today = todayInChina(deps.clock());
  const phone = decryptOrNull(row.phone_enc);
  const idNumber = decryptOrNull(row.id_number_enc);
  const canVerify = row.state === "OPEN" && can(actor.role, "lead.verify");
  return {
    ...toLeadSummary(row, calendar, today),
    version: row.version,
    phone: phone ? maskPhone(phone) : null,
    idNumber: idNumber ? maskCitizenId(idNumber) : null,
    description: row.description,
    clues: clues.map((c) => {
      const p = decryptOrNull(c.phone_enc);
      return {
        id: c.id,
        source: (c.source in CLUE_SOURCES ? c.source : "DAILY_VISIT") as LeadSource,
        sourceLabel: (CLUE_SOURCES as Record<string, string>)[c.source] ?? c.source,
        receivedOn: isoOf(c.received_on),
        description: c.description,
        riskCauses: c.risk_causes,
        phone: p ? maskPhone(p) : null,
        reporterName: c.reporter_name,
        takenBy: c.taken_by,
        reference: c.reference,
        warning: warningOf(c.rule, c.facts),
      };
    }),
    case: row.case_id && row.case_no && row.case_opened_on ? { id: row.case_id, caseNo: row.case_no, openedOn: isoOf(row.case_opened_on) } : null,
    dismissReason: row.dismiss_reason,
    closedOn: row.closed_on ? isoOf(row.closed_on) : null,
    closedBy: row.closed_by,
    actions: canVerify ? ["OPEN_CASE", "DISMISS"] : [],
  };
}

// ---------------------------------------------------------------- ending a lead

/** POST /api/leads/:id/dismiss: ends the open lead with a reason, if the user saw its current version. */
export async function dismissLead(deps: Deps, actor: Actor, id: string, input: z.output<typeof ZDismissLeadRequest>): Promise<LeadDetail> {
  const row = await repo.findLeadInScope(deps.prisma, id, scopeOf(actor));
  if (!row) throw new AppError("LEAD_NOT_FOUND");
  if (row.state !== "OPEN") throw new AppError("LEAD_CLOSED");
  if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
  const now = deps.clock();
  const today = todayInChina(now);
  await withTransaction(deps.prisma, async (tx) => {
    if (!(await repo.dismissLead(tx, id, input.version, input.reason, today, actor.id))) throw new AppError("VERSION_CONFLICT");
    await appendAudit(tx, actor, {
      action: "lead.dismiss", entityType: "lead", entityId: id, householdId: row.household_id,
      before: { state: "OPEN", version: row.version }, after: { state: "DISMISSED", version: row.version + 1, closedOn: today }, reason: input.reason,
    }, now);
  });
  return getLead(deps, actor, id);
}

/**
 * POST /api/leads/:id/open-case: the verified lead opens the identification
 * case of its household (a person not yet registered: the household the
 * township registered for it, named in the request). The case's lead record
 * takes the first clue's source and the lead's first clue date, so a limit
 * counted from the first clue (the national 15 days) counts from it. The
 * lead closes in the case's transaction.
 */
export async function openCaseFromLead(deps: Deps, actor: Actor, id: string, input: z.output<typeof ZOpenCaseFromLeadRequest>): Promise<{ lead: LeadDetail; case: CaseDetail }> {
  const row = await repo.findLeadInScope(deps.prisma, id, scopeOf(actor));
  if (!row) throw new AppError("LEAD_NOT_FOUND");
  if (row.state !== "OPEN") throw new AppError("LEAD_CLOSED");
  if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
  const householdId = row.household_id ?? input.householdId;
  if (!householdId) {
    throw new AppError("VALIDATION_FAILED", { message: "该线索的对象尚未登记，请先登记家庭再立案", details: [{ path: "householdId", message: "请选择或登记家庭" }] });
  }
  if (row.household_id && input.householdId && input.householdId !== row.household_id) {
    throw new AppError("VALIDATION_FAILED", { details: [{ path: "householdId", message: "该线索已对应登记家庭，不能改为其他家庭" }] });
  }
  const source = ((await repo.firstClueSource(deps.prisma, id)) ?? "DAILY_VISIT") as LeadSource;
  const firstClueOn = isoOf(row.first_clue_on);
  const created = await openCase(deps, actor, {
    householdId, procedure: input.procedure, lead: { source, receivedOn: firstClueOn, riskCauses: input.riskCauses, description: input.description },
  }, async (tx, caseId) => {
    const today = todayInChina(deps.clock());
    if (!(await repo.closeLeadByCase(tx, id, input.version, { caseId, householdId, on: today, byId: actor.id }))) throw new AppError("VERSION_CONFLICT");
    return {
      action: "lead.open-case", entityType: "lead", entityId: id, householdId,
      before: { state: "OPEN", version: row.version, householdId: row.household_id },
      after: { state: "CASE_OPENED", version: row.version + 1, caseId, householdId, closedOn: today },
    };
  });
  return { lead: await getLead(deps, actor, id), case: created };
}

// ---------------------------------------------------------------- counts and figures

/** The open leads (total, overdue) for the queue tabs; null for a role that does not read leads. */
export async function leadCounts(deps: Deps, actor: Actor, areaId: number | undefined): Promise<{ total: number; overdue: number } | null> {
  if (!can(actor.role, "lead.read")) return null;
  return repo.countOpenLeads(deps.prisma, await scopesOf(deps, actor, areaId), todayInChina(deps.clock()));
}

/** GET /api/leads/backlog: every township under the user's area with its open leads, overdue, due today and oldest deadline. */
export async function getLeadBacklog(deps: Deps, actor: Actor): Promise<LeadBacklog> {
  const today = todayInChina(deps.clock());
  const rows = await repo.findLeadBacklog(deps.prisma, scopeOf(actor), today);
  const total = { open: 0, overdue: 0, dueToday: 0 };
  for (const r of rows) { total.open += r.open; total.overdue += r.overdue; total.dueToday += r.due_today; }
  return {
    today,
    townships: rows.map((r) => ({
      township: { id: r.id, code: r.code, name: r.name },
      district: r.district_id !== null ? { id: r.district_id, code: r.district_code!, name: r.district_name! } : null,
      open: r.open, overdue: r.overdue, dueToday: r.due_today, oldestDeadline: r.oldest ? isoOf(r.oldest) : null,
    })),
    total,
  };
}

/** GET /api/leads/figures: clues by source, leads by outcome and the time from first clue to case, over a period (default: this month). */
export async function getLeadFigures(deps: Deps, actor: Actor, query: z.output<typeof ZLeadFiguresQuery>): Promise<LeadFigures> {
  const today = todayInChina(deps.clock());
  const from = query.from ?? `${today.slice(0, 7)}-01`;
  const to = query.to ?? addCalendarDays(`${addCalendarDays(`${today.slice(0, 7)}-28`, 4).slice(0, 7)}-01`, -1);
  const scopes = await scopesOf(deps, actor, query.areaId);
  const [bySource, o] = await Promise.all([
    repo.countCluesBySource(deps.prisma, scopes, from, to), repo.summariseLeadOutcomes(deps.prisma, scopes, from, to),
  ]);
  const counts = new Map(bySource.map((r) => [r.source, r.count]));
  return {
    from, to,
    cluesBySource: CLUE_SOURCE_CODES.map((source) => ({ source, label: CLUE_SOURCES[source], count: counts.get(source) ?? 0 })),
    leadsByOutcome: { total: o.total, open: o.open, caseOpened: o.case_opened, dismissed: o.dismissed },
    clueToCase: {
      count: o.case_opened,
      averageDays: o.average === null ? null : Math.round(o.average * 10) / 10,
      medianDays: o.median,
      withinLimit: o.within,
    },
  };
}

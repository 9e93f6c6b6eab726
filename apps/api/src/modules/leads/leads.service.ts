import { randomInt } from "node:crypto";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import { leadDeadlines } from "@fanpin/domain/detection/lead-deadlines";
import type { ClueSource, ReceiveLeadRequest } from "@fanpin/domain/detection/lead-schemas";
import { areaScopePrefix } from "@fanpin/domain/areas";
import type { PrismaClient, Tx } from "../../db/prisma.ts";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAudit, type AuditActor } from "../audit/audit.repository.ts";

import { loadCalendar } from "../calendar/calendar.service.ts";
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


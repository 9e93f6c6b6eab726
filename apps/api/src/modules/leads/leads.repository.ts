import type { Db, Prisma, Tx } from "../../db/prisma.ts";

/**
 * Leads and their clues (packages/domain/src/detection). The only door to the
 * lead, lead_clue tables; merging locks the lead it merges into (FOR UPDATE),
 * so two clues arriving together for one household end up in one lead.
 */
export type LockedLead = { id: string; leadNo: string; version: number; firstClueOn: Date; lastClueOn: Date; riskCauses: string[] };

/** The open lead of a registered household, locked for the merge. */
export async function lockOpenLeadOfHousehold(tx: Tx, householdId: string): Promise<LockedLead | null> {
  const rows = await tx.$queryRaw<LockedLead[]>`
    SELECT id, lead_no AS "leadNo", version, first_clue_on AS "firstClueOn", last_clue_on AS "lastClueOn", risk_causes AS "riskCauses"
    FROM lead WHERE household_id = ${householdId}::uuid AND state = 'OPEN' FOR UPDATE`;
  return rows[0] ?? null;
}

/** An open lead on a person not registered, by ID number or phone, whose last clue is not before `since`: the oldest such, locked. */
export async function lockOpenLeadOfPerson(tx: Tx, idBidx: Uint8Array | null, phoneBidx: Uint8Array | null, since: Date): Promise<LockedLead | null> {
  if (!idBidx && !phoneBidx) return null;
  const rows = await tx.$queryRaw<LockedLead[]>`
    SELECT id, lead_no AS "leadNo", version, first_clue_on AS "firstClueOn", last_clue_on AS "lastClueOn", risk_causes AS "riskCauses"
    FROM lead
    WHERE state = 'OPEN' AND household_id IS NULL AND last_clue_on >= ${since}
      AND ((${idBidx}::bytea IS NOT NULL AND id_number_bidx = ${idBidx}::bytea) OR (${phoneBidx}::bytea IS NOT NULL AND phone_bidx = ${phoneBidx}::bytea))
    ORDER BY first_clue_on, created_at LIMIT 1 FOR UPDATE`;
  return rows[0] ?? null;
}

/** The registered household of a member with this ID number (blind index candidates), with its village. */
export async function findHouseholdOfMember(db: Db, idBidxCandidates: Uint8Array[]) {
  const member = await db.member.findFirst({
    where: { idNumberBidx: { in: idBidxCandidates.map((b) => Buffer.from(b)) } },
    select: { household: { select: { id: true, villageId: true, villageCode: true, headName: true } } },
  });
  return member?.household ?? null;
}

export function findHouseholdForLead(db: Db, householdId: string, scopePrefix: string) {
  return db.household.findFirst({
    where: { id: householdId, villageCode: { startsWith: scopePrefix } },
    select: { id: true, villageId: true, villageCode: true, headName: true },
  });
}

export function findVillage(db: Db, where: { id: number } | { code: string }) {
  return db.area.findFirst({ where: { ...where, level: "VILLAGE" }, select: { id: true, code: true, name: true } });
}

export async function leadNoTaken(db: Db, leadNo: string): Promise<boolean> {
  return (await db.lead.count({ where: { leadNo } })) > 0;
}

export async function insertLead(tx: Tx, data: Prisma.LeadUncheckedCreateInput): Promise<{ id: string }> {
  return tx.lead.create({ data, select: { id: true } });
}

export async function insertClue(tx: Tx, data: Prisma.LeadClueUncheckedCreateInput): Promise<{ id: string }> {
  return tx.leadClue.create({ data, select: { id: true } });
}

/** A merged clue widens the lead: earliest first clue, latest last clue, the union of risk causes. */
export function widenLead(tx: Tx, id: string, data: { firstClueOn: Date; lastClueOn: Date; riskCauses: string[] }) {
  return tx.lead.update({ where: { id }, data: { ...data, version: { increment: 1 } }, select: { id: true } });
}

import type { Db, Prisma, Tx } from "../../db/prisma.ts";
import { Prisma as PrismaNs } from "../../generated/prisma/client.ts";

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

// ---------------------------------------------------------------- reading

export type LeadConditions = {
  /** Area prefixes the lead's village must all start with (the user's area, the area filter). */
  scopes: string[];
  status?: "open" | "closed";
  state?: string;
  source?: string;
  q?: string;
};
export type BucketLimits = { today: string; nextWorkingDay: string };
type Bucket = "OVERDUE" | "DUE_TODAY" | "DUE_NEXT_WORKING_DAY" | "LATER";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

function whereSql(c: LeadConditions): Prisma.Sql {
  const parts: Prisma.Sql[] = c.scopes.map((s) => PrismaNs.sql`l.village_code LIKE ${`${s}%`}`);
  if (c.status === "open") parts.push(PrismaNs.sql`l.state = 'OPEN'`);
  if (c.status === "closed") parts.push(PrismaNs.sql`l.state <> 'OPEN'`);
  if (c.state) parts.push(PrismaNs.sql`l.state = ${c.state}::"LeadState"`);
  if (c.source) parts.push(PrismaNs.sql`EXISTS (SELECT 1 FROM lead_clue s WHERE s.lead_id = l.id AND s.source = ${c.source})`);
  if (c.q) {
    const like = `%${c.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    parts.push(PrismaNs.sql`(l.person_name ILIKE ${like} OR l.lead_no ILIKE ${like})`);
  }
  return parts.length ? PrismaNs.sql`WHERE ${PrismaNs.join(parts, " AND ")}` : PrismaNs.empty;
}

function bucketSql(bucket: Bucket | undefined, limits: BucketLimits): Prisma.Sql {
  if (!bucket) return PrismaNs.empty;
  const t = d(limits.today);
  const n = d(limits.nextWorkingDay);
  switch (bucket) {
    case "OVERDUE": return PrismaNs.sql`AND l.state = 'OPEN' AND l.verify_deadline < ${t}::date`;
    case "DUE_TODAY": return PrismaNs.sql`AND l.state = 'OPEN' AND l.verify_deadline = ${t}::date`;
    case "DUE_NEXT_WORKING_DAY": return PrismaNs.sql`AND l.state = 'OPEN' AND l.verify_deadline > ${t}::date AND l.verify_deadline <= ${n}::date`;
    default: return PrismaNs.sql`AND l.state = 'OPEN' AND l.verify_deadline > ${n}::date`;
  }
}

export type LeadRow = {
  id: string; lead_no: string; state: "OPEN" | "CASE_OPENED" | "DISMISSED"; household_id: string | null; household_no: string | null; head_name: string | null;
  person_name: string; village_id: number; village_code: string; village_name: string; township_name: string | null;
  sources: string[]; risk_causes: string[]; first_clue_on: Date; handed_on: Date; verify_deadline: Date; deadline_complete: boolean;
};

const SUMMARY_COLUMNS = PrismaNs.sql`
  l.id, l.lead_no, l.state::text AS state, l.household_id, h.household_no, h.head_name, l.person_name, l.village_id, l.village_code,
  v.name AS village_name, t.name AS township_name,
  ARRAY(SELECT s.source FROM lead_clue s WHERE s.lead_id = l.id GROUP BY s.source ORDER BY min(s.received_on), min(s.created_at)) AS sources,
  l.risk_causes, l.first_clue_on, l.handed_on, l.verify_deadline, l.deadline_complete`;
const SUMMARY_JOINS = PrismaNs.sql`
  LEFT JOIN household h ON h.id = l.household_id
  JOIN area v ON v.id = l.village_id
  LEFT JOIN area t ON t.id = v.parent_id`;

/** A page of leads (open ones first, by verify deadline) and the count of the filters' leads per state and deadline (bucket counts). */
export async function findLeadPage(db: Db, c: LeadConditions, limits: BucketLimits, bucket: Bucket | undefined, skip: number, take: number) {
  const where = whereSql(c);
  const [items, byDeadline] = await Promise.all([
    db.$queryRaw<LeadRow[]>`
      SELECT ${SUMMARY_COLUMNS} FROM lead l ${SUMMARY_JOINS}
      ${where} ${bucketSql(bucket, limits)}
      ORDER BY (l.state = 'OPEN') DESC, CASE WHEN l.state = 'OPEN' THEN l.verify_deadline END, l.closed_on DESC NULLS LAST, l.lead_no
      LIMIT ${take} OFFSET ${skip}`,
    db.$queryRaw<{ open: boolean; deadline: Date; count: number }[]>`
      SELECT (l.state = 'OPEN') AS open, l.verify_deadline AS deadline, count(*)::int AS count FROM lead l
      ${where} GROUP BY 1, 2`,
  ]);
  return { items, byDeadline };
}

export async function findLeadInScope(db: Db, id: string, scope: string) {
  const rows = await db.$queryRaw<(LeadRow & {
    version: number; phone_enc: Uint8Array | null; id_number_enc: Uint8Array | null; description: string; case_id: string | null;
    case_no: string | null; case_opened_on: Date | null; dismiss_reason: string | null; closed_on: Date | null; closed_by: string | null;
  })[]>`
    SELECT ${SUMMARY_COLUMNS}, l.version, l.phone_enc, l.id_number_enc, l.description, l.case_id, c.case_no, c.opened_on AS case_opened_on,
           l.dismiss_reason, l.closed_on, COALESCE(NULLIF(u.display_name, ''), u.username) AS closed_by
    FROM lead l ${SUMMARY_JOINS}
    LEFT JOIN "case" c ON c.id = l.case_id
    LEFT JOIN app_user u ON u.id = l.closed_by_id
    WHERE l.id = ${id}::uuid AND l.village_code LIKE ${`${scope}%`}`;
  return rows[0] ?? null;
}

export function findCluesOfLead(db: Db, leadId: string) {
  return db.$queryRaw<{
    id: string; source: string; received_on: Date; description: string; risk_causes: string[]; phone_enc: Uint8Array | null;
    reporter_name: string | null; taken_by: string | null; reference: string | null; rule: string | null; facts: unknown;
  }[]>`
    SELECT s.id, s.source, s.received_on, s.description, s.risk_causes, s.phone_enc, s.reporter_name,
           COALESCE(NULLIF(u.display_name, ''), u.username) AS taken_by, s.reference, w.rule, w.facts
    FROM lead_clue s
    LEFT JOIN app_user u ON u.id = s.taken_by_id
    LEFT JOIN early_warning w ON w.id = s.early_warning_id
    WHERE s.lead_id = ${leadId}::uuid
    ORDER BY s.received_on, s.created_at`;
}

// ---------------------------------------------------------------- closing

/** Dismisses the open lead if its version is still `version`; false otherwise. */
export async function dismissLead(tx: Tx, id: string, version: number, reason: string, on: string, byId: string): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE lead SET state = 'DISMISSED', dismiss_reason = ${reason}, closed_on = ${d(on)}::date, closed_by_id = ${byId}::uuid,
           version = version + 1, updated_at = now()
    WHERE id = ${id}::uuid AND version = ${version} AND state = 'OPEN'`;
  return n === 1;
}

/** Closes the open lead by the case opened on it (and names the household it was registered as); false when it moved meanwhile. */
export async function closeLeadByCase(tx: Tx, id: string, version: number, c: { caseId: string; householdId: string; on: string; byId: string }): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE lead SET state = 'CASE_OPENED', case_id = ${c.caseId}::uuid, household_id = ${c.householdId}::uuid, closed_on = ${d(c.on)}::date,
           closed_by_id = ${c.byId}::uuid, version = version + 1, updated_at = now()
    WHERE id = ${id}::uuid AND version = ${version} AND state = 'OPEN'`;
  return n === 1;
}

/**
 * Every other open lead of a household whose identification case just opened ends with that case: its clues are
 * what the case verifies now (a warning raised while the household was being registered from another lead, say).
 */
export function closeOpenLeadsOfHouseholdByCase(tx: Tx, householdId: string, c: { caseId: string; on: string; byId: string | null }) {
  return tx.$queryRaw<{ id: string; lead_no: string; version: number }[]>`
    UPDATE lead SET state = 'CASE_OPENED', case_id = ${c.caseId}::uuid, closed_on = ${d(c.on)}::date, closed_by_id = ${c.byId}::uuid,
           version = version + 1, updated_at = now()
    WHERE household_id = ${householdId}::uuid AND state = 'OPEN'
    RETURNING id, lead_no, version`;
}

/** The first clue's source of a lead. */
export async function firstClueSource(db: Db, leadId: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ source: string }[]>`
    SELECT source FROM lead_clue WHERE lead_id = ${leadId}::uuid ORDER BY received_on, created_at LIMIT 1`;
  return rows[0]?.source ?? null;
}

// ---------------------------------------------------------------- counts and figures

/** Open leads within the prefixes: total and overdue. */
export async function countOpenLeads(db: Db, scopes: string[], today: string): Promise<{ total: number; overdue: number }> {
  const rows = await db.$queryRaw<{ total: number; overdue: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE l.verify_deadline < ${d(today)}::date)::int AS overdue
    FROM lead l ${whereSql({ scopes, status: "open" })}`;
  return rows[0] ?? { total: 0, overdue: 0 };
}

/** Every township under the prefix with its open leads (counted per township prefix first, then joined to the townships). */
export function findLeadBacklog(db: Db, prefix: string, today: string) {
  return db.$queryRaw<{
    id: number; code: string; name: string; district_id: number | null; district_code: string | null; district_name: string | null;
    open: number; overdue: number; due_today: number; oldest: Date | null;
  }[]>`
    WITH open_leads AS (
      SELECT substr(l.village_code, 1, 9) AS prefix, count(*)::int AS open,
             count(*) FILTER (WHERE l.verify_deadline < ${d(today)}::date)::int AS overdue,
             count(*) FILTER (WHERE l.verify_deadline = ${d(today)}::date)::int AS due_today,
             min(l.verify_deadline) AS oldest
      FROM lead l WHERE l.state = 'OPEN' AND l.village_code LIKE ${`${prefix}%`}
      GROUP BY 1
    )
    SELECT t.id, t.code, t.name, p.id AS district_id, p.code AS district_code, p.name AS district_name,
           COALESCE(o.open, 0) AS open, COALESCE(o.overdue, 0) AS overdue, COALESCE(o.due_today, 0) AS due_today, o.oldest
    FROM area t
    LEFT JOIN area p ON p.id = t.parent_id
    LEFT JOIN open_leads o ON o.prefix = substr(t.code, 1, 9)
    WHERE t.level = 'TOWNSHIP' AND t.code LIKE ${`${prefix}%`}
    ORDER BY t.code`;
}

/** Clues received in [from, to] per source, within the prefixes. */
export function countCluesBySource(db: Db, scopes: string[], from: string, to: string) {
  return db.$queryRaw<{ source: string; count: number }[]>`
    SELECT s.source, count(*)::int AS count
    FROM lead_clue s JOIN lead l ON l.id = s.lead_id
    ${whereSql({ scopes })} AND s.received_on BETWEEN ${d(from)}::date AND ${d(to)}::date
    GROUP BY s.source`;
}

/**
 * Leads whose first clue lies in [from, to], within the prefixes: how many per
 * state, and over those that opened a case the calendar days from first clue
 * to the case (average, median) and how many were opened by their verify deadline.
 */
export async function summariseLeadOutcomes(db: Db, scopes: string[], from: string, to: string) {
  const rows = await db.$queryRaw<{
    total: number; open: number; case_opened: number; dismissed: number; average: number | null; median: number | null; within: number;
  }[]>`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE l.state = 'OPEN')::int AS open,
           count(*) FILTER (WHERE l.state = 'CASE_OPENED')::int AS case_opened,
           count(*) FILTER (WHERE l.state = 'DISMISSED')::int AS dismissed,
           (avg(l.closed_on - l.first_clue_on) FILTER (WHERE l.state = 'CASE_OPENED'))::float8 AS average,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY l.closed_on - l.first_clue_on) FILTER (WHERE l.state = 'CASE_OPENED'))::float8 AS median,
           count(*) FILTER (WHERE l.state = 'CASE_OPENED' AND l.closed_on <= l.verify_deadline)::int AS within
    FROM lead l
    ${whereSql({ scopes })} AND l.first_clue_on BETWEEN ${d(from)}::date AND ${d(to)}::date`;
  return rows[0]!;
}
// ---------------------------------------------------------------- monthly screening report

export type ScreeningLead = {
  lead_no: string; person_name: string; village_name: string; sources: string[]; first_clue_on: Date; verify_deadline: Date;
  state: string; case_no: string | null; dismiss_reason: string | null; closed_on: Date | null;
};

export function findTownships(db: Db) {
  return db.area.findMany({ where: { level: "TOWNSHIP" }, select: { code: true, name: true }, orderBy: { code: "asc" } });
}

export async function findScreeningKeys(db: Db, reportDate: string): Promise<string[]> {
  const rows = await db.reportSnapshot.findMany({ where: { kind: "MONTHLY_SCREENING", reportDate: d(reportDate) }, select: { areaCode: true } });
  return rows.map((r) => r.areaCode);
}

/** The township's leads whose first clue lies in [from, to], in lead number order; names only (no ID numbers). */
export function findScreeningLeads(db: Db, prefix: string, from: string, to: string) {
  return db.$queryRaw<ScreeningLead[]>`
    SELECT l.lead_no, l.person_name, v.name AS village_name,
           ARRAY(SELECT s.source FROM lead_clue s WHERE s.lead_id = l.id GROUP BY s.source ORDER BY min(s.received_on), min(s.created_at)) AS sources,
           l.first_clue_on, l.verify_deadline, l.state::text AS state, c.case_no, l.dismiss_reason, l.closed_on
    FROM lead l JOIN area v ON v.id = l.village_id LEFT JOIN "case" c ON c.id = l.case_id
    WHERE l.village_code LIKE ${`${prefix}%`} AND l.first_clue_on BETWEEN ${d(from)}::date AND ${d(to)}::date
    ORDER BY l.first_clue_on, l.lead_no`;
}

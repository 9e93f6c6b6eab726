import type { AreaLevel } from "@fanpin/domain/areas";
import type { HouseholdCategory } from "@fanpin/domain/categories";
import type { CaseStage } from "@fanpin/domain/procedures/stages";
import type { ProcedureRef } from "@fanpin/domain/procedures/queue-membership";
import type { Role } from "@fanpin/domain/roles";
import { ruleSet, WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import type { DeadlineBucket } from "@fanpin/domain/queues";
import type { Db, PrismaClient, Tx } from "../../db/prisma.ts";
import { enumList, scopeRange, startsWithPattern } from "../../db/sql.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { contentDigest, type AuditContent } from "../audit/audit-chain.ts";
import { appendAudit, insertChained, SYSTEM_AUDIT_ACTOR } from "../audit/audit.repository.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import { maskPersonalData } from "../../lib/personal-data.ts";

const areaRef = { select: { id: true, code: true, name: true, level: true } } as const;

export const caseSummaryInclude = {
  household: {
    select: {
      id: true, householdNo: true, headName: true, designation: true, monitoringType: true,
      village: { select: { id: true, code: true, name: true, level: true, parent: areaRef } },
    },
  },
} as const satisfies Prisma.CaseInclude;
export type CaseRow = Prisma.CaseGetPayload<{ include: typeof caseSummaryInclude }>;
/** What a case summary is made from (a CaseRow, or a queue's SQL row). */
export type CaseSummaryRow = Pick<CaseRow, "id" | "caseNo" | "category" | "procedure" | "ruleSet" | "monitoringType" | "stage" | "lead" | "openedOn"
  | "stageStartedOn" | "stageDeadline" | "deadlineComplete" | "returnCount" | "assistFirst" | "version"> & {
  household: Pick<CaseRow["household"], "id" | "householdNo" | "headName" | "designation" | "monitoringType"> & {
    village: { id: number; code: string; name: string; level: CaseRow["household"]["village"]["level"]; parent: CaseRow["household"]["village"]["parent"] };
  };
};

/**
 * The case, if it lies within the area. Found by id alone and the area tested
 * here: a `LIKE` on the prefix would make PostgreSQL plan the statement anew
 * on every call, an id lookup keeps one plan (decision 011).
 */
export async function findCaseInScope(db: Db, id: string, scopePrefix: string) {
  const row = await db.case.findUnique({ where: { id }, include: caseSummaryInclude });
  return row && row.villageCode.startsWith(scopePrefix) ? row : null;
}

/** A case's history with each actor's current display name, in one query (the actor is not a relation: history outlives accounts). */
export async function listEventsWithActorNames(db: Db, caseId: string) {
  const rows = await db.$queryRaw<(CaseEventRow & { actor_display_name: string | null })[]>`
    SELECT e.seq, e.action, e.at, e.acted_on, e.actor_id, e.actor_name, e.actor_role::text AS actor_role, e.from_stage::text AS from_stage,
           e.to_stage::text AS to_stage, e.record, e.stage_deadline, e.met_deadline, e.new_deadline, u.display_name AS actor_display_name
    FROM case_event e LEFT JOIN app_user u ON u.id = e.actor_id
    WHERE e.case_id = ${caseId}::uuid ORDER BY e.seq`;
  return rows.map((r) => ({
    seq: r.seq, action: r.action, at: r.at, actedOn: r.acted_on, actorId: r.actor_id, actorName: r.actor_name, actorRole: r.actor_role,
    fromStage: r.from_stage, toStage: r.to_stage, record: r.record, stageDeadline: r.stage_deadline, metDeadline: r.met_deadline,
    newDeadline: r.new_deadline, actorDisplayName: r.actor_display_name,
  }));
}
type CaseEventRow = {
  seq: number; action: string; at: Date; acted_on: Date; actor_id: string | null; actor_name: string | null; actor_role: Prisma.CaseEventGetPayload<object>["actorRole"];
  from_stage: Prisma.CaseEventGetPayload<object>["fromStage"]; to_stage: Prisma.CaseEventGetPayload<object>["toStage"]; record: Prisma.JsonValue;
  stage_deadline: Date | null; met_deadline: boolean | null; new_deadline: Date | null;
};

export function findOpenCaseOfHousehold(db: Db, householdId: string) {
  return db.case.findUnique({ where: { openHouseholdId: householdId }, select: { id: true, caseNo: true } });
}

/** What opening a case needs to know of the household, if it lies within the area. */
export async function findHouseholdForCase(db: Db, id: string, scopePrefix: string) {
  const row = await db.household.findUnique({
    where: { id }, select: { id: true, category: true, designation: true, monitoringType: true, villageCode: true },
  });
  return row && row.villageCode.startsWith(scopePrefix) ? row : null;
}

export async function caseNoTaken(db: Db, caseNo: string): Promise<boolean> {
  return (await db.case.findUnique({ where: { caseNo }, select: { id: true } })) !== null;
}

export function findCaseById(db: Db, id: string) {
  return db.case.findUnique({ where: { id }, include: caseSummaryInclude });
}

/** A new case, its first history entry and its audit entry, in one transaction. */
export async function createCase(prisma: PrismaClient, c: {
  caseNo: string; householdId: string; category: HouseholdCategory; procedure: string; ruleSet: string; stage: CaseStage; villageCode: string;
  openedOn: string; stageDeadline: string | null; deadlineComplete: boolean; lead: unknown; roundRecords: unknown; at: Date; today: string;
  actor: { id: string; username: string; role: Role };
}, audit: (tx: Tx, caseId: string) => Promise<void>): Promise<string> {
  const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
  return prisma.$transaction(async (tx) => {
    const created = await tx.case.create({
      data: {
        caseNo: c.caseNo, householdId: c.householdId, openHouseholdId: c.householdId, category: c.category, procedure: c.procedure, ruleSet: c.ruleSet,
        stage: c.stage, villageCode: c.villageCode, openedOn: date(c.openedOn), firstClueOn: date(c.openedOn), stageStartedOn: date(c.openedOn),
        stageDeadline: c.stageDeadline ? date(c.stageDeadline) : null, deadlineComplete: c.deadlineComplete, lead: c.lead as Prisma.InputJsonValue,
        roundRecords: c.roundRecords as Prisma.InputJsonValue, createdById: c.actor.id, createdAt: c.at,
      },
    });
    await tx.caseEvent.create({
      data: {
        caseId: created.id, seq: 1, action: "OPEN", at: c.at, actedOn: date(c.today), actorId: c.actor.id, actorName: c.actor.username,
        actorRole: c.actor.role, fromStage: c.stage, toStage: c.stage, record: c.lead as Prisma.InputJsonValue,
        newDeadline: c.stageDeadline ? date(c.stageDeadline) : null,
      },
    });
    await audit(tx, created.id);
    return created.id;
  });
}

/**
 * Cases opened before rule sets were recorded adopt the deployment's rule set
 * at its first start after the upgrade (migration 20261205214642): they were
 * opened under it. A deployment that moves to a rule set without their
 * procedure at the same start (fuzhou, national: before, only weihai and
 * linyi existed) keeps them under weihai, the default then, so that they can
 * still be read and finished.
 */
export async function adoptLegacyCases(prisma: PrismaClient, preset: string, now: Date): Promise<number> {
  const kinds = (ruleSet(preset) ?? WEIHAI_RULES).procedures.map((p) => p.kind);
  return prisma.$transaction(async (tx) => {
    const adopted = await tx.$queryRaw<{ id: string; rule_set: string }[]>`
      UPDATE "case" SET rule_set = CASE WHEN procedure = ANY(${kinds}::text[]) THEN ${preset} ELSE ${WEIHAI_RULES.preset} END
      WHERE rule_set IS NULL RETURNING id, rule_set`;
    if (adopted.length) {
      // Last write of the transaction (decision 014): one entry for the whole upgrade step.
      await appendAudit(tx, SYSTEM_AUDIT_ACTOR("startup"), {
        action: "case.rule_set_adopted", entityType: "case", entityId: "legacy",
        after: { preset, cases: adopted.length, byRuleSet: Object.fromEntries([...new Set(adopted.map((a) => a.rule_set))].map((r) => [r, adopted.filter((a) => a.rule_set === r).length])) },
        reason: "升级：此前立案的案件记录其适用的办理规则",
      }, now);
    }
    return adopted.length;
  });
}

/** A case action's three writes: the case's new state, its history entry and the audit entry. */
export type CaseActionWrite = {
  caseId: string;
  /** The version the decision was made on: nothing is written if the case changed since. */
  version: number;
  at: Date;
  case: {
    stage: string; stageStartedOn: string; stageDeadline: string | null; deadlineComplete: boolean; roundRecords: unknown;
    publicityPostedOn: string | null; publicityStartsOn: string | null; publicityEndsOn: string | null;
    assistFirst: boolean; returnCount: number; monitoringType: string | null; closes: boolean;
  };
  event: {
    action: string; actedOn: string; actorId: string | null; actorName: string; actorRole: string | null; fromStage: string; toStage: string;
    record: unknown; stageDeadline: string | null; metDeadline: boolean | null; newDeadline: string | null;
  };
  audit: {
    actorId: string | null; actorName: string | null; actorRole: string | null; action: string; householdId: string;
    before: unknown; after: unknown; reason: string | null; requestId: string | null; ip: string | null;
  };
};

const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The audit entry of a case action. */
export function caseActionAudit(w: CaseActionWrite): AuditContent {
  const a = w.audit;
  return {
    at: w.at, actorId: a.actorId, actorName: a.actorName, actorRole: a.actorRole, action: a.action, entityType: "case", entityId: w.caseId,
    householdId: a.householdId, before: maskPersonalData(a.before ?? null), after: maskPersonalData(a.after ?? null), reason: a.reason, requestId: a.requestId, ip: a.ip,
  };
}

/**
 * A case action on its own (decision 011, 014): BEGIN; one statement that
 * updates the case under its version check and writes the history entry;
 * if the case was updated, the audit entry linked onto the chain (one
 * statement, insertChained); COMMIT. False means someone acted first
 * (nothing written).
 */
export async function recordCaseAction(prisma: PrismaClient, w: CaseActionWrite): Promise<boolean> {
  const entry = caseActionAudit(w);
  const digest = contentDigest(entry);
  return prisma.$transaction(async (tx) => {
    if (!(await recordCaseActionWithoutAudit(tx, w))) return false;
    await insertChained(tx, [entry], [digest]);
    return true;
  });
}

/**
 * The case update and history entry of an action inside a larger transaction
 * (the action also changes the household): the caller appends the audit entry
 * (caseActionAudit) with its other entries as the transaction's last write.
 */
export async function recordCaseActionWithoutAudit(tx: Tx, w: CaseActionWrite): Promise<boolean> {
  const [result] = await tx.$queryRaw<{ written: number }[]>`
    WITH ${caseAndEventCtes(w)} SELECT count(*)::int AS written FROM updated`;
  return result!.written === 1;
}

function caseAndEventCtes(w: CaseActionWrite): Prisma.Sql {
  const c = w.case;
  const e = w.event;
  return Prisma.sql`updated AS (
      UPDATE "case" SET
        version = version + 1, stage = ${c.stage}::"CaseStage", stage_started_on = ${c.stageStartedOn}::date, stage_deadline = ${c.stageDeadline}::date,
        deadline_complete = ${c.deadlineComplete}, round_records = ${jsonOrNull(maskPersonalData(c.roundRecords))}::jsonb,
        publicity_posted_on = ${c.publicityPostedOn}::date, publicity_starts_on = ${c.publicityStartsOn}::date, publicity_ends_on = ${c.publicityEndsOn}::date,
        assist_first = ${c.assistFirst}, return_count = ${c.returnCount}::int, monitoring_type = ${c.monitoringType}::"MonitoringType",
        closed_at = CASE WHEN ${c.closes} THEN ${w.at}::timestamptz ELSE closed_at END,
        open_household_id = CASE WHEN ${c.closes} THEN NULL ELSE open_household_id END,
        updated_at = ${w.at}::timestamptz
      WHERE id = ${w.caseId}::uuid AND version = ${w.version}::int
      RETURNING id, version),
    event AS (
      INSERT INTO case_event (case_id, seq, action, at, acted_on, actor_id, actor_name, actor_role, from_stage, to_stage, record, stage_deadline, met_deadline, new_deadline)
      SELECT id, version, ${e.action}, ${w.at}::timestamptz, ${e.actedOn}::date, ${e.actorId}::uuid, ${e.actorName}, ${e.actorRole}::"Role",
             ${e.fromStage}::"CaseStage", ${e.toStage}::"CaseStage", ${jsonOrNull(maskPersonalData(e.record))}::jsonb, ${e.stageDeadline}::date, ${e.metDeadline}::boolean, ${e.newDeadline}::date
      FROM updated)`;
}

// ---------------------------------------------------------------- lists and queues in SQL

/**
 * Which cases a list or work queue shows: the SQL form of its filters. Lists
 * and queues are read with one hand-written statement (decision 011): on
 * this hardware every round trip to PostgreSQL costs more than the query
 * itself, and Prisma needed three (page ids, the page's rows, the counts).
 */
export type CaseConditions = {
  /** Area scope prefixes (areaScopePrefix), all of which apply: the user's area, and the area filter. */
  scopes: string[];
  stages?: readonly CaseStage[];
  /** open: not closed; closed: closed; unset: both. */
  status?: "open" | "closed";
  /** township-leads: false (never returned); township-returned: true. */
  returned?: boolean;
  /** Cases of these procedures (of the rule set each runs under) only: a queue whose stage belongs to other roles in other procedures. */
  procedureRefs?: readonly ProcedureRef[];
  /** village-appraisals: no appraisal recorded in this round yet. */
  awaitingAppraisal?: boolean;
  category?: HouseholdCategory;
  procedure?: string;
  monitoringType?: string;
  householdId?: string;
  /** Case number, household number or head's name (from the start), or a member's full ID number. */
  q?: string;
  riskCause?: string;
};

/** Today and the next working day: where the deadline buckets start and end. */
export type BucketLimits = { today: string; nextWorkingDay: string };

function caseWhere(c: CaseConditions): Prisma.Sql {
  const and: Prisma.Sql[] = c.scopes.map((scope) => scopeRange("c.village_code", scope));
  if (c.stages) and.push(Prisma.sql`c.stage IN (${enumList(c.stages)})`);
  if (c.status) and.push(c.status === "open" ? Prisma.sql`c.closed_at IS NULL` : Prisma.sql`c.closed_at IS NOT NULL`);
  if (c.returned !== undefined) and.push(c.returned ? Prisma.sql`c.return_count > 0` : Prisma.sql`c.return_count = 0`);
  if (c.procedureRefs) {
    const refs = c.procedureRefs.map((r) => `${r.ruleSet}:${r.procedure}`);
    and.push(refs.length ? Prisma.sql`(c.rule_set || ':' || c.procedure) = ANY(${refs}::text[])` : Prisma.sql`false`);
  }
  if (c.awaitingAppraisal) and.push(Prisma.sql`(c.round_records -> 'appraisal' IS NULL OR c.round_records -> 'appraisal' = 'null'::jsonb)`);
  if (c.category) and.push(Prisma.sql`c.category = ${c.category}::"HouseholdCategory"`);
  if (c.procedure) and.push(Prisma.sql`c.procedure = ${c.procedure}`);
  if (c.monitoringType) and.push(Prisma.sql`c.monitoring_type = ${c.monitoringType}::"MonitoringType"`);
  if (c.householdId) and.push(Prisma.sql`c.household_id = ${c.householdId}::uuid`);
  if (c.q) {
    const prefix = startsWithPattern(c.q);
    and.push(Prisma.sql`(c.case_no LIKE ${prefix}
      OR EXISTS (SELECT 1 FROM household h WHERE h.id = c.household_id AND (h.household_no LIKE ${prefix} OR h.head_name LIKE ${prefix}))
      OR EXISTS (SELECT 1 FROM member m WHERE m.household_id = c.household_id
        AND m.id_number_bidx = ANY(ARRAY(SELECT decode(h, 'hex') FROM unnest(${idIndexHex(c.q)}::text[]) h))))`);
  }
  if (c.riskCause) and.push(Prisma.sql`c.lead -> 'riskCauses' @> ${JSON.stringify([c.riskCause])}::jsonb`);
  return and.length ? Prisma.join(and, " AND ") : Prisma.sql`true`;
}

/** A full ID number in a case search is found by its blind index (decision 015); anything else finds no member. */
function idIndexHex(q: string): string[] {
  const id = q.toUpperCase();
  return /^\d{17}[\dX]$/.test(id) ? dataKeys().blindIndexCandidates("id", id).map((b) => b.toString("hex")) : [];
}

/** The deadline range of a bucket (no deadline counts as later). */
export function bucketWhere(bucket: DeadlineBucket, { today, nextWorkingDay }: BucketLimits, column = Prisma.raw("stage_deadline")): Prisma.Sql {
  switch (bucket) {
    case "OVERDUE": return Prisma.sql`${column} < ${today}::date`;
    case "DUE_TODAY": return Prisma.sql`${column} = ${today}::date`;
    case "DUE_NEXT_WORKING_DAY": return Prisma.sql`(${column} > ${today}::date AND ${column} <= ${nextWorkingDay}::date)`;
    case "LATER": return Prisma.sql`(${column} > ${nextWorkingDay}::date OR ${column} IS NULL)`;
  }
}

/** What a list shows of a case: the case, its household and the household's village and township. */
const SUMMARY_COLUMNS = Prisma.raw(`c.id, c.case_no, c.category::text AS category, c.procedure, c.rule_set, c.monitoring_type::text AS monitoring_type,
  c.stage::text AS stage, c.lead, c.opened_on, c.stage_started_on,
  c.stage_deadline, c.deadline_complete, c.return_count, c.assist_first, c.version,
  h.id AS household_id, h.household_no, h.head_name, h.designation::text AS designation, h.monitoring_type::text AS household_monitoring_type,
  v.id AS village_id, v.code AS village_code, v.name AS village_name, v.level::text AS village_level,
  t.id AS township_id, t.code AS township_code, t.name AS township_name, t.level::text AS township_level`);
const SUMMARY_JOINS = Prisma.raw(`JOIN "case" c ON c.id = page.id JOIN household h ON h.id = c.household_id
  JOIN area v ON v.id = h.village_id JOIN area t ON t.id = v.parent_id`);
const DEADLINE_ORDER = Prisma.raw("stage_deadline ASC NULLS LAST, id ASC");

type SummarySqlRow = {
  id: string; case_no: string; category: HouseholdCategory; procedure: string; rule_set: string | null; monitoring_type: string | null; stage: CaseStage; lead: Prisma.JsonValue; opened_on: Date; stage_started_on: Date;
  stage_deadline: Date | null; deadline_complete: boolean; return_count: number; assist_first: boolean; version: number;
  household_id: string; household_no: string; head_name: string; designation: string | null; household_monitoring_type: string | null;
  village_id: number; village_code: string; village_name: string; village_level: AreaLevel;
  township_id: number; township_code: string; township_name: string; township_level: AreaLevel;
};

function toSummaryRow(r: SummarySqlRow): CaseSummaryRow {
  return {
    id: r.id, caseNo: r.case_no, category: r.category, procedure: r.procedure, ruleSet: r.rule_set,
    monitoringType: r.monitoring_type as CaseSummaryRow["monitoringType"], stage: r.stage, lead: r.lead, openedOn: r.opened_on, stageStartedOn: r.stage_started_on,
    stageDeadline: r.stage_deadline, deadlineComplete: r.deadline_complete, returnCount: r.return_count, assistFirst: r.assist_first, version: r.version,
    household: {
      id: r.household_id, householdNo: r.household_no, headName: r.head_name, designation: r.designation as CaseSummaryRow["household"]["designation"],
      monitoringType: r.household_monitoring_type as CaseSummaryRow["household"]["monitoringType"],
      village: {
        id: r.village_id, code: r.village_code, name: r.village_name, level: r.village_level,
        parent: { id: r.township_id, code: r.township_code, name: r.township_name, level: r.township_level },
      },
    },
  };
}

/**
 * A page of cases in deadline order and the count of all matching cases by
 * deadline, in one statement: the matching cases (for a plain queue an
 * index-only scan of case_queue_idx, read twice: that is cheaper than keeping
 * them) are counted by deadline, and the page is cut from them before its
 * household and places are joined. Exported so the benchmark's raw-SQL
 * baseline runs exactly this statement.
 */
export function casePageSql(c: CaseConditions, limits: BucketLimits, bucket: DeadlineBucket | undefined, skip: number, take: number): Prisma.Sql {
  return Prisma.sql`
    WITH matching AS NOT MATERIALIZED (SELECT c.id, c.stage_deadline FROM "case" c WHERE ${caseWhere(c)}),
    counts AS (SELECT coalesce(json_agg(json_build_array(stage_deadline, n)), '[]') AS by_deadline
               FROM (SELECT stage_deadline, count(*) AS n FROM matching GROUP BY stage_deadline) g),
    page AS (SELECT id, stage_deadline FROM matching ${bucket ? Prisma.sql`WHERE ${bucketWhere(bucket, limits)}` : Prisma.empty}
             ORDER BY ${DEADLINE_ORDER} LIMIT ${take} OFFSET ${skip})
    SELECT counts.by_deadline, rows.* FROM counts
    LEFT JOIN (SELECT ${SUMMARY_COLUMNS} FROM page ${SUMMARY_JOINS}) rows ON true
    ORDER BY rows.stage_deadline ASC NULLS LAST, rows.id ASC`;
}

export async function findCasePage(db: Db, c: CaseConditions, limits: BucketLimits, bucket: DeadlineBucket | undefined, skip: number, take: number) {
  const result = await db.$queryRaw<(SummarySqlRow & { by_deadline: [string | null, number][] })[]>(casePageSql(c, limits, bucket, skip, take));
  const byDeadline = (result[0]?.by_deadline ?? []).map(([deadline, count]) => ({ deadline, count: Number(count) }));
  return { byDeadline, items: result.filter((r) => r.id !== null).map(toSummaryRow) };
}

/**
 * The matching cases after a position in deadline order, `take` at a time
 * (exports: every page, keyset-paged so a long export neither skips nor
 * repeats a case when others move).
 */
export async function findCasesAfter(
  db: Db, c: CaseConditions, limits: BucketLimits, bucket: DeadlineBucket | undefined,
  after: { deadline: Date | null; id: string } | null, take: number,
): Promise<CaseSummaryRow[]> {
  // NULLS LAST as a value: no deadline sorts after every date.
  const key = Prisma.raw("coalesce(c.stage_deadline, 'infinity'::date)");
  const conditions = [caseWhere(c)];
  if (bucket) conditions.push(bucketWhere(bucket, limits, Prisma.raw("c.stage_deadline")));
  if (after) conditions.push(Prisma.sql`(${key}, c.id) > (coalesce(${after.deadline ? after.deadline.toISOString().slice(0, 10) : null}::date, 'infinity'::date), ${after.id}::uuid)`);
  const rows = await db.$queryRaw<SummarySqlRow[]>`
    WITH page AS (SELECT c.id, ${key} AS sort_key FROM "case" c WHERE ${Prisma.join(conditions, " AND ")} ORDER BY ${key}, c.id LIMIT ${take})
    SELECT ${SUMMARY_COLUMNS} FROM page ${SUMMARY_JOINS} ORDER BY page.sort_key, page.id`;
  return rows.map(toSummaryRow);
}

/**
 * The total and overdue count of several queues in one statement (the
 * workbench's tab counts): each queue counted with the same conditions
 * (caseWhere) and overdue range (bucketWhere) as its page, so a tab's count
 * is the total the queue shows.
 */
export async function countQueues<K extends string>(
  db: Db, queues: readonly { key: K; conditions: CaseConditions }[], limits: BucketLimits,
): Promise<Map<K, { total: number; overdue: number }>> {
  const counts = new Map<K, { total: number; overdue: number }>();
  if (!queues.length) return counts;
  const parts = queues.map(({ key, conditions }) => Prisma.sql`
    SELECT ${key}::text AS key, count(*)::int AS total, count(*) FILTER (WHERE ${bucketWhere("OVERDUE", limits, Prisma.raw("c.stage_deadline"))})::int AS overdue
    FROM "case" c WHERE ${caseWhere(conditions)}`);
  const rows = await db.$queryRaw<{ key: K; total: number; overdue: number }[]>`${Prisma.join(parts, " UNION ALL ")}`;
  for (const r of rows) counts.set(r.key, { total: r.total, overdue: r.overdue });
  return counts;
}

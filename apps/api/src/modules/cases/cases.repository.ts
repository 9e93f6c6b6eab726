import type { Db, Prisma } from "../../db/prisma.ts";

const areaRef = { select: { id: true, code: true, name: true, level: true } } as const;

export const caseSummaryInclude = {
  household: {
    select: {
      id: true, householdNo: true, headName: true, designation: true,
      village: { select: { id: true, code: true, name: true, level: true, parent: areaRef } },
    },
  },
} as const satisfies Prisma.CaseInclude;
export type CaseRow = Prisma.CaseGetPayload<{ include: typeof caseSummaryInclude }>;
/** What a case summary is made from (a CaseRow, or a queue's SQL row). */
export type CaseSummaryRow = Pick<CaseRow, "id" | "caseNo" | "category" | "stage" | "lead" | "openedOn" | "stageStartedOn" | "stageDeadline"
  | "deadlineComplete" | "returnCount" | "assistFirst" | "version"> & {
  household: Pick<CaseRow["household"], "id" | "householdNo" | "headName" | "designation"> & {
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

export async function findCasePage(db: Db, where: Prisma.CaseWhereInput, skip: number, take: number) {
  const [items, total] = await Promise.all([findCaseRows(db, where, skip, take), db.case.count({ where })]);
  return { items, total };
}

const DEADLINE_ORDER = [{ stageDeadline: { sort: "asc", nulls: "last" } }, { id: "asc" }] satisfies Prisma.CaseOrderByWithRelationInput[];

/**
 * One page of cases in deadline order, without a count (the case list).
 * Two steps (decision 011): the page's ids first, a narrow query the queue
 * index answers on its own, then the summary of those few cases. In one query
 * PostgreSQL joined household and places and built their JSON for every
 * matching case before sorting and cutting the page.
 */
async function findCaseRows(db: Db, where: Prisma.CaseWhereInput, skip: number, take: number): Promise<CaseRow[]> {
  const page = await db.case.findMany({ where, select: { id: true }, skip, take, orderBy: DEADLINE_ORDER });
  if (page.length === 0) return [];
  const rows = await db.case.findMany({ where: { id: { in: page.map((r) => r.id) } }, include: caseSummaryInclude });
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Cases are never deleted, so every id is found; an action between the two reads shows its new stage.
  return page.flatMap((r) => byId.get(r.id) ?? []);
}

export function findOpenCaseOfHousehold(db: Db, householdId: string) {
  return db.case.findUnique({ where: { openHouseholdId: householdId }, select: { id: true, caseNo: true } });
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
    assistFirst: boolean; returnCount: number; closes: boolean;
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

/**
 * The three writes of a case action in one statement (decision 011): one
 * round trip instead of five (BEGIN, three statements, COMMIT), and atomic on
 * its own as every statement is. The history and audit entries are written
 * only when the case row was (same version): false means someone acted first.
 * Called with a transaction when the action also changes the household.
 */
export async function recordCaseAction(db: Db, w: CaseActionWrite): Promise<boolean> {
  const c = w.case;
  const e = w.event;
  const a = w.audit;
  const [result] = await db.$queryRaw<{ written: number }[]>`
    WITH updated AS (
      UPDATE "case" SET
        version = version + 1, stage = ${c.stage}::"CaseStage", stage_started_on = ${c.stageStartedOn}::date, stage_deadline = ${c.stageDeadline}::date,
        deadline_complete = ${c.deadlineComplete}, round_records = ${jsonOrNull(c.roundRecords)}::jsonb,
        publicity_posted_on = ${c.publicityPostedOn}::date, publicity_starts_on = ${c.publicityStartsOn}::date, publicity_ends_on = ${c.publicityEndsOn}::date,
        assist_first = ${c.assistFirst}, return_count = ${c.returnCount}::int,
        closed_at = CASE WHEN ${c.closes} THEN ${w.at}::timestamptz ELSE closed_at END,
        open_household_id = CASE WHEN ${c.closes} THEN NULL ELSE open_household_id END,
        updated_at = ${w.at}::timestamptz
      WHERE id = ${w.caseId}::uuid AND version = ${w.version}::int
      RETURNING id, version),
    event AS (
      INSERT INTO case_event (case_id, seq, action, at, acted_on, actor_id, actor_name, actor_role, from_stage, to_stage, record, stage_deadline, met_deadline, new_deadline)
      SELECT id, version, ${e.action}, ${w.at}::timestamptz, ${e.actedOn}::date, ${e.actorId}::uuid, ${e.actorName}, ${e.actorRole}::"Role",
             ${e.fromStage}::"CaseStage", ${e.toStage}::"CaseStage", ${jsonOrNull(e.record)}::jsonb, ${e.stageDeadline}::date, ${e.metDeadline}::boolean, ${e.newDeadline}::date
      FROM updated),
    audit AS (
      INSERT INTO audit_entry (at, actor_id, actor_name, actor_role, action, entity_type, entity_id, household_id, before, after, reason, request_id, ip)
      SELECT ${w.at}::timestamptz, ${a.actorId}::uuid, ${a.actorName}, ${a.actorRole}::"Role", ${a.action}, 'case', id::text, ${a.householdId}::uuid,
             ${jsonOrNull(a.before)}::jsonb, ${jsonOrNull(a.after)}::jsonb, ${a.reason}, ${a.requestId}, ${a.ip}
      FROM updated)
    SELECT count(*)::int AS written FROM updated`;
  return result!.written === 1;
}

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

export function findCaseInScope(db: Db, id: string, scopePrefix: string) {
  return db.case.findFirst({ where: { id, villageCode: { startsWith: scopePrefix } }, include: caseSummaryInclude });
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

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

export function findCaseInScope(db: Db, id: string, scopePrefix: string) {
  return db.case.findFirst({ where: { id, villageCode: { startsWith: scopePrefix } }, include: caseSummaryInclude });
}

export function listEvents(db: Db, caseId: string) {
  return db.caseEvent.findMany({ where: { caseId }, orderBy: { seq: "asc" } });
}

export async function findCasePage(db: Db, where: Prisma.CaseWhereInput, skip: number, take: number) {
  const [items, total] = await Promise.all([
    db.case.findMany({
      where, include: caseSummaryInclude, skip, take,
      orderBy: [{ stageDeadline: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    }),
    db.case.count({ where }),
  ]);
  return { items, total };
}

/** One page of cases in deadline order (the queues), without a count. */
export function findCaseRows(db: Db, where: Prisma.CaseWhereInput, skip: number, take: number) {
  return db.case.findMany({ where, include: caseSummaryInclude, skip, take, orderBy: [{ stageDeadline: { sort: "asc", nulls: "last" } }, { id: "asc" }] });
}

/** How many cases have each stage deadline (null: none). */
export async function countByDeadline(db: Db, where: Prisma.CaseWhereInput): Promise<{ deadline: string | null; count: number }[]> {
  const groups = await db.case.groupBy({ by: ["stageDeadline"], where, _count: { _all: true } });
  return groups.map((g) => ({ deadline: g.stageDeadline ? g.stageDeadline.toISOString().slice(0, 10) : null, count: g._count._all }));
}

export function findOpenCaseOfHousehold(db: Db, householdId: string) {
  return db.case.findUnique({ where: { openHouseholdId: householdId }, select: { id: true, caseNo: true } });
}

import type { Db, Prisma } from "../../db/prisma.ts";

const areaRef = { select: { id: true, code: true, name: true, level: true } } as const;

/** What a list row needs: the household, its village and township, the head's ID number (masked later). */
export const householdSummarySelect = {
  id: true,
  householdNo: true,
  category: true,
  designation: true,
  headName: true,
  memberCount: true,
  updatedAt: true,
  village: { select: { id: true, code: true, name: true, level: true, parent: areaRef } },
  naturalVillage: areaRef,
  members: { where: { relation: "HEAD" }, select: { idNumber: true }, take: 1 },
} as const satisfies Prisma.HouseholdSelect;

export const householdDetailInclude = {
  village: { select: { id: true, code: true, name: true, level: true, parent: areaRef } },
  naturalVillage: areaRef,
  members: { orderBy: { position: "asc" } },
} as const satisfies Prisma.HouseholdInclude;

export async function findHouseholdPage(db: Db, where: Prisma.HouseholdWhereInput, skip: number, take: number) {
  const [items, total] = await Promise.all([
    db.household.findMany({ where, select: householdSummarySelect, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], skip, take }),
    db.household.count({ where }),
  ]);
  return { items, total };
}

/** The household, if it lies within the area (found by id, the area tested here: see findCaseInScope). */
export async function findHouseholdInScope(db: Db, id: string, scopePrefix: string) {
  const row = await db.household.findUnique({ where: { id }, include: householdDetailInclude });
  return row && row.villageCode.startsWith(scopePrefix) ? row : null;
}
export type HouseholdWithMembers = NonNullable<Awaited<ReturnType<typeof findHouseholdInScope>>>;

/** Members elsewhere in the deployment holding any of these ID numbers. */
export function findMembersByIdNumbers(db: Db, idNumbers: string[], exceptHouseholdId?: string) {
  return db.member.findMany({
    where: { idNumber: { in: idNumbers }, ...(exceptHouseholdId ? { householdId: { not: exceptHouseholdId } } : {}) },
    select: { idNumber: true },
  });
}

export function householdNoExists(db: Db, householdNo: string) {
  return db.household.findUnique({ where: { householdNo }, select: { id: true } }).then(Boolean);
}

/** Everything the household sheet writes, for the list export. */
export const householdSheetInclude = {
  village: { select: { code: true, name: true } },
  naturalVillage: { select: { name: true } },
  members: { orderBy: { position: "asc" } },
} as const satisfies Prisma.HouseholdInclude;
export type HouseholdSheetRow = Prisma.HouseholdGetPayload<{ include: typeof householdSheetInclude }>;

/**
 * The households matching `where` in 户编号 order, `batchSize` at a time
 * (keyset on the unique 户编号), so a district's list never sits in memory.
 */
export async function* householdsInBatches(db: Db, where: Prisma.HouseholdWhereInput, batchSize = 1000): AsyncGenerator<HouseholdSheetRow[]> {
  let after: string | null = null;
  for (;;) {
    const batch: HouseholdSheetRow[] = await db.household.findMany({
      where: after === null ? where : { AND: [where, { householdNo: { gt: after } }] },
      include: householdSheetInclude,
      orderBy: { householdNo: "asc" },
      take: batchSize,
    });
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1]!.householdNo;
  }
}

export async function countHouseholdsAndMembers(db: Db, where: Prisma.HouseholdWhereInput) {
  const [households, members] = await Promise.all([db.household.count({ where }), db.member.count({ where: { household: where } })]);
  return { households, members };
}

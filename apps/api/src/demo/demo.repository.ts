import type { Db, Prisma, Tx } from "../db/prisma.ts";

/** Serialises demo loads across processes until the transaction ends. */
export async function lockDemoLoad(tx: Tx, key: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key})`;
}

export async function anyAreaExists(db: Db): Promise<boolean> {
  return (await db.area.count()) > 0;
}

export async function insertArea(db: Db, data: Prisma.AreaUncheckedCreateInput): Promise<number> {
  return (await db.area.create({ data, select: { id: true } })).id;
}

export function listAreaIds(db: Db) {
  return db.area.findMany({ select: { id: true, code: true } });
}

export function findAreaByCode(db: Db, code: string) {
  return db.area.findUniqueOrThrow({ where: { code } });
}

/** The villages under a code prefix, each with its natural villages' ids. */
export function listVillagesWithChildren(db: Db, codePrefix: string) {
  return db.area.findMany({
    where: { level: "VILLAGE", code: { startsWith: codePrefix } },
    select: { id: true, children: { select: { id: true } } },
    orderBy: { code: "asc" },
  });
}

export function insertUser(db: Db, data: Prisma.UserUncheckedCreateInput) {
  return db.user.create({ data, select: { id: true } });
}

export function findUsersByUsername(db: Db, usernames: string[]) {
  return db.user.findMany({
    where: { username: { in: usernames } },
    include: { area: { select: { id: true, code: true, name: true, level: true } } },
  });
}

/** The first household (by 户编号) of the category without a designation in the township (and village), not among `except`. */
export function findUndesignatedHousehold(
  db: Db, q: { category: Prisma.HouseholdWhereInput["category"]; township: string; village?: string | undefined; except: Set<string> },
) {
  return db.household.findFirst({
    where: {
      category: q.category, designation: null, id: { notIn: [...q.except] },
      village: { parent: { name: q.township }, ...(q.village ? { name: q.village } : {}) },
    },
    select: { id: true },
    orderBy: { householdNo: "asc" },
  });
}

/** The households with an open assistance file and no measure yet (the demo plans fill those), oldest file first. */
export async function findOpenFilesWithoutMeasures(db: Db): Promise<{ householdId: string; villageCode: string; memberCount: number }[]> {
  const files = await db.assistanceFile.findMany({
    where: { closedOn: null, household: { measures: { none: {} } } },
    orderBy: [{ openedOn: "asc" }, { householdId: "asc" }],
    select: { householdId: true, villageCode: true, household: { select: { memberCount: true } } },
  });
  return files.map((f) => ({ householdId: f.householdId, villageCode: f.villageCode, memberCount: f.household.memberCount }));
}

/** The helper register entry a user account is linked to, if any. */
export async function helperOfUser(db: Db, userId: string): Promise<{ id: string } | null> {
  return db.helper.findUnique({ where: { userId }, select: { id: true } });
}

/** Open assistance files under an area prefix, in a stable order. */
export async function openFilesIn(db: Db, prefix: string, take: number) {
  return db.assistanceFile.findMany({
    where: { closedOn: null, villageCode: { startsWith: prefix } }, orderBy: { householdId: "asc" }, take,
    select: { householdId: true, openedOn: true, villageCode: true },
  });
}

export async function anyVisitOf(db: Db, householdIds: string[]): Promise<boolean> {
  return (await db.visit.findFirst({ where: { householdId: { in: householdIds } }, select: { id: true } })) !== null;
}

/** Whether the helper currently serves the household (any role). */
export async function helperLeads(db: Db, helperId: string, householdId: string): Promise<boolean> {
  return (await db.helperAssignment.findFirst({ where: { householdId, helperId, endedOn: null }, select: { id: true } })) !== null;
}

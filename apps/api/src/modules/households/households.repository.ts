import type { Db, Prisma } from "../../db/prisma.ts";
import { dataKeys, decryptOrNull, type DataKeyring } from "../../lib/data-crypto.ts";

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
  members: { where: { relation: "HEAD" }, select: { idNumberEnc: true }, take: 1 },
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
  const keys = dataKeys();
  return { items: items.map((h) => ({ ...h, members: h.members.map((m) => ({ idNumber: keys.decryptText(m.idNumberEnc) })) })), total };
}

// ---------------------------------------------------------------- personal data in and out (decision 015)

type SealedMember = { idNumberEnc: Uint8Array; idNumberBidx: Uint8Array; idLast4Bidx: Uint8Array; idLast6Bidx: Uint8Array };
export type OpenMember<M extends SealedMember> = Omit<M, keyof SealedMember> & { idNumber: string };

/** A stored member with its ID number decrypted (and the index columns left behind). */
export function openMember<M extends SealedMember>(m: M, keys: DataKeyring = dataKeys()): OpenMember<M> {
  const { idNumberEnc, idNumberBidx: _b, idLast4Bidx: _4, idLast6Bidx: _6, ...rest } = m;
  return { ...rest, idNumber: keys.decryptText(idNumberEnc) };
}

type SealedHousehold = { phoneEnc: Uint8Array | null; phoneBidx: Uint8Array | null };
export type OpenHousehold<H extends SealedHousehold & { members: SealedMember[] }> =
  Omit<H, keyof SealedHousehold | "members"> & { phone: string | null; members: OpenMember<H["members"][number]>[] };

/** A stored household with its phone and its members' ID numbers decrypted. */
export function openHousehold<H extends SealedHousehold & { members: SealedMember[] }>(h: H, keys: DataKeyring = dataKeys()): OpenHousehold<H> {
  const { phoneEnc, phoneBidx: _p, members, ...rest } = h;
  return { ...rest, phone: decryptOrNull(phoneEnc, keys), members: members.map((m) => openMember(m, keys)) as OpenMember<H["members"][number]>[] };
}

/** The household, if it lies within the area (found by id, the area tested here: see findCaseInScope). */
export async function findHouseholdInScope(db: Db, id: string, scopePrefix: string) {
  const row = await db.household.findUnique({ where: { id }, include: householdDetailInclude });
  return row && row.villageCode.startsWith(scopePrefix) ? openHousehold(row) : null;
}
export async function findHouseholdById(db: Db, id: string) {
  return openHousehold(await db.household.findUniqueOrThrow({ where: { id }, include: householdDetailInclude }));
}
export type HouseholdWithMembers = NonNullable<Awaited<ReturnType<typeof findHouseholdInScope>>>;

/** Members elsewhere in the deployment holding any of these ID numbers (found by their blind index). */
export async function findMembersByIdNumbers(db: Db, idNumbers: string[], exceptHouseholdId?: string) {
  const keys = dataKeys();
  const rows = await db.member.findMany({
    where: {
      idNumberBidx: { in: idNumbers.flatMap((n) => keys.blindIndexCandidates("id", n)) },
      ...(exceptHouseholdId ? { householdId: { not: exceptHouseholdId } } : {}),
    },
    select: { idNumberEnc: true },
  });
  return rows.map((r) => ({ idNumber: keys.decryptText(r.idNumberEnc) }));
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
export type HouseholdSheetRow = OpenHousehold<Prisma.HouseholdGetPayload<{ include: typeof householdSheetInclude }>>;

/**
 * The households matching `where` in 户编号 order, `batchSize` at a time
 * (keyset on the unique 户编号), so a district's list never sits in memory.
 */
export async function* householdsInBatches(db: Db, where: Prisma.HouseholdWhereInput, batchSize = 1000): AsyncGenerator<HouseholdSheetRow[]> {
  let after: string | null = null;
  for (;;) {
    const batch: HouseholdSheetRow[] = (await db.household.findMany({
      where: after === null ? where : { AND: [where, { householdNo: { gt: after } }] },
      include: householdSheetInclude,
      orderBy: { householdNo: "asc" },
      take: batchSize,
    })).map((h) => openHousehold(h));
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

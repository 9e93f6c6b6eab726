import { INCOME_ITEM_KEYS, type Income, type IncomeItem } from "@fanpin/domain/collection-form";
import type { Designation, HouseholdCategory, MonitoringType } from "@fanpin/domain/categories";
import type { Member } from "@fanpin/domain/household-schemas";
import { fenToYuan, yuanToFen } from "@fanpin/domain/money";
import { bulkInsertAll, INCOME_FEN_COLUMNS, type BulkRow } from "../../db/bulk-insert.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Db, Tx } from "../../db/prisma.ts";
import { byteaHex, dataKeys, decryptOrNull, idNumberColumns, phoneColumns, type DataKeyring } from "../../lib/data-crypto.ts";
import { uuidV7 } from "../../lib/uuid-v7.ts";
import type { AuditRecord } from "../audit/audit.repository.ts";
import { endDesignation, openMissingDesignationPeriods, startDesignation } from "../designations/designations.repository.ts";
import { upsertIncomeYear } from "../plans/conditions.repository.ts";

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
/** Whether the household exists within the area (without loading it). */
export async function householdInScope(db: Db, id: string, scopePrefix: string): Promise<boolean> {
  return (await db.household.findFirst({ where: { id, villageCode: { startsWith: scopePrefix } }, select: { id: true } })) !== null;
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
export type HouseholdSheetRow = {
  id: string; householdNo: string; village: { code: string; name: string }; naturalVillage: { name: string } | null;
  category: HouseholdCategory; designation: Designation | null; designatedAt: Date | null; phone: string | null; addressDetail: string | null;
  riskCauses: string[]; incomeYear: number | null; difficultyDescription: string | null;
  members: {
    name: string; gender: string; idType: string; idNumber: string; disabilitySuffix: string | null; relation: string; ethnicity: string;
    politicalStatus: string; education: string; schoolStatus: string; health: string; workRegion: string; workMonths: number;
  }[];
} & Record<`${IncomeItem}Fen`, number>;

type SheetHouseholdSql = Omit<HouseholdSheetRow, "village" | "naturalVillage" | "phone" | "members"> & {
  villageCode: string; villageName: string; naturalVillageName: string | null; phoneEnc: Uint8Array | null;
};
type SheetMemberSql = Omit<HouseholdSheetRow["members"][number], "idNumber"> & { householdId: string; idNumberEnc: Uint8Array };

const fenSelect = Prisma.raw(Object.entries(INCOME_FEN_COLUMNS).map(([key, column]) => `h.${column} AS "${key}"`).join(", "));

/**
 * The households matching `where` in 户编号 order, `batchSize` at a time
 * (keyset on the unique 户编号), so a district's list never sits in memory.
 * Prisma finds each page's ids (the list's filters stay Prisma's); the rows
 * and members are two plain statements on those ids, and the next page is
 * read while this one is written (decision 011, third round: Prisma's
 * relation loading was most of the export's time).
 */
export async function* householdsInBatches(db: Db, where: Prisma.HouseholdWhereInput, batchSize = 2000): AsyncGenerator<HouseholdSheetRow[]> {
  const keys = dataKeys();
  const page = async (after: string | null): Promise<{ rows: HouseholdSheetRow[]; last: string | null }> => {
    const ids = await db.household.findMany({
      where: after === null ? where : { AND: [where, { householdNo: { gt: after } }] },
      select: { id: true, householdNo: true }, orderBy: { householdNo: "asc" }, take: batchSize,
    });
    if (!ids.length) return { rows: [], last: null };
    const idList = ids.map((h) => h.id);
    const [households, members] = await Promise.all([
      db.$queryRaw<SheetHouseholdSql[]>`
        SELECT h.id, h.household_no AS "householdNo", v.code AS "villageCode", v.name AS "villageName", nv.name AS "naturalVillageName",
               h.category::text AS category, h.designation::text AS designation, h.designated_at AS "designatedAt", h.phone_enc AS "phoneEnc",
               h.address_detail AS "addressDetail", h.risk_causes AS "riskCauses", h.income_year AS "incomeYear",
               h.difficulty_description AS "difficultyDescription", ${fenSelect}
        FROM household h JOIN area v ON v.id = h.village_id LEFT JOIN area nv ON nv.id = h.natural_village_id
        WHERE h.id = ANY(${idList}::uuid[])`,
      db.$queryRaw<SheetMemberSql[]>`
        SELECT household_id AS "householdId", name, gender, id_type AS "idType", id_number_enc AS "idNumberEnc", disability_suffix AS "disabilitySuffix",
               relation, ethnicity, political_status AS "politicalStatus", education, school_status AS "schoolStatus", health,
               work_region AS "workRegion", work_months AS "workMonths"
        FROM member WHERE household_id = ANY(${idList}::uuid[])
        ORDER BY household_id, position`,
    ]);
    const membersOf = new Map<string, HouseholdSheetRow["members"]>();
    for (const m of members) {
      const { householdId, idNumberEnc, ...rest } = m;
      let list = membersOf.get(householdId);
      if (!list) membersOf.set(householdId, (list = []));
      list.push({ ...rest, idNumber: keys.decryptText(idNumberEnc) });
    }
    const byId = new Map(households.map((h) => [h.id, h]));
    const rows = ids.map(({ id }): HouseholdSheetRow => {
      const { villageCode, villageName, naturalVillageName, phoneEnc, ...h } = byId.get(id)!;
      return {
        ...h, village: { code: villageCode, name: villageName }, naturalVillage: naturalVillageName === null ? null : { name: naturalVillageName },
        phone: decryptOrNull(phoneEnc, keys), members: membersOf.get(id) ?? [],
      };
    });
    return { rows, last: ids.length < batchSize ? null : ids[ids.length - 1]!.householdNo };
  };
  let next: Promise<{ rows: HouseholdSheetRow[]; last: string | null }> | null = page(null);
  while (next) {
    const current: { rows: HouseholdSheetRow[]; last: string | null } = await next;
    // The next page is asked for before this one is handed out: the database works while the file is written.
    next = current.last === null ? null : page(current.last);
    if (current.rows.length) yield current.rows;
  }
}

export async function countHouseholdsAndMembers(db: Db, where: Prisma.HouseholdWhereInput) {
  const [households, members] = await Promise.all([db.household.count({ where }), db.member.count({ where: { household: where } })]);
  return { households, members };
}

// ---------------------------------------------------------------- the one household write path
//
// Edits, 入户核实 (the collection form of a case) and imports all change a household through the functions
// below: the same normalisation (money in fen, ID numbers and phones sealed with their blind indexes, the
// member count and head's name derived from the members), the same version check and bump, and the same
// audit record (before/after snapshots, ID numbers masked by the audit writer). The import writes new
// households in bulk with the same column mapping (householdBulkRow / memberBulkRow).

const fenColumn = (item: IncomeItem) => `${item}Fen` as const;

/** A place a household lies in: its village (with the code copied onto the household) and natural village. */
export type PlaceRef = { village: { id: number; code: string }; naturalVillage: { id: number } | null };

/**
 * A household's own fields in the domain's terms (money in yuan). In an update a field left out
 * (undefined) keeps its stored value; null clears it.
 */
export type HouseholdFields = {
  category?: string;
  designation?: string | null;
  /** YYYY-MM-DD. */
  designatedAt?: string | null;
  place?: PlaceRef;
  addressDetail?: string | null;
  phone?: string | null;
  riskCauses?: string[];
  difficultyDescription?: string | null;
  incomeYear?: number | null;
  income?: Income;
};

/** A member to store; one carrying the id of a stored member of the household keeps that id and its creation time. */
export type MemberToStore = Member & { id?: string };

export function placeData({ village, naturalVillage }: PlaceRef) {
  return { villageId: village.id, villageCode: village.code, naturalVillageId: naturalVillage?.id ?? null };
}

export function incomeColumns(income: Income) {
  return Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [fenColumn(k), yuanToFen(income[k])])) as Record<`${IncomeItem}Fen`, number>;
}

export function incomeOf(h: Pick<HouseholdWithMembers, `${IncomeItem}Fen`>): Income {
  return Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, fenToYuan(h[fenColumn(k)])])) as Income;
}

/** The stored columns of the fields given (undefined ones left out), with the member count and head's name from `members`. */
export function householdColumns(fields: HouseholdFields, members: Pick<Member, "name" | "relation">[]) {
  const { place, income, phone, designatedAt, ...plain } = fields;
  const head = members.find((m) => m.relation === "HEAD")!;
  return {
    ...Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined)),
    ...(designatedAt !== undefined ? { designatedAt: dateOrNull(designatedAt) } : {}),
    ...(place ? placeData(place) : {}),
    ...(income ? incomeColumns(income) : {}),
    ...(phone !== undefined ? phoneColumns(phone) : {}),
    memberCount: members.length,
    headName: head.name,
  } as Partial<Omit<Prisma.HouseholdUncheckedCreateInput, "members">> & { memberCount: number; headName: string };
}

const dateOrNull = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);

/** A member's columns in the domain's terms: the ID number's first 18 characters, a disability certificate's suffix apart. */
export function memberData(m: Member, position: number) {
  return {
    position,
    name: m.name,
    gender: m.gender,
    idType: m.idType,
    idNumber: m.idNumber.slice(0, 18),
    disabilitySuffix: m.idType === "DISABILITY_CERT" ? m.idNumber.slice(18) : null,
    relation: m.relation,
    ethnicity: m.ethnicity,
    politicalStatus: m.politicalStatus,
    education: m.education,
    schoolStatus: m.schoolStatus,
    health: m.health,
    workRegion: m.workRegion,
    workMonths: m.workMonths,
  };
}

/** A member as stored: the ID number encrypted, with its blind indexes (decision 015). */
export function sealMember<M extends { idNumber: string }>(m: M) {
  const { idNumber, ...rest } = m;
  return { ...rest, ...idNumberColumns(idNumber) };
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Stored columns (Prisma's field names) as a bulk row: column names, bytea as hex text, dates as ISO text. */
function bulkRow(columns: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(columns).map(([k, v]) => [
    (INCOME_FEN_COLUMNS as Record<string, string>)[k] ?? snake(k),
    v instanceof Uint8Array ? byteaHex(v) : v instanceof Date ? v.toISOString() : v,
  ]));
}

/** A new household's bulk row (the import's bulk insert), through the same column mapping as every other write. */
export function householdBulkRow(
  id: string, householdNo: string, fields: Required<HouseholdFields>, members: Member[], createdById: string | null, at: Date,
): BulkRow<"household"> {
  return {
    ...bulkRow({ id, householdNo, ...householdColumns(fields, members), version: 1, createdAt: at, createdById, updatedAt: at }),
    designated_at: fields.designatedAt, // a date column: the day as written, not an instant
  } as BulkRow<"household">;
}

/** A member's bulk row, through the same mapping and sealing as every other write. */
export function memberBulkRow(householdId: string, id: string, m: Member, position: number, createdAt: Date, at: Date): BulkRow<"member"> {
  return bulkRow({ id, householdId, ...sealMember(memberData(m, position)), createdAt, updatedAt: at }) as BulkRow<"member">;
}

/** Registers a household with its members; returns its id and audit record (for the caller to append last). */
export async function insertHousehold(
  tx: Tx, h: { householdNo: string; fields: Required<HouseholdFields>; members: Member[]; createdById: string | null }, reason: string | null, now: Date,
): Promise<{ id: string; audit: AuditRecord }> {
  const id = uuidV7();
  await bulkInsertAll(tx, {
    household: [householdBulkRow(id, h.householdNo, h.fields, h.members, h.createdById, now)],
    member: h.members.map((m, i) => memberBulkRow(id, uuidV7(), m, i, now, now)),
  });
  await openMissingDesignationPeriods(tx, [id]);
  const after = await findHouseholdById(tx, id);
  await recordIncomeYear(tx, after);
  return { id, audit: { action: "household.create", entityType: "household", entityId: id, householdId: id, after: snapshot(after), reason } };
}

/**
 * Changes a stored household and its members: the version `before` was read at is checked and bumped in
 * one statement (of two writers who saw the same version, one wins), the fields given are set, cases and
 * notices move with the village, and the members are replaced as a whole (so swapping two ID numbers
 * cannot trip the unique index midway; ids and creation times of kept members stay). Returns the audit
 * record (before and after as stored) for the caller to append as its transaction's last write, or null
 * when the version had moved (nothing written).
 */
export async function updateHousehold(
  tx: Tx, before: HouseholdWithMembers, change: { fields: HouseholdFields; members: MemberToStore[] }, reason: string | null, now: Date,
): Promise<AuditRecord | null> {
  const bumped = await tx.household.updateMany({
    where: { id: before.id, version: before.version },
    data: { version: { increment: 1 }, ...householdColumns(change.fields, change.members), updatedAt: now },
  });
  if (bumped.count === 0) return null;
  const place = change.fields.place;
  if (place && place.village.code !== before.villageCode) {
    // Cases and notices are scoped by a copy of the village code: they move with the household.
    await tx.case.updateMany({ where: { householdId: before.id }, data: { villageCode: place.village.code } });
    await tx.notification.updateMany({ where: { case: { householdId: before.id } }, data: { villageCode: place.village.code } });
  }
  const createdAt = new Map(before.members.map((m) => [m.id, m.createdAt]));
  await tx.member.deleteMany({ where: { householdId: before.id } });
  await bulkInsertAll(tx, {
    member: change.members.map((m, i) => {
      const kept = m.id !== undefined && createdAt.has(m.id);
      return memberBulkRow(before.id, kept ? m.id! : uuidV7(), m, i, kept ? createdAt.get(m.id!)! : now, now);
    }),
  });
  const after = await findHouseholdById(tx, before.id);
  if (change.fields.income !== undefined || change.fields.incomeYear !== undefined) await recordIncomeYear(tx, after);
  return {
    action: "household.update", entityType: "household", entityId: before.id, householdId: before.id,
    before: snapshot(before), after: snapshot(after), reason,
  };
}

/**
 * The form's income is that year's record too (household_income_year, through
 * the one write path of conditions), so income stays history when the form
 * moves on to another year. Without an income year there is no year to file it under.
 */
async function recordIncomeYear(tx: Tx, h: HouseholdWithMembers): Promise<void> {
  if (h.incomeYear === null) return;
  // A form whose income was left at zero says nothing yet: it starts no year's record (it still updates one).
  const blank = INCOME_ITEM_KEYS.every((k) => h[fenColumn(k)] === 0);
  if (blank && !(await tx.householdIncomeYear.findUnique({ where: { householdId_year: { householdId: h.id, year: h.incomeYear } }, select: { year: true } }))) return;
  await upsertIncomeYear(tx, h.id, h.incomeYear, incomeOf(h), { memberCount: Math.max(1, h.members.length) });
}

/** What a household snapshot is made of: a stored household with its places and members. */
export type SnapshotSource = Pick<HouseholdWithMembers,
  "householdNo" | "category" | "designation" | "designatedAt" | "villageId" | "addressDetail" | "phone" | "riskCauses" | "difficultyDescription" |
  "incomeYear" | `${IncomeItem}Fen`> & {
  village: { name: string };
  naturalVillage: { name: string } | null;
  members: Pick<HouseholdWithMembers["members"][number],
    "id" | "name" | "gender" | "idType" | "idNumber" | "disabilitySuffix" | "relation" | "ethnicity" | "politicalStatus" | "education" |
    "schoolStatus" | "health" | "workRegion" | "workMonths">[];
};

/**
 * What the audit trail keeps of a household: every field a person can change.
 * The reports fold these snapshots to know a household as it stood on a date.
 */
export function snapshot(h: SnapshotSource) {
  return {
    householdNo: h.householdNo,
    category: h.category,
    designation: h.designation,
    designatedAt: h.designatedAt?.toISOString().slice(0, 10) ?? null,
    village: h.village.name,
    villageId: h.villageId,
    naturalVillage: h.naturalVillage?.name ?? null,
    addressDetail: h.addressDetail,
    phone: h.phone,
    riskCauses: h.riskCauses,
    difficultyDescription: h.difficultyDescription,
    incomeYear: h.incomeYear,
    income: incomeOf(h),
    members: h.members.map((m) => ({
      id: m.id, name: m.name, gender: m.gender, idType: m.idType, idNumber: m.idNumber + (m.disabilitySuffix ?? ""),
      // The trail masks idNumber; the reports of a past date need the number as it was: kept encrypted (decision 015).
      idNumberSealed: dataKeys().encrypt(m.idNumber + (m.disabilitySuffix ?? "")).toString("base64"), relation: m.relation,
      ethnicity: m.ethnicity, politicalStatus: m.politicalStatus, education: m.education, schoolStatus: m.schoolStatus,
      health: m.health, workRegion: m.workRegion, workMonths: m.workMonths,
    })),
  };
}

/**
 * What a completed procedure does to the household: its designation starts or ends, or its category changes.
 * `riskCauses`: the risks the case verified, which become the household's (a stale cause must not stay on
 * the departments' lists).
 */
export type HouseholdOutcomeWrite =
  | { type: "DESIGNATE"; designation: Designation; monitoringType: MonitoringType | null; on: string; caseId: string; riskCauses?: readonly string[] }
  | { type: "CHANGE_CATEGORY"; category: HouseholdCategory; riskCauses?: readonly string[] }
  | { type: "END_DESIGNATION"; on: string; caseId: string; reason: string };

/**
 * The household's standing as a procedure leaves it (cases.service.ts), inside the action's transaction:
 * the current designation and its designation period (ledgers as of a date read the periods), or the
 * category. Returns before and after for the audit.
 */
export async function applyOutcomeToHousehold(tx: Tx, householdId: string, o: HouseholdOutcomeWrite) {
  const select = { category: true, designation: true, designatedAt: true, monitoringType: true, villageCode: true, riskCauses: true } as const;
  const before = await tx.household.findUniqueOrThrow({ where: { id: householdId }, select });
  const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
  let data: Prisma.HouseholdUpdateInput;
  switch (o.type) {
    case "DESIGNATE":
      data = { designation: o.designation, designatedAt: date(o.on), monitoringType: o.monitoringType };
      await startDesignation(tx, {
        householdId, villageCode: before.villageCode, designation: o.designation, monitoringType: o.monitoringType, startedOn: o.on, caseId: o.caseId,
      });
      break;
    case "CHANGE_CATEGORY":
      data = { category: o.category };
      break;
    case "END_DESIGNATION":
      data = { designation: null, designatedAt: null, monitoringType: null };
      await endDesignation(tx, { householdId, endedOn: o.on, caseId: o.caseId, reason: o.reason });
      break;
  }
  if (o.type !== "END_DESIGNATION" && o.riskCauses?.length) data.riskCauses = [...o.riskCauses];
  const after = await tx.household.update({ where: { id: householdId }, data: { ...data, version: { increment: 1 } }, select });
  return { before, after };
}



/**
 * Adds risk causes found after the household was registered (a visit's
 * finding), bumping the version like every household write. Returns before
 * and after for the audit, or null when nothing was new.
 */
export async function addRiskCauses(tx: Tx, householdId: string, causes: readonly string[], at: Date) {
  const before = await tx.household.findUniqueOrThrow({ where: { id: householdId }, select: { riskCauses: true } });
  const added = causes.filter((c) => !before.riskCauses.includes(c));
  if (added.length === 0) return null;
  const after = await tx.household.update({
    where: { id: householdId },
    data: { riskCauses: [...before.riskCauses, ...added], version: { increment: 1 }, updatedAt: at },
    select: { riskCauses: true },
  });
  return { before, after, added };
}

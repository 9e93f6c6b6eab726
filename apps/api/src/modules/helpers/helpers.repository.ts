import type { Db } from "../../db/prisma.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { phoneColumns } from "../../lib/data-crypto.ts";
import { likeLiteral } from "../../db/sql.ts";

/**
 * The helper register (table helper) and assignments (helper_assignment).
 * The register is scoped like households: by the prefix of the served
 * area's code (helper.area_code holds the area's significant digits).
 */

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

const helperSelect = {
  id: true, name: true, unit: true, position: true, rank: true, phoneEnc: true, areaId: true, areaCode: true, userId: true, isActive: true, version: true,
  _count: { select: { assignments: { where: { endedOn: null } } } },
} as const satisfies Prisma.HelperSelect;
export type HelperRow = Prisma.HelperGetPayload<{ select: typeof helperSelect }>;

export type HelperFilter = { scopePrefixes: string[]; q?: string; active?: boolean };

function helperWhere(f: HelperFilter): Prisma.HelperWhereInput {
  return {
    AND: f.scopePrefixes.map((p) => ({ areaCode: { startsWith: p } })),
    ...(f.q ? { OR: [{ name: { startsWith: likeLiteral(f.q) } }, { unit: { contains: likeLiteral(f.q) } }] } : {}),
    ...(f.active !== undefined ? { isActive: f.active } : {}),
  };
}

export async function listHelpers(db: Db, f: HelperFilter, skip: number, take: number): Promise<{ rows: HelperRow[]; total: number }> {
  const where = helperWhere(f);
  const [rows, total] = await Promise.all([
    db.helper.findMany({ where, select: helperSelect, orderBy: [{ areaCode: "asc" }, { name: "asc" }, { id: "asc" }], skip, take }),
    db.helper.count({ where }),
  ]);
  return { rows, total };
}

export function findHelper(db: Db, id: string): Promise<HelperRow | null> {
  return db.helper.findUnique({ where: { id }, select: helperSelect });
}

export function findHelperByUser(db: Db, userId: string) {
  return db.helper.findUnique({ where: { userId }, select: { id: true, isActive: true } });
}

export type HelperData = {
  name: string; unit: string; position: string; rank: string; phone: string | null; areaId: number; areaCode: string; userId: string | null;
};

export async function insertHelper(db: Db, data: HelperData, createdById: string): Promise<HelperRow> {
  const { phone, ...rest } = data;
  const created = await db.helper.create({ data: { ...rest, ...phoneColumns(phone), createdById }, select: { id: true } });
  return (await findHelper(db, created.id))!;
}

/** Updates with the version the caller saw; null on a version conflict. */
export async function updateHelper(
  db: Db, id: string, patch: Partial<HelperData> & { isActive?: boolean }, version: number,
): Promise<HelperRow | null> {
  const { phone, ...rest } = patch;
  const result = await db.helper.updateMany({
    where: { id, version },
    data: { ...rest, ...(phone !== undefined ? phoneColumns(phone) : {}), version: { increment: 1 } },
  });
  return result.count === 1 ? findHelper(db, id) : null;
}

export function findAreasByIds(db: Db, ids: number[]) {
  return db.area.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, code: true, name: true, level: true } });
}

export function findUsersByIds(db: Db, ids: string[]) {
  return db.user.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, username: true, role: true, isActive: true, area: { select: { code: true, level: true } } },
  });
}

// ---------------------------------------------------------------- assignments

const assignmentSelect = {
  id: true, role: true, startedOn: true, endedOn: true, endReason: true, assignedByName: true, helperId: true, createdAt: true,
  helper: { select: { id: true, name: true, unit: true, position: true, rank: true, phoneEnc: true } },
} as const satisfies Prisma.HelperAssignmentSelect;
export type AssignmentRow = Prisma.HelperAssignmentGetPayload<{ select: typeof assignmentSelect }>;

export function listAssignments(db: Db, householdId: string): Promise<AssignmentRow[]> {
  return db.helperAssignment.findMany({ where: { householdId }, select: assignmentSelect, orderBy: [{ startedOn: "desc" }, { createdAt: "desc" }] });
}

/** Ends an open assignment; false when it was already ended (someone else reassigned meanwhile). */
export async function endAssignment(db: Db, id: string, endedOn: string, endReason: string): Promise<boolean> {
  const r = await db.helperAssignment.updateMany({ where: { id, endedOn: null }, data: { endedOn: dateOf(endedOn), endReason } });
  return r.count === 1;
}

export async function insertAssignment(
  db: Db, a: { householdId: string; helperId: string; role: string; startedOn: string; assignedById: string; assignedByName: string },
): Promise<void> {
  await db.helperAssignment.create({ data: { ...a, startedOn: dateOf(a.startedOn) } });
}

/** The household as the assistance file shows it (no ID numbers). */
export function findFileHousehold(db: Db, householdId: string) {
  return db.household.findUnique({
    where: { id: householdId },
    select: {
      id: true, householdNo: true, headName: true, category: true, designation: true, monitoringType: true, riskCauses: true,
      memberCount: true, addressDetail: true, phoneEnc: true, villageCode: true,
      village: { select: { id: true, code: true, name: true, level: true } },
    },
  });
}

/** Active HELPER accounts within an area scope, with the register entry linked to each. */
export async function listHelperAccounts(db: Db, scopePrefix: string) {
  const users = await db.user.findMany({
    where: { role: "HELPER", isActive: true, area: { code: { startsWith: scopePrefix } } },
    select: { id: true, username: true, displayName: true, area: { select: { name: true } } },
    orderBy: { username: "asc" }, take: 500,
  });
  const links = await db.helper.findMany({ where: { userId: { in: users.map((u) => u.id) } }, select: { id: true, userId: true } });
  const byUser = new Map(links.map((l) => [l.userId, l.id]));
  return users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, areaName: u.area.name, helperId: byUser.get(u.id) ?? null }));
}

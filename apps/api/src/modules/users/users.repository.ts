import type { Db, Prisma } from "../../db/prisma.ts";

export const userSelect = {
  id: true, username: true, displayName: true, phoneEnc: true, role: true, isActive: true, lockedUntil: true, lastLoginAt: true, createdAt: true,
  failedLoginCount: true, mustChangePassword: true,
  area: { select: { id: true, code: true, name: true, level: true } },
} as const satisfies Prisma.UserSelect;
export type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export async function findUserPage(db: Db, where: Prisma.UserWhereInput, skip: number, take: number) {
  const [items, total] = await Promise.all([
    db.user.findMany({ where, select: userSelect, orderBy: [{ area: { code: "asc" } }, { username: "asc" }], skip, take }),
    db.user.count({ where }),
  ]);
  return { items, total };
}

export function findUserInScope(db: Db, id: string, scopePrefix: string) {
  return db.user.findFirst({ where: { id, area: { code: { startsWith: scopePrefix } } }, select: userSelect });
}

export function insertUser(db: Db, data: Prisma.UserUncheckedCreateInput): Promise<UserRow> {
  return db.user.create({ data, select: userSelect });
}

export function updateUser(db: Db, id: string, data: Prisma.UserUncheckedUpdateInput): Promise<UserRow> {
  return db.user.update({ where: { id }, data, select: userSelect });
}

/** Ends every session of the user. */
export function deleteSessionsOf(db: Db, userId: string) {
  return db.session.deleteMany({ where: { userId } });
}

/**
 * Serialises changes that could leave no active administrator: two
 * administrators demoting each other at once must not both succeed.
 * Held until the transaction ends.
 */
export async function lockAdministrators(tx: Db): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('fanpin:active-admins'))`;
}

export function countActiveAdmins(db: Db): Promise<number> {
  return db.user.count({ where: { role: "ADMIN", isActive: true } });
}

/** The helper-register entry signing in through this account, if any. */
export function findLinkedHelper(db: Db, userId: string) {
  return db.helper.findUnique({ where: { userId }, select: { id: true, name: true } });
}

/** Detaches the account from its helper-register entry (the entry stays, without a sign-in). */
export function unlinkHelper(db: Db, helperId: string) {
  return db.helper.update({ where: { id: helperId }, data: { userId: null, version: { increment: 1 } }, select: { id: true } });
}

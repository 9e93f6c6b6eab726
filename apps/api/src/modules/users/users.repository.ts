import type { Db, Prisma } from "../../db/prisma.ts";

export const userSelect = {
  id: true, username: true, displayName: true, role: true, isActive: true, lockedUntil: true, lastLoginAt: true, createdAt: true,
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

import { AREA_LEVEL_LABELS, areaScopePrefix } from "@fanpin/domain/areas";
import { ROLE_AREA_LEVELS, ROLE_LABELS } from "@fanpin/domain/roles";
import type { User, ZCreateUserRequest, ZUpdateUserRequest, ZUserListQuery } from "@fanpin/domain/user-schemas";
import type { z } from "zod";
import { likeLiteral } from "../../db/sql.ts";
import type { Prisma } from "../../db/prisma.ts";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import { assertPasswordAllowed, forgetConfirmedSessions } from "../auth/auth.service.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAudit } from "../audit/audit.repository.ts";
import { getAreaInScope } from "../areas/areas.service.ts";
import { hashPassword } from "../auth/password.ts";
import * as repo from "./users.repository.ts";

const scopeOf = (actor: Actor) => areaScopePrefix(actor.area.level, actor.area.code);

export async function listUsers(deps: Deps, actor: Actor, query: z.output<typeof ZUserListQuery>) {
  const where: Prisma.UserWhereInput = { area: { code: { startsWith: scopeOf(actor) } } };
  if (query.q) where.OR = [{ username: { contains: likeLiteral(query.q), mode: "insensitive" } }, { displayName: { contains: likeLiteral(query.q) } }];
  const { items, total } = await repo.findUserPage(deps.prisma, where, (query.page - 1) * query.pageSize, query.pageSize);
  const now = deps.clock();
  return { items: items.map((u) => toUser(u, now)), total, page: query.page, pageSize: query.pageSize };
}

export async function createUser(deps: Deps, actor: Actor, input: z.output<typeof ZCreateUserRequest>): Promise<User> {
  const area = await getAreaInScope(deps.prisma, actor, input.areaId).catch(() => {
    throw new AppError("AREA_NOT_FOUND", { details: [{ path: "areaId", message: "请选择您管辖范围内的行政区划" }] });
  });
  const levels = ROLE_AREA_LEVELS[input.role];
  if (!levels.includes(area.level)) {
    throw new AppError("VALIDATION_FAILED", {
      details: [{ path: "areaId", message: `${ROLE_LABELS[input.role]}须归属于${levels.map((l) => AREA_LEVEL_LABELS[l]).join("或")}级行政区划` }],
    });
  }
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock();
  try {
    const created = await withTransaction(deps.prisma, async (tx) => {
      const user = await repo.insertUser(tx, {
        username: input.username, displayName: input.displayName, role: input.role, areaId: area.id, passwordHash, mustChangePassword: true, passwordChangedAt: now, createdAt: now,
      });
      await appendAudit(tx, actor, {
        action: "user.create", entityType: "user", entityId: user.id,
        after: { username: user.username, displayName: user.displayName, role: user.role, area: area.name },
      }, now);
      return user;
    });
    return toUser(created, now);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("USERNAME_TAKEN", { details: [{ path: "username", message: "用户名已被使用，请换一个" }] });
    }
    throw error;
  }
}

/** An administrator sets a new password; the user must change it at next sign-in and all their sessions end. */
export async function resetPassword(deps: Deps, actor: Actor, userId: string, newPassword: string, reason?: string) {
  const user = await repo.findUserInScope(deps.prisma, userId, scopeOf(actor));
  if (!user) throw new AppError("USER_NOT_FOUND");
  assertPasswordAllowed(newPassword, user.username, "newPassword");
  const passwordHash = await hashPassword(newPassword);
  const now = deps.clock();
  await withTransaction(deps.prisma, async (tx) => {
    await repo.updateUser(tx, userId, { passwordHash, mustChangePassword: true, passwordChangedAt: now, failedLoginCount: 0, lockedUntil: null });
    await repo.deleteSessionsOf(tx, userId);
    await appendAudit(tx, actor, { action: "user.resetPassword", entityType: "user", entityId: userId, reason: reason ?? null }, now);
  }).finally(() => forgetConfirmedSessions(deps, { userId }));
}

export async function updateUser(deps: Deps, actor: Actor, userId: string, input: z.output<typeof ZUpdateUserRequest>): Promise<User> {
  const before = await repo.findUserInScope(deps.prisma, userId, scopeOf(actor));
  if (!before) throw new AppError("USER_NOT_FOUND");
  if (userId === actor.id && input.isActive === false) {
    throw new AppError("VALIDATION_FAILED", { details: [{ path: "isActive", message: "不能停用自己的账号" }] });
  }
  const now = deps.clock();
  const after = await withTransaction(deps.prisma, async (tx) => {
    const updated = await repo.updateUser(tx, userId, {
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.isActive !== undefined ? { isActive: input.isActive } : {}),
      ...(input.unlock ? { lockedUntil: null, failedLoginCount: 0 } : {}),
    });
    if (input.isActive === false) await repo.deleteSessionsOf(tx, userId);
    await appendAudit(tx, actor, {
      action: "user.update", entityType: "user", entityId: userId,
      before: { displayName: before.displayName, isActive: before.isActive, lockedUntil: before.lockedUntil },
      after: { displayName: updated.displayName, isActive: updated.isActive, lockedUntil: updated.lockedUntil },
    }, now);
    return updated;
  }).finally(() => forgetConfirmedSessions(deps, { userId }));
  return toUser(after, now);
}

function toUser(u: repo.UserRow, now: Date): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    area: u.area,
    isActive: u.isActive,
    isLocked: u.lockedUntil !== null && u.lockedUntil > now,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

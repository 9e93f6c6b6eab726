import { AREA_LEVEL_LABELS, areaScopePrefix } from "@fanpin/domain/areas";
import { ROLE_AREA_LEVELS, ROLE_LABELS } from "@fanpin/domain/roles";
import type { Role } from "@fanpin/domain/roles";
import type { User, ZCreateUserRequest, ZUpdateUserRequest, ZUserListQuery } from "@fanpin/domain/user-schemas";
import type { z } from "zod";
import { likeLiteral } from "../../db/sql.ts";
import type { Prisma } from "../../db/prisma.ts";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import { dataKeys, decryptOrNull, phoneColumns } from "../../lib/data-crypto.ts";
import { maskPhone } from "../../lib/personal-data.ts";
import { assertPasswordAllowed, forgetConfirmedSessions } from "../auth/auth.service.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAudit, appendAuditMany } from "../audit/audit.repository.ts";
import { getAreaInScope } from "../areas/areas.service.ts";
import { hashPassword } from "../auth/password.ts";
import * as repo from "./users.repository.ts";

const scopeOf = (actor: Actor) => areaScopePrefix(actor.area.level, actor.area.code);

export async function listUsers(deps: Deps, actor: Actor, query: z.output<typeof ZUserListQuery>) {
  let prefix = scopeOf(actor);
  if (query.areaId !== undefined) {
    // An area outside the administrator's scope is not found, like any other record there.
    const area = await getAreaInScope(deps.prisma, actor, query.areaId).catch(() => {
      throw new AppError("AREA_NOT_FOUND", { details: [{ path: "areaId", message: "请选择您管辖范围内的行政区划" }] });
    });
    prefix = areaScopePrefix(area.level, area.code);
  }
  const where: Prisma.UserWhereInput = { area: { code: { startsWith: prefix } } };
  if (query.role) where.role = query.role;
  if (query.state) where.isActive = query.state === "active";
  if (query.q) {
    const or: Prisma.UserWhereInput[] = [
      { username: { contains: likeLiteral(query.q), mode: "insensitive" } },
      { displayName: { contains: likeLiteral(query.q) } },
    ];
    // Phones are encrypted: only the whole number is found, through its blind index (decision 015).
    if (/^[\d-]{5,}$/.test(query.q)) or.push({ phoneBidx: dataKeys().blindIndex("phone", query.q) });
    where.OR = or;
  }
  const { items, total } = await repo.findUserPage(deps.prisma, where, (query.page - 1) * query.pageSize, query.pageSize);
  const now = deps.clock();
  return { items: items.map((u) => toUser(u, now)), total, page: query.page, pageSize: query.pageSize };
}

/** The area a user of this role may be bound to, within the administrator's scope; field errors otherwise. */
async function checkRoleArea(deps: Deps, actor: Actor, role: Role, areaId: number) {
  const area = await getAreaInScope(deps.prisma, actor, areaId).catch(() => {
    throw new AppError("AREA_NOT_FOUND", { details: [{ path: "areaId", message: "请选择您管辖范围内的行政区划" }] });
  });
  const levels = ROLE_AREA_LEVELS[role];
  if (!levels.includes(area.level)) {
    throw new AppError("VALIDATION_FAILED", {
      details: [{ path: "areaId", message: `${ROLE_LABELS[role]}须归属于${levels.map((l) => AREA_LEVEL_LABELS[l]).join("或")}级行政区划` }],
    });
  }
  return area;
}

export async function createUser(deps: Deps, actor: Actor, input: z.output<typeof ZCreateUserRequest>): Promise<User> {
  const area = await checkRoleArea(deps, actor, input.role, input.areaId);
  const phone = input.phone ?? null;
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock();
  try {
    const created = await withTransaction(deps.prisma, async (tx) => {
      const user = await repo.insertUser(tx, {
        username: input.username, displayName: input.displayName, ...phoneColumns(phone), role: input.role, areaId: area.id, passwordHash, mustChangePassword: true, passwordChangedAt: now, createdAt: now,
      });
      await appendAudit(tx, actor, {
        action: "user.create", entityType: "user", entityId: user.id,
        after: { username: user.username, displayName: user.displayName, phone, role: user.role, area: area.name },
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

const fieldError = (path: string, message: string) => new AppError("VALIDATION_FAILED", { details: [{ path, message }] });

/**
 * Edits an account: name, phone, role, area, active or not, lock. A changed
 * role or area ends the user's sessions at once (what they may see changed),
 * as does deactivation. The audit entry keeps each changed field's before and
 * after, with the reason.
 */
export async function updateUser(deps: Deps, actor: Actor, userId: string, input: z.output<typeof ZUpdateUserRequest>): Promise<User> {
  const before = await repo.findUserInScope(deps.prisma, userId, scopeOf(actor));
  if (!before) throw new AppError("USER_NOT_FOUND");
  const role = input.role ?? before.role;
  const roleChanged = role !== before.role;
  const areaChanged = input.areaId !== undefined && input.areaId !== before.area.id;
  const deactivating = input.isActive === false && before.isActive;
  if (userId === actor.id && input.isActive === false) throw fieldError("isActive", "不能停用自己的账号");
  if ((roleChanged || areaChanged) && !input.reason) throw fieldError("reason", "更改角色或所属行政区划须填写原因");
  const area = roleChanged || areaChanged ? await checkRoleArea(deps, actor, role, input.areaId ?? before.area.id) : before.area;
  const beforePhone = decryptOrNull(before.phoneEnc);
  const phone = input.phone !== undefined ? input.phone : beforePhone;
  const endsSessions = roleChanged || areaChanged || deactivating;
  const leavesAdmins = before.role === "ADMIN" && before.isActive && (roleChanged || deactivating);

  const now = deps.clock();
  const after = await withTransaction(deps.prisma, async (tx) => {
    if (leavesAdmins) await repo.lockAdministrators(tx);
    const updated = await repo.updateUser(tx, userId, {
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.phone !== undefined ? phoneColumns(input.phone) : {}),
      ...(roleChanged ? { role } : {}),
      ...(areaChanged ? { areaId: area.id } : {}),
      ...(input.isActive !== undefined ? { isActive: input.isActive } : {}),
      ...(input.unlock ? { lockedUntil: null, failedLoginCount: 0 } : {}),
    });
    // Counted after the change, under the lock: a concurrent demotion waits and then sees this one.
    if (leavesAdmins && (await repo.countActiveAdmins(tx)) === 0) throw new AppError("LAST_ACTIVE_ADMIN");
    if (endsSessions) await repo.deleteSessionsOf(tx, userId);
    // The helper register links only HELPER accounts (helpers.service checkLinkableUser): a former helper's account lets go of its entry.
    const unlinked = roleChanged && before.role === "HELPER" ? await repo.findLinkedHelper(tx, userId) : null;
    if (unlinked) await repo.unlinkHelper(tx, unlinked.id);
    const view = (u: { displayName: string; role: Role; isActive: boolean; lockedUntil: Date | null }, areaName: string, p: string | null) => ({
      displayName: u.displayName, phone: p, role: u.role, area: areaName, isActive: u.isActive, lockedUntil: u.lockedUntil,
    });
    const from = view(before, before.area.name, beforePhone);
    const to = view(updated, updated.area.name, phone);
    const records = [
      ...(unlinked ? [{
        action: "helper.update", entityType: "helper", entityId: unlinked.id, reason: "关联账号的角色已改为" + ROLE_LABELS[role],
        before: { userId }, after: { userId: null },
      }] : []),
      {
        action: "user.update", entityType: "user", entityId: userId, reason: input.reason ?? null,
        // Only what changed, so the history reads 原 → 新 per field.
        before: pickChanged(from, to), after: pickChanged(to, from),
      },
    ];
    await appendAuditMany(tx, actor, records, now);
    return updated;
  }).finally(() => forgetConfirmedSessions(deps, { userId }));
  return toUser(after, now);
}

function pickChanged<T extends Record<string, unknown>>(a: T, b: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(a) as (keyof T)[]) {
    const x = a[key] instanceof Date ? (a[key] as Date).toISOString() : a[key];
    const y = b[key] instanceof Date ? (b[key] as Date).toISOString() : b[key];
    if (x !== y) out[key] = a[key];
  }
  return out;
}

function toUser(u: repo.UserRow, now: Date): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phoneMasked: u.phoneEnc ? maskPhone(decryptOrNull(u.phoneEnc)!) : null,
    role: u.role,
    area: u.area,
    isActive: u.isActive,
    isLocked: u.lockedUntil !== null && u.lockedUntil > now,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

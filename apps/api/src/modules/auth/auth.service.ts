import { createHash, randomBytes } from "node:crypto";
import type { Actor } from "../../lib/actor.ts";
import { passwordProblems } from "@fanpin/domain/password-rules";
import { AppError, fieldError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAudit, appendAuditMany } from "../audit/audit.repository.ts";
import { listAreaPath } from "../areas/areas.repository.ts";
import * as repo from "./auth.repository.ts";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.ts";
import { withTransaction } from "../../db/transaction.ts";

type Client = { ip: string | null; userAgent: string | null; requestId: string };

/** Only the hash of the cookie token is stored; the token itself lives in the browser. */
export function sessionIdFromToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function minutes(n: number): number {
  return n * 60_000;
}

export async function login(
  deps: Deps,
  username: string,
  password: string,
  client: Client,
): Promise<{ token: string; actor: Omit<Actor, "requestId" | "ip"> }> {
  const { prisma, clock, config } = deps;
  const now = clock();
  // Per client address, before anything costs a password hash: guessing across many accounts from
  // one place is slowed down, not only guessing one account (that is the lock-out below).
  const address = client.ip ?? "unknown";
  const windowMs = minutes(config.signInAddressWindowMinutes);
  if (!(await repo.claimAddressAttempt(prisma, address, now, config.signInAddressLimit, windowMs))) {
    const windowStart = await repo.findAddressWindowStart(prisma, address);
    const retryAfterSeconds = Math.max(1, Math.ceil(((windowStart?.getTime() ?? now.getTime()) + windowMs - now.getTime()) / 1000));
    throw new AppError("RATE_LIMITED", {
      message: `此网络地址登录失败次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
      retryAfterSeconds,
    });
  }
  const user = await repo.findUserByUsername(prisma, username);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    throw invalidCredentials(config);
  }
  const actor = { id: user.id, username: user.username, role: user.role, requestId: client.requestId, ip: client.ip };

  // Every attempt is counted before the password is checked, in one statement that also
  // refuses a locked account: parallel guesses cannot get past the limit.
  await repo.clearExpiredLock(prisma, user.id, now);
  const attempt = await repo.claimLoginAttempt(prisma, user.id, config.lockoutThreshold);
  if (attempt === null) {
    const current = await repo.findUserById(prisma, user.id);
    if (current?.lockedUntil && current.lockedUntil > now) throw lockedError(current.lockedUntil, now, config.lockoutMinutes);
    // Not locked, but as many attempts as the limit are being checked right now.
    throw new AppError("RATE_LIMITED", { message: "同一账号登录过于频繁，请稍后再试", retryAfterSeconds: 1 });
  }

  if (!(await verifyPassword(user.passwordHash, password))) {
    const locks = attempt >= config.lockoutThreshold;
    const until = new Date(now.getTime() + minutes(config.lockoutMinutes));
    await withTransaction(prisma, async (tx) => {
      if (locks) await repo.lockUser(tx, user.id, until);
      // One append, the transaction's last write (the audit chain's lock comes last, decision 014).
      await appendAuditMany(tx, actor, [
        { action: "auth.loginFailed", entityType: "user", entityId: user.id, after: { failedLoginCount: attempt } },
        ...(locks ? [{ action: "auth.locked", entityType: "user", entityId: user.id, after: { lockedUntil: until.toISOString() } }] : []),
      ], now);
    });
    if (locks) throw lockedError(until, now, config.lockoutMinutes);
    throw invalidCredentials(config);
  }
  if (!user.isActive) throw new AppError("ACCOUNT_DISABLED");

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + config.sessionMaxHours * 3_600_000);
  await withTransaction(prisma, async (tx) => {
    await repo.recordSuccessfulLogin(tx, user.id, now);
    await repo.refundAddressAttempt(tx, address);
    await repo.createSession(tx, { id: sessionIdFromToken(token), userId: user.id, now, expiresAt, ip: client.ip, userAgent: client.userAgent?.slice(0, 300) ?? null });
    await appendAudit(tx, actor, { action: "auth.login", entityType: "user", entityId: user.id }, now);
  });
  return { token, actor: toActor(user, config, now) };
}

/**
 * The signed-in user as services see it. A password older than
 * PASSWORD_MAX_AGE_DAYS must be changed before anything else, as after a
 * reset (the same flow, with its own explanation).
 */
function toActor(u: NonNullable<Awaited<ReturnType<typeof repo.findUserById>>>, config: Deps["config"], now: Date): Omit<Actor, "requestId" | "ip"> {
  const passwordExpired = now.getTime() - u.passwordChangedAt.getTime() >= config.passwordMaxAgeDays * 86_400_000;
  return {
    id: u.id, username: u.username, displayName: u.displayName, role: u.role, area: u.area,
    mustChangePassword: u.mustChangePassword || passwordExpired,
    passwordExpired: !u.mustChangePassword && passwordExpired,
  };
}

/** Why the password must be changed, in the words the user sees. */
export function passwordChangeReason(actor: Pick<Actor, "passwordExpired">, config: Deps["config"]): string | undefined {
  return actor.passwordExpired ? `密码已超过 ${config.passwordMaxAgeDays} 天未修改，请修改密码` : undefined;
}

/** The same answer for an unknown username and a wrong password: it must not tell which accounts exist. */
function invalidCredentials(config: Deps["config"]): AppError {
  return new AppError("INVALID_CREDENTIALS", {
    message: `用户名或密码不正确。连续 ${config.lockoutThreshold} 次输错密码，账号将被锁定 ${config.lockoutMinutes} 分钟`,
  });
}

function lockedError(until: Date | null, now: Date, lockoutMinutes: number): AppError {
  const left = until && until > now ? Math.ceil((until.getTime() - now.getTime()) / 60_000) : lockoutMinutes;
  return new AppError("ACCOUNT_LOCKED", { message: `连续登录失败次数过多，账号已锁定，请 ${left} 分钟后再试，或联系管理员解锁` });
}

export type SessionCheck =
  | { status: "valid"; actor: Omit<Actor, "requestId" | "ip">; sessionId: string }
  | { status: "expired" }
  | { status: "missing" };

/**
 * Resolves a cookie token to its user. A session ends after
 * `sessionIdleMinutes` without requests or `sessionMaxHours` after sign-in.
 * Activity is written at most once a minute to spare the database.
 */
export async function resolveSession(deps: Deps, token: string | undefined): Promise<SessionCheck> {
  if (!token) return { status: "missing" };
  const { prisma, clock, config } = deps;
  const now = clock();
  const id = sessionIdFromToken(token);
  const recent = confirmedSessions(deps);
  const hit = recent.get(id);
  if (hit && isFresh(hit, now)) return hit.check;
  const session = await repo.findSessionWithUser(prisma, id);
  if (!session) return { status: "expired" };
  const idleFor = now.getTime() - session.lastSeenAt.getTime();
  if (session.expiresAt <= now || idleFor > minutes(config.sessionIdleMinutes) || !session.user.isActive) {
    await repo.deleteSession(prisma, id);
    return { status: "expired" };
  }
  if (idleFor > 60_000) await repo.touchSession(prisma, id, now);
  const check = { status: "valid", sessionId: id, actor: toActor(session.user, config, now) } as const;
  if (recent.size >= MAX_CONFIRMED_SESSIONS) for (const [key, c] of recent) if (!isFresh(c, now)) recent.delete(key);
  if (recent.size < MAX_CONFIRMED_SESSIONS) recent.set(id, { check, confirmedAt: now.getTime(), confirmedAtMonotonic: performance.now() });
  return check;
}

/**
 * A session confirmed within the last second is trusted without asking the
 * database again (decision 011): on small machines that round trip is the
 * larger part of a cheap read. Whatever ends or changes sessions through this
 * process forgets them at once (sign-out, password changes, deactivation);
 * another API process notices within the second. Both clocks must agree it
 * is fresh, so a test that moves the application clock is never answered
 * from before the move.
 */
export const SESSION_CONFIRMED_MS = 1_000;
const MAX_CONFIRMED_SESSIONS = 50_000;
type Confirmed = { check: Extract<SessionCheck, { status: "valid" }>; confirmedAt: number; confirmedAtMonotonic: number };
const confirmed = new WeakMap<object, Map<string, Confirmed>>();

function confirmedSessions(deps: Deps): Map<string, Confirmed> {
  let sessions = confirmed.get(deps.prisma);
  if (!sessions) confirmed.set(deps.prisma, (sessions = new Map()));
  return sessions;
}

function isFresh(c: Confirmed, now: Date): boolean {
  const age = now.getTime() - c.confirmedAt;
  return age >= 0 && age < SESSION_CONFIRMED_MS && performance.now() - c.confirmedAtMonotonic < SESSION_CONFIRMED_MS;
}

/** After a session ended or a user's sessions changed: the next request asks the database. */
export function forgetConfirmedSessions(deps: Deps, which: { sessionId: string } | { userId: string }): void {
  const sessions = confirmedSessions(deps);
  if ("sessionId" in which) sessions.delete(which.sessionId);
  else for (const [key, c] of sessions) if (c.check.actor.id === which.userId) sessions.delete(key);
}

export async function logout(deps: Deps, actor: Actor, sessionId: string): Promise<void> {
  const now = deps.clock();
  await withTransaction(deps.prisma, async (tx) => {
    await repo.deleteSession(tx, sessionId);
    await appendAudit(tx, actor, { action: "auth.logout", entityType: "user", entityId: actor.id }, now);
  }).finally(() => forgetConfirmedSessions(deps, { sessionId }));
}

export async function getMe(deps: Deps, actor: Actor) {
  const path = await listAreaPath(deps.prisma, actor.area.id);
  return {
    user: {
      id: actor.id, username: actor.username, displayName: actor.displayName, role: actor.role,
      mustChangePassword: actor.mustChangePassword, passwordExpired: actor.passwordExpired ?? false,
    },
    area: { ...actor.area, path },
    sessionIdleMinutes: deps.config.sessionIdleMinutes,
    passwordMaxAgeDays: deps.config.passwordMaxAgeDays,
  };
}

export async function changeOwnPassword(deps: Deps, actor: Actor, sessionId: string, currentPassword: string, newPassword: string) {
  const user = await repo.findUserById(deps.prisma, actor.id);
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("WRONG_PASSWORD", { details: [{ path: "currentPassword", message: "原密码不正确" }] });
  }
  assertPasswordAllowed(newPassword, user.username, "newPassword");
  // A forced change (reset, expiry) must end with a password other than the one that had to go.
  if (newPassword === currentPassword) throw fieldError("newPassword", "新密码不能与原密码相同");
  const passwordHash = await hashPassword(newPassword);
  const now = deps.clock();
  await withTransaction(deps.prisma, async (tx) => {
    await repo.updatePasswordHash(tx, actor.id, passwordHash, false, now);
    // Other sessions of this user end: a changed password must lock out whoever knew the old one.
    await repo.deleteOtherSessions(tx, actor.id, sessionId);
    await appendAudit(tx, actor, { action: "user.changePassword", entityType: "user", entityId: actor.id }, now);
  }).finally(() => forgetConfirmedSessions(deps, { userId: actor.id }));
}

/**
 * The rules of a new password that need the account (the username); the
 * request schema has checked the others already, this repeats them harmlessly.
 */
export function assertPasswordAllowed(password: string, username: string, path: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw new AppError("VALIDATION_FAILED", { details: problems.map((message) => ({ path, message })) });
}

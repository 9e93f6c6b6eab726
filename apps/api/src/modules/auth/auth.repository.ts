import type { Db } from "../../db/prisma.ts";

const userWithArea = { area: { select: { id: true, code: true, name: true, level: true } } } as const;

export function findUserByUsername(db: Db, username: string) {
  return db.user.findUnique({ where: { username }, include: userWithArea });
}

export function findUserById(db: Db, id: string) {
  return db.user.findUnique({ where: { id }, include: userWithArea });
}

/** A lock whose time has run out ends: the count starts afresh. */
export function clearExpiredLock(db: Db, userId: string, now: Date) {
  return db.user.updateMany({ where: { id: userId, lockedUntil: { lte: now } }, data: { lockedUntil: null, failedLoginCount: 0 } });
}

/**
 * Counts a sign-in attempt before its password is checked and returns the
 * count, or null when the account is locked or has used up its attempts.
 * One statement: concurrent attempts cannot pass the limit together.
 */
export async function claimLoginAttempt(db: Db, userId: string, threshold: number): Promise<number | null> {
  const rows = await db.$queryRaw<{ failed_login_count: number }[]>`
    UPDATE app_user SET failed_login_count = failed_login_count + 1, updated_at = now()
    WHERE id = ${userId}::uuid AND locked_until IS NULL AND failed_login_count < ${threshold}
    RETURNING failed_login_count`;
  return rows[0]?.failed_login_count ?? null;
}

export function lockUser(db: Db, userId: string, until: Date) {
  return db.user.update({ where: { id: userId }, data: { lockedUntil: until } });
}

export function recordSuccessfulLogin(db: Db, userId: string, at: Date) {
  return db.user.update({ where: { id: userId }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: at } });
}

export function createSession(
  db: Db,
  data: { id: string; userId: string; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  return db.session.create({
    data: { id: data.id, userId: data.userId, createdAt: data.now, lastSeenAt: data.now, expiresAt: data.expiresAt, ip: data.ip, userAgent: data.userAgent },
  });
}

export function findSessionWithUser(db: Db, id: string) {
  return db.session.findUnique({ where: { id }, include: { user: { include: userWithArea } } });
}

export function touchSession(db: Db, id: string, at: Date) {
  return db.session.updateMany({ where: { id }, data: { lastSeenAt: at } });
}

export function deleteSession(db: Db, id: string) {
  return db.session.deleteMany({ where: { id } });
}

/** Housekeeping: sessions past their hard limit or idle for longer than allowed. */
/** Every session of the user but one (after a password change, the one that changed it stays). */
export function deleteOtherSessions(db: Db, userId: string, keepSessionId: string) {
  return db.session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
}

export function deleteExpiredSessions(db: Db, now: Date, idleSince: Date) {
  return db.session.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { lastSeenAt: { lt: idleSince } }] } });
}

export function updatePasswordHash(db: Db, userId: string, passwordHash: string, mustChangePassword: boolean, at: Date) {
  return db.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword, passwordChangedAt: at } });
}

/**
 * Counts a sign-in attempt from a client address before anything is checked,
 * in one statement (parallel attempts cannot pass the limit together). A
 * window that ended (or lies in the future, after the clock was set back)
 * starts afresh. Returns false when the address has used up its attempts.
 */
export async function claimAddressAttempt(db: Db, address: string, now: Date, limit: number, windowMs: number): Promise<boolean> {
  const windowEndedBefore = new Date(now.getTime() - windowMs);
  const rows = await db.$queryRaw<{ attempts: number }[]>`
    INSERT INTO sign_in_throttle AS t (address, window_start, attempts) VALUES (${address}, ${now}, 1)
    ON CONFLICT (address) DO UPDATE SET
      window_start = CASE WHEN t.window_start <= ${windowEndedBefore} OR t.window_start > ${now} THEN EXCLUDED.window_start ELSE t.window_start END,
      attempts = CASE WHEN t.window_start <= ${windowEndedBefore} OR t.window_start > ${now} THEN 1 ELSE t.attempts + 1 END
    WHERE t.window_start <= ${windowEndedBefore} OR t.window_start > ${now} OR t.attempts < ${limit}
    RETURNING attempts`;
  return rows.length > 0;
}

export async function findAddressWindowStart(db: Db, address: string): Promise<Date | null> {
  return (await db.signInThrottle.findUnique({ where: { address }, select: { windowStart: true } }))?.windowStart ?? null;
}

/** A successful sign-in does not count against its address. */
export function refundAddressAttempt(db: Db, address: string) {
  return db.signInThrottle.updateMany({ where: { address, attempts: { gt: 0 } }, data: { attempts: { decrement: 1 } } });
}

/** Housekeeping: addresses whose window has ended. */
export function deleteEndedAddressWindows(db: Db, windowEndedBefore: Date) {
  return db.signInThrottle.deleteMany({ where: { windowStart: { lte: windowEndedBefore } } });
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const me = (cookie?: string) => t.app.inject({ method: "GET", url: "/api/auth/me", headers: cookie ? { cookie } : {} });

describe("sign-in", () => {
  it("signs in a demo user with an httpOnly SameSite session cookie and answers /me with role and area", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "township", password: "Demo@2026" } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "fanpin_sid")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.path).toBe("/");
    const body = (await me(`fanpin_sid=${cookie.value}`)).json();
    expect(body.user).toMatchObject({ username: "township", role: "TOWNSHIP_STAFF" });
    expect(body.area).toMatchObject({ name: "张村镇", level: "TOWNSHIP" });
    expect(body.area.path.map((a: { name: string }) => a.name)).toEqual(["山东省", "威海市", "环翠区", "张村镇"]);
  });

  it("stores only a hash of the session token", async () => {
    const cookie = await signIn(t.app, "district");
    const token = cookie.split("=")[1]!;
    expect(await t.prisma.session.count({ where: { id: token } })).toBe(0);
    expect(await t.prisma.session.count({ where: { user: { username: "district" } } })).toBeGreaterThan(0);
  });

  it("refuses a wrong password and an unknown user alike, in the error shape", async () => {
    for (const payload of [{ username: "township", password: "wrong-pass1" }, { username: "nobody", password: "Demo@2026" }]) {
      const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload });
      expect(res.statusCode).toBe(401);
      const body = res.json();
      expect(body).toMatchObject({ code: "INVALID_CREDENTIALS", details: [] });
      expect(body.message).toMatch(/用户名或密码不正确/);
      expect(typeof body.requestId).toBe("string");
    }
    // A success resets the count of failures.
    await signIn(t.app, "township");
    expect((await t.prisma.user.findUniqueOrThrow({ where: { username: "township" } })).failedLoginCount).toBe(0);
  });

  it("requires a session everywhere under /api but health and sign-in", async () => {
    const res = await me();
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("UNAUTHENTICATED");
    expect((await t.app.inject({ method: "GET", url: "/api/health" })).json()).toMatchObject({ status: "ok", database: { status: "ok" } });
  });

  it("validates the sign-in body with field-level Chinese messages", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "" } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.details).toEqual(expect.arrayContaining([{ path: "username", message: "请输入用户名" }, { path: "password", message: "此项为必填项" }]));
  });

  it("signs out: the cookie no longer works", async () => {
    const cookie = await signIn(t.app, "village");
    expect((await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie } })).statusCode).toBe(200);
    expect((await me(cookie)).json().code).toBe("SESSION_EXPIRED");
    const trail = await t.prisma.auditEntry.findMany({ where: { actorName: "village", action: { in: ["auth.login", "auth.logout"] } } });
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(["auth.login", "auth.logout"]));
  });
});

describe("lock-out after repeated failures", () => {
  it("locks the account after five wrong passwords, even against the right one, until the lock runs out", async () => {
    const attempt = (password: string) =>
      t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "township2", password } });
    for (let i = 1; i <= 4; i++) {
      const res = await attempt("wrong-pass1");
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toBe("用户名或密码不正确。连续 5 次输错密码，账号将被锁定 15 分钟");
    }
    const fifth = await attempt("wrong-pass1");
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe("ACCOUNT_LOCKED");
    const rightButLocked = await attempt("Demo@2026");
    expect(rightButLocked.statusCode).toBe(423);

    const trail = await t.prisma.auditEntry.findMany({ where: { action: "auth.locked", actorName: "township2" } });
    expect(trail).toHaveLength(1);

    t.clock.advanceMinutes(16);
    expect((await attempt("Demo@2026")).statusCode).toBe(200);
  });

  it("counts parallel guesses before checking them: no more than the limit get a password check", async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: "district" } });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "district", password: "wrong-pass9" } })),
    );
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(4);
    // The fifth locks the account; the others were refused without a password check (locked, or too many in flight).
    expect(results.filter((r) => r.statusCode === 423 || r.statusCode === 429)).toHaveLength(16);
    expect(await t.prisma.auditEntry.count({ where: { action: "auth.loginFailed", entityId: user.id } })).toBe(5);
    await t.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: null, failedLoginCount: 0 } });
  });

  it("lets an administrator lift a lock at once", async () => {
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "city", password: "bad-pass1" } });
    }
    const admin = await signIn(t.app, "admin");
    const city = await t.prisma.user.findUniqueOrThrow({ where: { username: "city" } });
    const res = await t.app.inject({ method: "PATCH", url: `/api/users/${city.id}`, headers: { cookie: admin }, payload: { unlock: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json().isLocked).toBe(false);
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { action: "user.update", entityId: city.id } });
    expect(entry).toMatchObject({ actorName: "admin", after: { lockedUntil: null } });
    await signIn(t.app, "city");
  });
});

describe("session expiry", () => {
  it("ends a session after the idle time, but not while it is used", async () => {
    const cookie = await signIn(t.app, "district");
    t.clock.advanceMinutes(20);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advanceMinutes(20); // 40 minutes since sign-in, 20 since last use
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advanceMinutes(31);
    const res = await me(cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("SESSION_EXPIRED");
  });

  it("ends a session at its hard limit whatever the activity", async () => {
    const cookie = await signIn(t.app, "district");
    for (let i = 0; i < 24; i++) {
      t.clock.advanceMinutes(29);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    t.clock.advanceMinutes(29); // 12 h 5 min after sign-in
    expect((await me(cookie)).json().code).toBe("SESSION_EXPIRED");
  });
});

describe("passwords", () => {
  it("changes one's own password and ends the other sessions", async () => {
    const first = await signIn(t.app, "village");
    const second = await signIn(t.app, "village");
    expect((await me(second)).statusCode).toBe(200);
    const weak = await t.app.inject({ method: "POST", url: "/api/auth/password", headers: { cookie: first }, payload: { currentPassword: "Demo@2026", newPassword: "short" } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details[0]).toMatchObject({ path: "newPassword" });
    const res = await t.app.inject({ method: "POST", url: "/api/auth/password", headers: { cookie: first }, payload: { currentPassword: "Demo@2026", newPassword: "Village2026x" } });
    expect(res.statusCode).toBe(200);
    expect((await me(first)).statusCode).toBe(200);
    expect((await me(second)).statusCode).toBe(401);
    await signIn(t.app, "village", "Village2026x");
    expect(await t.prisma.auditEntry.count({ where: { action: "user.changePassword", actorName: "village" } })).toBe(1);
  });

  it("stores memory-hard argon2id hashes", async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe("session housekeeping", () => {
  it("removes ended sessions from the table, keeps live ones", async () => {
    const { JOBS } = await import("../jobs/job-runner.ts");
    const cleanup = JOBS.find((j) => j.name === "session-cleanup")!;
    const deps = { prisma: t.prisma, clock: t.clock.now, config: t.config };
    await signIn(t.app, "township");
    t.clock.advanceMinutes(31);
    const live = await signIn(t.app, "township");
    expect(await cleanup.run(deps)).toBeGreaterThan(0);
    expect((await me(live)).statusCode).toBe(200);
    expect(await t.prisma.session.count({ where: { lastSeenAt: { lt: new Date(t.clock.now().getTime() - 31 * 60_000) } } })).toBe(0);
  });
});

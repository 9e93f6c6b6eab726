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
    const login = (password: string) => t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "city", password } });
    for (let i = 0; i < 5; i++) await login("bad-pass1");
    // First prove the lock: the right password is refused, and the account reads as locked.
    const refused = await login("Demo@2026");
    expect([refused.statusCode, refused.json().code]).toEqual([423, "ACCOUNT_LOCKED"]);
    const admin = await signIn(t.app, "admin");
    const city = await t.prisma.user.findUniqueOrThrow({ where: { username: "city" } });
    const listed = await t.app.inject({ method: "GET", url: "/api/users?q=city", headers: { cookie: admin } });
    expect(listed.json().items.find((u: { id: string }) => u.id === city.id)).toMatchObject({ isLocked: true });
    const res = await t.app.inject({ method: "PATCH", url: `/api/users/${city.id}`, headers: { cookie: admin }, payload: { unlock: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json().isLocked).toBe(false);
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { action: "user.update", entityId: city.id } });
    expect(entry).toMatchObject({ actorName: "admin", after: { lockedUntil: null } });
    // …and with the lock lifted the same password signs in, without waiting for the lock to run out.
    expect((await login("Demo@2026")).statusCode).toBe(200);
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
    const res = await t.app.inject({ method: "POST", url: "/api/auth/password", headers: { cookie: first }, payload: { currentPassword: "Demo@2026", newPassword: "Zhangcun#Lake7" } });
    expect(res.statusCode).toBe(200);
    expect((await me(first)).statusCode).toBe(200);
    expect((await me(second)).statusCode).toBe(401);
    await signIn(t.app, "village", "Zhangcun#Lake7");
    expect(await t.prisma.auditEntry.count({ where: { action: "user.changePassword", actorName: "village" } })).toBe(1);
  });

  it("applies the password rules to one's own change, the username included, and changes nothing", async () => {
    const cookie = await signIn(t.app, "township");
    const change = (newPassword: string) =>
      t.app.inject({ method: "POST", url: "/api/auth/password", headers: { cookie }, payload: { currentPassword: "Demo@2026", newPassword } });
    const before = await t.prisma.user.findUniqueOrThrow({ where: { username: "township" } });
    for (const [newPassword, message] of [
      ["abcdefg1", "密码至少 10 位"],
      ["xqzpvlmrtw7", "密码须包含大写字母、小写字母、数字、符号中的至少 3 类"],
      ["Qwerty@2026", "密码过于常见或有规律（常用词、键盘顺序、连续或重复的字符、年份），请换一个不易猜到的密码"],
      ["My#Township7", "密码不能包含用户名"],
      ["Xq7#pLm\u200b2vR", "密码不能包含控制字符或不可见字符"],
    ] as const) {
      const res = await change(newPassword);
      expect([res.statusCode, res.json().code], newPassword).toEqual([400, "VALIDATION_FAILED"]);
      expect(res.json().details, newPassword).toContainEqual({ path: "newPassword", message });
    }
    expect((await t.prisma.user.findUniqueOrThrow({ where: { username: "township" } })).passwordHash).toBe(before.passwordHash);
  });

  it("stores memory-hard argon2id hashes", async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe("password expiry", () => {
  it("forces a change at sign-in once the password is older than PASSWORD_MAX_AGE_DAYS, with the reason, until it is changed", async () => {
    const expiring = await createTestApp({ passwordMaxAgeDays: 90 });
    try {
      const { app, clock } = expiring;
      // The demo accounts' passwords were set on 2026-11-01; the test clock starts on 2026-11-23.
      const fresh = await signIn(app, "district");
      expect((await app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: fresh } })).json().user)
        .toMatchObject({ mustChangePassword: false, passwordExpired: false });
      clock.advanceMinutes(67 * 24 * 60); // 2027-01-29: 89 days
      expect((await app.inject({ method: "GET", url: "/api/households", headers: { cookie: await signIn(app, "district") } })).statusCode).toBe(200);
      clock.advanceMinutes(2 * 24 * 60); // 91 days
      const cookie = await signIn(app, "district");
      const me = (await app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).json();
      expect(me.user).toMatchObject({ mustChangePassword: true, passwordExpired: true });
      expect(me.passwordMaxAgeDays).toBe(90);
      const blocked = await app.inject({ method: "GET", url: "/api/households", headers: { cookie } });
      expect([blocked.statusCode, blocked.json().code, blocked.json().message]).toEqual([403, "PASSWORD_CHANGE_REQUIRED", "密码已超过 90 天未修改，请修改密码"]);
      const changed = await app.inject({ method: "POST", url: "/api/auth/password", headers: { cookie }, payload: { currentPassword: "Demo@2026", newPassword: "Demo@2026x#Q" } });
      expect(changed.statusCode).toBe(200);
      // The same password again is not a change.
      const again = await app.inject({ method: "POST", url: "/api/auth/password", headers: { cookie }, payload: { currentPassword: "Demo@2026x#Q", newPassword: "Demo@2026x#Q" } });
      expect(again.json().details).toEqual([{ path: "newPassword", message: "新密码不能与原密码相同" }]);
      expect((await app.inject({ method: "GET", url: "/api/households", headers: { cookie } })).statusCode).toBe(200);
      expect((await app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).json().user).toMatchObject({ mustChangePassword: false, passwordExpired: false });
      // The clock of the change counts: 89 days on, still fine.
      clock.advanceMinutes(89 * 24 * 60);
      expect((await app.inject({ method: "GET", url: "/api/households", headers: { cookie: await signIn(app, "district", "Demo@2026x#Q") } })).statusCode).toBe(200);
    } finally {
      await expiring.close();
    }
  });
});

describe("sign-in limit per client address", () => {
  it("refuses an address after SIGNIN_ADDRESS_LIMIT failures in the window with 429 and Retry-After, other addresses go on", async () => {
    const limited = await createTestApp({ signInAddressLimit: 3, signInAddressWindowMinutes: 10 });
    try {
      const { app, clock } = limited;
      const from = (remoteAddress: string, username: string, password: string) =>
        app.inject({ method: "POST", url: "/api/auth/login", remoteAddress, payload: { username, password } });
      // Successes do not count: a whole office behind one address signs in in the morning.
      for (const username of ["township", "township2", "village", "district"]) expect((await from("10.0.0.1", username, "Demo@2026")).statusCode).toBe(200);
      // Guesses spread over several accounts (none of them reaches its own lock-out) and an unknown name.
      for (const username of ["township", "township2", "nobody"]) expect((await from("10.0.0.1", username, "wrong-pass1")).statusCode).toBe(401);
      const refused = await from("10.0.0.1", "village", "Demo@2026");
      expect([refused.statusCode, refused.json().code]).toEqual([429, "RATE_LIMITED"]);
      expect(refused.json().message).toBe("此网络地址登录失败次数过多，请 10 分钟后再试");
      expect(refused.headers["retry-after"]).toBe("600");
      // Without TRUST_PROXY a client cannot pick its own address.
      const spoofed = await app.inject({
        method: "POST", url: "/api/auth/login", remoteAddress: "10.0.0.1", headers: { "x-forwarded-for": "10.9.9.9" }, payload: { username: "village", password: "Demo@2026" },
      });
      expect(spoofed.statusCode).toBe(429);
      // Refused before the account was looked at: village's failure count did not move.
      expect((await limited.prisma.user.findUniqueOrThrow({ where: { username: "village" } })).failedLoginCount).toBe(0);
      expect((await from("10.0.0.2", "village", "Demo@2026")).statusCode).toBe(200);
      clock.advanceMinutes(4);
      expect((await from("10.0.0.1", "village", "Demo@2026")).headers["retry-after"]).toBe("360");
      clock.advanceMinutes(7);
      expect((await from("10.0.0.1", "village", "Demo@2026")).statusCode).toBe(200);
      // Housekeeping removes the windows that ended (10.0.0.2's), keeps the current one (10.0.0.1's, restarted just now).
      const { JOBS } = await import("../jobs/job-runner.ts");
      await JOBS.find((j) => j.name === "session-cleanup")!.run({ prisma: limited.prisma, clock: clock.now, config: limited.config });
      expect((await limited.prisma.signInThrottle.findMany({ select: { address: true } })).map((r) => r.address)).toEqual(["10.0.0.1"]);
    } finally {
      await limited.close();
    }
  });

  it("counts parallel attempts before checking them, and takes the address from X-Forwarded-For only with TRUST_PROXY", async () => {
    const limited = await createTestApp({ signInAddressLimit: 5, trustProxy: true });
    try {
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        limited.app.inject({
          method: "POST", url: "/api/auth/login", headers: { "x-forwarded-for": "203.0.113.7" },
          payload: { username: `nobody${i}`, password: "wrong-pass1" },
        })));
      expect(results.filter((r) => r.statusCode === 401)).toHaveLength(5);
      expect(results.filter((r) => r.statusCode === 429)).toHaveLength(7);
      const other = await limited.app.inject({ method: "POST", url: "/api/auth/login", headers: { "x-forwarded-for": "203.0.113.8" }, payload: { username: "city", password: "Demo@2026" } });
      expect(other.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
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

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName } from "../../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, "admin");
});
afterAll(() => t.close());

describe("user administration", () => {
  it("creates a user bound to an area; the user must change the password at first sign-in", async () => {
    const areaId = await areaIdByName(t.prisma, "温泉镇", "TOWNSHIP");
    const res = await t.app.inject({
      method: "POST", url: "/api/users", headers: { cookie: admin },
      payload: { username: "wenquan01", displayName: "温泉镇 孙专干", role: "TOWNSHIP_STAFF", areaId, password: "Wenquan2026" },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ username: "wenquan01", role: "TOWNSHIP_STAFF", area: { name: "温泉镇" }, isActive: true, isLocked: false });
    const cookie = await signIn(t.app, "wenquan01", "Wenquan2026");
    const me = (await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).json();
    expect(me.user.mustChangePassword).toBe(true);
    expect(await t.prisma.auditEntry.count({ where: { action: "user.create", entityId: res.json().id } })).toBe(1);
  });

  it("refuses a role at the wrong level, a taken username and a weak password with field errors", async () => {
    const village = await areaIdByName(t.prisma, "张村");
    const wrongLevel = await t.app.inject({
      method: "POST", url: "/api/users", headers: { cookie: admin },
      payload: { username: "x-user", displayName: "某人", role: "DISTRICT_REVIEWER", areaId: village, password: "Xq7#pLm2vR" },
    });
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().details).toEqual([{ path: "areaId", message: "区县审核人员须归属于区县级行政区划" }]);
    const taken = await t.app.inject({
      method: "POST", url: "/api/users", headers: { cookie: admin },
      payload: { username: "township", displayName: "重名", role: "VILLAGE_CADRE", areaId: village, password: "Xq7#pLm2vR" },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: "USERNAME_TAKEN", details: [{ path: "username" }] });
    const weak = await t.app.inject({
      method: "POST", url: "/api/users", headers: { cookie: admin },
      payload: { username: "weak-one", displayName: "弱密码", role: "VILLAGE_CADRE", areaId: village, password: "abcdefgh" },
    });
    expect(weak.json().details).toEqual([
      { path: "password", message: "密码至少 10 位" },
      { path: "password", message: "密码须包含大写字母、小写字母、数字、符号中的至少 3 类" },
      { path: "password", message: "密码过于常见或有规律（常用词、键盘顺序、连续或重复的字符、年份），请换一个不易猜到的密码" },
    ]);
    const withName = await t.app.inject({
      method: "POST", url: "/api/users", headers: { cookie: admin },
      payload: { username: "Wang.Li", displayName: "王力", role: "VILLAGE_CADRE", areaId: village, password: "wang.li#7Kq2" },
    });
    expect([withName.statusCode, withName.json().details]).toEqual([400, [{ path: "password", message: "密码不能包含用户名" }]]);
    expect(await t.prisma.user.count({ where: { username: { in: ["weak-one", "Wang.Li"] } } })).toBe(0);
  });

  it("refuses a reset to a password that breaks the rules, the username included, and changes nothing", async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: "township2" } });
    for (const [newPassword, message] of [
      ["aaaaaaa1", "密码至少 10 位"],
      ["Township2#xq", "密码不能包含用户名"],
      ["Abcdefg123!", "密码过于常见或有规律（常用词、键盘顺序、连续或重复的字符、年份），请换一个不易猜到的密码"],
      // Zero-width space: invisible, so no one could type it again.
      ["Xq7#pLm\u200b2vR", "密码不能包含控制字符或不可见字符"],
    ] as const) {
      const res = await t.app.inject({
        method: "POST", url: `/api/users/${user.id}/reset-password`, headers: { cookie: admin }, payload: { newPassword },
      });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().details, newPassword).toContainEqual({ path: "newPassword", message });
    }
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(user.passwordHash);
  });

  it("resets a password: old sessions end and the new password works", async () => {
    const old = await signIn(t.app, "township2");
    // Confirmed just before: the reset must still end it at once (no trust in a recent check).
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: old } })).statusCode).toBe(200);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: "township2" } });
    const res = await t.app.inject({
      method: "POST", url: `/api/users/${user.id}/reset-password`, headers: { cookie: admin }, payload: { newPassword: "Reset2026ab", reason: "本人遗忘密码" },
    });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: old } })).statusCode).toBe(401);
    await signIn(t.app, "township2", "Reset2026ab");
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { action: "user.resetPassword", entityId: user.id } });
    expect(entry).toMatchObject({ actorName: "admin", reason: "本人遗忘密码" });
  });

  it("deactivating a user ends their sessions at once, even one confirmed a moment before", async () => {
    const cookie = await signIn(t.app, "city");
    const me = () => t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } });
    expect((await me()).statusCode).toBe(200);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: "city" } });
    const off = await t.app.inject({ method: "PATCH", url: `/api/users/${user.id}`, headers: { cookie: admin }, payload: { isActive: false } });
    expect(off.statusCode).toBe(200);
    expect((await me()).statusCode).toBe(401);
    await t.app.inject({ method: "PATCH", url: `/api/users/${user.id}`, headers: { cookie: admin }, payload: { isActive: true } });
  });

  it("is for administrators only", async () => {
    const district = await signIn(t.app, "district");
    for (const req of [
      { method: "GET" as const, url: "/api/users" },
      { method: "POST" as const, url: "/api/users", payload: {} },
    ]) {
      const res = await t.app.inject({ ...req, headers: { cookie: district } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe("FORBIDDEN");
    }
  });

  it("lists users of the administrator's area", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/users?pageSize=50", headers: { cookie: admin } });
    expect(res.json().items.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(["admin", "city", "district", "township", "township2", "village"]));
  });
});

describe("password change required", () => {
  it("refuses everything but the auth routes until a reset user chose a new password", async () => {
    const village = await t.prisma.user.findUniqueOrThrow({ where: { username: "village" } });
    await t.app.inject({ method: "POST", url: `/api/users/${village.id}/reset-password`, headers: { cookie: admin }, payload: { newPassword: "Temp2026#kq" } });
    const cookie = await signIn(t.app, "village", "Temp2026#kq");
    const blocked = await t.app.inject({ method: "GET", url: "/api/households", headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe("PASSWORD_CHANGE_REQUIRED");
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).json().user.mustChangePassword).toBe(true);
    await t.app.inject({ method: "POST", url: "/api/auth/password", headers: { cookie }, payload: { currentPassword: "Temp2026#kq", newPassword: "Zhangcun#Lake7" } });
    expect((await t.app.inject({ method: "GET", url: "/api/households", headers: { cookie } })).statusCode).toBe(200);
  });
});

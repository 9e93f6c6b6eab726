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

const userId = async (username: string) => (await t.prisma.user.findUniqueOrThrow({ where: { username } })).id;
const patch = (id: string, payload: unknown, cookie = admin) =>
  t.app.inject({ method: "PATCH", url: `/api/users/${id}`, headers: { cookie }, payload: payload as object });
const list = (query: string, cookie = admin) => t.app.inject({ method: "GET", url: `/api/users?${query}`, headers: { cookie } });
const me = (cookie: string) => t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } });
const lastUserAudit = (entityId: string) =>
  t.prisma.auditEntry.findFirstOrThrow({ where: { action: "user.update", entityId }, orderBy: { id: "desc" } });

/** A fresh account whose own password is set, so it can sign in and work. */
async function newUser(username: string, role: string, area: string, level: "TOWNSHIP" | "VILLAGE" | "DISTRICT" = "VILLAGE") {
  const areaId = level === "DISTRICT"
    ? (await t.prisma.area.findFirstOrThrow({ where: { name: area, level: "DISTRICT" } })).id
    : await areaIdByName(t.prisma, area, level);
  const res = await t.app.inject({
    method: "POST", url: "/api/users", headers: { cookie: admin },
    payload: { username, displayName: `${area} 测试`, role, areaId, password: "Start2026#qk" },
  });
  expect(res.statusCode, res.body).toBe(201);
  const cookie = await signIn(t.app, username, "Start2026#qk");
  const changed = await t.app.inject({
    method: "POST", url: "/api/auth/password", headers: { cookie }, payload: { currentPassword: "Start2026#qk", newPassword: "Own#Pass2026x" },
  });
  expect(changed.statusCode, changed.body).toBe(200);
  return { id: res.json().id as string, cookie };
}

describe("editing a user", () => {
  it("changes name and phone without ending the session; the audit keeps each field's from and to, the phone masked", async () => {
    const { id, cookie } = await newUser("edit-name", "VILLAGE_CADRE", "张村");
    const res = await patch(id, { displayName: "张村 新会计", phone: "13863125678", reason: "本人改名" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ displayName: "张村 新会计", phoneMasked: "138****5678" });
    expect(res.body).not.toContain("13863125678");
    expect((await me(cookie)).statusCode).toBe(200);
    const entry = await lastUserAudit(id);
    expect(entry.before).toEqual({ displayName: "张村 测试", phone: null });
    expect(entry.after).toEqual({ displayName: "张村 新会计", phone: "138****5678" });
    expect(entry.reason).toBe("本人改名");
    // Stored encrypted, not in clear.
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id } });
    expect(Buffer.from(row.phoneEnc!).toString("latin1")).not.toContain("13863125678");

    const office = await patch(id, { phone: "0631-5201234" });
    expect(office.json().phoneMasked).toBe("063*****1234");
    const cleared = await patch(id, { phone: null });
    expect(cleared.json().phoneMasked).toBeNull();
    expect((await lastUserAudit(id)).before).toEqual({ phone: "063*****1234" });
  });

  it("changing the role ends the user's sessions at once, even one confirmed a moment before", async () => {
    const { id, cookie } = await newUser("edit-role", "VILLAGE_CADRE", "张村");
    expect((await me(cookie)).statusCode).toBe(200);
    const township = await areaIdByName(t.prisma, "张村镇", "TOWNSHIP");
    const res = await patch(id, { role: "TOWNSHIP_STAFF", areaId: township, reason: "调任镇扶贫办" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ role: "TOWNSHIP_STAFF", area: { name: "张村镇" } });
    expect((await me(cookie)).statusCode).toBe(401);
    const entry = await lastUserAudit(id);
    expect(entry.before).toEqual({ role: "VILLAGE_CADRE", area: "张村" });
    expect(entry.after).toEqual({ role: "TOWNSHIP_STAFF", area: "张村镇" });
    expect(entry.reason).toBe("调任镇扶贫办");
    // Signing in again gives the new role's view.
    const again = await signIn(t.app, "edit-role", "Own#Pass2026x");
    expect((await me(again)).json().user.role).toBe("TOWNSHIP_STAFF");
  });

  it("changing only the area ends the sessions too", async () => {
    const { id, cookie } = await newUser("edit-area", "VILLAGE_CADRE", "张村");
    const res = await patch(id, { areaId: await areaIdByName(t.prisma, "羊亭"), reason: "换村" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().area.name).toBe("羊亭");
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await lastUserAudit(id)).after).toEqual({ area: "羊亭" });
  });

  it("a role or area change needs a reason and an area of the role's level; refused changes leave everything as it was", async () => {
    const { id, cookie } = await newUser("edit-refused", "VILLAGE_CADRE", "张村");
    const township = await areaIdByName(t.prisma, "张村镇", "TOWNSHIP");
    const noReason = await patch(id, { role: "TOWNSHIP_STAFF", areaId: township });
    expect([noReason.statusCode, noReason.json().details]).toEqual([400, [{ path: "reason", message: "更改角色或所属行政区划须填写原因" }]]);
    const wrongLevel = await patch(id, { role: "TOWNSHIP_STAFF", reason: "调任" });
    expect([wrongLevel.statusCode, wrongLevel.json().details]).toEqual([400, [{ path: "areaId", message: "乡镇（街道）工作人员须归属于乡镇（街道）级行政区划" }]]);
    expect((await me(cookie)).statusCode).toBe(200);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id }, include: { area: true } });
    expect([row.role, row.area.name]).toEqual(["VILLAGE_CADRE", "张村"]);
    expect(await t.prisma.auditEntry.count({ where: { action: "user.update", entityId: id } })).toBe(0);
  });

  it("a district administrator manages only users of the district", async () => {
    const district = await t.prisma.area.findFirstOrThrow({ where: { level: "DISTRICT", code: "371002000000" } });
    const created = await t.app.inject({
      method: "POST", url: "/api/users", headers: { cookie: admin },
      payload: { username: "admin-hc", displayName: "环翠区 管理员", role: "ADMIN", areaId: district.id, password: "Start2026#qk" },
    });
    const cookie = await signIn(t.app, "admin-hc", "Start2026#qk");
    await t.app.inject({ method: "POST", url: "/api/auth/password", headers: { cookie }, payload: { currentPassword: "Start2026#qk", newPassword: "Own#Pass2026x" } });
    // The city supervisor sits above the district: not found for the district administrator.
    expect((await patch(await userId("city"), { displayName: "改名" }, cookie)).json().code).toBe("USER_NOT_FOUND");
    // Nor may it move a user of its district out of it.
    const cityArea = await t.prisma.area.findFirstOrThrow({ where: { code: "371000000000" } });
    const out = await patch(await userId("district"), { role: "CITY_SUPERVISOR", areaId: cityArea.id, reason: "调任" }, cookie);
    expect([out.statusCode, out.json().code]).toEqual([404, "AREA_NOT_FOUND"]);
    const listed = (await list("pageSize=100", cookie)).json().items.map((u: { username: string }) => u.username);
    expect(listed).not.toContain("city");
    expect(listed).toContain("district");
    await patch(created.json().id, { isActive: false });
  });
});

describe("deactivating and reactivating", () => {
  it("reactivates a deactivated user, audited; the user can sign in again", async () => {
    const { id } = await newUser("edit-reactivate", "VILLAGE_CADRE", "张村");
    expect((await patch(id, { isActive: false, reason: "借调" })).json().isActive).toBe(false);
    const refused = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "edit-reactivate", password: "Own#Pass2026x" } });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    const back = await patch(id, { isActive: true, reason: "借调结束" });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().isActive).toBe(true);
    const entry = await lastUserAudit(id);
    expect([entry.before, entry.after, entry.reason]).toEqual([{ isActive: false }, { isActive: true }, "借调结束"]);
    await signIn(t.app, "edit-reactivate", "Own#Pass2026x");
  });
});

describe("the helper register", () => {
  it("a HELPER account changed to another role lets go of its register entry, which stays", async () => {
    const helperId = await userId("helper");
    const township = await areaIdByName(t.prisma, "张村镇", "TOWNSHIP");
    const linked = await t.app.inject({
      method: "POST", url: "/api/helpers", headers: { cookie: admin },
      payload: { name: "周帮扶", unit: "区农业农村局", areaId: township, userId: helperId },
    });
    expect(linked.statusCode, linked.body).toBe(201);
    const entry = await t.prisma.helper.findUniqueOrThrow({ where: { userId: helperId } });
    const res = await patch(helperId, { role: "TOWNSHIP_STAFF", areaId: township, reason: "转为镇工作人员" });
    expect(res.statusCode, res.body).toBe(200);
    const after = await t.prisma.helper.findUniqueOrThrow({ where: { id: entry.id } });
    expect([after.userId, after.isActive]).toEqual([null, entry.isActive]);
    const helperAudit = await t.prisma.auditEntry.findFirstOrThrow({ where: { action: "helper.update", entityId: entry.id }, orderBy: { id: "desc" } });
    expect(helperAudit.after).toEqual({ userId: null });
  });
});

describe("listing users", () => {
  it("filters by role, area (its subtree) and state, and searches name, username and the whole phone number, paged", async () => {
    const { id } = await newUser("list-yt", "VILLAGE_CADRE", "羊亭");
    await patch(id, { displayName: "羊亭 吕文书", phone: "13906315555" });
    const names = async (q: string) => (await list(q)).json().items.map((u: { username: string }) => u.username);
    expect(await names("role=CITY_SUPERVISOR")).toEqual(["city"]);
    // edit-area moved there earlier in this file.
    expect(await names("role=VILLAGE_CADRE&areaId=" + (await areaIdByName(t.prisma, "羊亭")))).toEqual(["edit-area", "list-yt"]);
    const township = await areaIdByName(t.prisma, "张村镇", "TOWNSHIP");
    const inTownship = await names(`areaId=${township}&pageSize=100`);
    expect(inTownship).toEqual(expect.arrayContaining(["township", "village"]));
    expect(inTownship).not.toContain("township2");
    expect(await names("q=吕文书")).toEqual(["list-yt"]);
    expect(await names("q=LIST-YT")).toEqual(["list-yt"]);
    expect(await names("q=13906315555")).toEqual(["list-yt"]);
    // Part of a number finds nothing: phones are encrypted, only the whole number has an index.
    expect(await names("q=6315555")).toEqual([]);
    await patch(id, { isActive: false });
    expect(await names("state=inactive&q=list-yt")).toEqual(["list-yt"]);
    expect(await names("state=active&q=list-yt")).toEqual([]);
    const page1 = (await list("pageSize=2&page=1")).json();
    const page2 = (await list("pageSize=2&page=2")).json();
    expect(page1.total).toBeGreaterThan(3);
    expect([page1.items.length, page2.items.length, page1.total]).toEqual([2, 2, page2.total]);
    expect(page1.items[0].id).not.toBe(page2.items[0].id);
    const item = page1.items.find((u: { phoneMasked: string | null }) => u.phoneMasked) ?? (await list("q=13906315555")).json().items[0];
    expect(item.phoneMasked).toMatch(/\*{4}/);
  });

  it("refuses hostile queries with 400 and field messages", async () => {
    for (const [query, path] of [
      ["role=ROOT", "role"],
      ["state=deleted", "state"],
      ["areaId=abc", "areaId"],
      ["areaId=99999999999", "areaId"],
      ["pageSize=1000", "pageSize"],
      ["page=0", "page"],
      [`q=${"x".repeat(65)}`, "q"],
      ["q=%00", "q"],
      ["q=a%0Ab", "q"],
    ] as const) {
      const res = await list(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code, query).toBe("VALIDATION_FAILED");
      expect(res.json().details.map((d: { path: string }) => d.path), query).toContain(path);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const outside = await list("areaId=1");
    expect([400, 404]).toContain(outside.statusCode);
  });
});

describe("hostile edits", () => {
  it("answer 4xx with a stable code and change nothing", async () => {
    const { id, cookie } = await newUser("hostile-target", "VILLAGE_CADRE", "张村");
    const before = await t.prisma.user.findUniqueOrThrow({ where: { id } });
    for (const payload of [
      {},
      { reason: "只有原因" },
      { role: "ROOT", reason: "x" },
      { role: null, reason: "x" },
      { areaId: "1", reason: "x" },
      { areaId: -5, reason: "x" },
      { areaId: 1.5, reason: "x" },
      { areaId: 99_999_999_999, reason: "x" },
      { phone: "12345" },
      { phone: "1386312567\u0000" },
      { phone: 13863125678 },
      { displayName: "" },
      { displayName: "a\u202Eb" },
      { displayName: "x".repeat(51) },
      { isActive: "false" },
      { reason: "x".repeat(501), displayName: "新名" },
    ]) {
      const res = await patch(id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code, JSON.stringify(payload)).toBe("VALIDATION_FAILED");
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const badId = await t.app.inject({ method: "PATCH", url: "/api/users/not-a-uuid", headers: { cookie: admin }, payload: { displayName: "x" } });
    expect(badId.statusCode).toBe(400);
    const unknown = await patch("00000000-0000-4000-8000-000000000000", { displayName: "x" });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, "USER_NOT_FOUND"]);
    const notJson = await t.app.inject({ method: "PATCH", url: `/api/users/${id}`, headers: { cookie: admin, "content-type": "text/plain" }, payload: "role=ADMIN" });
    expect(notJson.statusCode).toBeGreaterThanOrEqual(400);
    expect(notJson.statusCode).toBeLessThan(500);
    // Not an administrator: 403, whatever the body.
    const byVillage = await patch(id, { role: "ADMIN", reason: "x" }, cookie);
    expect([byVillage.statusCode, byVillage.json().code]).toEqual([403, "FORBIDDEN"]);
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id } });
    expect(after).toEqual(before);
    expect(await t.prisma.auditEntry.count({ where: { action: "user.update", entityId: id } })).toBe(0);
  });
});

describe("am I signed in? (/api/auth/session)", () => {
  it("answers 200 with me: null without a session or with an ended one, and the user with a valid one", async () => {
    const none = await t.app.inject({ method: "GET", url: "/api/auth/session" });
    expect([none.statusCode, none.json()]).toEqual([200, { me: null, ended: "UNAUTHENTICATED" }]);
    const forged = await t.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie: "fanpin_sid=forged" } });
    expect([forged.statusCode, forged.json()]).toEqual([200, { me: null, ended: "SESSION_EXPIRED" }]);
    const cookie = await signIn(t.app, "township");
    const valid = await t.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie } });
    expect(valid.statusCode).toBe(200);
    expect(valid.json().me).toEqual((await me(cookie)).json());
    expect(valid.headers["cache-control"]).toBe("no-store");
    t.clock.advanceMinutes(31);
    const idle = await t.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie } });
    expect(idle.json()).toEqual({ me: null, ended: "SESSION_EXPIRED" });
  });
});

describe("the last active administrator", () => {
  it("cannot be demoted (here: by itself), nor left without a successor when two administrators demote each other at once", async () => {
    // Earlier tests moved the clock past the idle limit: sign in afresh.
    admin = await signIn(t.app, "admin");
    const adminId = await userId("admin");
    const city = (await t.prisma.user.findUniqueOrThrow({ where: { username: "admin" } })).areaId;
    const self = await patch(adminId, { role: "CITY_SUPERVISOR", areaId: city, reason: "试试" });
    expect([self.statusCode, self.json().code]).toEqual([409, "LAST_ACTIVE_ADMIN"]);
    expect(self.json().message).toContain("至少须保留一名启用的系统管理员");
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: adminId } })).role).toBe("ADMIN");
    expect((await me(admin)).statusCode).toBe(200);
    expect(await t.prisma.auditEntry.count({ where: { action: "user.update", entityId: adminId } })).toBe(0);
    const selfOff = await patch(adminId, { isActive: false });
    expect([selfOff.statusCode, selfOff.json().details]).toEqual([400, [{ path: "isActive", message: "不能停用自己的账号" }]]);

    const second = await newUser("admin-two", "ADMIN", "环翠区", "DISTRICT");
    const cityAdminCookie = await signIn(t.app, "admin");
    const district = (await t.prisma.user.findUniqueOrThrow({ where: { username: "admin-two" } })).areaId;
    const [a, b] = await Promise.all([
      patch(second.id, { role: "DISTRICT_REVIEWER", areaId: district, reason: "互相降级" }, cityAdminCookie),
      patch(adminId, { role: "CITY_SUPERVISOR", areaId: city, reason: "互相降级" }, second.cookie),
    ]);
    // One wins; the other is refused as the last administrator (or, if it came after, finds its own session ended).
    expect([a.statusCode, b.statusCode].sort()).toEqual(expect.arrayContaining([200]));
    expect([a.statusCode, b.statusCode].filter((s) => s !== 200)).toHaveLength(1);
    expect(await t.prisma.user.count({ where: { role: "ADMIN", isActive: true } })).toBeGreaterThanOrEqual(1);
  });
});

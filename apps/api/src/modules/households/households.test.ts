import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload, newCitizenId, withWrongCheckDigit } from "../../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { dataKeys } from "../../lib/data-crypto.ts";

let t: TestApp;
let township: string;
let township2: string;
let village: string;
let city: string;
let district: string;
let admin: string;
let zhangcun: number; // a village of 张村镇 (township's township)
let yangting: number; // a village of 羊亭镇 (township2's township)

beforeAll(async () => {
  t = await createTestApp();
  [township, township2, village, city, district, admin] = (await Promise.all(["township", "township2", "village", "city", "district", "admin"].map((u) => signIn(t.app, u)))) as [string, string, string, string, string, string];
  zhangcun = await areaIdByName(t.prisma, "张村");
  yangting = await areaIdByName(t.prisma, "羊亭");
});
afterAll(() => t.close());

const post = (cookie: string, url: string, payload: unknown) => t.app.inject({ method: "POST", url, headers: { cookie }, payload: payload as object });
const get = (cookie: string, url: string) => t.app.inject({ method: "GET", url, headers: { cookie } });
const put = (cookie: string, url: string, payload: unknown) => t.app.inject({ method: "PUT", url, headers: { cookie }, payload: payload as object });

// The early-warning rules run after a registration (the payload's income is under the line) and write their own entry.
async function counts() {
  const [households, members, audit] = await Promise.all([t.prisma.household.count(), t.prisma.member.count(), t.prisma.auditEntry.count({ where: { NOT: { action: "early_warning.run" } } })]);
  return { households, members, audit };
}

async function createHousehold(cookie = township, villageId = zhangcun) {
  const payload = householdPayload(villageId);
  const res = await post(cookie, "/api/households", payload);
  expect(res.statusCode, res.body).toBe(201);
  return { payload, household: res.json() };
}

describe("registering a household", () => {
  it("creates the household and its members, masks ID numbers, computes per-capita income, and audits the write", async () => {
    const before = await counts();
    const { payload, household } = await createHousehold();
    expect(household).toMatchObject({ category: "ORDINARY", designation: null, memberCount: 2, headName: "测试户主", version: 1 });
    expect(household.village.name).toBe("张村");
    expect(household.township.name).toBe("张村镇");
    const head = household.members[0];
    expect(head.idNumberMasked).toBe(`${payload.members[0]!.idNumber.slice(0, 6)}********${payload.members[0]!.idNumber.slice(-4)}`);
    expect(JSON.stringify(household)).not.toContain(payload.members[0]!.idNumber);
    // (8000 + 1200.50 − 500) / 2
    expect(household.incomeSummary.perCapita).toBe(4350.25);
    const after = await counts();
    expect(after).toEqual({ households: before.households + 1, members: before.members + 2, audit: before.audit + 1 });
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { entityId: household.id, action: "household.create" } });
    expect(entry).toMatchObject({ actorName: "township", actorRole: "TOWNSHIP_STAFF", entityType: "household", householdId: household.id, before: null });
    expect((entry.after as { members: unknown[] }).members).toHaveLength(2);
  });

  it("rejects a wrong check digit, an impossible birth date and a gender that contradicts the ID, field by field, and writes nothing", async () => {
    const before = await counts();
    const payload = householdPayload(zhangcun);
    payload.members[0]!.idNumber = withWrongCheckDigit(payload.members[0]!.idNumber);
    payload.members[1]!.idNumber = "37108319800230002" + "0"; // 30 February
    const res = await post(township, "/api/households", payload);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.details).toEqual(expect.arrayContaining([
      { path: "members.0.idNumber", message: "身份证号码校验位不正确，请核对是否有录入错误" },
      { path: "members.1.idNumber", message: "身份证号码中的出生日期（第 7–14 位）不是有效日期" },
    ]));

    const wrongGender = householdPayload(zhangcun);
    wrongGender.members[1]!.gender = "MALE"; // the ID says female
    const res2 = await post(township, "/api/households", wrongGender);
    expect(res2.json().details).toEqual([{ path: "members.1.gender", message: "性别与身份证号码第 17 位不符（奇数为男，偶数为女）" }]);

    const short = householdPayload(zhangcun);
    short.members[0]!.idNumber = "3710831980";
    expect((await post(township, "/api/households", short)).json().details).toEqual([{ path: "members.0.idNumber", message: "身份证号码应为 18 位" }]);
    expect(await counts()).toEqual(before);
  });

  it("requires exactly one head and refuses the same ID twice in one household", async () => {
    const payload = householdPayload(zhangcun);
    payload.members[1]!.relation = "HEAD";
    expect((await post(township, "/api/households", payload)).json().details).toEqual([{ path: "members", message: "一户只能有一名户主" }]);
    const dup = householdPayload(zhangcun);
    dup.members[1] = { ...dup.members[1]!, idNumber: dup.members[0]!.idNumber, gender: "MALE" };
    expect((await post(township, "/api/households", dup)).json().details).toEqual([{ path: "members.1.idNumber", message: "与第 1 名成员的证件号码重复" }]);
  });

  it("refuses an ID number already registered in another household, even in another township", async () => {
    const { payload } = await createHousehold(township2, yangting);
    const before = await counts();
    const again = householdPayload(zhangcun);
    again.members[1] = { ...again.members[1]!, idNumber: payload.members[0]!.idNumber, gender: "MALE" };
    const res = await post(township, "/api/households", again);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: "ID_NUMBER_TAKEN", details: [{ path: "members.1.idNumber" }] });
    expect(await counts()).toEqual(before);
  });

  it("refuses a village outside the user's area and a natural village of another village", async () => {
    const res = await post(township, "/api/households", householdPayload(yangting));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "AREA_NOT_FOUND", details: [{ path: "villageId" }] });
    const other = await t.prisma.area.findFirstOrThrow({ where: { level: "NATURAL_VILLAGE", parent: { name: "沟北" } } });
    const res2 = await post(township, "/api/households", householdPayload(zhangcun, { naturalVillageId: other.id }));
    expect(res2.json().details).toEqual([{ path: "naturalVillageId", message: "自然村（村民小组）不属于所选的村" }]);
  });

  it("answers malformed JSON and wrong types with the error shape, never a 500", async () => {
    const raw = await t.app.inject({ method: "POST", url: "/api/households", headers: { cookie: township, "content-type": "application/json" }, payload: "{not json" });
    expect(raw.statusCode).toBe(400);
    expect(raw.json()).toMatchObject({ code: "VALIDATION_FAILED", message: "请求内容不是有效的 JSON" });
    const wrong = await post(township, "/api/households", { ...householdPayload(zhangcun), category: "RICH", income: { wageIncome: -5 } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details).toEqual(expect.arrayContaining([
      { path: "category", message: "请选择户类别" },
      { path: "income.wageIncome", message: "金额不能为负" },
    ]));
  });

  it("lets only roles that may write register households", async () => {
    const res = await post(city, "/api/households", householdPayload(zhangcun));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("FORBIDDEN");
  });
});

describe("listing and searching", () => {
  it("lists only households in the user's area, with masked ID numbers", async () => {
    const { household } = await createHousehold();
    const mine = (await get(township, "/api/households?pageSize=100")).json();
    expect(mine.items.every((h: { township: { name: string } }) => h.township.name === "张村镇")).toBe(true);
    expect(mine.items.some((h: { id: string }) => h.id === household.id)).toBe(true);
    expect(mine.items.every((h: { headIdNumberMasked: string }) => /^\d{6}\*{8}[\dX]{4}$/.test(h.headIdNumberMasked))).toBe(true);
    const theirs = (await get(township2, "/api/households?pageSize=100")).json();
    expect(theirs.items.some((h: { id: string }) => h.id === household.id)).toBe(false);
    expect(theirs.items.every((h: { township: { name: string } }) => h.township.name === "羊亭镇")).toBe(true);
    const villageList = (await get(village, "/api/households?pageSize=100")).json();
    expect(villageList.items.every((h: { village: { name: string } }) => h.village.name === "张村")).toBe(true);
    const districtList = (await get(district, "/api/households?pageSize=1")).json();
    expect(districtList.total).toBeGreaterThan(mine.total);
  });

  it("searches by name from its start, by full ID number and by its last digits, and filters by category, designation and area", async () => {
    const payload = householdPayload(zhangcun, { category: "LIFTED_WITH_POLICY" });
    payload.members[0]!.name = "鞠檬测";
    payload.phone = "13912345678";
    const created = (await post(township, "/api/households", payload)).json();
    const find = async (query: string) => (await get(township, `/api/households?${query}`)).json().items.map((h: { id: string }) => h.id);
    expect(await find(`q=${encodeURIComponent("鞠檬")}`)).toEqual([created.id]);
    // Names match from the surname on (an index serves it at any size); the middle of a name does not.
    expect(await find(`q=${encodeURIComponent("檬测")}`)).toEqual([]);
    expect(await find(`q=${payload.members[1]!.idNumber}`)).toEqual([created.id]);
    // The last 4 and last 6 characters are what officials search by, each through its keyed index (decision 015).
    expect(await find(`q=${payload.members[0]!.idNumber.slice(-4)}`)).toContain(created.id);
    expect(await find(`q=${payload.members[0]!.idNumber.slice(-6)}`)).toContain(created.id);
    expect(await find(`q=${payload.members[0]!.idNumber.slice(-6, -2)}`)).not.toContain(created.id);
    // Other lengths cannot be searched without decrypting every number: a clear message says what can.
    const eight = await get(township, `/api/households?q=${payload.members[0]!.idNumber.slice(-8)}`);
    expect(eight.statusCode).toBe(400);
    expect(eight.json().details).toEqual([{ path: "q", message: "按身份证号码查找请输入后 4 位、后 6 位或完整的 18 位号码" }]);
    // A mobile number finds the household by its phone's index.
    expect(await find("q=13912345678")).toEqual([created.id]);
    expect(await find(`q=${encodeURIComponent("鞠檬测")}&category=ORDINARY`)).toEqual([]);
    expect(await find(`q=${encodeURIComponent("鞠檬测")}&designation=NONE`)).toEqual([created.id]);
    expect(await find(`q=${encodeURIComponent("鞠檬测")}&designation=MONITORED`)).toEqual([]);
    expect(await find(`q=${encodeURIComponent("鞠檬测")}&areaId=${zhangcun}`)).toEqual([created.id]);
    // Someone else's township as a filter is not revealed.
    expect((await get(township, `/api/households?areaId=${yangting}`)).statusCode).toBe(404);
    // The full ID number finds nothing from another township.
    expect((await get(township2, `/api/households?q=${payload.members[1]!.idNumber}`)).json().items).toEqual([]);
  });

  it("paginates with a total", async () => {
    const page1 = (await get(district, "/api/households?pageSize=10&page=1")).json();
    const page2 = (await get(district, "/api/households?pageSize=10&page=2")).json();
    expect(page1.items).toHaveLength(10);
    expect(page1.total).toBe(page2.total);
    expect(page1.items.map((h: { id: string }) => h.id)).not.toEqual(expect.arrayContaining(page2.items.map((h: { id: string }) => h.id)));
    expect((await get(district, "/api/households?pageSize=1000")).json().details[0].path).toBe("pageSize");
  });
});

describe("area scoping on every household route", () => {
  it("township2 can neither read nor change township's household: every route answers 404 and nothing changes", async () => {
    const { household } = await createHousehold();
    const member = household.members[0].id;
    const before = await counts();
    const update = { ...householdPayload(yangting), version: 1 };
    const attempts = [
      get(township2, `/api/households/${household.id}`),
      put(township2, `/api/households/${household.id}`, update),
      post(township2, `/api/households/${household.id}/members/${member}/reveal-id-number`, {}),
      get(township2, `/api/households/${household.id}/history`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe("HOUSEHOLD_NOT_FOUND");
    }
    expect(await counts()).toEqual(before);
    // The same routes work for the owner's township and the district above it.
    expect((await get(township, `/api/households/${household.id}`)).statusCode).toBe(200);
    expect((await get(district, `/api/households/${household.id}/history`)).statusCode).toBe(200);
    expect((await get(city, `/api/households/${household.id}`)).statusCode).toBe(200);
  });

  it("answers an unknown household like an out-of-scope one", async () => {
    const res = await get(township, "/api/households/00000000-0000-4000-8000-000000000000");
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("HOUSEHOLD_NOT_FOUND");
  });
});

describe("editing", () => {
  it("updates with the version seen, keeps member ids, audits before and after with the reason", async () => {
    const { payload, household } = await createHousehold();
    const update = {
      ...payload,
      version: household.version,
      phone: "13900000001",
      reason: "核实为脱贫户",
      members: household.members.map((m: { id: string }, i: number) => ({ ...payload.members[i]!, id: m.id })),
    };
    update.members[1]!.name = "改名配偶";
    const res = await put(township, `/api/households/${household.id}`, update);
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after).toMatchObject({ phone: "13900000001", version: 2 });
    expect(after.members.map((m: { id: string }) => m.id)).toEqual(household.members.map((m: { id: string }) => m.id));
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { entityId: household.id, action: "household.update" } });
    expect(entry.reason).toBe("核实为脱贫户");
    expect(entry.before).toMatchObject({ phone: "138****0000" });
    expect(entry.after).toMatchObject({ phone: "139****0001", members: [{ name: "测试户主" }, { name: "改名配偶" }] });

    // The same stale version again: 409 and nothing changes.
    const before = await counts();
    const stale = await put(township, `/api/households/${household.id}`, { ...update, phone: null });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    expect(await counts()).toEqual(before);
  });

  it("can add and remove members", async () => {
    const { payload, household } = await createHousehold();
    const child = { ...payload.members[0]!, name: "新成员", relation: "SON" as const, idNumber: newCitizenId(true) };
    const res = await put(township, `/api/households/${household.id}`, {
      ...payload, version: 1, members: [{ ...payload.members[0]!, id: household.members[0].id }, child],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().members.map((m: { name: string }) => m.name)).toEqual(["测试户主", "新成员"]);
    // The removed spouse's ID number is free again.
    const reuse = householdPayload(zhangcun);
    reuse.members[1] = { ...reuse.members[1]!, idNumber: payload.members[1]!.idNumber };
    expect((await post(township, "/api/households", reuse)).statusCode).toBe(201);
  });
});

describe("the category: changed by procedures (rollback), or corrected by an administrator with a reason", () => {
  const withIds = (payload: ReturnType<typeof householdPayload>, household: { members: { id: string }[] }) =>
    payload.members.map((m, i) => ({ ...m, id: household.members[i]!.id }));

  it("refuses a category change by any other role, and changes nothing", async () => {
    const { payload, household } = await createHousehold();
    const before = await counts();
    for (const cookie of [township, village, district]) {
      const res = await put(cookie, `/api/households/${household.id}`, {
        ...payload, version: 1, members: withIds(payload, household), category: "LIFTED_WITH_POLICY", reason: "核实", categoryChangeReason: "核实",
      });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toMatchObject({ code: "CATEGORY_CHANGE_NOT_ALLOWED", message: expect.stringContaining("回退程序") });
    }
    expect(await counts()).toEqual(before);
    expect((await get(township, `/api/households/${household.id}`)).json()).toMatchObject({ category: "ORDINARY", version: 1 });
    // The same edit keeping the category goes through.
    const same = await put(township, `/api/households/${household.id}`, { ...payload, version: 1, members: withIds(payload, household), phone: "13900000002" });
    expect(same.statusCode, same.body).toBe(200);
  });

  it("asks an administrator for the reason, and nothing changes without it", async () => {
    const { payload, household } = await createHousehold();
    const before = await counts();
    const res = await put(admin, `/api/households/${household.id}`, { ...payload, version: 1, members: withIds(payload, household), category: "LIFTED_WITH_POLICY" });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().details).toEqual([{ path: "categoryChangeReason", message: "更正户类别须填写更正原因" }]);
    expect(await counts()).toEqual(before);
    expect((await get(admin, `/api/households/${household.id}`)).json()).toMatchObject({ category: "ORDINARY", version: 1 });
  });

  it("lets an administrator correct it with a reason, audited as a correction with before, after and reason", async () => {
    const { payload, household } = await createHousehold();
    const res = await put(admin, `/api/households/${household.id}`, {
      ...payload, version: 1, members: withIds(payload, household), category: "LIFTED_WITH_POLICY", categoryChangeReason: "录入时误选户类别，依 2020 年脱贫台账更正",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ category: "LIFTED_WITH_POLICY", version: 2 });
    const corrected = await t.prisma.auditEntry.findFirstOrThrow({ where: { entityId: household.id, action: "household.category_corrected" } });
    expect(corrected).toMatchObject({
      actorName: "admin", actorRole: "ADMIN", householdId: household.id, reason: "录入时误选户类别，依 2020 年脱贫台账更正",
      before: { category: "ORDINARY" }, after: { category: "LIFTED_WITH_POLICY" },
    });
    // The full snapshot of the update carries the new category too (the reports fold it).
    const update = await t.prisma.auditEntry.findFirstOrThrow({ where: { entityId: household.id, action: "household.update" } });
    expect(update.after).toMatchObject({ category: "LIFTED_WITH_POLICY" });
    const history = (await get(admin, `/api/households/${household.id}/history`)).json();
    expect(history.items.map((e: { action: string }) => e.action).slice(0, 2)).toEqual(["household.category_corrected", "household.update"]);
  });
});

describe("personal data", () => {
  it("reveals a full ID number only on explicit request, and audits who asked", async () => {
    const { payload, household } = await createHousehold();
    const res = await post(village, `/api/households/${household.id}/members/${household.members[1].id}/reveal-id-number`, { reason: "办理医疗救助" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ idNumber: payload.members[1]!.idNumber });
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { action: "member.revealIdNumber", entityId: household.members[1].id } });
    expect(entry).toMatchObject({ actorName: "village", reason: "办理医疗救助", householdId: household.id });
  });

  it("shows the household's history newest first, with ID numbers masked", async () => {
    const { payload, household } = await createHousehold();
    await post(township, `/api/households/${household.id}/members/${household.members[0].id}/reveal-id-number`, {});
    const res = await get(township, `/api/households/${household.id}/history`);
    expect(res.statusCode).toBe(200);
    const history = res.json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(["member.revealIdNumber", "household.create"]);
    expect(JSON.stringify(history)).not.toContain(payload.members[0]!.idNumber);
    expect(history.items[1].after.members[0].idNumber).toMatch(/\*{8}/);
  });
});

describe("audit trail", () => {
  it("cannot be changed or deleted, even by the application's own database user", async () => {
    await expect(t.prisma.$executeRawUnsafe("UPDATE audit_entry SET reason = 'x'")).rejects.toThrow();
    await expect(t.prisma.$executeRawUnsafe("DELETE FROM audit_entry")).rejects.toThrow();
  });
});

describe("editing without the full ID numbers", () => {
  it("keeps the stored number of a member sent without one, and checks gender against it", async () => {
    const { payload, household } = await createHousehold();
    const members = household.members.map((m: { id: string }, i: number) => {
      const { idNumber: _omitted, ...rest } = payload.members[i]!;
      return { ...rest, id: m.id };
    });
    const res = await put(township, `/api/households/${household.id}`, { ...payload, version: 1, members, phone: "13900000000" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().members.map((m: { idNumberMasked: string }) => m.idNumberMasked)).toEqual(household.members.map((m: { idNumberMasked: string }) => m.idNumberMasked));
    expect(await t.prisma.member.count({ where: { idNumberBidx: dataKeys().blindIndex("id", payload.members[0]!.idNumber) } })).toBe(1);
    const wrongGender = await put(township, `/api/households/${household.id}`, {
      ...payload, version: 2, members: [members[0], { ...members[1], gender: "MALE" }],
    });
    expect(wrongGender.json().details).toEqual([{ path: "members.1.gender", message: "性别与身份证号码第 17 位不符（奇数为男，偶数为女）" }]);
    const newMember = await put(township, `/api/households/${household.id}`, {
      ...payload, version: 2, members: [members[0], { ...members[1], id: undefined }],
    });
    expect(newMember.json().details).toEqual([{ path: "members.1.idNumber", message: "请输入证件号码" }]);
  });

  it("shows the actor's display name in the history", async () => {
    const { household } = await createHousehold();
    const history = (await get(township, `/api/households/${household.id}/history`)).json();
    expect(history.items[0]).toMatchObject({ actorName: "张村镇 李专干", actorUsername: "township" });
  });
});

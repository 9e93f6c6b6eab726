import { ruleSet } from "@fanpin/domain/procedures/rules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assistanceHarness, type Json } from "../../../test/assistance-harness.ts";
import { areaIdByName } from "../../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { buildApp } from "../../app.ts";

let t: TestApp;
let h: ReturnType<typeof assistanceHarness>;
let zhangcunTown: number;
let zhangcun: number;
let wangjia: number; // another village of 张村镇
let yangtingTown: number;
let yangting: number;

beforeAll(async () => {
  t = await createTestApp();
  h = assistanceHarness(t);
  zhangcunTown = await areaIdByName(t.prisma, "张村镇", "TOWNSHIP");
  yangtingTown = await areaIdByName(t.prisma, "羊亭镇", "TOWNSHIP");
  zhangcun = await areaIdByName(t.prisma, "张村");
  wangjia = await areaIdByName(t.prisma, "王家疃");
  yangting = await areaIdByName(t.prisma, "羊亭");
});
afterAll(() => t.close());

describe("the helper register", () => {
  it("registers a helper with the phone encrypted and masked, and audits it masked", async () => {
    const helper = await h.newHelper("township", zhangcunTown, { name: "登记测试", phone: "13912345678" });
    expect(helper).toMatchObject({ name: "登记测试", phoneMasked: "139****5678", area: { name: "张村镇" }, isActive: true, householdCount: 0, version: 1 });
    expect(JSON.stringify(helper)).not.toContain("13912345678");
    const row = await t.prisma.helper.findUniqueOrThrow({ where: { id: helper.id } });
    expect(Buffer.from(row.phoneEnc!).toString("latin1")).not.toContain("13912345678");
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { entityId: helper.id, action: "helper.create" } });
    expect(JSON.stringify(entry.after)).not.toContain("13912345678");
    expect((entry.after as Json).phone).toBe("139****5678");
    const list = await h.ok("township", "GET", "/api/helpers?q=登记");
    expect(list.items.map((x: Json) => x.id)).toContain(helper.id);
  });

  it("scopes the register by area: other townships neither see nor change it; areas outside are 404", async () => {
    const helper = await h.newHelper("township", zhangcun, { name: "范围测试" });
    expect((await h.ok("township2", "GET", "/api/helpers?pageSize=100")).items.map((x: Json) => x.id)).not.toContain(helper.id);
    expect((await h.ok("district", "GET", "/api/helpers?pageSize=100&q=范围")).items.map((x: Json) => x.id)).toContain(helper.id);
    expect((await h.ok("village", "GET", "/api/helpers?pageSize=100&q=范围")).items.map((x: Json) => x.id)).toContain(helper.id);
    const patch = await h.call("township2", "PATCH", `/api/helpers/${helper.id}`, { name: "改名", version: helper.version });
    expect(patch.statusCode).toBe(404);
    expect(patch.json().code).toBe("HELPER_NOT_FOUND");
    const outside = await h.call("township", "POST", "/api/helpers", { name: "越界", unit: "羊亭镇政府", areaId: yangtingTown });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe("AREA_NOT_FOUND");
    expect((await h.call("township", "GET", `/api/helpers?areaId=${yangtingTown}`)).statusCode).toBe(404);
    expect((await h.call("village", "POST", "/api/helpers", { name: "村里", unit: "张村", areaId: zhangcun })).statusCode).toBe(403);
    expect((await h.call("helper", "GET", "/api/helpers")).statusCode).toBe(403);
  });

  it("updates with a version check and audits before and after (phone masked)", async () => {
    const helper = await h.newHelper("township", zhangcunTown, { name: "修改测试", phone: "13700001111" });
    const updated = await h.ok("township", "PATCH", `/api/helpers/${helper.id}`, { phone: "13700002222", rank: "正科级", version: helper.version });
    expect(updated).toMatchObject({ phoneMasked: "137****2222", rank: "正科级", version: helper.version + 1 });
    const stale = await h.call("township", "PATCH", `/api/helpers/${helper.id}`, { name: "过期", version: helper.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { entityId: helper.id, action: "helper.update" } });
    expect(entry.before).toMatchObject({ phone: "137****1111", rank: "副科级" });
    expect(entry.after).toMatchObject({ phone: "137****2222", rank: "正科级" });
  });

  it("links only an active HELPER account of the area, once", async () => {
    const helperUser = await t.prisma.user.findUniqueOrThrow({ where: { username: "helper" } });
    const villageUser = await t.prisma.user.findUniqueOrThrow({ where: { username: "village" } });
    const notHelper = await h.call("township", "POST", "/api/helpers", { name: "错账号", unit: "张村镇政府", areaId: zhangcunTown, userId: villageUser.id });
    expect(notHelper.statusCode).toBe(422);
    expect(notHelper.json().code).toBe("HELPER_USER_INVALID");
    // township2 (羊亭镇) cannot link the 张村镇 helper account.
    const outside = await h.call("township2", "POST", "/api/helpers", { name: "越界账号", unit: "羊亭镇政府", areaId: yangtingTown, userId: helperUser.id });
    expect(outside.json().code).toBe("HELPER_USER_INVALID");
    const linked = await h.newHelper("township", zhangcunTown, { name: "周帮扶", userId: helperUser.id });
    expect(linked).toMatchObject({ userId: helperUser.id, username: "helper" });
    const twice = await h.call("township", "POST", "/api/helpers", { name: "重复", unit: "张村镇政府", areaId: zhangcunTown, userId: helperUser.id });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().code).toBe("HELPER_USER_INVALID");
    // Unlinked again for the other tests of this file.
    await h.ok("township", "PATCH", `/api/helpers/${linked.id}`, { userId: null, version: linked.version });
  });
});

describe("assignment", () => {
  it("assigns a lead helper serving the household's village; the deadline goes; replacing needs a reason and keeps history", async () => {
    const hh = await h.designatedHousehold(zhangcun, "安排测试");
    const before = await h.ok("township", "GET", `/api/assistance/${hh.id}`);
    expect(before.assignments).toEqual([]);
    expect(before.assignment).toMatchObject({ unit: "WORKING_DAYS" });
    expect(before.household.phoneMasked).toBe("138****0000");
    for (const id of hh.idNumbers) expect(JSON.stringify(before)).not.toContain(id);

    const yt = await h.newHelper("township2", yangtingTown);
    const wrongArea = await h.assign("township", hh.id, yt.id);
    expect(wrongArea.statusCode).toBe(422);
    expect(wrongArea.json().code).toBe("HELPER_NOT_ASSIGNABLE");
    const otherVillage = await h.newHelper("township", wangjia);
    expect((await h.assign("township", hh.id, otherVillage.id)).json().code).toBe("HELPER_NOT_ASSIGNABLE");
    const inactive = await h.newHelper("township", zhangcunTown);
    await h.ok("township", "PATCH", `/api/helpers/${inactive.id}`, { isActive: false, version: inactive.version });
    expect((await h.assign("township", hh.id, inactive.id)).json().code).toBe("HELPER_NOT_ASSIGNABLE");
    expect((await h.assign("township", hh.id, "00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect((await h.assign("village", hh.id, otherVillage.id)).statusCode).toBe(403);
    expect((await h.assign("township2", hh.id, yt.id)).statusCode).toBe(404);

    const first = await h.newHelper("township", zhangcunTown, { name: "第一任" });
    const assigned = await h.ok("township", "POST", `/api/assistance/${hh.id}/assignments`, { role: "LEAD", helperId: first.id, startedOn: h.today() });
    expect(assigned.assignments).toHaveLength(1);
    expect(assigned.assignments[0]).toMatchObject({ role: "LEAD", helper: { name: "第一任", phoneMasked: "139****5678" }, endedOn: null, assignedBy: "张村镇 李专干" });
    expect(assigned.assignment).toBeNull();
    const file = await t.prisma.assistanceFile.findUniqueOrThrow({ where: { householdId: hh.id } });
    expect(file).toMatchObject({ leadHelperId: first.id, assignDue: null });

    const second = await h.newHelper("township", zhangcunTown, { name: "第二任" });
    const noReason = await h.assign("township", hh.id, second.id);
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().code).toBe("ASSIGNMENT_REASON_REQUIRED");
    const replaced = await h.ok("township", "POST", `/api/assistance/${hh.id}/assignments`, { role: "LEAD", helperId: second.id, startedOn: h.today(), reason: "工作调动" });
    expect(replaced.assignments.map((a: Json) => a.helper.name)).toEqual(["第二任"]);
    expect(replaced.history).toHaveLength(1);
    expect(replaced.history[0]).toMatchObject({ helper: { name: "第一任" }, endedOn: h.today(), endReason: "工作调动" });
    const entries = await t.prisma.auditEntry.findMany({ where: { householdId: hh.id, action: "assistance.assign" }, orderBy: { id: "asc" } });
    expect(entries).toHaveLength(2);
    expect(entries[1]!.before).toMatchObject({ helpers: [{ name: "第一任", role: "LEAD" }] });
    expect(entries[1]!.after).toMatchObject({ helpers: [{ name: "第二任", role: "LEAD" }] });
    expect(entries[1]!.reason).toBe("工作调动");
    expect((await h.ok("township", "GET", `/api/helpers?q=第二任`)).items[0].householdCount).toBe(1);

    // A village contact beside the lead.
    const contact = await h.newHelper("township", zhangcun, { name: "村联系人", rank: "" });
    const withContact = await h.ok("township", "POST", `/api/assistance/${hh.id}/assignments`, { role: "VILLAGE_CONTACT", helperId: contact.id, startedOn: h.today() });
    expect(withContact.assignments.map((a: Json) => a.role).sort()).toEqual(["LEAD", "VILLAGE_CONTACT"]);
  });

  it("refuses a household without a file (404) and a date in the future or before the file opened", async () => {
    const plain = await h.ok("township", "POST", "/api/households", (await import("../../../test/fixtures.ts")).householdPayload(zhangcun));
    const helper = await h.newHelper("township", zhangcunTown);
    const res = await h.assign("township", plain.id, helper.id);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("ASSISTANCE_FILE_NOT_FOUND");
    expect((await h.call("township", "GET", `/api/assistance/${plain.id}`)).json().code).toBe("ASSISTANCE_FILE_NOT_FOUND");
    const hh = await h.designatedHousehold(zhangcun, "日期测试", "2026-11-20");
    expect((await h.assign("township", hh.id, helper.id, { startedOn: "2026-12-30" })).statusCode).toBe(400);
    expect((await h.assign("township", hh.id, helper.id, { startedOn: "2026-11-01" })).statusCode).toBe(400);
  });

  it("under Fuzhou's rules the lead must be 副科级以上", async () => {
    const fuzhou = await buildApp({ prisma: t.prisma, config: { ...t.config, rules: ruleSet("fuzhou")! }, clock: t.clock.now });
    try {
      const cookie = await signIn(fuzhou, "township");
      const hh = await h.designatedHousehold(zhangcun, "职级测试");
      const clerk = await h.newHelper("township", zhangcunTown, { rank: "科员" });
      const deputy = await h.newHelper("township", zhangcunTown, { rank: "副科级" });
      const post = (helperId: string, role = "LEAD") => fuzhou.inject({
        method: "POST", url: `/api/assistance/${hh.id}/assignments`, headers: { cookie }, payload: { role, helperId, startedOn: h.today() },
      });
      const low = await post(clerk.id);
      expect(low.statusCode).toBe(422);
      expect(low.json()).toMatchObject({ code: "HELPER_NOT_ASSIGNABLE" });
      expect(low.json().message).toContain("副科级");
      expect((await post(clerk.id, "VILLAGE_CONTACT")).statusCode).toBe(200);
      expect((await post(deputy.id)).statusCode).toBe(200);
    } finally {
      await fuzhou.close();
    }
  });
});

describe("the assistance queues", () => {
  it("township-assign lists open files without a lead; bucket counts match the items; filters by bucket, area and name", async () => {
    const a = await h.designatedHousehold(zhangcun, "队列甲");
    const b = await h.designatedHousehold(wangjia, "队列乙", "2026-11-02");
    const q = await h.ok("township", "GET", "/api/assistance/queues/township-assign?pageSize=100");
    const ids = q.items.map((i: Json) => i.householdId);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    const sum = q.buckets.overdue + q.buckets.dueToday + q.buckets.dueNextWorkingDay + q.buckets.later;
    expect(sum).toBe(q.total);
    expect(q.items).toHaveLength(Math.min(q.total, 100));
    for (const bucket of ["OVERDUE", "DUE_TODAY", "DUE_NEXT_WORKING_DAY", "LATER"] as const) {
      const page = await h.ok("township", "GET", `/api/assistance/queues/township-assign?pageSize=100&bucket=${bucket}`);
      expect(page.items.every((i: Json) => i.deadline.bucket === bucket)).toBe(true);
      const key = { OVERDUE: "overdue", DUE_TODAY: "dueToday", DUE_NEXT_WORKING_DAY: "dueNextWorkingDay", LATER: "later" }[bucket];
      expect(page.total).toBe(q.buckets[key]);
      expect(page.items).toHaveLength(Math.min(q.buckets[key], 100));
    }
    const old = q.items.find((i: Json) => i.householdId === b.id);
    expect(old.deadline).toMatchObject({ bucket: "OVERDUE", unit: "WORKING_DAYS" });
    // Ordered by the deadline.
    const deadlines = q.items.map((i: Json) => i.deadline.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    const byName = await h.ok("township", "GET", "/api/assistance/queues/township-assign?q=队列乙");
    expect(byName.items.map((i: Json) => i.householdId)).toEqual([b.id]);
    const byArea = await h.ok("township", "GET", `/api/assistance/queues/township-assign?pageSize=100&areaId=${zhangcun}`);
    expect(byArea.items.every((i: Json) => i.village.name === "张村")).toBe(true);
    expect((await h.ok("township2", "GET", "/api/assistance/queues/township-assign?pageSize=100")).items.map((i: Json) => i.householdId)).not.toContain(a.id);

    const helper = await h.newHelper("township", zhangcunTown);
    expect((await h.assign("township", a.id, helper.id)).statusCode).toBe(200);
    const after = await h.ok("township", "GET", "/api/assistance/queues/township-assign?pageSize=100");
    expect(after.items.map((i: Json) => i.householdId)).not.toContain(a.id);
    expect(after.total).toBe(q.total - 1);
  });

  it("visits-due: by next visit (calendar days), the village cadre their village; roles outside the queue 403, unknown queue 404", async () => {
    const a = await h.designatedHousehold(zhangcun, "走访甲", "2026-10-15");
    const b = await h.designatedHousehold(wangjia, "走访乙");
    const v = await h.ok("village", "GET", "/api/assistance/queues/visits-due?pageSize=100");
    const ids = v.items.map((i: Json) => i.householdId);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(b.id);
    const item = v.items.find((i: Json) => i.householdId === a.id);
    expect(item.deadline).toMatchObject({ unit: "CALENDAR_DAYS", bucket: "OVERDUE" });
    expect(v.buckets.overdue + v.buckets.dueToday + v.buckets.dueNextWorkingDay + v.buckets.later).toBe(v.total);
    const town = await h.ok("township", "GET", "/api/assistance/queues/visits-due?pageSize=100");
    expect(town.items.map((i: Json) => i.householdId)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect((await h.call("village", "GET", "/api/assistance/queues/township-assign")).statusCode).toBe(403);
    expect((await h.call("city", "GET", "/api/assistance/queues/visits-due")).statusCode).toBe(403);
    const unknown = await h.call("township", "GET", "/api/assistance/queues/nope");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("QUEUE_NOT_FOUND");
  });

  it("township-reviews: files open during the last quarter and not reviewed for it, with the quarter and its deadline", async () => {
    const old = await h.designatedHousehold(zhangcun, "分析甲", "2026-08-03");
    const fresh = await h.designatedHousehold(zhangcun, "分析乙", h.today());
    const r = await h.ok("township", "GET", "/api/assistance/queues/township-reviews?pageSize=100");
    const ids = r.items.map((i: Json) => i.householdId);
    expect(ids).toContain(old.id);
    expect(ids).not.toContain(fresh.id);
    const item = r.items.find((i: Json) => i.householdId === old.id);
    expect(item.quarter).toBe("2026-Q3");
    expect(item.deadline.bucket).toBe("OVERDUE"); // Q3 ended 2026-09-30; 10 working days later is long past on 2026-11-23
    expect(r.buckets.overdue).toBe(r.total);
    expect((await h.ok("township", "GET", "/api/assistance/queues/township-reviews?bucket=LATER")).items).toEqual([]);
    const file = await h.ok("township", "GET", `/api/assistance/${old.id}`);
    expect(file.review).toMatchObject({ quarter: "2026-Q3", deadline: item.deadline.deadline });
    expect((await h.ok("township", "GET", `/api/assistance/${fresh.id}`)).review).toBeNull();
  });
});

describe("deadlines across a weekend and National Day", () => {
  it("a household designated on the Friday before National Day gets its helper within 5 working days, the visit in calendar days", async () => {
    const start = t.clock.now().getTime();
    // Back to Friday 2026-09-25, 10:00 China time.
    t.clock.advanceMinutes((Date.parse("2026-09-25T02:00:00Z") - start) / 60_000);
    try {
      const hh = await h.designatedHousehold(zhangcun, "国庆测试", "2026-09-25");
      const f = await h.ok("township", "GET", `/api/assistance/${hh.id}`);
      // 28, 29, 30 September; 1–7 October is the holiday (8 October Thursday, 9 October Friday): the fifth working day is 9 October.
      expect(f.assignment).toMatchObject({ deadline: "2026-10-09", unit: "WORKING_DAYS", remainingDays: 5, bucket: "LATER" });
      // 30 calendar days after 25 September is Sunday 25 October, moved to Monday the 26th.
      expect(f.visit).toMatchObject({ deadline: "2026-10-26", unit: "CALENDAR_DAYS", remainingDays: 31 });
      // On 30 September (last working day before the holiday) the deadline is 2 working days away, across the holiday.
      t.clock.advanceMinutes(5 * 24 * 60);
      const mid = await h.ok("township", "GET", `/api/assistance/${hh.id}`);
      expect(mid.assignment).toMatchObject({ remainingDays: 2, bucket: "LATER" });
      // On 8 October the deadline is the next working day.
      t.clock.advanceMinutes(8 * 24 * 60);
      const next = await h.ok("township", "GET", `/api/assistance/${hh.id}`);
      expect(next.assignment).toMatchObject({ remainingDays: 1, bucket: "DUE_NEXT_WORKING_DAY" });
      // On Saturday 10 October it is overdue.
      t.clock.advanceMinutes(2 * 24 * 60);
      const late = await h.ok("township", "GET", `/api/assistance/${hh.id}`);
      expect(late.assignment.bucket).toBe("OVERDUE");
      const q = await h.ok("township", "GET", "/api/assistance/queues/township-assign?bucket=OVERDUE&q=国庆测试");
      expect(q.items.map((i: Json) => i.householdId)).toEqual([hh.id]);
    } finally {
      t.clock.advanceMinutes((start - t.clock.now().getTime()) / 60_000);
    }
  });
});

describe("HELPER accounts", () => {
  it("the administrator creates a HELPER account at a township or village (not a city), and the township links it", async () => {
    const city = await t.prisma.area.findFirstOrThrow({ where: { level: "CITY" } });
    const bad = await h.call("admin", "POST", "/api/users", { username: "helper-city", displayName: "错级别", role: "HELPER", areaId: city.id, password: "Helper@2026x" });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    const user = await h.ok("admin", "POST", "/api/users", { username: "helper-new", displayName: "新帮扶人", role: "HELPER", areaId: zhangcunTown, password: "Helper@2026x" });
    expect(user).toMatchObject({ role: "HELPER" });
    const accounts = await h.ok("township", "GET", "/api/helpers/accounts");
    expect(accounts.items.find((a: Json) => a.username === "helper-new")).toMatchObject({ id: user.id, helperId: null, areaName: "张村镇" });
    expect((await h.ok("township2", "GET", "/api/helpers/accounts")).items.map((a: Json) => a.username)).not.toContain("helper-new");
    expect((await h.call("village", "GET", "/api/helpers/accounts")).statusCode).toBe(403);
    const linked = await h.newHelper("township", zhangcunTown, { name: "新帮扶人", userId: user.id });
    expect(linked.username).toBe("helper-new");
  });
});

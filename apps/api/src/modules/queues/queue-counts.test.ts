import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";
import { areaIdByName } from "../../../test/fixtures.ts";
import type { Deps } from "../../lib/deps.ts";
import { endElapsedPublicity } from "../jobs/publicity-end.ts";
import { generateDeadlineNotifications } from "../notifications/notifications.service.ts";

// Weihai rules (the default). The test clock starts on Monday 2026-11-23, 10:00 in China; the demo cases are there too.
let h: Harness;
let deps: Deps;

beforeAll(async () => {
  h = await procedureHarness("weihai");
  deps = { prisma: h.t.prisma, clock: h.t.clock.now, config: h.t.config };
});
afterAll(() => h.close());

/** A case on a household of `category` whose lead arrived `daysAgo` calendar days ago (its deadline counts from then). */
async function caseOf(category: "LIFTED_WITH_POLICY" | "ORDINARY" | "LIFTED_WITHOUT_POLICY", daysAgo = 0) {
  const household = await h.newHousehold(category);
  const receivedOn = new Date(Date.parse(`${h.today()}T00:00:00Z`) - daysAgo * 86_400_000).toISOString().slice(0, 10);
  return h.ok("township", "POST", "/api/cases", { householdId: household.id, lead: { ...h.lead(), receivedOn } });
}

/** Every tab of the user: its count equals the total and overdue count the queue itself shows. */
async function expectCountsAgree(user: string, query = "") {
  const counts = await h.ok(user, "GET", `/api/queues/counts${query ? `?${query}` : ""}`);
  const role = (await h.ok(user, "GET", "/api/auth/me")).user.role;
  // The tabs are the role's queues of GET /api/rules, in its order, and its assistance queues.
  expect(counts.queues.map((q: Json) => q.name)).toEqual(h.rules.queues.filter((q: Json) => q.role === role).map((q: Json) => q.name));
  expect(counts.assistance.map((q: Json) => q.name)).toEqual(
    h.rules.assistance.queues.filter((q: Json) => q.roles.includes(role)).map((q: Json) => q.name));
  for (const tab of counts.queues as Json[]) {
    const queue = await h.ok(user, "GET", `/api/queues/${tab.name}?pageSize=1${query ? `&${query}` : ""}`);
    expect({ name: tab.name, total: tab.total, overdue: tab.overdue }, user).toEqual({ name: tab.name, total: queue.total, overdue: queue.buckets.overdue });
    const overdue = await h.ok(user, "GET", `/api/queues/${tab.name}?pageSize=1&bucket=OVERDUE${query ? `&${query}` : ""}`);
    expect(overdue.total, `${user} ${tab.name} overdue`).toBe(tab.overdue);
  }
  for (const tab of counts.assistance as Json[]) {
    const queue = await h.ok(user, "GET", `/api/assistance/queues/${tab.name}?pageSize=1`);
    expect({ name: tab.name, total: tab.total, overdue: tab.overdue }, user).toEqual({ name: tab.name, total: queue.total, overdue: queue.buckets.overdue });
  }
  return counts;
}

const inQueue = async (user: string, queue: string, c: Json) =>
  (await h.ok(user, "GET", `/api/queues/${queue}?pageSize=100&q=${c.caseNo}`)).items.some((i: Json) => i.id === c.id);
const countOf = (counts: Json, name: string) => counts.queues.find((q: Json) => q.name === name);

describe("queue tab counts (GET /api/queues/counts)", () => {
  let returned: Json;

  it("each tab's count equals its queue's total and overdue count, for the township, the district and the village", async () => {
    // Work in every kind of tab: fresh and overdue leads, a case returned for correction (then overdue), one at district review.
    await caseOf("LIFTED_WITH_POLICY");
    await caseOf("LIFTED_WITH_POLICY", 20);
    await caseOf("ORDINARY", 20);
    await h.walk(await caseOf("LIFTED_WITH_POLICY"), { until: "DISTRICT_REVIEW" });
    const { c } = await h.walk(await caseOf("LIFTED_WITH_POLICY"), { until: "DISTRICT_REVIEW" });
    returned = await h.step("district", c, "return", { reason: "收入数据与采集表不符，请重新核实" });
    expect(returned).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", returnCount: 1 });

    for (const user of ["township", "district", "village"]) await expectCountsAgree(user);
    const township = await expectCountsAgree("township");
    expect(countOf(township, "township-returned").total).toBeGreaterThanOrEqual(1);
    expect(countOf(township, "township-leads").overdue).toBeGreaterThanOrEqual(2);

    // A week later the returned case is overdue too, and its tab says so.
    await h.days(10);
    const later = await expectCountsAgree("township");
    expect(countOf(later, "township-returned").overdue).toBeGreaterThanOrEqual(1);
    for (const user of ["district", "village"]) await expectCountsAgree(user);
  });

  it("the counts follow the queue's filters, and a filter outside the user's area is refused", async () => {
    const zhangcunTown = await areaIdByName(h.t.prisma, "张村镇", "TOWNSHIP");
    await expectCountsAgree("district", `areaId=${zhangcunTown}`);
    await expectCountsAgree("township", "category=LIFTED_WITH_POLICY");
    await expectCountsAgree("township", `q=${returned.caseNo}`);
    const filtered = await h.ok("township", "GET", `/api/queues/counts?q=${returned.caseNo}`);
    expect(countOf(filtered, "township-returned").total).toBe(1);
    expect(countOf(filtered, "township-leads").total).toBe(0);

    const yangting = await areaIdByName(h.t.prisma, "羊亭镇", "TOWNSHIP");
    const res = await h.call("township", "GET", `/api/queues/counts?areaId=${yangting}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("AREA_NOT_FOUND");
    expect((await h.call("township", "GET", "/api/queues/counts?category=NOPE")).statusCode).toBe(400);
  });
});

describe("the village's appraisal tab holds only the appraisals the village owes", () => {
  it("lists cases whose procedure has an appraisal until it is recorded, never those without one", async () => {
    const monitored = await caseOf("LIFTED_WITH_POLICY"); // 脱贫享受政策户 → 脱贫监测户: verification only
    const instant = await caseOf("ORDINARY"); // 即时帮扶: verification and appraisal
    const rollback = await caseOf("LIFTED_WITHOUT_POLICY"); // 回退: appraisal
    expect(await inQueue("village", "village-appraisals", monitored)).toBe(false);
    expect(await inQueue("village", "village-appraisals", instant)).toBe(true);
    expect(await inQueue("village", "village-appraisals", rollback)).toBe(true);
    const before = countOf(await expectCountsAgree("village"), "village-appraisals").total;

    // Recorded by the village (or by the township for it): the village owes nothing more, the township still does.
    await h.step("village", instant, "appraisal", h.records.appraisal());
    await h.step("township", rollback, "appraisal", h.records.appraisal());
    expect(await inQueue("village", "village-appraisals", instant)).toBe(false);
    expect(await inQueue("village", "village-appraisals", rollback)).toBe(false);
    expect(await inQueue("township", "township-leads", instant)).toBe(true);
    expect(countOf(await expectCountsAgree("village"), "village-appraisals").total).toBe(before - 2);

    // Every case in the tab is one the village can record an appraisal on.
    const tab = await h.ok("village", "GET", "/api/queues/village-appraisals?pageSize=100");
    for (const item of tab.items as Json[]) {
      const c = await h.getCase(item.id);
      expect(c.roundRecords?.appraisal ?? null, c.caseNo).toBeNull();
      const step = h.procedure(c.procedure).steps.find((s: Json) => s.code === c.stage);
      expect(step.records, `${c.caseNo} ${c.procedure}`).toContain("APPRAISAL");
    }
  });
});

describe("the bell agrees with the overview", () => {
  it("the district's bell lists every overdue case its overview counts, whoever owns the stage", async () => {
    const overdueLead = await caseOf("LIFTED_WITH_POLICY", 20); // the township's stage, overdue
    await endElapsedPublicity(deps);
    await generateDeadlineNotifications(deps);
    const overview = await h.ok("district", "GET", "/api/queues/district-overview");
    expect(overview.total.overdue).toBeGreaterThanOrEqual(1);
    const bell = await h.ok("district", "GET", "/api/notifications?pageSize=100");
    expect(bell.overdueCount).toBe(overview.total.overdue);
    const overdueNotices = (await pagesOf("district")).filter((n) => n.kind === "OVERDUE");
    expect(overdueNotices).toHaveLength(overview.total.overdue);
    expect(new Set(overdueNotices.map((n) => n.case.id)).size).toBe(overdueNotices.length);
    expect(overdueNotices.map((n) => n.case.id)).toContain(overdueLead.id);

    // The district may open and mark it read; the township's own bell still has it unread (read marks are per user).
    const notice = overdueNotices.find((n) => n.case.id === overdueLead.id)!;
    expect((await h.call("district", "POST", `/api/notifications/${notice.id}/read`)).statusCode).toBe(200);
    const township = (await pagesOf("township")).find((n) => n.id === notice.id);
    expect(township).toMatchObject({ kind: "OVERDUE", read: false });

    // The township's bell: the overdue cases of its own tabs (its stages), not the district's or the village's.
    const tabs = await expectCountsAgree("township");
    const townshipBell = await h.ok("township", "GET", "/api/notifications?pageSize=1");
    expect(townshipBell.overdueCount).toBe((tabs.queues as Json[]).reduce((n, q) => n + q.overdue, 0));

    // The city's overview and bell cover both districts.
    const city = await h.ok("city", "GET", "/api/queues/district-overview");
    expect((await h.ok("city", "GET", "/api/notifications?pageSize=1")).overdueCount).toBe(city.total.overdue);
  });
});

async function pagesOf(user: string): Promise<Json[]> {
  const all: Json[] = [];
  for (let page = 1; ; page++) {
    const list = await h.ok(user, "GET", `/api/notifications?pageSize=100&page=${page}`);
    all.push(...list.items);
    if (all.length >= list.total || !list.items.length) return all;
  }
}

describe("the city's overview by district", () => {
  it("groups townships by district with a subtotal per district and the total", async () => {
    const city = await h.ok("city", "GET", "/api/queues/district-overview");
    expect(city.districts.map((d: Json) => d.district.name)).toEqual(["环翠区", "文登区"]);
    const keys = ["overdue", "dueToday", "dueNextWorkingDay", "later", "total"] as const;
    const sum = (rows: Json[]) => Object.fromEntries(keys.map((k) => [k, rows.reduce((n, r) => n + r[k], 0)]));
    for (const d of city.districts as Json[]) {
      const townships = (city.townships as Json[]).filter((r) => r.district.id === d.district.id);
      expect(townships.length, d.district.name).toBeGreaterThanOrEqual(1);
      expect(Object.fromEntries(keys.map((k) => [k, d[k]]))).toEqual(sum(townships));
    }
    expect(city.total).toEqual(sum(city.districts));
    expect(city.total.total).toBeGreaterThan(0);
    // Each district's townships come together, in the districts' order.
    const order = (city.townships as Json[]).map((r) => r.district.name);
    expect(order).toEqual([...order].sort((a, b) => city.districts.findIndex((d: Json) => d.district.name === a) - city.districts.findIndex((d: Json) => d.district.name === b)));

    // The district sees its own district only, and the same numbers for it as the city.
    const district = await h.ok("district", "GET", "/api/queues/district-overview");
    expect(district.districts).toEqual([city.districts[0]]);
    expect(district.total).toEqual(Object.fromEntries(keys.map((k) => [k, city.districts[0][k]])));
  });
});

import type { WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { TestSessions } from "../../../test/sessions.ts";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import type { Deps } from "../../lib/deps.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import { generateDeadlineNotifications } from "./notifications.service.ts";

// The test clock starts on Monday 2026-11-23, 10:00 in China. Tests run in order and move the clock forward.
let t: TestApp;
let deps: Deps;
let calendar: WorkingDayCalendar;
let sessions: TestSessions;
let zhangcun: number;

beforeAll(async () => {
  t = await createTestApp();
  deps = { prisma: t.prisma, clock: t.clock.now, config: t.config };
  calendar = await loadCalendar(t.prisma);
  sessions = new TestSessions(t);
  await sessions.signIn("township", "township2", "village", "district", "city");
  zhangcun = await areaIdByName(t.prisma, "张村");
});
afterAll(() => t.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(user: string, method: "GET" | "POST", url: string, payload?: unknown) {
  // Sessions end after 30 idle minutes and tests move the clock by days: TestSessions signs in again when the clock
  // says so, and an unexpected 401 fails.
  const res = await sessions.inject(user, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return res;
}

async function ok(user: string, method: "GET" | "POST", url: string, payload?: unknown): Promise<Json> {
  const res = await call(user, method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

const today = () => new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
/** Moves the clock to the next working day (10:00 China time stays 10:00). */
function nextWorkingDay() {
  const target = calendar.nextWorkingDay(today());
  while (today() < target) t.clock.advanceMinutes(24 * 60);
}
/** The working day n working days before today. */
function workingDaysAgo(n: number) {
  let d = today();
  for (let i = 0; i < n; i++) d = calendar.previousWorkingDay(d);
  return d;
}
const step = (user: string, c: Json, path: string, record?: unknown) =>
  ok(user, "POST", `/api/cases/${c.id}/${path}`, { version: c.version, ...(record !== undefined ? { record } : {}) });
const verification = () => ({ visitedOn: today(), verifiers: ["李专干"], findings: "入户核实，情况属实", riskConfirmed: true });

/** A LIFTED_WITH_POLICY case in 张村 whose lead arrived `receivedOn`: township verification, 5 working days. */
async function openCase(receivedOn: string) {
  const h = await ok("township", "POST", "/api/households", householdPayload(zhangcun, { category: "LIFTED_WITH_POLICY" }));
  return ok("township", "POST", "/api/cases", {
    householdId: h.id, lead: { source: "DAILY_VISIT", receivedOn, riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病" },
  });
}

const noticesOf = (caseId: string) => t.prisma.notification.findMany({ where: { caseId }, orderBy: { createdAt: "asc" } });
async function listed(user: string, caseId: string, query = "pageSize=100") {
  const list = await ok(user, "GET", `/api/notifications?${query}`);
  return { list, mine: (list.items as Json[]).filter((n) => n.case.id === caseId) };
}

describe("deadline notifications", () => {
  let due: Json;

  it("a case due the next working day gets one notice for the owning role, seen only in scope", async () => {
    due = await openCase(workingDaysAgo(4));
    expect(due.deadline.deadline).toBe(calendar.nextWorkingDay(today()));
    expect(due.deadline.bucket).toBe("DUE_NEXT_WORKING_DAY");

    expect(await generateDeadlineNotifications(deps)).toBeGreaterThanOrEqual(1);
    const notices = await noticesOf(due.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: "DUE_NEXT_WORKING_DAY", stage: "TOWNSHIP_VERIFICATION", role: "TOWNSHIP_STAFF", villageCode: due.household.village.code });

    const { list, mine } = await listed("township", due.id);
    expect(mine).toHaveLength(1);
    const [m, d] = [Number(due.deadline.deadline.slice(5, 7)), Number(due.deadline.deadline.slice(8, 10))];
    expect(mine[0]).toMatchObject({
      kind: "DUE_NEXT_WORKING_DAY", deadline: due.deadline.deadline, read: false,
      case: { id: due.id, caseNo: due.caseNo, stage: "TOWNSHIP_VERIFICATION", householdHeadName: "测试户主", villageName: "张村" },
      message: `测试户主户（案件 ${due.caseNo}）“乡镇入户核实”将于下一个工作日（${m}月${d}日）到期`,
    });
    expect(list.unreadCount).toBeGreaterThanOrEqual(1);

    // Another township, the district (not its stage) and the village (not its role) do not see it.
    for (const user of ["township2", "district", "village", "city"]) expect((await listed(user, due.id)).mine, user).toHaveLength(0);
  });

  it("running the generator again creates nothing more", async () => {
    expect(await generateDeadlineNotifications(deps)).toBe(0);
    expect(await generateDeadlineNotifications(deps)).toBe(0);
    expect(await noticesOf(due.id)).toHaveLength(1);
  });

  it("past the deadline the case gets one OVERDUE notice, counting overdue working days", async () => {
    nextWorkingDay(); // the deadline: due today, no new notice
    expect(await generateDeadlineNotifications(deps)).toBe(0);
    expect((await listed("township", due.id)).mine[0]!.message).toContain("今日");
    nextWorkingDay();
    expect(await generateDeadlineNotifications(deps)).toBeGreaterThanOrEqual(1);
    expect(await generateDeadlineNotifications(deps)).toBe(0);
    const notices = await noticesOf(due.id);
    expect(notices.map((n) => n.kind)).toEqual(["DUE_NEXT_WORKING_DAY", "OVERDUE"]);
    const { mine } = await listed("township", due.id);
    expect(mine.map((n) => n.kind)).toEqual(["OVERDUE", "DUE_NEXT_WORKING_DAY"]); // newest first
    expect(mine[0]!.message).toMatch(/“乡镇入户核实”已逾期 1 个工作日（期限 \d+月\d+日）$/);
  });

  it("read marks are per user and change the unread count", async () => {
    const before = (await listed("township", due.id)).list;
    const [overdue, dueNext] = (await listed("township", due.id)).mine;
    expect(before.unreadCount).toBeGreaterThanOrEqual(2);

    // Outside the user's role or area: not found. (The district oversees the township's overdue cases: it sees this one.)
    for (const user of ["township2", "village"]) {
      const res = await call(user, "POST", `/api/notifications/${overdue!.id}/read`);
      expect(res.statusCode, user).toBe(404);
      expect(res.json().code).toBe("NOTIFICATION_NOT_FOUND");
    }
    expect((await call("township", "POST", "/api/notifications/not-a-uuid/read")).statusCode).toBe(400);

    const marked = await ok("township", "POST", `/api/notifications/${overdue!.id}/read`);
    expect(marked).toEqual({ id: overdue!.id, read: true, unreadCount: before.unreadCount - 1 });
    // Idempotent.
    expect((await ok("township", "POST", `/api/notifications/${overdue!.id}/read`)).unreadCount).toBe(before.unreadCount - 1);

    const after = await listed("township", due.id);
    expect(after.list.unreadCount).toBe(before.unreadCount - 1);
    expect(after.mine.find((n) => n.id === overdue!.id)!.read).toBe(true);
    const unread = await listed("township", due.id, "unreadOnly=true&pageSize=100");
    expect(unread.mine.map((n) => n.id)).toEqual([dueNext!.id]);
    expect(unread.list.total).toBe(before.unreadCount - 1);

    const all = await ok("township", "POST", "/api/notifications/read-all");
    expect(all).toEqual({ marked: before.unreadCount - 1, unreadCount: 0 });
    expect((await ok("township", "GET", "/api/notifications?unreadOnly=true")).items).toEqual([]);
    expect((await call("township", "GET", "/api/notifications?unreadOnly=maybe")).statusCode).toBe(400);
  });

  it("a returned case gets fresh notices for its new stage start; notices of stages it left are no longer listed", async () => {
    // Township verification due next working day → notice; submitted; district review due next working day → notice for the district.
    let c = await openCase(workingDaysAgo(4));
    await generateDeadlineNotifications(deps);
    c = await step("township", c, "verification", verification());
    c = await step("township", c, "submit");
    expect(c.stage).toBe("DISTRICT_REVIEW");
    expect((await listed("township", c.id)).mine).toHaveLength(0); // the stage it left
    while (calendar.nextWorkingDay(today()) < c.deadline.deadline) nextWorkingDay();
    await generateDeadlineNotifications(deps);
    const review = await listed("district", c.id);
    expect(review.mine).toMatchObject([{ kind: "DUE_NEXT_WORKING_DAY", case: { stage: "DISTRICT_REVIEW" } }]);
    expect(review.mine[0]!.message).toContain("“区县审核”将于下一个工作日");
    expect((await listed("township", c.id)).mine).toHaveLength(0);

    // Returned: the township's clock starts again, in the same stage as before.
    c = await step("district", c, "return", { reason: "收入数据与采集表不符，请重新核实" });
    expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageStartedOn: today(), returnCount: 1 });
    expect((await listed("district", c.id)).mine).toHaveLength(0);
    expect((await listed("township", c.id)).mine).toHaveLength(0); // the first round's notice is not the current stage start
    while (calendar.nextWorkingDay(today()) < c.deadline.deadline) nextWorkingDay();
    expect(await generateDeadlineNotifications(deps)).toBeGreaterThanOrEqual(1);

    const township = (await noticesOf(c.id)).filter((n) => n.stage === "TOWNSHIP_VERIFICATION" && n.kind === "DUE_NEXT_WORKING_DAY");
    expect(township).toHaveLength(2);
    expect(new Set(township.map((n) => n.stageStartedOn!.toISOString().slice(0, 10)))).toEqual(new Set([c.openedOn, c.stageStartedOn]));
    const { mine } = await listed("township", c.id);
    expect(mine).toMatchObject([{ kind: "DUE_NEXT_WORKING_DAY", deadline: c.deadline.deadline, read: false, case: { stage: "TOWNSHIP_VERIFICATION" } }]);

    // Closed cases drop out too.
    c = await ok("township", "GET", `/api/cases/${c.id}`);
    c = await step("township", c, "withdraw", { reason: "农户申请撤回" });
    expect((await listed("township", c.id)).mine).toHaveLength(0);
  });

  it("the list is paginated and appears in the OpenAPI document", async () => {
    const page = await ok("township", "GET", "/api/notifications?page=1&pageSize=1");
    expect(page).toMatchObject({ page: 1, pageSize: 1 });
    expect(page.items.length).toBeLessThanOrEqual(1);
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/notifications", "/api/notifications/{id}/read", "/api/notifications/read-all"]));
    expect(doc.paths["/api/notifications"].get.responses["200"]).toBeDefined();
    expect((await t.app.inject({ method: "GET", url: "/api/notifications" })).statusCode).toBe(401);
  });
});

import { nextVisitDue } from "@fanpin/domain/assistance/deadlines";
import type { WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { TestSessions } from "../../../test/sessions.ts";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import ExcelJS from "../../lib/exceljs.ts";
import type { Deps } from "../../lib/deps.ts";
import { syncAssistanceFiles } from "../assistance/assistance-files.repository.ts";
import { fileContext } from "../assistance/assistance-files.service.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import { generateDeadlineNotifications } from "../notifications/notifications.service.ts";

// The test clock stays on Monday 2026-11-23, 10:00 in China (2026-Q4): reviews may be recorded for 2026-Q4 and 2026-Q3.
let t: TestApp;
let deps: Deps;
let calendar: WorkingDayCalendar;
let sessions: TestSessions;
let zhangcun: number;
let helperId: string;
let contactId: string;
let helperUserId: string;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const TODAY = "2026-11-23";

beforeAll(async () => {
  t = await createTestApp();
  deps = { prisma: t.prisma, clock: t.clock.now, config: t.config };
  calendar = await loadCalendar(t.prisma);
  sessions = new TestSessions(t);
  await sessions.signIn("township", "township2", "village", "district", "helper");
  zhangcun = await areaIdByName(t.prisma, "张村");
  const township = await t.prisma.area.findFirstOrThrow({ where: { name: "张村镇", level: "TOWNSHIP" } });
  helperUserId = (await t.prisma.user.findUniqueOrThrow({ where: { username: "helper" } })).id;
  // The helper register is another feature's: a small fixture stands in for it.
  const existing = await t.prisma.helper.findUnique({ where: { userId: helperUserId } });
  helperId = existing?.id ?? (await t.prisma.helper.create({
    data: { name: "周帮扶", unit: "区农业农村局", areaId: township.id, areaCode: township.code, userId: helperUserId },
  })).id;
  contactId = (await t.prisma.helper.create({ data: { name: "陈党员", unit: "张村党支部", areaId: zhangcun, areaCode: "371002100201" } })).id;
});
afterAll(() => t.close());

async function call(user: string, method: "GET" | "POST", url: string, payload?: unknown) {
  return sessions.inject(user, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
}
async function ok(user: string, method: "GET" | "POST", url: string, payload?: unknown): Promise<Json> {
  const res = await call(user, method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

let seq = 0;
/** A household of 张村 designated on `openedOn`, with its assistance file opened as the case engine opens it. */
async function designated(openedOn: string, headName = `帮扶测试${++seq}`) {
  const payload = householdPayload(zhangcun, { category: "LIFTED_WITH_POLICY" });
  payload.members[0]!.name = headName;
  const h = await ok("township", "POST", "/api/households", payload);
  await t.prisma.household.update({ where: { id: h.id }, data: { designation: "MONITORED", designatedAt: dateOf(openedOn) } });
  await syncAssistanceFiles(t.prisma, [h.id], await fileContext(deps));
  return { id: h.id as string, householdNo: h.householdNo as string, headName };
}

/** The helper account leads the household (and 陈党员 is its village contact), as the assignment feature records it. */
async function assignHelper(householdId: string, startedOn: string) {
  await t.prisma.helperAssignment.createMany({
    data: [
      { householdId, helperId, role: "LEAD", startedOn: dateOf(startedOn) },
      { householdId, helperId: contactId, role: "VILLAGE_CONTACT", startedOn: dateOf(startedOn) },
    ],
  });
  await t.prisma.assistanceFile.update({ where: { householdId }, data: { leadHelperId: helperId, assignDue: null } });
}

const file = (householdId: string) => t.prisma.assistanceFile.findUniqueOrThrow({ where: { householdId } });
const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const rules = () => t.config.rules.assistance;
const review = (quarter: string, overrides: Json = {}) => ({
  quarter, reviewedOn: TODAY, incomeChangeYuan: 120.5, riskEased: true, effect: "医疗救助已落实，自付费用下降", planChanges: "", ...overrides,
});

describe("risk class", () => {
  it("sets the class, recomputes the visit deadline with the class's interval and audits the change", async () => {
    const h = await designated("2026-08-03");
    const res = await ok("township", "POST", `/api/assistance/${h.id}/risk-class`, { riskClass: "A", reason: "大病支出大，重点跟踪" });
    const dueA = nextVisitDue(null, "2026-08-03", "A", rules(), calendar);
    expect(res).toMatchObject({ householdId: h.id, riskClass: "A", riskClassOn: TODAY, nextVisitDue: dueA });
    expect(dueA).toBe("2026-08-18");
    const f = await file(h.id);
    expect([f.riskClass, iso(f.riskClassOn), iso(f.nextVisitDue)]).toEqual(["A", TODAY, dueA]);
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { entityId: h.id, action: "assistance.risk_class" } });
    expect(entry.reason).toBe("大病支出大，重点跟踪");
    expect(entry.before).toMatchObject({ riskClass: rules().initialRiskClass }); // the class the file opened with
    expect(entry.after).toMatchObject({ riskClass: "A", nextVisitDue: dueA });

    // B and C are visited every 30 days.
    const toC = await ok("township", "POST", `/api/assistance/${h.id}/risk-class`, { riskClass: "C", reason: "措施已落实，风险趋稳" });
    expect(toC.nextVisitDue).toBe(nextVisitDue(null, "2026-08-03", "C", rules(), calendar));
    expect(toC.nextVisitDue).toBe("2026-09-02");
  });

  it("is refused to roles without assistance.assign, outside the area, without a file, and for an unknown class", async () => {
    const h = await designated("2026-08-03");
    const body = { riskClass: "B", reason: "常规跟踪" };
    expect((await call("village", "POST", `/api/assistance/${h.id}/risk-class`, body)).statusCode).toBe(403);
    const other = await call("township2", "POST", `/api/assistance/${h.id}/risk-class`, body);
    expect([other.statusCode, other.json().code]).toEqual([404, "ASSISTANCE_FILE_NOT_FOUND"]);
    const plain = await ok("township", "POST", "/api/households", householdPayload(zhangcun));
    const none = await call("township", "POST", `/api/assistance/${plain.id}/risk-class`, body);
    expect([none.statusCode, none.json().code]).toEqual([404, "ASSISTANCE_FILE_NOT_FOUND"]);
    const bad = await call("township", "POST", `/api/assistance/${h.id}/risk-class`, { riskClass: "D", reason: "x" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].message).toBe("风险类别应为 A、B 或 C");
    const noReason = await call("township", "POST", `/api/assistance/${h.id}/risk-class`, { riskClass: "B", reason: "" });
    expect(noReason.statusCode).toBe(400);
  });
});

describe("quarterly reviews", () => {
  it("records the current or the previous quarter only, and not a quarter that ended before the file opened", async () => {
    const h = await designated("2026-08-03");
    for (const quarter of ["2026-Q2", "2027-Q1", "2025-Q4"]) {
      const res = await call("township", "POST", `/api/assistance/${h.id}/reviews`, review(quarter));
      expect([quarter, res.statusCode, res.json().code]).toEqual([quarter, 422, "REVIEW_QUARTER_NOT_ALLOWED"]);
    }
    const late = await designated("2026-11-02");
    const before = await call("township", "POST", `/api/assistance/${late.id}/reviews`, review("2026-Q3"));
    expect([before.statusCode, before.json().code]).toEqual([422, "REVIEW_QUARTER_NOT_ALLOWED"]);
    expect((await call("township", "POST", `/api/assistance/${late.id}/reviews`, review("2026-Q4"))).statusCode).toBe(201);

    const future = await call("township", "POST", `/api/assistance/${h.id}/reviews`, review("2026-Q4", { reviewedOn: "2026-11-24" }));
    expect([future.statusCode, future.json().details[0].path]).toEqual([400, "reviewedOn"]);
    const early = await call("township", "POST", `/api/assistance/${h.id}/reviews`, review("2026-Q4", { reviewedOn: "2026-09-30" }));
    expect([early.statusCode, early.json().details[0].path]).toEqual([400, "reviewedOn"]);
    expect(await t.prisma.quarterlyReview.count({ where: { householdId: h.id } })).toBe(0);
  });

  it("stores the review (income change in fen), moves the file's last quarter and class, and audits both", async () => {
    const h = await designated("2026-08-03");
    const created = await call("township", "POST", `/api/assistance/${h.id}/reviews`,
      review("2026-Q3", { reviewedOn: "2026-10-15", riskClass: "A", planChanges: "增加公益岗位" }));
    expect(created.statusCode).toBe(201);
    const r = created.json();
    expect(r).toMatchObject({
      householdId: h.id, quarter: "2026-Q3", reviewedOn: "2026-10-15", incomeChangeYuan: 120.5, riskEased: true,
      planChanges: "增加公益岗位", riskClass: "A", reviewer: "张村镇 李专干",
    });
    const row = await t.prisma.quarterlyReview.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.incomeChangeFen).toBe(12050n);
    const f = await file(h.id);
    expect([f.lastReviewQuarter, f.riskClass, iso(f.nextVisitDue)]).toEqual(["2026-Q3", "A", nextVisitDue(null, "2026-08-03", "A", rules(), calendar)]);
    const actions = (await t.prisma.auditEntry.findMany({ where: { householdId: h.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["review.create", "assistance.risk_class"]));
    const classEntry = await t.prisma.auditEntry.findFirstOrThrow({ where: { householdId: h.id, action: "assistance.risk_class" } });
    expect(classEntry.reason).toContain("2026-Q3");

    // A second review of the same quarter is refused.
    const again = await call("township", "POST", `/api/assistance/${h.id}/reviews`, review("2026-Q3"));
    expect([again.statusCode, again.json().code]).toEqual([409, "REVIEW_ALREADY_RECORDED"]);

    // The later quarter wins: Q4 after Q3 moves it on; a review without a class keeps the class.
    await ok("township", "POST", `/api/assistance/${h.id}/reviews`, review("2026-Q4", { riskEased: false, incomeChangeYuan: -30 }));
    expect((await file(h.id)).lastReviewQuarter).toBe("2026-Q4");
    expect((await file(h.id)).riskClass).toBe("A");
    const list = await ok("township", "GET", `/api/assistance/${h.id}/reviews`);
    expect(list.map((x: Json) => [x.quarter, x.incomeChangeYuan])).toEqual([["2026-Q4", -30], ["2026-Q3", 120.5]]);
  });

  it("keeps the later quarter when an earlier one is recorded after it", async () => {
    const h = await designated("2026-08-03");
    await ok("township", "POST", `/api/assistance/${h.id}/reviews`, review("2026-Q4"));
    await ok("township", "POST", `/api/assistance/${h.id}/reviews`, review("2026-Q3", { reviewedOn: "2026-10-10" }));
    expect((await file(h.id)).lastReviewQuarter).toBe("2026-Q4");
  });

  it("stores one of two concurrent reviews of the same quarter; the other gets REVIEW_ALREADY_RECORDED", async () => {
    const h = await designated("2026-08-03");
    const results = await Promise.all([1, 2, 3].map(() => call("township", "POST", `/api/assistance/${h.id}/reviews`, review("2026-Q4"))));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe("REVIEW_ALREADY_RECORDED");
    expect(await t.prisma.quarterlyReview.count({ where: { householdId: h.id } })).toBe(1);
    expect(await t.prisma.auditEntry.count({ where: { householdId: h.id, action: "review.create" } })).toBe(1);
  });

  it("lets the assigned helper read the reviews but not record one; other helpers' households are not found", async () => {
    const mine = await designated("2026-08-03");
    const notMine = await designated("2026-08-03");
    await assignHelper(mine.id, "2026-08-05");
    await ok("township", "POST", `/api/assistance/${mine.id}/reviews`, review("2026-Q3", { reviewedOn: "2026-10-12" }));
    const list = await ok("helper", "GET", `/api/assistance/${mine.id}/reviews`);
    expect(list).toHaveLength(1);
    expect((await call("helper", "POST", `/api/assistance/${mine.id}/reviews`, review("2026-Q4"))).statusCode).toBe(403);
    const other = await call("helper", "GET", `/api/assistance/${notMine.id}/reviews`);
    expect([other.statusCode, other.json().code]).toEqual([404, "ASSISTANCE_FILE_NOT_FOUND"]);
    expect((await call("township2", "GET", `/api/assistance/${mine.id}/reviews`)).statusCode).toBe(404);
  });
});

describe("assistance notices", () => {
  let unassigned: Awaited<ReturnType<typeof designated>>;
  let assigned: Awaited<ReturnType<typeof designated>>;
  const noticesOf = (householdId: string) =>
    t.prisma.notification.findMany({ where: { householdId }, orderBy: [{ kind: "asc" }, { role: "asc" }] });
  const listed = async (user: string, householdId: string) =>
    (await ok(user, "GET", "/api/notifications?pageSize=100")).items.filter((n: Json) => n.household.id === householdId);

  beforeAll(async () => {
    // Opened 2026-09-01: the lead was due 09-08, the first visit 10-08 (10-01 is National Day), Q3's review 10-20.
    unassigned = await designated("2026-09-01", "逾期甲");
    assigned = await designated("2026-09-01", "逾期乙");
    await assignHelper(assigned.id, "2026-09-03");
  });

  it("are created once per household, kind, deadline and role, also when the job runs twice at once", async () => {
    await Promise.all([generateDeadlineNotifications(deps), generateDeadlineNotifications(deps)]);
    await generateDeadlineNotifications(deps);
    const key = (x: unknown[]) => x.join("|");
    const a = (await noticesOf(unassigned.id)).map((n) => [n.kind, n.role, iso(n.deadline), n.userId]);
    expect(a.map(key).sort()).toEqual([
      ["ASSIGNMENT_OVERDUE", "TOWNSHIP_STAFF", "2026-09-08", null],
      ["VISIT_OVERDUE", "VILLAGE_CADRE", "2026-10-08", null],
      ["VISIT_OVERDUE", "TOWNSHIP_STAFF", "2026-10-08", null],
      ["REVIEW_OVERDUE", "TOWNSHIP_STAFF", "2026-10-20", null],
    ].map(key).sort());
    const b = (await noticesOf(assigned.id)).map((n) => [n.kind, n.role, n.userId]);
    expect(b).toEqual(expect.arrayContaining([
      ["VISIT_OVERDUE", "VILLAGE_CADRE", null], ["VISIT_OVERDUE", "TOWNSHIP_STAFF", null], ["VISIT_OVERDUE", "HELPER", helperUserId],
      ["REVIEW_OVERDUE", "TOWNSHIP_STAFF", null],
    ]));
    expect(b).toHaveLength(4);
  });

  it("are listed to the right users with a Chinese text and the household as link target", async () => {
    const township = await listed("township", unassigned.id);
    expect(township.map((n: Json) => n.kind).sort()).toEqual(["ASSIGNMENT_OVERDUE", "REVIEW_OVERDUE", "VISIT_OVERDUE"]);
    const visit = township.find((n: Json) => n.kind === "VISIT_OVERDUE");
    expect(visit).toMatchObject({ case: null, household: { id: unassigned.id, headName: "逾期甲", villageName: "张村" }, deadline: "2026-10-08" });
    expect(visit.message).toBe("逾期甲户 走访逾期 46 天（应于10月8日前走访）");
    expect(township.find((n: Json) => n.kind === "REVIEW_OVERDUE").message).toMatch(/^逾期甲户 2026年第3季度帮扶成效分析逾期 \d+ 个工作日（期限 10月20日）$/);
    expect(township.find((n: Json) => n.kind === "ASSIGNMENT_OVERDUE").message).toMatch(/^逾期甲户 未安排帮扶责任人，已逾期 \d+ 个工作日/);

    expect((await listed("village", unassigned.id)).map((n: Json) => n.kind)).toEqual(["VISIT_OVERDUE"]);
    expect(await listed("district", unassigned.id)).toEqual([]);
    expect(await listed("township2", unassigned.id)).toEqual([]);
    // A helper sees only their own households' notices (userId = self).
    expect(await listed("helper", unassigned.id)).toEqual([]);
    const own = await listed("helper", assigned.id);
    expect(own.map((n: Json) => [n.kind, n.message])).toEqual([["VISIT_OVERDUE", "逾期乙户 走访逾期 46 天（应于10月8日前走访）"]]);

    // The helper may mark their own notice read, not the township's.
    const mark = await call("helper", "POST", `/api/notifications/${own[0].id}/read`);
    expect(mark.statusCode).toBe(200);
    const townshipNotice = township[0];
    expect((await call("helper", "POST", `/api/notifications/${townshipNotice.id}/read`)).statusCode).toBe(404);
  });

  it("drop out once the review is recorded or the helper assigned", async () => {
    await ok("township", "POST", `/api/assistance/${unassigned.id}/reviews`, review("2026-Q3", { reviewedOn: "2026-11-20" }));
    await t.prisma.assistanceFile.update({ where: { householdId: unassigned.id }, data: { assignDue: null, leadHelperId: helperId } });
    const township = await listed("township", unassigned.id);
    expect(township.map((n: Json) => n.kind)).toEqual(["VISIT_OVERDUE"]);
    // The job does not write them again.
    await generateDeadlineNotifications(deps);
    expect(await t.prisma.notification.count({ where: { householdId: unassigned.id } })).toBe(4);
  });
});

describe("帮扶台账", () => {
  type Sheet = { header: string[]; rows: string[][]; title: string[] };
  async function ledger(user: string, query: string): Promise<Sheet> {
    const res = await call(user, "GET", `/api/ledgers/assistance.xlsx${query}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const all: string[][] = [];
    wb.getWorksheet("帮扶台账")!.eachRow((row) => all.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
    const at = all.findIndex((r) => r[0] === "序号");
    return { title: all.slice(0, at).map((r) => r[0]!), header: all[at]!, rows: all.slice(at + 1) };
  }
  const cell = (s: Sheet, row: string[], name: string) => row[s.header.indexOf(name)] ?? "";

  it("has one row per household whose file was open on the date, with class, helpers, plan, measures, visits and review", async () => {
    const h = await designated("2026-08-03", "台账户主");
    await assignHelper(h.id, "2026-08-05");
    await ok("township", "POST", `/api/assistance/${h.id}/risk-class`, { riskClass: "A", reason: "重点跟踪" });
    await t.prisma.assistanceFile.update({ where: { householdId: h.id }, data: { planSummary: "落实低保和医疗救助，安排公益岗位" } });
    const f = await file(h.id);
    await t.prisma.assistanceMeasure.createMany({
      data: [
        { householdId: h.id, villageCode: f.villageCode, catalogueCode: "DIBAO", name: "低保", type: "BASIC_LIVING", department: "CIVIL_AFFAIRS", state: "DELIVERED", deliveredOn: dateOf("2026-09-01") },
        { householdId: h.id, villageCode: f.villageCode, catalogueCode: "PUBLIC_WELFARE_JOB", name: "公益岗位", type: "INCOME", department: "HUMAN_RESOURCES", state: "PLANNED" },
      ],
    });
    const visit = (visitedOn: string, kind = "HELPER") => ({
      id: crypto.randomUUID(), householdId: h.id, villageCode: f.villageCode, kind, visitedOn: dateOf(visitedOn), mode: "IN_PERSON",
      visitorName: "周帮扶", metWith: "户主", findings: "情况稳定", changes: {},
    });
    await t.prisma.visit.createMany({ data: [visit("2026-09-20"), visit("2026-11-02"), visit("2026-11-18"), visit("2026-11-20", "SUPERVISORY")] });
    await ok("township", "POST", `/api/assistance/${h.id}/reviews`, review("2026-Q3", { reviewedOn: "2026-10-15", effect: "低保已落实" }));

    const s = await ledger("township", `?asOf=${TODAY}`);
    expect(s.header).toEqual([
      "序号", "乡镇", "村", "户编号", "户主", "户类别", "认定类型/监测对象类型", "风险类别", "帮扶责任人", "村级联系人", "帮扶计划",
      "帮扶措施（状态）", "享受政策数", "最近走访日期", "近30天走访次数", "最近季度分析",
    ]);
    const rows = s.rows.filter((r) => cell(s, r, "户编号") === h.householdNo);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(cell(s, row, "乡镇")).toBe("张村镇");
    expect(cell(s, row, "村")).toBe("张村");
    expect(cell(s, row, "户主")).toBe("台账户主");
    expect(cell(s, row, "风险类别")).toBe("A类（高风险）");
    expect(cell(s, row, "帮扶责任人")).toBe("周帮扶（区农业农村局）");
    expect(cell(s, row, "村级联系人")).toBe("陈党员（张村党支部）");
    expect(cell(s, row, "帮扶计划")).toBe("落实低保和医疗救助，安排公益岗位");
    expect(cell(s, row, "帮扶措施（状态）")).toBe("低保（已落实）；公益岗位（计划）");
    expect(cell(s, row, "享受政策数")).toBe("1");
    // The district's random check is not the household's visit.
    expect(cell(s, row, "最近走访日期")).toBe("2026-11-18");
    expect(cell(s, row, "近30天走访次数")).toBe("2");
    expect(cell(s, row, "最近季度分析")).toBe("2026-Q3（2026-10-15）：风险已缓解；低保已落实");
    // No ID numbers, no phone numbers anywhere.
    const personal = s.rows.flatMap((r) => r.filter((v, i) => i !== s.header.indexOf("户编号") && /\d{17}[\dX]|1\d{10}/.test(v)));
    expect(personal).toEqual([]);

    // Before the file opened the household is not on it; nor on another township's.
    const early = await ledger("township", "?asOf=2026-08-01");
    expect(early.rows.some((r) => cell(early, r, "户编号") === h.householdNo)).toBe(false);
    const other = await ledger("township2", `?asOf=${TODAY}`);
    expect(other.rows.some((r) => cell(other, r, "户编号") === h.householdNo)).toBe(false);
    // On 2026-10-01 the review and the later visits had not happened yet.
    const then = await ledger("township", "?asOf=2026-10-01");
    const thenRow = then.rows.find((r) => cell(then, r, "户编号") === h.householdNo)!;
    expect([cell(then, thenRow, "最近走访日期"), cell(then, thenRow, "近30天走访次数"), cell(then, thenRow, "最近季度分析")]).toEqual(["2026-09-20", "1", ""]);

    const audit = await t.prisma.auditEntry.findFirstOrThrow({ where: { action: "report.download", entityId: { startsWith: "ASSISTANCE_LEDGER:" } } });
    expect(audit.after).toMatchObject({ kind: "ASSISTANCE_LEDGER" });
  });

  it("refuses a date in the future and an area outside the user's", async () => {
    expect((await call("township", "GET", "/api/ledgers/assistance.xlsx?asOf=2026-11-24")).statusCode).toBe(400);
    const yang = await areaIdByName(t.prisma, "羊亭镇", "TOWNSHIP");
    expect((await call("township", "GET", `/api/ledgers/assistance.xlsx?areaId=${yang}`)).statusCode).toBe(404);
    expect((await call("township", "GET", "/api/ledgers/assistance.xlsx?asOf=2026-13-01")).statusCode).toBe(400);
  });
});

describe("demo data", () => {
  it("classes the open files A, B and C and records last quarter's review through the services", async () => {
    const { loadDemoAssistance } = await import("../../demo/demo-assistance.ts");
    await loadDemoAssistance(t.prisma, t.clock.now, t.config);
    const classes = await t.prisma.assistanceFile.groupBy({ by: ["riskClass"], where: { closedOn: null }, _count: true });
    expect(classes.map((c) => c.riskClass).filter(Boolean).sort()).toEqual(["A", "B", "C"]);
    const demoReview = await t.prisma.quarterlyReview.findFirst({ where: { quarter: "2026-Q3", effect: { startsWith: "医疗救助和大病保险" } } });
    expect(demoReview).not.toBeNull();
    expect(await t.prisma.auditEntry.count({ where: { action: "review.create", entityId: demoReview!.id } })).toBe(1);
  });
});

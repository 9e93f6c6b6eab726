import { WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { TestSessions } from "../../../test/sessions.ts";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { endElapsedPublicity } from "../jobs/publicity-end.ts";

// The test clock starts on Monday 2026-11-23, 10:00 in China.
let t: TestApp;
let sessions: TestSessions;
let zhangcun: number;

beforeAll(async () => {
  t = await createTestApp();
  sessions = new TestSessions(t);
  await sessions.signIn("township", "township2", "village", "district", "city");
  zhangcun = await areaIdByName(t.prisma, "张村");
});
afterAll(() => t.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(user: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  // Sessions end after 30 idle minutes and tests move the clock by days: TestSessions signs in again when the clock
  // says so, and an unexpected 401 fails.
  const res = await sessions.inject(user, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return res;
}

async function ok(user: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown): Promise<Json> {
  const res = await call(user, method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

const today = () => new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const days = (n: number) => t.clock.advanceMinutes(n * 24 * 60);

async function newHousehold(category: "LIFTED_WITH_POLICY" | "ORDINARY" | "LIFTED_WITHOUT_POLICY") {
  return ok("township", "POST", "/api/households", householdPayload(zhangcun, { category })) as Promise<Json>;
}

const lead = () => ({ source: "DAILY_VISIT", receivedOn: today(), riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病，医疗支出大" });
const verification = () => ({ visitedOn: today(), verifiers: ["李专干", "陈书记"], findings: "入户核实，情况属实", riskConfirmed: true });
const appraisal = () => ({ heldOn: today(), participants: 15, votesFor: 14, votesAgainst: 0, passed: true, minutesSummary: "村民代表一致同意" });
const checks = {
  crossChecks: Object.fromEntries(Object.keys(WEIHAI_RULES.crossChecks).map((k) => [k, { result: "CLEAR" }])),
  exclusions: Object.fromEntries(Object.keys(WEIHAI_RULES.exclusions).map((k) => [k, false])),
};

async function step(user: string, c: Json, path: string, record?: unknown): Promise<Json> {
  return ok(user, "POST", `/api/cases/${c.id}/${path}`, { version: c.version, ...(record !== undefined ? { record } : {}) });
}

async function openCase(user: string, householdId: string) {
  return ok(user, "POST", "/api/cases", { householdId, lead: lead() });
}

async function toReview(category: "ORDINARY" | "LIFTED_WITHOUT_POLICY" | "LIFTED_WITH_POLICY") {
  const h = await newHousehold(category);
  let c = await openCase("village", h.id);
  if (category !== "LIFTED_WITHOUT_POLICY") c = await step("township", c, "verification", verification());
  if (category !== "LIFTED_WITH_POLICY") c = await step("village", c, "appraisal", appraisal());
  c = await step("township", c, "submit");
  return { h, c };
}

describe("the three procedures over HTTP", () => {
  it("LIFTED_WITH_POLICY: lead → township verification → district approval → MONITORED", async () => {
    const h = await newHousehold("LIFTED_WITH_POLICY");
    let c = await openCase("township", h.id);
    expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", deadline: { deadline: "2026-11-30", unit: "WORKING_DAYS", remainingDays: 5, bucket: "LATER" } });
    expect(c.availableActions).toEqual(["RECORD_VERIFICATION", "SUBMIT", "WITHDRAW", "ASSIST_FIRST"]);
    days(1);
    c = await step("township", c, "verification", verification());
    c = await step("township", c, "submit");
    expect(c).toMatchObject({ stage: "DISTRICT_REVIEW", deadline: { deadline: "2026-11-27" } });
    c = await step("district", c, "approve", {});
    expect(c.stage).toBe("DESIGNATED");
    expect(c.deadline).toBeNull();
    expect(c.events.map((e: Json) => e.action)).toEqual(["OPEN", "RECORD_VERIFICATION", "SUBMIT", "APPROVE"]);
    expect(c.events[2]).toMatchObject({ actorName: "张村镇 李专干", actorUsername: "township", fromStage: "TOWNSHIP_VERIFICATION", toStage: "DISTRICT_REVIEW", stageDeadline: "2026-11-30", metDeadline: true });
    const household = await ok("district", "GET", `/api/households/${h.id}`);
    expect(household).toMatchObject({ designation: "MONITORED", designatedAt: today() });
    const trail = await t.prisma.auditEntry.findMany({ where: { householdId: h.id }, orderBy: { id: "asc" } });
    // The household registered below the monitoring line had a lead from the early-warning rules: the case takes it up.
    expect(trail.map((e) => e.action)).toEqual(["household.create", "case.open", "lead.open-case", "case.RECORD_VERIFICATION", "case.SUBMIT", "case.APPROVE", "household.designate",
      // The designation opens the household's assistance file (一户一档).
      "assistance.file_open"]);
    // The household cannot be designated twice.
    expect((await call("township", "POST", "/api/cases", { householdId: h.id, lead: lead() })).json().code).toBe("ALREADY_DESIGNATED");
  });

  it("ORDINARY: collection + appraisal → review with cross-check → publicity → (time) → no objection → INSTANT_ASSISTANCE", async () => {
    let { h, c } = await toReview("ORDINARY");
    const missing = await call("district", "POST", `/api/cases/${c.id}/approve`, { version: c.version, record: {} });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ code: "CASE_RULE_VIOLATION", details: [{ path: "record.crossChecks.VEHICLE" }] });
    c = await step("district", c, "approve", checks);
    expect(c.stage).toBe("PUBLICITY_PENDING");
    c = await step("village", c, "publicity", { postedOn: today(), place: "张村村委会公示栏" });
    expect(c).toMatchObject({ stage: "PUBLICITY_RUNNING", publicity: { postedOn: today() } });
    // A publicity is counted in calendar days, weekends included: posted on P, it ends on P+5.
    expect(c.deadline).toMatchObject({ deadline: c.publicity.endsOn, unit: "CALENDAR_DAYS", remainingDays: 5, bucket: "LATER" });
    days(3);
    expect((await ok("village", "GET", `/api/cases/${c.id}`)).deadline).toMatchObject({ unit: "CALENDAR_DAYS", remainingDays: 2 });
    days(2);
    expect((await ok("village", "GET", `/api/cases/${c.id}`)).deadline).toMatchObject({ unit: "CALENDAR_DAYS", remainingDays: 0, bucket: "DUE_TODAY" });
    expect(await endElapsedPublicity({ prisma: t.prisma, clock: t.clock.now, config: t.config })).toBe(0);
    days(1);
    expect(await endElapsedPublicity({ prisma: t.prisma, clock: t.clock.now, config: t.config })).toBeGreaterThanOrEqual(1);
    c = await ok("village", "GET", `/api/cases/${c.id}`);
    expect(c.stage).toBe("PUBLICITY_ENDED");
    expect(c.events.at(-1)).toMatchObject({ action: "END_PUBLICITY", actorName: "system", actorRole: null });
    c = await step("district", c, "outcome", {});
    expect(c.stage).toBe("DESIGNATED");
    expect((await ok("township", "GET", `/api/households/${h.id}`)).designation).toBe("INSTANT_ASSISTANCE");
  });

  it("LIFTED_WITHOUT_POLICY: appraisal → review → publicity → category becomes LIFTED_WITH_POLICY", async () => {
    let { h, c } = await toReview("LIFTED_WITHOUT_POLICY");
    c = await step("district", c, "approve", {});
    // A notice posted days ago and entered late: its period is already over.
    days(7);
    c = await step("village", c, "publicity", { postedOn: (await ok("village", "GET", `/api/cases/${c.id}`)).stageStartedOn, place: "村委会" });
    expect(c.stage).toBe("PUBLICITY_ENDED");
    c = await step("district", c, "outcome", {});
    const household = await ok("township", "GET", `/api/households/${h.id}`);
    expect(household).toMatchObject({ category: "LIFTED_WITH_POLICY", designation: null });
  });
});

describe("return, rejection, objection", () => {
  it("a return restarts the township's clock and shows in its returned queue; resubmission goes back to review", async () => {
    let { c } = await toReview("ORDINARY");
    c = await step("district", c, "return", { reason: "收入数据与采集表不符，请重新核实" });
    expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", returnCount: 1, stageStartedOn: today() });
    const returned = await ok("township", "GET", "/api/queues/township-returned");
    expect(returned.items.map((i: Json) => i.id)).toContain(c.id);
    const leads = await ok("township", "GET", "/api/queues/township-leads?pageSize=100");
    expect(leads.items.map((i: Json) => i.id)).not.toContain(c.id);
    c = await step("township", c, "verification", verification());
    c = await step("village", c, "appraisal", appraisal());
    c = await step("township", c, "submit");
    expect(c.stage).toBe("DISTRICT_REVIEW");
  });

  it("a rejection closes the case with its reason and leaves the household unchanged", async () => {
    let { h, c } = await toReview("ORDINARY");
    const before = await ok("township", "GET", `/api/households/${h.id}`);
    const noReason = await call("district", "POST", `/api/cases/${c.id}/reject`, { version: c.version, record: {} });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details).toEqual([{ path: "record.reason", message: "请填写不予纳入的理由" }]);
    c = await step("district", c, "reject", { ...checks, reason: "家庭成员名下有小轿车" });
    expect(c.stage).toBe("REJECTED");
    const after = await ok("township", "GET", `/api/households/${h.id}`);
    expect(after).toMatchObject({ category: before.category, designation: before.designation, version: before.version });
    // Closed: a new case can be opened for the household.
    await openCase("township", h.id);
  });

  it("an objection during publicity goes to the district, which dismisses it and publicity continues", async () => {
    let { c } = await toReview("ORDINARY");
    c = await step("district", c, "approve", checks);
    c = await step("village", c, "publicity", { postedOn: today(), place: "村委会" });
    days(2);
    c = await step("village", c, "objection", { receivedOn: today(), content: "反映该户子女在城里买了房", raisedBy: "村民" });
    expect(c.stage).toBe("OBJECTION_REVIEW");
    const objections = await ok("district", "GET", "/api/queues/district-objections");
    expect(objections.items.map((i: Json) => i.id)).toContain(c.id);
    c = await step("district", c, "objection-decision", { decision: "DISMISS", handling: "经不动产登记比对，子女名下无房产，异议不成立" });
    expect(c.stage).toBe("PUBLICITY_RUNNING");
  });
});

describe("consistency", () => {
  it("every answer says the server's day, which the SPA's date fields are bounded by (and it moves with the clock)", async () => {
    const before = await call("township", "GET", "/api/cases?status=all");
    expect(before.headers["x-server-today"]).toBe(today());
    days(3);
    try {
      const after = await call("township", "GET", "/api/rules");
      expect(after.headers["x-server-today"]).toBe(today());
      expect(after.headers["x-server-today"]).not.toBe(before.headers["x-server-today"]);
    } finally {
      // The later tests of this file count from the clock as it was.
      days(-3);
    }
  });

  it("a second open case for a household is a conflict", async () => {
    const h = await newHousehold("ORDINARY");
    await openCase("township", h.id);
    const res = await call("village", "POST", "/api/cases", { householdId: h.id, lead: lead() });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("CASE_ALREADY_OPEN");
  });

  it("a stale version gets 409 and changes nothing", async () => {
    const h = await newHousehold("LIFTED_WITH_POLICY");
    const c = await openCase("township", h.id);
    await step("township", c, "verification", verification());
    const events = await t.prisma.caseEvent.count({ where: { caseId: c.id } });
    const stale = await call("township", "POST", `/api/cases/${c.id}/verification`, { version: c.version, record: verification() });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    expect(await t.prisma.caseEvent.count({ where: { caseId: c.id } })).toBe(events);
  });

  it("20 concurrent approvals of one case: exactly one succeeds, with one audit entry", async () => {
    const { c } = await toReview("LIFTED_WITH_POLICY");
    const cookie = await sessions.cookie("district");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.app.inject({ method: "POST", url: `/api/cases/${c.id}/approve`, headers: { cookie }, payload: { version: c.version, record: {} } })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((s) => s === 200)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(19);
    expect(await t.prisma.auditEntry.count({ where: { entityId: c.id, action: "case.APPROVE" } })).toBe(1);
    expect(await t.prisma.auditEntry.count({ where: { householdId: c.household.id, action: "household.designate" } })).toBe(1);
  });

  it("the wrong role gets 403, the wrong stage 409, and nothing changes", async () => {
    const h = await newHousehold("ORDINARY");
    const c = await openCase("township", h.id);
    const byVillage = await call("village", "POST", `/api/cases/${c.id}/verification`, { version: c.version, record: verification() });
    expect(byVillage.statusCode).toBe(403);
    expect(byVillage.json().code).toBe("CASE_ACTION_NOT_ALLOWED");
    const early = await call("district", "POST", `/api/cases/${c.id}/approve`, { version: c.version, record: checks });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("CASE_WRONG_STAGE");
    const city = await call("city", "POST", `/api/cases/${c.id}/withdraw`, { version: c.version, record: { reason: "x" } });
    expect(city.statusCode).toBe(403);
    expect((await ok("township", "GET", `/api/cases/${c.id}`)).version).toBe(c.version);
  });

  it("township2 gets 404 on every case route for township's case", async () => {
    const h = await newHousehold("ORDINARY");
    const c = await openCase("township", h.id);
    await sessions.signIn("township2"); // once, before the parallel requests below
    const { CASE_ACTIONS } = await import("@fanpin/domain/procedures/actions");
    const attempts = [call("township2", "GET", `/api/cases/${c.id}`)];
    for (const { path } of Object.values(CASE_ACTIONS)) if (path) attempts.push(call("township2", "POST", `/api/cases/${c.id}/${path}`, { version: c.version, record: {} }));
    for (const res of await Promise.all(attempts)) {
      // 400 would reveal nothing either, but a valid body must still meet 404: check both shapes below.
      expect([400, 404]).toContain(res.statusCode);
      if (res.statusCode === 404) expect(res.json().code).toBe("CASE_NOT_FOUND");
    }
    const withValidBodies = await Promise.all([
      call("township2", "POST", `/api/cases/${c.id}/submit`, { version: c.version }),
      call("township2", "POST", `/api/cases/${c.id}/withdraw`, { version: c.version, record: { reason: "x" } }),
      call("township2", "POST", `/api/cases/${c.id}/verification`, { version: c.version, record: verification() }),
    ]);
    for (const res of withValidBodies) expect(res.json().code).toBe("CASE_NOT_FOUND");
    expect((await ok("township2", "GET", "/api/cases?status=all&pageSize=100")).items.map((i: Json) => i.id)).not.toContain(c.id);
    expect((await call("township2", "POST", "/api/cases", { householdId: h.id, lead: lead() })).json().code).toBe("HOUSEHOLD_NOT_FOUND");
  });
});

describe("queues", () => {
  it("order by deadline, bucket correctly, and mark a case overdue once the clock passes its deadline", async () => {
    const h1 = await newHousehold("ORDINARY");
    const early = await openCase("township", h1.id); // deadline: 5 working days from today
    days(1);
    const h2 = await newHousehold("ORDINARY");
    const later = await openCase("township", h2.id);
    let q = await ok("township", "GET", "/api/queues/township-leads?pageSize=100");
    const ids = q.items.map((i: Json) => i.id);
    expect(ids.indexOf(early.id)).toBeLessThan(ids.indexOf(later.id));
    const deadlines = q.items.map((i: Json) => i.deadline.deadline);
    expect([...deadlines].sort()).toEqual(deadlines);

    days(14);
    q = await ok("township", "GET", "/api/queues/township-leads?pageSize=100");
    const row = q.items.find((i: Json) => i.id === early.id);
    expect(row.deadline.bucket).toBe("OVERDUE");
    expect(row.deadline.remainingDays).toBeLessThan(0);
    expect(q.buckets.overdue).toBeGreaterThanOrEqual(2);
    const overdueOnly = await ok("township", "GET", "/api/queues/township-leads?bucket=OVERDUE&pageSize=100");
    expect(overdueOnly.total).toBe(q.buckets.overdue);
    const overview = await ok("district", "GET", "/api/queues/district-overview");
    const zhangcunTownship = overview.townships.find((x: Json) => x.township.name === "张村镇");
    expect(zhangcunTownship.overdue).toBeGreaterThanOrEqual(2);
    expect(overview.townships.find((x: Json) => x.township.name === "羊亭镇").overdue).toBe(0);
    // township2 sees none of it.
    expect((await ok("township2", "GET", "/api/queues/township-leads")).items).toEqual([]);
  });

  it("lists for the village the cases awaiting its appraisal, until it is recorded", async () => {
    const h = await newHousehold("ORDINARY");
    let c = await openCase("township", h.id);
    const monitored = await openCase("township", (await newHousehold("LIFTED_WITH_POLICY")).id);
    let q = await ok("village", "GET", "/api/queues/village-appraisals?pageSize=100");
    expect(q.items.map((i: Json) => i.id)).toContain(c.id);
    expect(q.items.map((i: Json) => i.id)).not.toContain(monitored.id); // no appraisal in that procedure
    c = await step("village", c, "appraisal", appraisal());
    q = await ok("village", "GET", "/api/queues/village-appraisals?pageSize=100");
    expect(q.items.map((i: Json) => i.id)).not.toContain(c.id);
  });

  it("finds cases by a member's full ID number, in lists and queues alike", async () => {
    const payload = householdPayload(zhangcun, { category: "ORDINARY" });
    const h = await ok("township", "POST", "/api/households", payload);
    const c = await openCase("township", h.id);
    const id = payload.members[1]!.idNumber;
    expect((await ok("township", "GET", `/api/cases?q=${id}`)).items.map((i: Json) => i.id)).toEqual([c.id]);
    expect((await ok("township", "GET", `/api/queues/township-leads?q=${id}`)).items.map((i: Json) => i.id)).toEqual([c.id]);
    expect((await ok("township", "GET", `/api/queues/township-leads?q=${id}&riskCause=SERIOUS_ILLNESS`)).total).toBe(1);
    expect((await ok("township", "GET", `/api/queues/township-leads?q=${id}&riskCause=DISASTER`)).total).toBe(0);
    // The search text is taken literally: LIKE wildcards match themselves only.
    expect((await ok("township", "GET", "/api/queues/township-leads?q=%25")).total).toBe(0);
    expect((await ok("township", "GET", "/api/queues/township-leads?q=_")).total).toBe(0);
    expect((await ok("township", "GET", "/api/cases?status=all&q=%25")).total).toBe(0);
    expect((await ok("township", "GET", `/api/cases?q=${id}&riskCause=DISASTER`)).total).toBe(0);
    const overview = await ok("district", "GET", "/api/queues/district-overview");
    expect(overview.townships[0].district.name).toBe("环翠区");
  });
});

describe("the collection form in a verification", () => {
  it("a verification with the collection form makes the verified data the household's, audited, and checks its ID numbers", async () => {
    const payload = householdPayload(zhangcun, { category: "ORDINARY" });
    const h = await ok("township", "POST", "/api/households", payload);
    const c = await openCase("township", h.id);
    const members = h.members.map((m: Json, i: number) => {
      const { idNumber: _kept, ...rest } = payload.members[i]!;
      return { ...rest, id: m.id };
    });
    const form = { members, income: { ...payload.income, wageIncome: 3000 }, riskCauses: ["SERIOUS_ILLNESS", "EDUCATION"], difficultyDescription: "子女上学", householdVersion: h.version };

    const other = householdPayload(zhangcun);
    await ok("township", "POST", "/api/households", other);
    const taken = { ...form, members: [members[0], { ...payload.members[1]!, idNumber: other.members[1]!.idNumber }] };
    const refused = await call("township", "POST", `/api/cases/${c.id}/verification`, { version: c.version, record: { ...verification(), collectionForm: taken } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().details[0].path).toBe("record.collectionForm.members.1.idNumber");

    const stale = await call("township", "POST", `/api/cases/${c.id}/verification`, { version: c.version, record: { ...verification(), collectionForm: { ...form, householdVersion: h.version + 1 } } });
    // A household moved to another village takes its case along (the case is scoped by the household's village).
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");

    // The second member is sent with the full number: the case's records and the trail keep it masked only (decision 015).
    const fullId = payload.members[1]!.idNumber;
    const sent = { ...form, members: [members[0], { ...members[1], idNumber: fullId }], householdVersion: h.version };
    const done = await step("township", c, "verification", { ...verification(), collectionForm: sent });
    expect(done.roundRecords.verification.collectionForm.income.wageIncome).toBe(3000);
    const stored = await t.prisma.$queryRaw<{ t: string }[]>`
      SELECT record::text AS t FROM case_event WHERE case_id = ${c.id}::uuid AND record IS NOT NULL
      UNION ALL SELECT round_records::text FROM "case" WHERE id = ${c.id}::uuid
      UNION ALL SELECT after::text FROM audit_entry WHERE entity_id = ${c.id} AND after IS NOT NULL`;
    expect(stored.some((r) => r.t.includes(`${fullId.slice(0, 6)}********${fullId.slice(-4)}`))).toBe(true);
    expect(stored.filter((r) => r.t.includes(fullId))).toEqual([]);
    const household = await ok("township", "GET", `/api/households/${h.id}`);
    expect(household).toMatchObject({ income: { wageIncome: 3000 }, riskCauses: ["SERIOUS_ILLNESS", "EDUCATION"], difficultyDescription: "子女上学", version: 2 });
    expect(household.members.map((m: Json) => m.idNumberMasked)).toEqual(h.members.map((m: Json) => m.idNumberMasked));
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { householdId: h.id, action: "household.update" } });
    expect(entry.reason).toBe(`入户核实（案件 ${c.caseNo}）`);
  });
});

describe("a household moving village", () => {
  it("takes its open case along: the old township loses it, the new one gets it", async () => {
    const payload = householdPayload(zhangcun, { category: "ORDINARY" });
    const h = await ok("township", "POST", "/api/households", payload);
    const c = await openCase("township", h.id);
    const yangting = await areaIdByName(t.prisma, "羊亭");
    const members = h.members.map((m: Json, i: number) => ({ ...payload.members[i]!, id: m.id }));
    await ok("district", "PUT", `/api/households/${h.id}`, { ...payload, members, version: h.version, villageId: yangting });
    expect((await call("township", "GET", `/api/cases/${c.id}`)).statusCode).toBe(404);
    expect((await call("township2", "GET", `/api/cases/${c.id}`)).statusCode).toBe(200);
  });
});

describe("open-case tally (district overview)", () => {
  // Runs last: by now the cases above were opened, verified, returned, approved, designated and withdrawn.
  it("agrees with a count of the open cases, township by township and deadline by deadline", async () => {
    const counted = await t.prisma.$queryRaw<{ key: string; n: number }[]>`
      SELECT substr(village_code, 1, 9) || ' ' || coalesce(stage_deadline, DATE '9999-12-31')::text AS key, count(*)::int AS n
      FROM "case" WHERE closed_at IS NULL GROUP BY 1 ORDER BY 1`;
    const tally = await t.prisma.$queryRaw<{ key: string; n: number }[]>`
      SELECT township_code || ' ' || deadline::text AS key, count AS n FROM open_case_tally WHERE count <> 0 ORDER BY 1`;
    expect(counted.length).toBeGreaterThan(1);
    expect(tally).toEqual(counted);
    const overview = await ok("city", "GET", "/api/queues/district-overview");
    const open = await t.prisma.case.count({ where: { closedAt: null } });
    expect(overview.townships.reduce((n: number, r: Json) => n + r.total, 0)).toBe(open);
  });

  it("follows a case that moves to another township, within its transaction", async () => {
    const c = await t.prisma.case.findFirstOrThrow({ where: { closedAt: null } });
    const tallyOf = async (code: string, db: Pick<typeof t.prisma, "openCaseTally"> = t.prisma) =>
      (await db.openCaseTally.findMany({ where: { townshipCode: code.slice(0, 9) } })).reduce((n, r) => n + r.count, 0);
    const [from, to] = [c.villageCode, "379999888777"];
    const before = await tallyOf(from);
    await t.prisma.$transaction(async (tx) => {
      await tx.case.update({ where: { id: c.id }, data: { villageCode: to } });
      expect(await tallyOf(from, tx)).toBe(before - 1);
      expect(await tallyOf(to, tx)).toBe(1);
      // Undone with the transaction: the tally is transactional like the cases it counts.
      throw new Error("rollback");
    }).catch((e: Error) => expect(e.message).toBe("rollback"));
    expect(await tallyOf(from)).toBe(before);
    expect(await tallyOf(to)).toBe(0);
  });
});

describe("a case returned for correction", () => {
  it("keeps what the township recorded: corrected (recorded again) rather than redone, and the return says why, who and when", async () => {
    const { c: submitted } = await toReview("ORDINARY");
    const returned = await step("district", submitted, "return", { reason: "入户核实未说明医疗支出金额，请补充" });
    expect(returned).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", returnCount: 1 });
    // Both records stay, as they were.
    expect(returned.roundRecords.verification).toEqual(submitted.roundRecords.verification);
    expect(returned.roundRecords.appraisal).toEqual(submitted.roundRecords.appraisal);
    expect(returned.roundRecords.verification).not.toBeNull();
    const last = returned.events.at(-1);
    expect(last).toMatchObject({ action: "RETURN", actorUsername: "district", record: { reason: "入户核实未说明医疗支出金额，请补充" } });
    expect(last.actorName).toContain("王审核");
    // The township corrects the verification; the appraisal is not asked for again.
    const corrected = await step("township", returned, "verification", { ...verification(), findings: "补充：住院自付 3.2 万元" });
    expect(corrected.roundRecords.verification.findings).toBe("补充：住院自付 3.2 万元");
    expect(corrected.roundRecords.appraisal).toEqual(submitted.roundRecords.appraisal);
    const again = await step("township", corrected, "submit");
    expect(again).toMatchObject({ stage: "DISTRICT_REVIEW", returnCount: 1 });
  });
});

describe("the household's risk causes follow the case", () => {
  it("a designation makes the risks the case verified the household's, audited (a stale 因学 does not stay)", async () => {
    const h = await ok("township", "POST", "/api/households", householdPayload(zhangcun, { category: "LIFTED_WITH_POLICY", riskCauses: ["EDUCATION"] }));
    // The lead says 因大病; the verification carries no collection form (older records): the lead's risks are the case's.
    let c = await openCase("township", h.id);
    c = await step("township", c, "verification", verification());
    c = await step("township", c, "submit");
    c = await step("district", c, "approve", {});
    expect(c.stage).toBe("DESIGNATED");
    const household = await ok("district", "GET", `/api/households/${h.id}`);
    expect(household).toMatchObject({ designation: "MONITORED", riskCauses: ["SERIOUS_ILLNESS"] });
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { householdId: h.id, action: "household.designate" } });
    expect(entry.before).toMatchObject({ riskCauses: ["EDUCATION"], designation: null });
    expect(entry.after).toMatchObject({ riskCauses: ["SERIOUS_ILLNESS"], designation: "MONITORED" });
  });

  it("the verification's collection form decides the risks, at the verification and again at the designation", async () => {
    const payload = householdPayload(zhangcun, { category: "LIFTED_WITH_POLICY", riskCauses: ["EDUCATION"] });
    const h = await ok("township", "POST", "/api/households", payload);
    const members = h.members.map((m: Json, i: number) => {
      const { idNumber: _kept, ...rest } = payload.members[i]!;
      return { ...rest, id: m.id };
    });
    const form = { members, income: payload.income, riskCauses: ["SERIOUS_ILLNESS", "DISABILITY"], householdVersion: h.version };
    let c = await openCase("township", h.id);
    c = await step("township", c, "verification", { ...verification(), collectionForm: form });
    expect((await ok("township", "GET", `/api/households/${h.id}`)).riskCauses).toEqual(["SERIOUS_ILLNESS", "DISABILITY"]);
    c = await step("township", c, "submit");
    // The district sees what it approves: the collection form is in the record it reviews.
    expect(c.roundRecords.verification.collectionForm).toMatchObject({ riskCauses: ["SERIOUS_ILLNESS", "DISABILITY"], income: { wageIncome: 8000 } });
    expect(c.roundRecords.verification.collectionForm.members).toHaveLength(2);
    c = await step("district", c, "approve", {});
    expect((await ok("district", "GET", `/api/households/${h.id}`)).riskCauses).toEqual(["SERIOUS_ILLNESS", "DISABILITY"]);
    const designate = await t.prisma.auditEntry.findFirstOrThrow({ where: { householdId: h.id, action: "household.designate" } });
    // Unchanged at the designation: the entry does not claim a change.
    expect(designate.after).not.toHaveProperty("riskCauses");
  });
});

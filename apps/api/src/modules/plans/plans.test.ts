// The plan (一户一策) and its measures, the conditions tracked over time, and
// what reads them: risk elimination (decided on the tracked housing grade)
// and the department lists (住建). Over HTTP with the demo users (weihai).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "../../lib/exceljs.ts";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";
import { signIn } from "../../../test/test-app.ts";

let h: Harness;
let hh: Json;
beforeAll(async () => {
  h = await procedureHarness("weihai");
  hh = (await h.designated("LIFTED_WITH_POLICY")).h;
}, 120_000);
afterAll(() => h?.close());

const base = (id: string) => `/api/assistance/${id}`;
const audits = (householdId: string, action: string) =>
  h.t.prisma.auditEntry.findMany({ where: { householdId, action }, orderBy: { at: "asc" } });

describe("the plan and its measures", () => {
  it("writes the plan summary against the file's version; a stale version is refused", async () => {
    const plan = await h.ok("village", "GET", `${base(hh.id)}/plan`);
    expect(plan).toMatchObject({ householdId: hh.id, summary: null, measures: [], enjoyedPolicies: [] });
    const saved = await h.ok("township", "PUT", `${base(hh.id)}/plan`, { summary: "发展庭院经济，落实教育和医疗保障", version: plan.version });
    expect(saved).toMatchObject({ summary: "发展庭院经济，落实教育和医疗保障", version: plan.version + 1 });
    expect(saved.updatedAt).not.toBeNull();
    const stale = await h.call("township", "PUT", `${base(hh.id)}/plan`, { summary: "覆盖", version: plan.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    expect((await audits(hh.id, "plan.update")).length).toBe(1);
  });

  it("adds measures from the catalogue with its defaults (amounts in yuan), refuses codes outside it and 其他 without a name", async () => {
    const m = await h.ok("township", "POST", `${base(hh.id)}/measures`, { catalogueCode: "RAIN_DEW", memberName: "测试配偶" });
    expect(m).toMatchObject({ name: "雨露计划", type: "EDUCATION", department: "EDUCATION", amountYuan: 1500, period: "TERM", state: "PLANNED", version: 1 });
    const own = await h.ok("township", "POST", `${base(hh.id)}/measures`, { catalogueCode: "DIBAO", amountYuan: 512.5 });
    expect(own).toMatchObject({ name: "低保", amountYuan: 512.5, period: "MONTHLY", department: "CIVIL_AFFAIRS" });
    const unknown = await h.call("township", "POST", `${base(hh.id)}/measures`, { catalogueCode: "NOPE" });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe("MEASURE_NOT_IN_CATALOGUE");
    const nameless = await h.call("township", "POST", `${base(hh.id)}/measures`, { catalogueCode: "OTHER" });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json()).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "name" }] });
    const other = await h.ok("township", "POST", `${base(hh.id)}/measures`, { catalogueCode: "OTHER", name: "村集体公益性岗位" });
    expect(other).toMatchObject({ name: "村集体公益性岗位", type: "OTHER" });
    expect((await audits(hh.id, "measure.create")).length).toBe(3);
  });

  it("moves a measure along its states: 落实中 and 已落实 are enjoyed policies; 终止 needs a reason; no way back", async () => {
    const m = await h.ok("township", "POST", `${base(hh.id)}/measures`, { catalogueCode: "MEDICAL_AID" });
    const state = (x: Json, body: Json) => h.call("township", "POST", `${base(hh.id)}/measures/${x.id}/state`, { version: x.version, on: h.today(), ...body });
    const started = (await state(m, { to: "IN_PROGRESS" })).json();
    expect(started).toMatchObject({ state: "IN_PROGRESS", version: 2 });
    expect((await h.ok("village", "GET", `${base(hh.id)}/plan`)).enjoyedPolicies).toContain("医疗救助");
    const delivered = (await state(started, { to: "DELIVERED" })).json();
    expect(delivered).toMatchObject({ state: "DELIVERED", deliveredOn: h.today() });
    const stale = await state(started, { to: "STOPPED", reason: "迁出" });
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    const noReason = await state(delivered, { to: "STOPPED" });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details[0].path).toBe("reason");
    const stopped = (await state(delivered, { to: "STOPPED", reason: "医疗费用已报销完毕" })).json();
    expect(stopped).toMatchObject({ state: "STOPPED", stoppedOn: h.today(), stopReason: "医疗费用已报销完毕" });
    const back = await state(stopped, { to: "IN_PROGRESS" });
    expect(back.statusCode).toBe(409);
    expect(back.json().code).toBe("MEASURE_STATE_NOT_ALLOWED");
    expect((await h.ok("village", "GET", `${base(hh.id)}/plan`)).enjoyedPolicies).not.toContain("医疗救助");
    const trail = await audits(hh.id, "measure.state");
    expect(trail.map((a) => [(a.before as Json).state, (a.after as Json).state])).toEqual([["PLANNED", "IN_PROGRESS"], ["IN_PROGRESS", "DELIVERED"], ["DELIVERED", "STOPPED"]]);
    expect(trail.at(-1)!.reason).toBe("医疗费用已报销完毕");
    const missing = await h.call("township", "POST", `${base(hh.id)}/measures/00000000-0000-4000-8000-000000000000/state`, { to: "IN_PROGRESS", on: h.today(), version: 1 });
    expect(missing.json().code).toBe("MEASURE_NOT_FOUND");
  });

  it("a household without a file has no plan (404), and a helper reads only the households assigned to them; helpers do not write plans", async () => {
    const fresh = await h.newHousehold("ORDINARY");
    const none = await h.call("township", "GET", `${base(fresh.id)}/plan`);
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe("ASSISTANCE_FILE_NOT_FOUND");
    // Its conditions are readable all the same.
    expect((await h.ok("township", "GET", `${base(fresh.id)}/conditions`)).householdId).toBe(fresh.id);

    const user = await h.t.prisma.user.update({ where: { username: "helper" }, data: { passwordChangedAt: h.t.clock.now() } });
    const cookie = await signIn(h.t.app, "helper");
    const get = (url: string) => h.t.app.inject({ method: "GET", url, headers: { cookie } });
    expect((await get(`${base(hh.id)}/plan`)).statusCode).toBe(404);
    expect((await get(`${base(hh.id)}/conditions`)).statusCode).toBe(404);
    const village = await h.t.prisma.area.findFirstOrThrow({ where: { name: "张村", level: "VILLAGE" } });
    const helper = await h.t.prisma.helper.create({ data: { name: "周帮扶", unit: "区农业农村局", areaId: village.id, areaCode: village.code, userId: user.id } });
    await h.t.prisma.helperAssignment.create({ data: { householdId: hh.id, helperId: helper.id, role: "LEAD", startedOn: new Date("2026-11-01T00:00:00Z") } });
    expect((await get(`${base(hh.id)}/plan`)).statusCode).toBe(200);
    expect((await get(`${base(hh.id)}/conditions`)).statusCode).toBe(200);
    const write = await h.t.app.inject({ method: "PUT", url: `${base(hh.id)}/plan`, headers: { cookie }, payload: { summary: "x", version: 1 } });
    expect(write.statusCode).toBe(403);
  });
});

describe("conditions, incomes and expenses over time", () => {
  it("the household form's income is that year's record", async () => {
    const c = await h.ok("village", "GET", `${base(hh.id)}/conditions`);
    // householdPayload: 2025, wage 8,000 + 低保 1,200.50 − cost 500, two members.
    expect(c.incomes).toEqual([expect.objectContaining({ year: 2025, memberCount: 2, netYuan: 8700.5, perCapitaYuan: 4350.25 })]);
  });

  it("records dated conditions (not in the future), yearly incomes and expenses, each audited", async () => {
    const fresh = await h.newHousehold("ORDINARY");
    const url = `${base(fresh.id)}/conditions`;
    const future = await h.call("village", "POST", url, { kind: "HOUSING_SAFETY", value: "C", observedOn: "2099-01-01" });
    expect(future.statusCode).toBe(400);
    const wrong = await h.call("village", "POST", url, { kind: "HOUSING_SAFETY", value: "MET", observedOn: h.today() });
    expect(wrong.statusCode).toBe(400);
    await h.ok("village", "POST", url, { kind: "HOUSING_SAFETY", value: "C", observedOn: "2026-03-01", note: "墙体开裂" });
    const c = await h.ok("village", "POST", url, { kind: "HOUSING_SAFETY", value: "B", observedOn: "2026-10-01" });
    expect(c.latest).toEqual([expect.objectContaining({ kind: "HOUSING_SAFETY", value: "B", observedOn: "2026-10-01", source: "ENTRY", recordedBy: "village" })]);
    expect(c.history.map((x: Json) => x.value)).toEqual(["B", "C"]);

    const income = { wageIncome: 20_000, productionIncome: 6_000, productionCost: 2_000 };
    let after = await h.ok("township", "PUT", `${base(fresh.id)}/incomes/2026`, { income, memberCount: 3, note: "务工收入增加" });
    expect(after.incomes.find((i: Json) => i.year === 2026)).toMatchObject({ netYuan: 24_000, perCapitaYuan: 8000, memberCount: 3, note: "务工收入增加" });
    const later = await h.call("township", "PUT", `${base(fresh.id)}/incomes/2099`, { income, memberCount: 3 });
    expect(later.statusCode).toBe(400);
    after = await h.ok("township", "PUT", `${base(fresh.id)}/expenses/2026`, { medical: 3_000.5, education: 1_000 });
    expect(after.expenses).toEqual([expect.objectContaining({ year: 2026, medical: 3000.5, education: 1000, disaster: 0, other: 0, totalYuan: 4000.5 })]);
    after = await h.ok("township", "PUT", `${base(fresh.id)}/expenses/2026`, { medical: 500 });
    expect(after.expenses[0]).toMatchObject({ totalYuan: 500 });

    expect((await audits(fresh.id, "condition.record")).length).toBe(2);
    expect((await audits(fresh.id, "income_year.update")).length).toBe(1);
    const expenses = await audits(fresh.id, "expense_year.update");
    expect(expenses.map((a) => [(a.before as Json | null)?.medical ?? null, (a.after as Json).medical])).toEqual(expect.arrayContaining([[null, 3000.5], [3000.5, 500]]));
  });
});

describe("risk elimination reads the tracked data", () => {
  it("is refused while the tracked house is D grade although the typed assessment says all is met, and goes on once a B grade is recorded", async () => {
    const { h: household } = await h.designated("LIFTED_WITH_POLICY");
    const url = `${base(household.id)}/conditions`;
    for (const [kind, value] of [["SCHOOLING", "NOT_APPLICABLE"], ["MEDICAL_INSURANCE", "MET"], ["SERIOUS_ILLNESS_COVER", "MET"], ["DRINKING_WATER", "MET"]]) {
      await h.ok("township", "POST", url, { kind, value, observedOn: "2026-11-01" });
    }
    await h.ok("township", "POST", url, { kind: "HOUSING_SAFETY", value: "D", observedOn: "2026-11-02" });
    let c = await h.openCase(household.id, "RISK_ELIMINATION");
    c = await h.step("township", c, "assessment", h.records.assessment());
    c = await h.step("village", c, "appraisal", h.records.appraisal());
    const refused = await h.attempt("township", c, "submit");
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("CASE_RULE_VIOLATION");
    expect(refused.json().message).toContain("住房安全等级：D级");
    expect(await h.getCase(c.id)).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", version: c.version });

    // The D-grade household is on 住建's list as of today, with its grade; so is a household with a measure of 住建.
    const list = await departmentList("HOUSING");
    expect(list.find((r) => r.includes(household.householdNo))?.join("|")).toContain("住房安全等级：D级（整体危险）（2026-11-02）");
    await h.ok("township", "POST", `${base(hh.id)}/measures`, { catalogueCode: "DANGEROUS_HOUSE" });
    expect((await departmentList("HOUSING")).find((r) => r.includes(hh.householdNo))?.join("|")).toContain("帮扶措施：危房改造（计划）");
    expect((await departmentList("EDUCATION")).find((r) => r.includes(hh.householdNo))?.join("|")).toContain("帮扶措施：雨露计划（计划）");

    await h.ok("township", "POST", url, { kind: "HOUSING_SAFETY", value: "B", observedOn: h.today(), note: "危房改造完成" });
    const accepted = await h.step("township", c, "submit");
    expect(accepted.stage).toBe("PUBLICITY_PENDING");
    // Repaired, it leaves 住建's list.
    expect((await departmentList("HOUSING")).some((r) => r.includes(household.householdNo))).toBe(false);
  });
});

async function departmentList(department: string): Promise<string[][]> {
  const res = await h.call("district", "GET", `/api/ledgers/departments/${department}.xlsx?asOf=${h.today()}`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.getWorksheet("本期名单")!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? "" : String(v)))));
  return rows;
}

import { INCOME_ITEM_KEYS, type Income } from "@fanpin/domain/collection-form";
import { describeEarlyWarning, evaluateEarlyWarnings, type EarlyWarningFacts } from "@fanpin/domain/detection/early-warning-evaluator";
import type { EarlyWarningRule } from "@fanpin/domain/detection/early-warning-rules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import type { Deps } from "../../lib/deps.ts";
import { householdsXlsx, importSheet, makeHouseholds, sheetRows } from "../../../test/household-sheets.ts";
import { whenImportsIdle } from "../imports/import-runner.ts";
import { runEarlyWarningRules } from "./early-warnings.service.ts";

// Weihai rules: monitoring line 4,500 yuan from 2020; thresholds of 2020: the line itself, rigid expenses above the
// whole of last year's net income, income down 30 %. Test clock: Monday 2026-11-23.
let h: Harness;
let deps: Deps;
let zhangcun: number;
beforeAll(async () => {
  h = await procedureHarness("weihai");
  deps = { prisma: h.t.prisma, clock: h.t.clock.now, config: h.t.config };
  zhangcun = await areaIdByName(h.t.prisma, "张村");
});
afterAll(() => h.close());

const zero = Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, 0])) as Income;
const warnings = async (id: string): Promise<Json[]> => (await h.ok("village", "GET", `/api/households/${id}/early-warnings`)).items;
const active = async (id: string) => Object.fromEntries((await warnings(id)).filter((w) => w.active).map((w) => [w.rule, w]));
const putIncome = (id: string, year: number, wage: number, memberCount = 1, cost = 0) =>
  h.ok("village", "PUT", `/api/assistance/${id}/incomes/${year}`, { income: { ...zero, wageIncome: wage, productionCost: cost }, memberCount });
const putExpense = (id: string, year: number, e: Json) => h.ok("village", "PUT", `/api/assistance/${id}/expenses/${year}`, e);
const clues = (householdId: string) => h.t.prisma.leadClue.findMany({ where: { lead: { householdId } }, orderBy: { createdAt: "asc" }, include: { lead: true } });
/** A household without income on its form (no rule is met by its registration). */
const blankHousehold = async (over: Json = {}) =>
  h.ok("township", "POST", "/api/households", householdPayload(zhangcun, { income: { ...zero }, ...over }));

describe("预警规则 (API, real PostgreSQL)", () => {
  it("INCOME_BELOW_LINE: the form's income raises it on registration; at the line it ends; below again it raises again, once", async () => {
    // householdPayload: 2025, 8,000 + 1,200.50 − 500 = 8,700.50 for 2 members: 4,350.25 per person, under 4,500.
    const household = await h.ok("township", "POST", "/api/households", householdPayload(zhangcun));
    const first = (await active(household.id)).INCOME_BELOW_LINE;
    expect(first.facts).toMatchObject({ year: 2025, memberCount: 2, netFen: 870_050, perCapitaFen: 435_025, lineYear: 2020, lineFen: 450_000 });
    expect(first.description).toBe("2025年人均纯收入 4,350.25 元，低于监测标准 4,500 元");
    let c = await clues(household.id);
    expect(c.map((x) => [x.source, x.description])).toEqual([["EARLY_WARNING", first.description]]);
    expect(c[0]!.lead.leadNo).toMatch(/^Y20261123\d{11}$/);
    expect(c[0]!.lead.handedOn.toISOString().slice(0, 10)).toBe("2026-11-24");

    await putIncome(household.id, 2024, 12_000, 2); // a year of history (2025 down 25 %: no INCOME_DROP)
    await putIncome(household.id, 2025, 9_000, 2); // exactly the line
    expect(await active(household.id)).toEqual({});
    expect((await warnings(household.id))[0]).toMatchObject({ rule: "INCOME_BELOW_LINE", active: false });
    await putIncome(household.id, 2025, 8_999.98, 2); // 4,499.99
    expect((await active(household.id)).INCOME_BELOW_LINE.facts.perCapitaFen).toBe(449_999);
    await runEarlyWarningRules(deps); // the nightly run: same facts, nothing new
    await runEarlyWarningRules(deps, { householdIds: [household.id] });
    c = await clues(household.id);
    expect(c).toHaveLength(2);
    expect(new Set(c.map((x) => x.leadId)).size).toBe(1); // merged into the open lead
    expect(c[1]!.description).toBe("2025年人均纯收入 4,499.99 元，低于监测标准 4,500 元");
    // One audit entry per run; a small run lists its clues in it.
    const runs = await h.t.prisma.auditEntry.findMany({ where: { action: "early_warning.run" } });
    const listed = runs.flatMap((e) => ((e.after as Json).clues ?? []) as Json[]).filter((c) => c.householdId === household.id);
    expect(listed.map((c) => `${c.rule}:${c.newLead}`).sort()).toEqual(["INCOME_BELOW_LINE:false", "INCOME_BELOW_LINE:true"]);
  });

  it("INCOME_DROP: down 30 % raises it, 29.99 % does not; the facts changing raises it again", async () => {
    const household = await blankHousehold();
    await putIncome(household.id, 2024, 20_000);
    await putIncome(household.id, 2025, 14_000.01);
    expect((await active(household.id)).INCOME_DROP).toBeUndefined();
    await putIncome(household.id, 2025, 14_000);
    expect((await active(household.id)).INCOME_DROP.facts).toEqual({ year: 2025, netFen: 1_400_000, previousNetFen: 2_000_000, incomeDropPercent: 30 });
    await putIncome(household.id, 2025, 10_000);
    const w = (await active(household.id)).INCOME_DROP;
    expect(w.description).toBe("2025年家庭纯收入 10,000 元，较上年 20,000 元下降 50%");
    expect((await clues(household.id)).map((x) => x.source)).toEqual(["EARLY_WARNING", "EARLY_WARNING"]);
  });

  it("RIGID_EXPENSE: above last year's net income raises it, equal does not; risk causes widen the lead", async () => {
    const household = await blankHousehold({ riskCauses: ["UNSTABLE_EMPLOYMENT"] });
    await putIncome(household.id, 2024, 20_000, 1, 1_000); // net 19,000
    await putIncome(household.id, 2025, 19_000);
    // An open lead from a person first: the warning's clue merges into it.
    const lead = await h.ok("village", "POST", "/api/leads", { source: "HOTLINE", receivedOn: h.today(), riskCauses: ["UNSTABLE_EMPLOYMENT"], description: "来电反映务工中断", householdId: household.id });
    await putExpense(household.id, 2025, { medical: 10_000, education: 9_000 });
    expect((await active(household.id)).RIGID_EXPENSE).toBeUndefined();
    await putExpense(household.id, 2025, { medical: 10_000, education: 9_000, disaster: 0.01 });
    const w = (await active(household.id)).RIGID_EXPENSE;
    expect(w.facts).toMatchObject({ year: 2025, rigidFen: 1_900_001, previousNetFen: 1_900_000 });
    const c = await clues(household.id);
    expect(c.map((x) => x.source)).toEqual(["HOTLINE", "EARLY_WARNING"]);
    expect(c[1]!.leadId).toBe(lead.id);
    expect(c[1]!.riskCauses).toEqual(["SERIOUS_ILLNESS", "EDUCATION", "DISASTER"]);
    const widened = await h.t.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(widened.riskCauses).toEqual(["UNSTABLE_EMPLOYMENT", "SERIOUS_ILLNESS", "EDUCATION", "DISASTER"]);
    expect(widened.version).toBe(2);
  });

  it("DEPARTMENT_WARNING: on a household not designated, not on a designated one; a new row raises it again", async () => {
    const plain = await blankHousehold();
    const designated = await blankHousehold({ designation: "MONITORED", designatedAt: "2026-01-05" });
    const job = { id: "00000000-0000-4000-8000-00000000000a" }; // the upload's job (not this slice's)
    let n = 0;
    const addRow = async (household: Json, department: string, kind: string) => h.t.prisma.departmentWarning.create({
      data: {
        jobId: job.id, department, kind, householdId: household.id, memberId: household.members[0].id, villageCode: (await h.t.prisma.household.findUniqueOrThrow({ where: { id: household.id } })).villageCode,
        amountFen: 1_000_000n, rowKey: Buffer.from(`${household.id}-${n++}`),
      },
    });
    await addRow(plain, "MEDICAL_SECURITY", "LARGE_MEDICAL_COST");
    await addRow(designated, "CIVIL_AFFAIRS", "TEMPORARY_RELIEF");
    await runEarlyWarningRules(deps, { householdIds: [plain.id, designated.id] });
    const w = (await active(plain.id)).DEPARTMENT_WARNING;
    expect(w.facts).toEqual({ count: 1, departments: ["MEDICAL_SECURITY"], kinds: ["LARGE_MEDICAL_COST"] });
    expect(w.description).toBe("部门预警 1 条（医保：大额医疗费用自付），该户未纳入监测");
    expect(await active(designated.id)).toEqual({});
    expect((await clues(plain.id)).map((x) => [x.source, x.riskCauses])).toEqual([["DEPARTMENT_WARNING", ["SERIOUS_ILLNESS"]]]);
    await runEarlyWarningRules(deps, { householdIds: [plain.id] });
    expect(await clues(plain.id)).toHaveLength(1);
    await addRow(plain, "CIVIL_AFFAIRS", "TEMPORARY_RELIEF");
    await runEarlyWarningRules(deps, { householdIds: [plain.id] });
    const c = await clues(plain.id);
    expect(c).toHaveLength(2);
    expect(c[1]!.description).toBe("部门预警 2 条（民政、医保：大额医疗费用自付、临时救助），该户未纳入监测");
    // No longer designated (the end of a designation): eligible.
    await h.t.prisma.household.update({ where: { id: designated.id }, data: { designation: null, designatedAt: null } });
    await runEarlyWarningRules(deps, { householdIds: [designated.id] });
    expect((await active(designated.id)).DEPARTMENT_WARNING.facts.count).toBe(1);
  });

  it("an import runs the rules on the households it wrote, once it is done", async () => {
    const village = await h.t.prisma.area.findUniqueOrThrow({ where: { id: zhangcun }, select: { code: true, name: true } });
    // makeHouseholds: 6,000 yuan and more for 2–4 people, under the line.
    const job = await importSheet(h.t.app, h.cookie.township!, await householdsXlsx(sheetRows(makeHouseholds(2, [village], "预警"))), "预警.xlsx", "valid-only");
    expect(job.status).toBe("SUCCEEDED");
    await whenImportsIdle();
    const imported = await h.t.prisma.household.findMany({ where: { headName: { startsWith: "预警户主" } }, select: { id: true } });
    expect(imported).toHaveLength(2);
    const raised = await h.t.prisma.earlyWarning.findMany({ where: { householdId: { in: imported.map((x) => x.id) }, rule: "INCOME_BELOW_LINE", active: true } });
    expect(raised).toHaveLength(2);
  });

  it("the SQL agrees with the domain evaluator over every household of the database", async () => {
    await runEarlyWarningRules(deps);
    const households = await h.t.prisma.household.findMany({ include: { incomeYears: true, expenseYears: true } });
    const dw = await h.t.prisma.departmentWarning.findMany({ select: { householdId: true, department: true, kind: true } });
    const stored = await h.t.prisma.earlyWarning.findMany({ where: { active: true } });
    const items = (r: Json) => Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, r[`${k}Fen`]])) as Income;
    const expected: Record<string, unknown> = {};
    for (const x of households) {
      const result = evaluateEarlyWarnings(h.t.config.rules, {
        villageCode: x.villageCode, designated: x.designation !== null,
        incomeYears: x.incomeYears.map((y) => ({ year: y.year, memberCount: y.memberCount, itemsFen: items(y) })),
        currentIncome: x.incomeYear === null ? null : { year: x.incomeYear, memberCount: x.memberCount, itemsFen: items(x) },
        expenseYears: x.expenseYears.map((e) => ({ year: e.year, medicalFen: Number(e.medicalFen), educationFen: Number(e.educationFen), disasterFen: Number(e.disasterFen) })),
        departmentWarnings: dw.filter((d) => d.householdId === x.id),
      });
      for (const [rule, facts] of Object.entries(result)) expected[`${x.id}:${rule}`] = facts;
    }
    const actual = Object.fromEntries(stored.map((w) => [`${w.householdId}:${w.rule}`, w.facts]));
    expect(Object.keys(expected).length).toBeGreaterThan(4);
    expect(actual).toEqual(expected);
    // The clues' text is the evaluator's.
    const raised = await h.t.prisma.leadClue.findMany({ where: { earlyWarningId: { not: null } }, select: { description: true, earlyWarningId: true } });
    const byId = new Map((await h.t.prisma.earlyWarning.findMany()).map((w) => [w.id, w]));
    const latest = raised.filter((c) => byId.get(c.earlyWarningId!)?.active);
    for (const c of latest.slice(-50)) {
      const w = byId.get(c.earlyWarningId!)!;
      expect([c.description, ...latest.filter((o) => o.earlyWarningId === w.id).map((o) => o.description)])
        .toContain(describeEarlyWarning(w.rule as EarlyWarningRule, w.facts as unknown as EarlyWarningFacts[EarlyWarningRule]));
    }
  });

  // Last: the walk moves the clock.
  it("a designation (the case's last step) ends the household's department warning", async () => {
    const household = await h.newHousehold("ORDINARY");
    const { id: memberId } = (await h.t.prisma.member.findFirstOrThrow({ where: { householdId: household.id } }));
    const { villageCode } = await h.t.prisma.household.findUniqueOrThrow({ where: { id: household.id } });
    await h.t.prisma.departmentWarning.create({
      data: { jobId: "00000000-0000-4000-8000-00000000000b", department: "HEALTH", kind: "SERIOUS_ILLNESS", householdId: household.id, memberId, villageCode, rowKey: Buffer.from(`d-${household.id}`) },
    });
    await runEarlyWarningRules(deps, { householdIds: [household.id] });
    expect((await active(household.id)).DEPARTMENT_WARNING).toBeDefined();
    const { c } = await h.walk(await h.openCase(household.id), {});
    expect(c.stage).toBe("DESIGNATED");
    expect((await active(household.id)).DEPARTMENT_WARNING).toBeUndefined();
    expect((await warnings(household.id)).find((w) => w.rule === "DEPARTMENT_WARNING")?.active).toBe(false);
  });

  it("answers 404 for a household outside the caller's area, 400 for a malformed id", async () => {
    const res = await h.call("village", "GET", "/api/households/00000000-0000-4000-8000-000000000000/early-warnings");
    expect(res.statusCode).toBe(404);
    expect((await h.call("village", "GET", "/api/households/x/early-warnings")).statusCode).toBe(400);
  });
});

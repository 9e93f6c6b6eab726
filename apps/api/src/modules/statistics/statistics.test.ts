import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "../../lib/exceljs.ts";
import { areaScopePrefix, type AreaLevel } from "@fanpin/domain/areas";
import { HOUSEHOLD_CATEGORIES, HOUSEHOLD_CATEGORY_LABELS } from "@fanpin/domain/categories";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { EARLY_WARNING_RULES } from "@fanpin/domain/detection/early-warning-rules";
import { CLUE_SOURCES } from "@fanpin/domain/detection/lead-schemas";
import { NATIONAL_RULES } from "@fanpin/domain/procedures/rules";
import { CASE_STAGE_LABELS, TERMINAL_STAGES, type CaseStage } from "@fanpin/domain/procedures/stages";
import { ZStatistics } from "@fanpin/domain/statistics/statistics-schemas";
import { averageDays, designationLabel, PRE_SYSTEM_PROCEDURE, procedureLabel, workingDaysTaken } from "@fanpin/domain/statistics/area-figures";
import { trendMonths } from "@fanpin/domain/statistics/statistics-schemas";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { signIn } from "../../../test/test-app.ts";
import { buildApp } from "../../app.ts";
import type { Deps } from "../../lib/deps.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import { receiveClue } from "../leads/leads.service.ts";
import { produceReportSnapshots } from "../reports/report-snapshots.ts";
import { inSnapshot } from "./statistics.repository.ts";
import { refreshStatistics, refreshDates } from "./statistics.service.ts";

// Weihai rules (the deployment), with a second API process of the national rules on the same database for 监测对象
// of each monitoring type. Every figure is checked against counts made here from the model (Prisma reads and loops).
let h: Harness;
let n: Harness;
let deps: Deps;
let zhangcun: number;
let yangting: number;
let nationalApp: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  h = await procedureHarness("weihai");
  deps = { prisma: h.t.prisma, clock: h.t.clock.now, config: h.t.config };
  zhangcun = await areaIdByName(h.t.prisma, "张村");
  yangting = await areaIdByName(h.t.prisma, "羊亭");
  const config = { ...h.t.config, rules: NATIONAL_RULES };
  nationalApp = await buildApp({ prisma: h.t.prisma, config, clock: h.t.clock.now });
  n = await procedureHarness("national", { ...h.t, app: nationalApp, config, close: async () => { await nationalApp.close(); } });
}, 120_000);
afterAll(async () => {
  await n?.close();
  await h?.close();
});

const iso = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);
const share = (a: number, b: number) => (b === 0 ? null : a / b);

/** The figures of the area with code prefix `prefix`, counted from the model. */
async function counted(prefix: string) {
  const p = h.t.prisma;
  const today = h.today();
  const d = refreshDates(today);
  const inArea = { villageCode: { startsWith: prefix } };
  const households = await p.household.findMany({
    where: inArea, select: { id: true, category: true, designation: true, monitoringType: true, riskCauses: true, _count: { select: { members: true } } },
  });
  const people = (list: typeof households) => list.reduce((s, x) => s + x._count.members, 0);
  const designated = households.filter((x) => x.designation);
  const byType = new Map<string, Json>();
  for (const x of designated) {
    const type = x.designation === "MONITORING_TARGET" ? x.monitoringType : null;
    const row = byType.get(`${x.designation}|${type}`) ?? { designation: x.designation, monitoringType: type, label: designationLabel(x.designation!, type), households: 0, people: 0 };
    row.households++;
    row.people += x._count.members;
    byType.set(`${x.designation}|${type}`, row);
  }
  const openPeriods = await p.designationPeriod.findMany({ where: { householdId: { in: designated.map((x) => x.id) }, endedOn: null } });
  const startCases = await p.case.findMany({ where: { id: { in: openPeriods.flatMap((x) => (x.startCaseId ? [x.startCaseId] : [])) } } });
  const byProcedure = new Map<string, Json>();
  for (const x of designated) {
    const c = startCases.find((sc) => sc.id === openPeriods.find((op) => op.householdId === x.id)?.startCaseId);
    const procedure = c?.procedure ?? PRE_SYSTEM_PROCEDURE;
    const row = byProcedure.get(procedure) ?? { procedure, label: procedureLabel(c?.procedure ?? null, c?.ruleSet ?? null, h.t.config.rules), households: 0 };
    row.households++;
    byProcedure.set(procedure, row);
  }
  const causes = new Map<string, number>();
  for (const x of designated) for (const c of x.riskCauses) causes.set(c, (causes.get(c) ?? 0) + 1);

  const leads = await p.lead.findMany({ where: inArea, include: { clues: true } });
  const sources = new Map<string, Json>();
  const source = (s: string) => {
    if (!sources.has(s)) sources.set(s, { source: s, label: (CLUE_SOURCES as Record<string, string>)[s], clues: 0, leads: 0, open: 0, caseOpened: 0, dismissed: 0 });
    return sources.get(s)!;
  };
  for (const l of leads) {
    for (const c of l.clues) source(c.source).clues++;
    const first = [...l.clues].sort((a, b) => iso(a.receivedOn)!.localeCompare(iso(b.receivedOn)!) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))[0]!;
    const row = source(first.source);
    row.leads++;
    row[{ OPEN: "open", CASE_OPENED: "caseOpened", DISMISSED: "dismissed" }[l.state]]++;
  }
  const warnings = await p.earlyWarning.findMany({ where: inArea });
  const rules = [...new Set(warnings.map((w) => w.rule))].map((rule) => ({
    rule, label: (EARLY_WARNING_RULES as Record<string, string>)[rule], active: warnings.filter((w) => w.rule === rule && w.active).length,
    raised: warnings.filter((w) => w.rule === rule).length,
  }));
  const periods = await p.designationPeriod.findMany({ where: inArea });
  const trend = trendMonths(today).map((month) => ({
    month,
    identified: periods.filter((x) => iso(x.startedOn)!.slice(0, 7) === month && iso(x.startedOn)! <= today).length,
    eliminated: periods.filter((x) => x.endedOn && iso(x.endedOn)!.slice(0, 7) === month && iso(x.endedOn)! <= today).length,
  }));
  const cases = await p.case.findMany({ where: inArea, include: { events: { orderBy: { seq: "asc" } } } });
  const open = cases.filter((c) => !TERMINAL_STAGES.includes(c.stage as CaseStage));
  const calendar = await loadCalendar(p);
  const steps = new Map<string, { actions: number; onTime: number; days: number }>();
  for (const c of cases) {
    let enteredOn: string | null = null;
    for (const e of c.events) {
      if (e.metDeadline !== null) {
        const row = steps.get(e.fromStage) ?? { actions: 0, onTime: 0, days: 0 };
        row.actions++;
        if (e.metDeadline) row.onTime++;
        row.days += workingDaysTaken((x) => calendar.isWorkingDay(x), enteredOn!, iso(e.actedOn)!);
        steps.set(e.fromStage, row);
      }
      if (e.seq === 1 || e.fromStage !== e.toStage) enteredOn = iso(e.actedOn);
    }
  }
  const all = [...steps.values()].reduce((s, x) => ({ actions: s.actions + x.actions, onTime: s.onTime + x.onTime, days: s.days + x.days }), { actions: 0, onTime: 0, days: 0 });
  const files = await p.assistanceFile.findMany({ where: { ...inArea, closedOn: null } });
  const visits = await p.visit.findMany({ where: { householdId: { in: files.map((f) => f.householdId) }, kind: { not: "SUPERVISORY" } } });
  const visited = (from: string, to: string) => files.filter((f) => visits.some((v) =>
    v.householdId === f.householdId && iso(v.visitedOn)! >= from && iso(v.visitedOn)! <= to && iso(v.visitedOn)! >= iso(f.openedOn)!)).length;
  const lastMonthEnd = new Date(Date.parse(`${d.monthStart}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const visitedLastMonth = visited(d.lastMonthStart, lastMonthEnd);

  return {
    totals: {
      households: households.length, people: people(households), designatedHouseholds: designated.length, designatedPeople: people(designated),
      openCases: open.length, overdueCases: open.filter((c) => c.stageDeadline && iso(c.stageDeadline)! < today).length,
    },
    householdsByCategory: HOUSEHOLD_CATEGORIES.map((category) => {
      const of = households.filter((x) => x.category === category);
      return { category, label: HOUSEHOLD_CATEGORY_LABELS[category], households: of.length, people: people(of) };
    }),
    designatedByMonitoringType: [...byType.values()],
    designatedByProcedure: [...byProcedure.values()],
    byRiskCause: [...causes].map(([cause, n]) => ({ cause, label: (RISK_CAUSE.labels as Record<string, string>)[cause], households: n })),
    leadsBySource: [...sources.values()],
    warningsByRule: rules,
    trend,
    complianceBySteps: [...steps].map(([stage, x]) => ({
      stage, label: CASE_STAGE_LABELS[stage as CaseStage], actions: x.actions, onTime: x.onTime, onTimeShare: share(x.onTime, x.actions), avgWorkingDays: averageDays(x.days, x.actions),
    })),
    visits: {
      assisted: files.length, visitedThisMonth: visited(d.monthStart, today), visitedLastMonth,
      overdue: files.filter((f) => iso(f.nextVisitDue)! < today).length,
      lastMonthShare: share(visitedLastMonth, files.filter((f) => iso(f.openedOn)! < d.monthStart).length),
    },
    monitoringRate: { monitoredPeople: people(designated), registeredPeople: people(households), rate: share(people(designated), people(households)) },
    compliance: { actions: all.actions, onTime: all.onTime, onTimeShare: share(all.onTime, all.actions), avgWorkingDays: averageDays(all.days, all.actions) },
  };
}

/** Lists compared as sets: sorted by their JSON. */
function normalized(f: Json) {
  const out: Json = {};
  for (const [k, v] of Object.entries(f)) out[k] = Array.isArray(v) && k !== "trend" ? [...v].map((x) => JSON.stringify(x, Object.keys(x).sort())).sort() : v;
  return out;
}
const figuresOf = (s: Json) => {
  const { area: _a, path: _p, computedAt: _c, children: _ch, ...figures } = s;
  return figures;
};

async function areaOf(id: number) {
  const a = await h.t.prisma.area.findUniqueOrThrow({ where: { id } });
  return { ...a, prefix: areaScopePrefix(a.level as AreaLevel, a.code) };
}

async function readSheet(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe("GET /api/statistics after procedures of every kind", () => {
  it("answers every figure as counted from the model, for the township, the district and a village, with the children's rows", async () => {
    // Weihai: 脱贫监测户 and 即时帮扶户 designated; a rollback; a risk elimination; a rejection.
    const monitored = await h.designated("LIFTED_WITH_POLICY");
    await h.designated("ORDINARY");
    const lifted = await h.newHousehold("LIFTED_WITHOUT_POLICY");
    const rolled = await h.walk(await h.openCase(lifted.id, "ROLLBACK"));
    expect(rolled.c.stage).toBe("DESIGNATED");
    const eliminated = await h.walk(await h.openCase(monitored.h.id, "RISK_ELIMINATION"));
    expect(eliminated.c.stage).toBe("ELIMINATED");
    const toReject = await h.walk(await h.openCase((await h.newHousehold("ORDINARY")).id), { until: "DISTRICT_REVIEW" });
    const rejected = await h.step("district", toReject.c, "reject", { ...h.records.checks(), reason: "家庭成员名下有小轿车" });
    expect(rejected.stage).toBe("REJECTED");
    // National rules: 监测对象 of two monitoring types.
    for (const [category, type] of [["ORDINARY", "EDGE_AT_RISK"], ["ORDINARY", "SUDDEN_HARDSHIP"]] as const) {
      await n.days(0); // each process's walkers sign in again after the other moved the clock
      const x = await n.designated(category, type);
      expect(x.h).toMatchObject({ designation: "MONITORING_TARGET", monitoringType: type });
    }
    await h.days(0);
    // Leads: a staff clue left open, one dismissed, one that opened a case; an early warning's clue.
    const person = (over: Json = {}) => ({ source: "HOTLINE", receivedOn: h.today(), riskCauses: ["SERIOUS_ILLNESS"], description: "来电反映家中有人住院", personName: "赵某", villageId: zhangcun, phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`, ...over });
    await h.ok("village", "POST", "/api/leads", person({ source: "SECRETARY_VISIT" }));
    const dismissed = await h.ok("village", "POST", "/api/leads", person());
    await h.ok("township", "POST", `/api/leads/${dismissed.id}/dismiss`, { version: 1, reason: "核实不属实" });
    const above = await h.ok("township", "POST", "/api/households", householdPayload(zhangcun, { category: "ORDINARY", income: { wageIncome: 20_000 } as Json["income"] }));
    const viaLead = await h.ok("village", "POST", "/api/leads", { source: "DAILY_VISIT", receivedOn: h.today(), riskCauses: ["DISASTER"], description: "房屋受灾", householdId: above.id });
    await h.ok("township", "POST", `/api/leads/${viaLead.id}/open-case`, { version: 1, riskCauses: ["DISASTER"], description: "核实属实：房屋受灾" });
    const warned = await h.ok("district", "POST", "/api/households", householdPayload(yangting, { category: "ORDINARY", income: { wageIncome: 20_000 } as Json["income"] }));
    const warning = await h.t.prisma.earlyWarning.create({
      data: { householdId: warned.id, villageCode: warned.village.code, rule: "INCOME_DROP", facts: { dropPercent: 45, year: 2025 }, factsHash: "b".repeat(32), raisedOn: new Date(`${h.today()}T00:00:00Z`) },
    });
    await receiveClue(deps, null, { source: "EARLY_WARNING", receivedOn: h.today(), description: "收入大幅缩减", riskCauses: [], householdId: warned.id, earlyWarningId: warning.id });
    // A visit to a household in assistance; then a case left at the township until it is overdue.
    const assisted = await h.designated("LIFTED_WITH_POLICY");
    await h.ok("township", "POST", `/api/assistance/${assisted.h.id}/visits`, {
      id: randomUUID(), visitedOn: h.today(), mode: "IN_PERSON", metWith: "户主本人", findings: "家中生活正常。", nextSteps: "继续帮扶",
    });
    await h.openCase((await h.newHousehold("ORDINARY")).id);
    await h.days(20);

    expect(await refreshStatistics(deps)).toBeGreaterThan(3);
    const township = await h.ok("township", "GET", "/api/statistics");
    const district = await h.ok("district", "GET", "/api/statistics");
    expect(township.totals.overdueCases).toBeGreaterThanOrEqual(1);
    expect(district.totals.designatedHouseholds).toBeGreaterThan(township.totals.designatedHouseholds - 1);
    for (const stats of [township, district]) {
      const area = await areaOf(stats.area.id);
      expect(normalized(figuresOf(stats)), area.name).toEqual(normalized(await counted(area.prefix)));
      // The children: every child area, each row as counted.
      const children = await h.t.prisma.area.findMany({ where: { parentId: area.id } });
      expect(stats.children.map((c: Json) => c.area.id).sort()).toEqual(children.map((c) => c.id).sort());
      for (const child of stats.children) {
        const x = await counted((await areaOf(child.area.id)).prefix);
        const last = x.trend[x.trend.length - 1]!;
        expect(child, child.area.name).toEqual({
          area: child.area, totals: x.totals, monitoringRate: x.monitoringRate, compliance: x.compliance,
          identifiedThisMonth: last.identified, eliminatedThisMonth: last.eliminated,
        });
      }
    }
    // Figures that the work above must have produced, so the comparison is not of empty lists.
    const types = township.designatedByMonitoringType.map((r: Json) => r.label);
    expect(types).toEqual(expect.arrayContaining(["脱贫监测户", "即时帮扶户", "边缘易致贫户", "突发严重困难户"]));
    expect(township.designatedByProcedure.map((r: Json) => r.procedure)).toEqual(expect.arrayContaining(["MONITORED_IDENTIFICATION", "INSTANT_ASSISTANCE_IDENTIFICATION", "MONITORING_IDENTIFICATION"]));
    expect(township.leadsBySource.find((r: Json) => r.source === "HOTLINE")).toMatchObject({ dismissed: 1 });
    expect(township.leadsBySource.find((r: Json) => r.source === "DAILY_VISIT").caseOpened).toBeGreaterThanOrEqual(1);
    expect(district.warningsByRule.find((r: Json) => r.rule === "INCOME_DROP")).toMatchObject({ active: 1, raised: 1 });
    expect(township.trend.reduce((s: number, r: Json) => s + r.eliminated, 0)).toBeGreaterThanOrEqual(1);
    expect(township.complianceBySteps.find((r: Json) => r.stage === "DISTRICT_REVIEW").avgWorkingDays).not.toBeNull();
    expect(township.visits.assisted).toBeGreaterThanOrEqual(1);
    expect(township.householdsByCategory.find((r: Json) => r.category === "LIFTED_WITH_POLICY").households).toBeGreaterThanOrEqual(1);

    // Drill-down: the district into the township, the township into its village (no children), with the breadcrumb.
    const townshipArea = await h.t.prisma.area.findUniqueOrThrow({ where: { id: township.area.id } });
    const down = await h.ok("district", "GET", `/api/statistics?areaId=${townshipArea.id}`);
    expect(figuresOf(down)).toEqual(figuresOf(township));
    expect(down.path.map((a: Json) => a.id)).toEqual([district.area.id]);
    // The JSON PostgreSQL builds is exactly the contract: nothing missing, of another type or beyond it.
    for (const body of [down, township, district]) expect(ZStatistics.parse(body)).toEqual(body);
    expect(await h.call("township", "GET", `/api/statistics?areaId=${townshipArea.id}`).then((r) => r.headers["content-type"])).toBe("application/json; charset=utf-8");
    const village = await h.ok("township", "GET", `/api/statistics?areaId=${zhangcun}`);
    expect(village.children).toEqual([]);
    expect(village.path.map((a: Json) => a.id)).toEqual([township.area.id]);
    expect(normalized(figuresOf(village))).toEqual(normalized(await counted((await areaOf(zhangcun)).prefix)));
    const fromDistrict = await h.ok("district", "GET", `/api/statistics?areaId=${zhangcun}`);
    expect(fromDistrict.path.map((a: Json) => a.id)).toEqual([district.area.id, township.area.id]);
    expect(new Date(township.computedAt).getTime()).toBeLessThanOrEqual(h.t.clock.now().getTime());

    // Two charts' numbers as .xlsx: title lines, header, the same rows.
    const cats = await h.call("district", "GET", `/api/statistics/charts/categories.xlsx?areaId=${townshipArea.id}`);
    expect(cats.statusCode).toBe(200);
    expect(decodeURIComponent(String(cats.headers["content-disposition"]))).toContain(`${townshipArea.name}_户类别分布_${h.today()}.xlsx`);
    const catRows = await readSheet(cats.rawPayload);
    expect(catRows[0]).toEqual([`${townshipArea.name}户类别分布`]);
    expect(String(catRows[1]![0])).toMatch(/^数据更新于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(catRows[2]).toEqual(["户类别", "户数", "人数"]);
    expect(catRows.slice(3)).toEqual(township.householdsByCategory.map((r: Json) => [r.label, r.households, r.people]));
    const kids = await h.call("district", "GET", "/api/statistics/charts/children.xlsx");
    const kidRows = await readSheet(kids.rawPayload);
    expect(kidRows.slice(3).map((r) => [r[0], r[1], r[3], r[6], r[7]])).toEqual(district.children.map((c: Json) =>
      [c.area.name, c.totals.households, c.totals.designatedHouseholds, c.totals.openCases, c.totals.overdueCases]));
  }, 300_000);

  it("refuses an area outside the user's (404), natural villages, a chart that does not exist, and HELPER (403)", async () => {
    const other = await h.t.prisma.area.findFirstOrThrow({ where: { level: "TOWNSHIP", NOT: { id: (await h.t.prisma.user.findUniqueOrThrow({ where: { username: "township" } })).areaId } } });
    const res = await h.call("township", "GET", `/api/statistics?areaId=${other.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "AREA_NOT_FOUND", message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
    expect((await h.call("township", "GET", `/api/statistics/charts/trend.xlsx?areaId=${other.id}`)).statusCode).toBe(404);
    for (const bad of ["99999999999", "-1", "abc", "1.5"]) expect((await h.call("township", "GET", `/api/statistics?areaId=${bad}`)).statusCode, bad).toBeLessThan(500);
    const natural = await h.t.prisma.area.findFirst({ where: { level: "NATURAL_VILLAGE", parentId: zhangcun } });
    if (natural) expect((await h.call("township", "GET", `/api/statistics?areaId=${natural.id}`)).statusCode).toBe(404);
    expect((await h.call("township", "GET", "/api/statistics/charts/nothing.xlsx")).statusCode).toBe(400);
    const helper = await signIn(h.t.app, "helper");
    expect((await h.t.app.inject({ method: "GET", url: "/api/statistics", headers: { cookie: helper } })).statusCode).toBe(403);
  });

  it("computes on first use when nothing is stored, and stores a 月统月报 per district on the statistics day", async () => {
    await h.t.prisma.areaStatistics.deleteMany();
    // Three first uses at once: one computes (holding the lock), the others wait for it and read what it stored.
    const [first, ...others] = await Promise.all(["city", "district", "township"].map((u) => h.ok(u, "GET", "/api/statistics")));
    expect(others.map((o) => o.computedAt)).toEqual([first!.computedAt, first!.computedAt]);
    // The same directly: of three first-use runs at once, one stores every area, the two that waited store nothing.
    await h.t.prisma.areaStatistics.deleteMany();
    const areas = await h.t.prisma.area.count({ where: { level: { not: "NATURAL_VILLAGE" } } });
    const runs = await Promise.all([1, 2, 3].map(() => refreshStatistics(deps, { onlyIfMissing: first!.area.code })));
    expect(runs.sort()).toEqual([0, 0, areas]);
    // The figures are read in one snapshot that cannot write.
    const [mode] = await inSnapshot(h.t.prisma, (tx) => tx.$queryRaw<{ i: string; r: string }[]>`SELECT current_setting('transaction_isolation') AS i, current_setting('transaction_read_only') AS r`);
    expect(mode).toEqual({ i: "repeatable read", r: "on" });
    expect(first!.totals.households).toBe(await h.t.prisma.household.count({ where: { villageCode: { startsWith: areaScopePrefix(first!.area.level, first!.area.code) } } }));
    // Weihai: the month's last day. Move to it and run the report job.
    const today = h.today();
    const [y, m] = today.split("-").map(Number) as [number, number];
    const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    await h.days((Date.parse(`${lastDay}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
    await produceReportSnapshots(deps);
    const districts = await h.t.prisma.area.findMany({ where: { level: "DISTRICT" } });
    const stored = await h.t.prisma.reportSnapshot.findMany({ where: { kind: "MONTHLY_STATISTICS" } });
    expect(stored.map((s) => s.areaCode).sort()).toEqual(districts.map((d) => d.code).sort());
    expect(stored.every((s) => iso(s.reportDate) === lastDay && s.fileName.includes("月统月报") && s.rowCount > 0)).toBe(true);
    expect(await produceReportSnapshots(deps)).toBe(0);
  }, 120_000);
});

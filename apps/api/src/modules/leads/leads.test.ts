import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAFF_CLUE_SOURCES } from "@fanpin/domain/detection/lead-schemas";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";
import { areaIdByName, householdPayload, newCitizenId } from "../../../test/fixtures.ts";
import type { Deps } from "../../lib/deps.ts";
import { receiveClue } from "./leads.service.ts";

// Weihai rules (verify within 5 working days of the hand-over, merge within 30 days). Test clock: Monday 2026-11-23.
let h: Harness;
let deps: Deps;
let zhangcun: number;
let yangting: number;
beforeAll(async () => {
  h = await procedureHarness("weihai");
  deps = { prisma: h.t.prisma, clock: h.t.clock.now, config: h.t.config };
  zhangcun = await areaIdByName(h.t.prisma, "张村");
  yangting = await areaIdByName(h.t.prisma, "羊亭");
});
afterAll(() => h.close());

const daysBefore = (n: number) => new Date(Date.parse(`${h.today()}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const clue = (over: Json = {}) => ({ source: "HOTLINE", receivedOn: h.today(), riskCauses: ["SERIOUS_ILLNESS"], description: "来电反映家中有人住院", ...over });
const phone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
const person = (over: Json = {}) => clue({ personName: "赵某", villageId: zhangcun, phone: phone(), ...over });
/**
 * A household above the monitoring line: one registered below it gets a lead of its own from the early-warning
 * rules at once (early-warnings.test.ts), which these tests of staff clues do not want.
 */
const aboveLine = (villageId = zhangcun, user = "township") =>
  h.ok(user, "POST", "/api/households", householdPayload(villageId, { category: "ORDINARY", income: { wageIncome: 20_000 } as Json["income"] }));

describe("the township's leads (GET /api/leads, GET /api/leads/:id)", () => {
  it("lists a lead of every staff source, filtered by source, with its deadline bucket", async () => {
    for (const source of STAFF_CLUE_SOURCES) {
      const r = await h.ok("village", "POST", "/api/leads", person({ source, personName: `来源${source}` }));
      const page = await h.ok("township", "GET", `/api/leads?source=${source}&q=${r.leadNo}`);
      expect(page.items.map((i: Json) => i.leadNo)).toEqual([r.leadNo]);
      expect(page.items[0]).toMatchObject({ sources: [source], state: "OPEN", stateLabel: "待核实", firstClueOn: h.today(), handedOn: "2026-11-24" });
      expect(page.items[0].deadlineStatus).toMatchObject({ deadline: "2026-12-01", bucket: "LATER", unit: "WORKING_DAYS" });
    }
    // By name too, and ordered by deadline (the oldest first).
    await h.ok("village", "POST", "/api/leads", person({ personName: "逾期甲", receivedOn: daysBefore(20) }));
    const page = await h.ok("township", "GET", "/api/leads?pageSize=100");
    const deadlines = page.items.map((i: Json) => i.deadlineStatus.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    expect(page.buckets.overdue).toBeGreaterThanOrEqual(1);
    expect((await h.ok("township", "GET", "/api/leads?q=逾期甲")).items[0].deadlineStatus.bucket).toBe("OVERDUE");
    const overdue = await h.ok("township", "GET", "/api/leads?bucket=OVERDUE&pageSize=100");
    expect(overdue.total).toBe(page.buckets.overdue);
    expect(overdue.items.every((i: Json) => i.deadlineStatus.bucket === "OVERDUE")).toBe(true);
  });

  it("shows clues with masked phones and the early warning's facts; another township's lead is not found", async () => {
    const p = phone();
    const r = await h.ok("village", "POST", "/api/leads", person({ phone: p, idNumber: newCitizenId() }));
    const household = await aboveLine();
    const warning = await h.t.prisma.earlyWarning.create({
      data: { householdId: household.id, villageCode: household.village.code, rule: "INCOME_DROP", facts: { dropPercent: 45, year: 2025 }, factsHash: "a".repeat(32), raisedOn: new Date(`${h.today()}T00:00:00Z`) },
    });
    const w = await receiveClue(deps, null, {
      source: "EARLY_WARNING", receivedOn: h.today(), description: "收入大幅缩减", riskCauses: [], householdId: household.id, earlyWarningId: warning.id,
    });
    const detail = await h.ok("township", "GET", `/api/leads/${r.id}`);
    expect(detail.phone).toBe(`${p.slice(0, 3)}****${p.slice(-4)}`);
    expect(detail.idNumber).toMatch(/\*{8}/);
    expect(detail.clues[0]).toMatchObject({ source: "HOTLINE", sourceLabel: "12317 等热线", phone: detail.phone, takenBy: expect.any(String), warning: null });
    expect(detail.actions).toEqual(["OPEN_CASE", "DISMISS"]);
    expect(JSON.stringify(detail)).not.toContain(p);
    const warned = await h.ok("township", "GET", `/api/leads/${w.leadId}`);
    expect(warned.household).toMatchObject({ id: household.id });
    expect(warned.clues[0]).toMatchObject({ source: "EARLY_WARNING", sourceLabel: "监测预警规则", warning: { rule: "INCOME_DROP", label: "收入大幅缩减", facts: { dropPercent: 45 } } });
    // The village reads, but does not verify.
    expect((await h.ok("village", "GET", `/api/leads/${r.id}`)).actions).toEqual([]);

    const other = await h.ok("district", "POST", "/api/leads", person({ villageId: yangting, personName: "羊亭某" }));
    expect((await h.call("township", "GET", `/api/leads/${other.id}`)).statusCode).toBe(404);
    expect((await h.call("township", "POST", `/api/leads/${other.id}/dismiss`, { version: 1, reason: "不属实" })).statusCode).toBe(404);
    expect((await h.ok("township", "GET", `/api/leads?q=${other.leadNo}&status=all`)).total).toBe(0);
    expect((await h.ok("district", "GET", `/api/leads?q=${other.leadNo}`)).total).toBe(1);
  });
});

describe("merging clues", () => {
  it("merges by household, by phone and by ID number; a clue after mergeWithinDays opens a new lead", async () => {
    const household = await aboveLine();
    const a = await h.ok("village", "POST", "/api/leads", clue({ householdId: household.id }));
    const b = await h.ok("township", "POST", "/api/leads", clue({ householdId: household.id, source: "INSPECTION" }));
    expect(b).toMatchObject({ id: a.id, merged: true });
    expect((await h.ok("township", "GET", `/api/leads/${a.id}`)).sources).toEqual(["HOTLINE", "INSPECTION"]);

    const p = phone();
    const c = await h.ok("village", "POST", "/api/leads", person({ phone: p, receivedOn: daysBefore(3) }));
    const d = await h.ok("village", "POST", "/api/leads", person({ phone: p, source: "DAILY_VISIT" }));
    expect(d).toMatchObject({ id: c.id, merged: true });

    const id = newCitizenId();
    const e = await h.ok("village", "POST", "/api/leads", person({ idNumber: id, phone: null }));
    const f = await h.ok("village", "POST", "/api/leads", person({ idNumber: id, phone: null, source: "SECRETARY_VISIT" }));
    expect(f).toMatchObject({ id: e.id, merged: true });

    const q = phone();
    const old = await h.ok("village", "POST", "/api/leads", person({ phone: q, receivedOn: daysBefore(40) }));
    const fresh = await h.ok("village", "POST", "/api/leads", person({ phone: q }));
    expect(fresh.merged).toBe(false);
    expect(fresh.id).not.toBe(old.id);
  });
});

describe("ending a lead", () => {
  it("dismisses with a reason; a stale version is a conflict and a closed lead cannot be dismissed again", async () => {
    const r = await h.ok("village", "POST", "/api/leads", person());
    const stale = await h.call("township", "POST", `/api/leads/${r.id}/dismiss`, { version: 2, reason: "核实不属实" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    expect((await h.call("village", "POST", `/api/leads/${r.id}/dismiss`, { version: 1, reason: "核实不属实" })).statusCode).toBe(403);
    const done = await h.ok("township", "POST", `/api/leads/${r.id}/dismiss`, { version: 1, reason: "核实不属实" });
    expect(done).toMatchObject({ state: "DISMISSED", dismissReason: "核实不属实", closedOn: h.today(), deadlineStatus: null, actions: [], version: 2 });
    expect(done.closedBy).toEqual(expect.any(String));
    const again = await h.call("township", "POST", `/api/leads/${r.id}/dismiss`, { version: 2, reason: "再次" });
    expect(again.json().code).toBe("LEAD_CLOSED");
    const audit = await h.t.prisma.auditEntry.findFirst({ where: { entityId: r.id, action: "lead.dismiss" } });
    expect(audit?.reason).toBe("核实不属实");
  });

  it("opens the case of a registered household in the same transaction; a household with an open case cannot, but can be dismissed", async () => {
    const household = await aboveLine();
    const r = await h.ok("village", "POST", "/api/leads", clue({ householdId: household.id, source: "SECRETARY_VISIT", receivedOn: daysBefore(2) }));
    await h.ok("township", "POST", "/api/leads", clue({ householdId: household.id, source: "HOTLINE" }));
    const body = { version: 2, riskCauses: ["SERIOUS_ILLNESS"], description: "核实属实：户主住院" };
    expect((await h.call("township", "POST", `/api/leads/${r.id}/open-case`, { ...body, version: 1 })).json().code).toBe("VERSION_CONFLICT");
    const opened = await h.ok("township", "POST", `/api/leads/${r.id}/open-case`, body);
    expect(opened.lead).toMatchObject({ state: "CASE_OPENED", case: { id: opened.case.id, caseNo: opened.case.caseNo }, closedOn: h.today(), actions: [] });
    expect(opened.case).toMatchObject({ household: { id: household.id }, firstClueOn: daysBefore(2), lead: { source: "SECRETARY_VISIT", receivedOn: daysBefore(2) } });
    const row = await h.t.prisma.lead.findUniqueOrThrow({ where: { id: r.id } });
    expect(row).toMatchObject({ state: "CASE_OPENED", caseId: opened.case.id, householdId: household.id });
    const actions = (await h.t.prisma.auditEntry.findMany({ where: { OR: [{ entityId: r.id }, { entityId: opened.case.id }] }, orderBy: { chainPosition: "asc" } })).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(["case.open", "lead.open-case"]);

    // A new clue on the household now opens a new lead; the case is still open, so it cannot open another.
    const next = await h.ok("village", "POST", "/api/leads", clue({ householdId: household.id }));
    expect(next.merged).toBe(false);
    const refused = await h.call("township", "POST", `/api/leads/${next.id}/open-case`, { ...body, version: 1 });
    expect(refused.json().code).toBe("CASE_ALREADY_OPEN");
    expect((await h.t.prisma.lead.findUniqueOrThrow({ where: { id: next.id } })).state).toBe("OPEN");
    expect((await h.ok("township", "POST", `/api/leads/${next.id}/dismiss`, { version: 1, reason: "已在办理中的案件中核实" })).state).toBe("DISMISSED");
  });

  it("the case takes up the household's other open lead (one the early-warning rules raised when it was registered)", async () => {
    const r = await h.ok("village", "POST", "/api/leads", person({ source: "HOTLINE", receivedOn: daysBefore(1) }));
    // Registered below the monitoring line: the rules give the household a lead of its own at once.
    const household = await h.ok("township", "POST", "/api/households", householdPayload(zhangcun, { category: "ORDINARY" }));
    const warned = await h.t.prisma.lead.findFirstOrThrow({ where: { householdId: household.id, state: "OPEN" } });
    const opened = await h.ok("township", "POST", `/api/leads/${r.id}/open-case`, { version: 1, riskCauses: ["EDUCATION"], description: "核实属实", householdId: household.id });
    const both = await h.t.prisma.lead.findMany({ where: { id: { in: [r.id, warned.id] } }, select: { state: true, caseId: true } });
    expect(both).toEqual([{ state: "CASE_OPENED", caseId: opened.case.id }, { state: "CASE_OPENED", caseId: opened.case.id }]);
    const trail = await h.t.prisma.auditEntry.findMany({ where: { entityId: warned.id, action: "lead.open-case" } });
    expect(trail).toHaveLength(1);
  });

  it("a person not yet registered: refused without a household, then opens the case of the household registered for it", async () => {
    const r = await h.ok("village", "POST", "/api/leads", person({ source: "HOTLINE", receivedOn: daysBefore(1) }));
    const body = { version: 1, riskCauses: ["EDUCATION"], description: "核实属实" };
    const refused = await h.call("township", "POST", `/api/leads/${r.id}/open-case`, body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.map((d: Json) => d.path)).toContain("householdId");
    const outside = await aboveLine(yangting, "district");
    expect((await h.call("township", "POST", `/api/leads/${r.id}/open-case`, { ...body, householdId: outside.id })).json().code).toBe("HOUSEHOLD_NOT_FOUND");
    const household = await aboveLine();
    const opened = await h.ok("township", "POST", `/api/leads/${r.id}/open-case`, { ...body, householdId: household.id });
    expect(opened.lead.household).toMatchObject({ id: household.id });
    expect(opened.case.lead).toMatchObject({ source: "HOTLINE", receivedOn: daysBefore(1), riskCauses: ["EDUCATION"] });
    expect((await h.t.prisma.lead.findUniqueOrThrow({ where: { id: r.id } })).householdId).toBe(household.id);
  });
});

describe("counts, backlog and figures", () => {
  it("the queue counts' lead tab equals the list's totals, for the township and the village; roles without lead.read get null", async () => {
    for (const user of ["township", "village", "district"]) {
      const counts = await h.ok(user, "GET", "/api/queues/counts");
      const list = await h.ok(user, "GET", "/api/leads?pageSize=1");
      const overdue = await h.ok(user, "GET", "/api/leads?pageSize=1&bucket=OVERDUE");
      expect(counts.leads, user).toEqual({ total: list.total, overdue: overdue.total });
      expect(list.buckets.overdue).toBe(overdue.total);
    }
    const zhangcunTown = await areaIdByName(h.t.prisma, "张村镇", "TOWNSHIP");
    const filtered = await h.ok("district", "GET", `/api/queues/counts?areaId=${zhangcunTown}`);
    expect(filtered.leads.total).toBe((await h.ok("district", "GET", `/api/leads?areaId=${zhangcunTown}&pageSize=1`)).total);
  });

  it("the district's backlog: per township, what each township's list shows", async () => {
    const backlog = await h.ok("district", "GET", "/api/leads/backlog");
    const town = backlog.townships.find((t: Json) => t.township.name === "张村镇");
    const list = await h.ok("township", "GET", "/api/leads?pageSize=100");
    expect(town).toMatchObject({ open: list.total, overdue: list.buckets.overdue, dueToday: list.buckets.dueToday });
    expect(town.oldestDeadline).toBe(list.items[0].deadlineStatus.deadline);
    expect(backlog.total.open).toBe(backlog.townships.reduce((n: number, t: Json) => n + t.open, 0));
    expect(backlog.townships.find((t: Json) => t.township.name === "羊亭镇")?.open).toBeGreaterThanOrEqual(1);
  });

  it("figures by source, by outcome and from first clue to case agree with the rows", async () => {
    const from = "2026-10-01";
    const to = "2026-11-30";
    const figures = await h.ok("district", "GET", `/api/leads/figures?from=${from}&to=${to}`);
    const district = (await h.t.prisma.user.findFirstOrThrow({ where: { username: "district" }, include: { area: true } })).area.code.slice(0, 6);
    const range = { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) };
    const clues = await h.t.prisma.leadClue.findMany({ where: { receivedOn: range, lead: { villageCode: { startsWith: district } } } });
    for (const s of figures.cluesBySource) expect(s.count, s.source).toBe(clues.filter((c) => c.source === s.source).length);
    const leads = await h.t.prisma.lead.findMany({ where: { firstClueOn: range, villageCode: { startsWith: district } } });
    expect(figures.leadsByOutcome).toEqual({
      total: leads.length, open: leads.filter((l) => l.state === "OPEN").length,
      caseOpened: leads.filter((l) => l.state === "CASE_OPENED").length, dismissed: leads.filter((l) => l.state === "DISMISSED").length,
    });
    const days = leads.filter((l) => l.state === "CASE_OPENED").map((l) => (l.closedOn!.getTime() - l.firstClueOn.getTime()) / 86_400_000);
    expect(figures.clueToCase.count).toBe(days.length);
    expect(days.length).toBeGreaterThanOrEqual(2);
    expect(figures.clueToCase.averageDays).toBeCloseTo(days.reduce((a, b) => a + b, 0) / days.length, 1);
    const sorted = [...days].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    expect(figures.clueToCase.medianDays).toBe(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2);
    expect(figures.clueToCase.withinLimit).toBe(leads.filter((l) => l.state === "CASE_OPENED" && l.closedOn! <= l.verifyDeadline).length);
    // Default: the current month.
    expect(await h.ok("township", "GET", "/api/leads/figures")).toMatchObject({ from: "2026-11-01", to: "2026-11-30" });
    expect((await h.call("township", "GET", "/api/leads/figures?from=2026-11-30&to=2026-11-01")).statusCode).toBe(400);
  });
});

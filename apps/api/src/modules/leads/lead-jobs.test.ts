import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "../../lib/exceljs.ts";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";
import { areaIdByName } from "../../../test/fixtures.ts";
import type { Deps } from "../../lib/deps.ts";
import { sendLeadDigests } from "./lead-digest.ts";
import { screeningDayOf, screeningPeriod } from "./screening-report.ts";

// Weihai rules (verify within 5 working days, screening report on the 25th). Test clock: Monday 2026-11-23.
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
let seq = 0;
const person = (over: Json = {}) => ({
  source: "HOTLINE", receivedOn: h.today(), riskCauses: ["SERIOUS_ILLNESS"], description: "来电反映家中有人住院",
  personName: `汇总${++seq}`, villageId: zhangcun, phone: `137${String(10_000_000 + seq * 7919).slice(-8)}`, ...over,
});
const overdueCaseNotices = async () => (await h.ok("township", "GET", "/api/notifications?pageSize=100")).items.filter((n: Json) => n.kind === "OVERDUE").length;
const notices = async (user: string, kind: string) =>
  (await h.ok(user, "GET", "/api/notifications?pageSize=100")).items.filter((n: Json) => n.kind === kind);

describe("日汇总、周核实 (sendLeadDigests)", () => {
  it("sends one digest per township on the working day the leads are handed over, once", async () => {
    // Monday's clues are handed over on Tuesday.
    await h.ok("village", "POST", "/api/leads", person());
    await h.ok("village", "POST", "/api/leads", person({ source: "DAILY_VISIT" }));
    await h.ok("district", "POST", "/api/leads", person({ villageId: yangting }));
    await sendLeadDigests(deps);
    expect(await h.t.prisma.notification.count({ where: { kind: "LEAD_DIGEST" } })).toBe(0);

    await h.days(1);
    await sendLeadDigests(deps);
    const digests = await h.t.prisma.notification.findMany({ where: { kind: "LEAD_DIGEST" }, orderBy: { villageCode: "asc" } });
    const handed = await h.t.prisma.lead.findMany({ where: { handedOn: new Date(`${h.today()}T00:00:00Z`) } });
    const townships = [...new Set(handed.map((l) => l.villageCode.slice(0, 9)))].sort();
    expect(digests.map((d) => d.scopeKey)).toEqual(townships.map((t) => `lead-digest:${t}:${h.today()}`));
    const zhangcunTown = digests.find((d) => d.scopeKey!.includes(handed.find((l) => l.villageId === zhangcun)!.villageCode.slice(0, 9)))!;
    expect(zhangcunTown.payload).toEqual({ count: 2, bySource: { HOTLINE: 1, DAILY_VISIT: 1 } });
    // Again, in this process or another: nothing new.
    await Promise.all([sendLeadDigests(deps), sendLeadDigests(deps)]);
    expect(await h.t.prisma.notification.count({ where: { kind: "LEAD_DIGEST" } })).toBe(digests.length);

    const seen = await notices("township", "LEAD_DIGEST");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ title: "线索日汇总", household: null, lead: null, case: null });
    expect(seen[0].message).toContain("移交待核实线索 2 条");
    expect(seen[0].message).toContain("12317 等热线 1 条");
    expect(await notices("village", "LEAD_DIGEST")).toHaveLength(0);
  });

  it("sends an overdue notice once per open lead past its deadline; overseeing roles see it; it goes when the lead ends", async () => {
    const late = await h.ok("village", "POST", "/api/leads", person({ receivedOn: daysBefore(20) }));
    await sendLeadDigests(deps);
    await sendLeadDigests(deps);
    const rows = await h.t.prisma.notification.findMany({ where: { kind: "LEAD_OVERDUE", scopeKey: `lead-overdue:${late.id}` } });
    expect(rows).toHaveLength(1);
    const mine = (await notices("township", "LEAD_OVERDUE")).find((n: Json) => n.lead?.id === late.id);
    expect(mine).toMatchObject({ title: "线索核实逾期", lead: { leadNo: late.leadNo } });
    expect(mine.message).toMatch(/核实已逾期 \d+ 个工作日/);
    expect((await notices("district", "LEAD_OVERDUE")).some((n: Json) => n.lead?.id === late.id)).toBe(true);
    // The bell's overdue count stays the overdue cases' (the overview's 逾期).
    expect((await h.ok("township", "GET", "/api/notifications")).overdueCount).toBe(await overdueCaseNotices());

    await h.ok("township", "POST", `/api/leads/${late.id}/dismiss`, { version: 1, reason: "核实不属实" });
    expect((await notices("township", "LEAD_OVERDUE")).some((n: Json) => n.lead?.id === late.id)).toBe(false);
  });
});

describe("月度监测筛查报告", () => {
  it("report day and period: the 25th (the last day of a shorter month), from the previous report day", () => {
    expect(screeningDayOf("2026-11-03", 25)).toBe("2026-11-25");
    expect(screeningDayOf("2027-02-10", 30)).toBe("2027-02-28");
    expect(screeningPeriod("2026-11-25", 25)).toEqual({ from: "2026-10-25", to: "2026-11-24" });
  });

  it("is stored for each township on the 25th, once, and the township lists and downloads its own", async () => {
    expect(h.today()).toBe("2026-11-24");
    // The report counts leads as of its day: the earlier tests' leads are in it too.
    const before = await h.t.prisma.reportSnapshot.count({ where: { kind: "MONTHLY_SCREENING" } });
    expect(before).toBe(0);
    const opened = await h.ok("village", "POST", "/api/leads", person({ personName: "筛查甲", idNumber: "110101199003078515", receivedOn: daysBefore(3) }));
    await h.days(1);
    const n = await sendLeadDigests(deps);
    const townships = await h.t.prisma.area.count({ where: { level: "TOWNSHIP" } });
    expect(n).toBeGreaterThanOrEqual(townships);
    expect(await h.t.prisma.reportSnapshot.count({ where: { kind: "MONTHLY_SCREENING", reportDate: new Date("2026-11-25T00:00:00Z") } })).toBe(townships);
    await sendLeadDigests(deps);
    expect(await h.t.prisma.reportSnapshot.count({ where: { kind: "MONTHLY_SCREENING" } })).toBe(townships);

    const list = await h.ok("township", "GET", "/api/report-snapshots?kind=MONTHLY_SCREENING");
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: "MONTHLY_SCREENING", reportDate: "2026-11-25", asOf: "2026-11-24", area: { name: "张村镇" } });
    const res = await h.call("township", "GET", `/api/report-snapshots/${list.items[0].id}/file`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.getWorksheet("线索明细")!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    const leads = await h.t.prisma.lead.findMany({
      where: { villageCode: { startsWith: (await h.t.prisma.area.findUniqueOrThrow({ where: { id: zhangcun } })).code.slice(0, 9) },
        firstClueOn: { gte: new Date("2026-10-25T00:00:00Z"), lte: new Date("2026-11-24T00:00:00Z") } },
    });
    const body = rows.slice(rows.findIndex((r) => r[0] === "序号") + 1);
    expect(body.map((r) => r[1]).sort()).toEqual(leads.map((l) => l.leadNo).sort());
    const mine = body.find((r) => r[1] === opened.leadNo)!;
    expect(mine.slice(2, 8)).toEqual(["筛查甲", "张村", "12317 等热线", daysBefore(4), expect.any(String), "待核实"]);
    expect(JSON.stringify(rows)).not.toContain("110101199003078515");
    const summary: string[][] = [];
    wb.getWorksheet("汇总")!.eachRow((r) => summary.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    expect(summary.find((r) => r[0] === "线索总数")?.[1]).toBe(String(leads.length));
    // The district sees every township's.
    expect((await h.ok("district", "GET", "/api/report-snapshots?kind=MONTHLY_SCREENING&pageSize=100")).total).toBeGreaterThanOrEqual(2);
  });
});

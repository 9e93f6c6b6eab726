import ExcelJS from "../../lib/exceljs.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { endDesignation, startDesignation } from "../designations/designations.repository.ts";

// A designation started on D1 and ended on D3 (risk elimination, as the case engine records it through the
// designations repository): the ledgers as of D2, D3 and D4, the exit ledger and the department lists.
// The test clock stands on Monday 2026-11-23; the Weihai lists' data dates are the 15th and the 29th.
const D1 = "2026-11-10";
const D2 = "2026-11-15";
const D3 = "2026-11-20";
const D4 = "2026-11-22";
const REASON = "风险消除：收入持续稳定高于监测线，风险已消除";

let t: TestApp;
const cookie: Record<string, string> = {};
type Household = { id: string; householdNo: string; headName: string; villageCode: string; members: string[] };
let zhang: Household; // 张村镇, ended by a case
let yang: Household; // 羊亭镇 (another township), ended without one
let caseNo: string;

async function demoHousehold(township: string): Promise<Household> {
  const town = await t.prisma.area.findFirstOrThrow({ where: { name: township, level: "TOWNSHIP" } });
  const h = await t.prisma.household.findFirstOrThrow({
    where: { designation: null, villageCode: { startsWith: town.code.slice(0, 9) } }, orderBy: { householdNo: "asc" },
    include: { members: { orderBy: { position: "asc" } } },
  });
  return { id: h.id, householdNo: h.householdNo, headName: h.headName, villageCode: h.villageCode, members: h.members.map((m) => m.name) };
}

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ["township", "township2", "village", "district"]) cookie[u] = await signIn(t.app, u);
  zhang = await demoHousehold("张村镇");
  yang = await demoHousehold("羊亭镇");
  const opened = await t.app.inject({
    method: "POST", url: "/api/cases", headers: { cookie: cookie.township! },
    payload: { householdId: zhang.id, lead: { source: "DAILY_VISIT", receivedOn: "2026-11-23", riskCauses: ["SERIOUS_ILLNESS"], description: "风险消除案件" } },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  caseNo = opened.json().caseNo;
  await t.prisma.$transaction(async (tx) => {
    await startDesignation(tx, {
      householdId: zhang.id, villageCode: zhang.villageCode, designation: "MONITORING_TARGET", monitoringType: "EDGE_AT_RISK", startedOn: D1, caseId: null,
    });
    await startDesignation(tx, { householdId: yang.id, villageCode: yang.villageCode, designation: "MONITORED", startedOn: D1, caseId: null });
  });
  await t.prisma.$transaction(async (tx) => {
    await endDesignation(tx, { householdId: zhang.id, endedOn: D3, caseId: opened.json().id, reason: REASON });
    await endDesignation(tx, { householdId: yang.id, endedOn: D3, caseId: null, reason: "风险消除" });
  });
});
afterAll(() => t.close());

type Sheet = { header: string[]; rows: string[][]; title: string[] };
async function sheets(user: string, url: string): Promise<Record<string, Sheet>> {
  const res = await t.app.inject({ method: "GET", url, headers: { cookie: cookie[user]! } });
  expect(res.statusCode, `GET ${url}: ${res.body.slice(0, 300)}`).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const out: Record<string, Sheet> = {};
  wb.eachSheet((ws) => {
    const all: string[][] = [];
    ws.eachRow((row) => all.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
    const at = all.findIndex((r) => r[0] === "序号");
    out[ws.name] = { title: all.slice(0, at).map((r) => r[0]!), header: all[at]!, rows: all.slice(at + 1) };
  });
  return out;
}
// A trailing empty cell is absent from the row read back.
const cell = (s: Sheet, row: string[], name: string) => row[s.header.indexOf(name)] ?? "";
const rowsOf = (s: Sheet, h: Household) => s.rows.filter((r) => cell(s, r, "户编号") === h.householdNo);

describe("a designation that ended", () => {
  it("is on the ledger as of a date before its end, not from its end on", async () => {
    const before = (await sheets("district", `/api/ledgers/monitoring.xlsx?asOf=${D2}`))["台账"]!;
    const rows = rowsOf(before, zhang);
    expect(rows.map((r) => cell(before, r, "姓名"))).toEqual(zhang.members);
    expect(cell(before, rows[0]!, "监测帮扶类型")).toBe("监测对象");
    expect(cell(before, rows[0]!, "监测对象类型")).toBe("边缘易致贫户");
    expect(cell(before, rows[0]!, "认定日期")).toBe(D1);
    expect(rowsOf(before, yang).length).toBeGreaterThan(0);
    for (const asOf of [D3, D4]) {
      const after = (await sheets("district", `/api/ledgers/monitoring.xlsx?asOf=${asOf}`))["台账"]!;
      expect(rowsOf(after, zhang)).toEqual([]);
      expect(rowsOf(after, yang)).toEqual([]);
    }
  });

  it("is on the exit ledger from its end date on, with the reason and the ending case", async () => {
    const exits = (await sheets("district", `/api/ledgers/exits.xlsx?asOf=${D4}`))["退出台账"]!;
    expect(exits.title[0]).toBe("环翠区退出台账");
    expect(exits.header).toEqual([
      "序号", "乡镇（街道）", "村（社区）", "户编号", "户主姓名", "监测帮扶类型", "监测对象类型", "认定日期", "退出日期", "退出原因", "退出案件编号",
    ]);
    const [row] = rowsOf(exits, zhang);
    expect(row!.slice(1)).toEqual([
      "张村镇", expect.any(String), zhang.householdNo, zhang.headName, "监测对象", "边缘易致贫户", D1, D3, REASON, caseNo,
    ]);
    expect(rowsOf(exits, yang).map((r) => [cell(exits, r, "乡镇（街道）"), cell(exits, r, "监测帮扶类型"), cell(exits, r, "退出案件编号")]))
      .toEqual([["羊亭镇", "脱贫监测户", ""]]);
    expect(exits.rows.map((r) => Number(r[0]))).toEqual(exits.rows.map((_, i) => i + 1));
    // Before its end date: not yet an exit.
    const earlier = (await sheets("district", `/api/ledgers/exits.xlsx?asOf=2026-11-19`))["退出台账"]!;
    expect(rowsOf(earlier, zhang)).toEqual([]);
  });

  it("the exit ledger never leaves the user's area", async () => {
    const own = (await sheets("township", `/api/ledgers/exits.xlsx?asOf=${D4}`))["退出台账"]!;
    expect(rowsOf(own, zhang)).toHaveLength(1);
    expect(rowsOf(own, yang)).toEqual([]);
    expect(new Set(own.rows.map((r) => cell(own, r, "乡镇（街道）")))).toEqual(new Set(["张村镇"]));
    const other = (await sheets("township2", `/api/ledgers/exits.xlsx?asOf=${D4}`))["退出台账"]!;
    expect(rowsOf(other, yang)).toHaveLength(1);
    expect(rowsOf(other, zhang)).toEqual([]);
    const huancui = await t.prisma.area.findFirstOrThrow({ where: { name: "环翠区" } });
    const res = await t.app.inject({ method: "GET", url: `/api/ledgers/exits.xlsx?areaId=${huancui.id}`, headers: { cookie: cookie.township! } });
    expect(res.json()).toMatchObject({ code: "AREA_NOT_FOUND" });
    expect((await t.app.inject({ method: "GET", url: "/api/ledgers/exits.xlsx", headers: { cookie: cookie.village! } })).json()).toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a malformed or future date with the Chinese message on the field", async () => {
    for (const asOf of ["2026-02-30", "20261122", "昨天"]) {
      const res = await t.app.inject({ method: "GET", url: `/api/ledgers/exits.xlsx?asOf=${encodeURIComponent(asOf)}`, headers: { cookie: cookie.district! } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "asOf", message: "日期格式应为 YYYY-MM-DD" }] });
    }
    const res = await t.app.inject({ method: "GET", url: "/api/ledgers/exits.xlsx?asOf=2026-11-24", headers: { cookie: cookie.district! } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "asOf", message: "日期不能晚于今天（2026-11-23）" }] });
  });

  it("records the download as a read of personal data", async () => {
    const district = await t.prisma.user.findUniqueOrThrow({ where: { username: "district" } });
    const entries = await t.prisma.auditEntry.findMany({ where: { action: "report.download", actorId: district.id, entityId: "EXIT_LEDGER:371002000000" } });
    expect(entries.map((e) => e.after)).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: "EXIT_LEDGER", asOf: D4, fileName: `退出台账_环翠区_${D4}.xlsx` }),
      expect.objectContaining({ kind: "EXIT_LEDGER", asOf: "2026-11-19" }),
    ]));
  });

  it("department lists covering the end show the household's people as removed, with the end and its reason", async () => {
    // As of D4 the previous list's data date is the 15th (D2), when the households were still designated.
    const civil = await sheets("district", `/api/ledgers/departments/CIVIL_AFFAIRS.xlsx?asOf=${D4}`);
    expect(civil["本期名单"]!.title[1]).toContain("上次名单数据截至 2026-11-15 24:00");
    expect(rowsOf(civil["本期名单"]!, zhang)).toEqual([]);
    const removed = civil["减少"]!;
    const rows = rowsOf(removed, zhang);
    expect(rows.map((r) => cell(removed, r, "姓名"))).toEqual(zhang.members);
    expect(cell(removed, rows[0]!, "名单类别")).toBe("监测对象");
    expect(cell(removed, rows[0]!, "监测对象类型")).toBe("边缘易致贫户");
    expect(cell(removed, rows[0]!, "减少原因")).toBe(`监测对象退出（${D3}）：${REASON}`);
    expect(cell(removed, rowsOf(removed, yang)[0]!, "减少原因")).toBe(`脱贫监测户退出（${D3}）：风险消除`);
    // The list as of the 15th still has them, and nobody removed for them.
    const then = await sheets("district", `/api/ledgers/departments/CIVIL_AFFAIRS.xlsx?asOf=${D2}`);
    expect(rowsOf(then["本期名单"]!, zhang).length).toBe(zhang.members.length);
    expect(rowsOf(then["减少"]!, zhang)).toEqual([]);
  });
});

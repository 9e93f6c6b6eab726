import { createHash } from "node:crypto";
import ExcelJS from "../../lib/exceljs.ts";
import type { CreateHouseholdRequest } from "@fanpin/domain/household-schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload, newCitizenId } from "../../../test/fixtures.ts";
import { parseCsv, xlsxToCsv } from "../../../test/libreoffice.ts";
import { TestSessions } from "../../../test/sessions.ts";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import type { Deps } from "../../lib/deps.ts";
import { produceReportSnapshots } from "./report-snapshots.ts";
import { householdsAsOf } from "./reports.service.ts";
import { dataKeys } from "../../lib/data-crypto.ts";

// The test clock starts on Monday 2026-11-23, 10:00 in China, and only moves forward in this file: the tests run in
// order and build on each other (Weihai's calendar: ledger on the 15th and 29th, lists on the 16th and 30th).
let t: TestApp;
let deps: Deps;
let sessions: TestSessions;
let zhangcun: number;
let yangting: number;

beforeAll(async () => {
  t = await createTestApp();
  deps = { prisma: t.prisma, clock: t.clock.now, config: t.config };
  sessions = new TestSessions(t);
  await sessions.signIn("township", "township2", "village", "district", "city");
  zhangcun = await areaIdByName(t.prisma, "张村");
  yangting = (await t.prisma.area.findFirstOrThrow({ where: { level: "VILLAGE", parent: { name: "羊亭镇" } } })).id;
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
async function file(user: string, url: string): Promise<Buffer> {
  const res = await call(user, "GET", url);
  expect(res.statusCode, `GET ${url}: ${res.body.slice(0, 300)}`).toBe(200);
  expect(res.headers["content-type"]).toContain("spreadsheetml");
  return res.rawPayload;
}

const today = () => new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const days = (n: number) => t.clock.advanceMinutes(n * 24 * 60);

/** Every sheet of a workbook as rows of texts, from the header row (序号) on, keyed by sheet name. */
async function readXlsx(buffer: Buffer): Promise<Record<string, { header: string[]; rows: string[][] }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: Record<string, { header: string[]; rows: string[][] }> = {};
  wb.eachSheet((ws) => {
    const all: string[][] = [];
    ws.eachRow((row) => all.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
    const at = all.findIndex((r) => r[0] === "序号");
    out[ws.name] = { header: all[at]!, rows: all.slice(at + 1) };
  });
  return out;
}
const ledgerRows = async (user: string, asOf: string, extra = "") => (await readXlsx(await file(user, `/api/ledgers/monitoring.xlsx?asOf=${asOf}${extra}`)))["台账"]!;
const col = (sheet: { header: string[] }, name: string) => sheet.header.indexOf(name);
const namesIn = (sheet: { header: string[]; rows: string[][] }) => sheet.rows.map((r) => r[col(sheet, "姓名")]);

const student = (name: string, idNumber: string): CreateHouseholdRequest["members"][number] => ({
  name, gender: "MALE", idType: "RESIDENT_ID", idNumber, relation: "SON", ethnicity: "01", politicalStatus: "MASSES",
  education: "PRIMARY", schoolStatus: "JUNIOR_HIGH", health: "HEALTHY", workRegion: "NONE", workMonths: 0,
});

/** A LIFTED_WITH_POLICY household (张村 unless told) with a head named `head` and a pupil named `pupil`. */
async function newHousehold(head: string, pupil: string, staff: "township" | "township2" = "township") {
  const base = householdPayload(staff === "township" ? zhangcun : yangting, { category: "LIFTED_WITH_POLICY" });
  const payload: CreateHouseholdRequest = { ...base, members: [{ ...base.members[0]!, name: head }, student(pupil, newCitizenId(true))] };
  const h = await ok(staff, "POST", "/api/households", payload);
  return { h, payload, staff };
}

/** The monitored-household procedure walked today: verification, submission, approval → MONITORED. */
async function designate(householdId: string, staff: "township" | "township2" = "township") {
  let c = await ok(staff, "POST", "/api/cases", {
    householdId, lead: { source: "DAILY_VISIT", receivedOn: today(), riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病" },
  });
  const step = async (user: string, path: string, record?: unknown) => {
    c = await ok(user, "POST", `/api/cases/${c.id}/${path}`, { version: c.version, ...(record !== undefined ? { record } : {}) });
  };
  await step(staff, "verification", { visitedOn: today(), verifiers: ["李专干"], findings: "情况属实", riskConfirmed: true });
  await step(staff, "submit");
  await step("district", "approve", {});
  expect(c.stage).toBe("DESIGNATED");
}

async function update(
  householdId: string, payload: CreateHouseholdRequest, change: (p: CreateHouseholdRequest) => CreateHouseholdRequest, staff = "township",
) {
  const detail = await ok(staff, "GET", `/api/households/${householdId}`);
  const next = change(payload);
  return ok(staff, "PUT", `/api/households/${householdId}`, {
    ...next, version: detail.version, members: next.members.map((m, i) => ({ ...m, id: detail.members[i]?.id })),
  });
}

let a: Awaited<ReturnType<typeof newHousehold>>;
let b: Awaited<ReturnType<typeof newHousehold>>;

describe("ledger as of a date", () => {
  it("rebuilds today's state of every demo household from the audit trail exactly as the household table holds it", async () => {
    const area = { code: "371002000000", name: "环翠区", level: "DISTRICT" as const };
    const rebuilt = await householdsAsOf(t.prisma, area, today());
    const stored = await t.prisma.household.findMany({ where: { villageCode: { startsWith: "371002" } }, include: { members: { orderBy: { position: "asc" } } } });
    expect(rebuilt).toHaveLength(stored.length);
    // What the reports read (only households designated or rolled back, picked in SQL) is exactly that part of the whole.
    const reported = await householdsAsOf(t.prisma, area, today(), { reportedOnly: true });
    expect(reported.length).toBeGreaterThan(0);
    const whole = new Map(rebuilt.map((h) => [h.id, h]));
    for (const r of reported) expect(r).toEqual(whole.get(r.id));
    const reportedIds = new Set(reported.map((r) => r.id));
    expect(rebuilt.filter((h) => h.designation !== null || h.rolledBack).every((h) => reportedIds.has(h.id))).toBe(true);
    expect(reported.every((h) => h.designation !== null || h.rolledBack || h.category === "LIFTED_WITH_POLICY")).toBe(true);
    const byId = new Map(rebuilt.map((h) => [h.id, h]));
    for (const h of stored) {
      const r = byId.get(h.id)!;
      expect({
        householdNo: r.householdNo, category: r.category, designation: r.designation, designatedAt: r.designatedAt, villageCode: r.villageCode,
        riskCauses: r.riskCauses, members: r.members.map((m) => m.idNumber),
      }).toEqual({
        householdNo: h.householdNo, category: h.category, designation: h.designation, designatedAt: h.designatedAt?.toISOString().slice(0, 10) ?? null,
        villageCode: h.villageCode, riskCauses: h.riskCauses, members: h.members.map((m) => dataKeys().decryptText(m.idNumberEnc) + (m.disabilitySuffix ?? "")),
      });
    }
    // The demo households were registered 30 days before the load (2026-11-01): not there the day before.
    expect(await householdsAsOf(t.prisma, area, "2026-10-01")).toHaveLength(0);
    expect(await householdsAsOf(t.prisma, area, "2026-10-02")).toHaveLength(stored.length);
  });

  it("refuses a malformed or future date with the Chinese message on the field", async () => {
    for (const asOf of ["2026-13-01", "20261123", "tomorrow"]) {
      const res = await call("district", "GET", `/api/ledgers/monitoring.xlsx?asOf=${asOf}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "asOf", message: "日期格式应为 YYYY-MM-DD" }] });
    }
    const res = await call("district", "GET", "/api/ledgers/monitoring.xlsx?asOf=2026-11-24");
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "asOf", message: "日期不能晚于今天（2026-11-23）" }], requestId: expect.any(String) });
    expect((await call("district", "GET", "/api/ledgers/departments/NOPE.xlsx")).statusCode).toBe(400);
  });

  it("is for report readers only, and never leaves the user's area", async () => {
    expect((await call("village", "GET", "/api/ledgers/monitoring.xlsx")).json()).toMatchObject({ code: "FORBIDDEN" });
    // The demo district has monitored households (designated in March) in several townships.
    const district = await ledgerRows("district", today());
    const townships = new Set(district.rows.map((r) => r[col(district, "乡镇（街道）")]));
    expect(townships.size).toBeGreaterThan(1);
    const township = await ledgerRows("township", today());
    expect(township.rows.length).toBeGreaterThan(0);
    expect(new Set(township.rows.map((r) => r[col(township, "乡镇（街道）")]))).toEqual(new Set(["张村镇"]));
    // Another district, or the district from a township: not found.
    const wendeng = await t.prisma.area.findFirstOrThrow({ where: { name: "文登区" } });
    const huancui = await t.prisma.area.findFirstOrThrow({ where: { name: "环翠区" } });
    expect((await call("district", "GET", `/api/ledgers/monitoring.xlsx?areaId=${wendeng.id}`)).json()).toMatchObject({ code: "AREA_NOT_FOUND" });
    expect((await call("township", "GET", `/api/ledgers/monitoring.xlsx?areaId=${huancui.id}`)).statusCode).toBe(404);
    // The city chooses one of its districts.
    const chosen = await ledgerRows("city", today(), `&areaId=${huancui.id}`);
    expect(chosen.rows.length).toBe(district.rows.length);
  });

  it("shows a household designated on day D from D on, not on D-1", async () => {
    a = await newHousehold("台账甲", "台账甲子");
    days(1); // 2026-11-24
    await designate(a.h.id);
    // The case's outcome opened the household's designation period, linked to the case.
    const [period] = await t.prisma.designationPeriod.findMany({ where: { householdId: a.h.id } });
    const [designatingCase] = await t.prisma.case.findMany({ where: { householdId: a.h.id } });
    expect(period).toMatchObject({ designation: "MONITORED", startCaseId: designatingCase!.id, endedOn: null, villageCode: a.h.village.code });
    expect(period!.startedOn.toISOString().slice(0, 10)).toBe("2026-11-24");
    expect(namesIn(await ledgerRows("district", "2026-11-23"))).not.toContain("台账甲");
    const sheet = await ledgerRows("district", "2026-11-24");
    const rows = sheet.rows.filter((r) => r[col(sheet, "户编号")] === a.h.householdNo);
    expect(rows.map((r) => r[col(sheet, "姓名")])).toEqual(["台账甲", "台账甲子"]);
    expect(rows[0]).toEqual(expect.arrayContaining(["张村镇", "张村", "台账甲", "脱贫享受政策户", "脱贫监测户", "2026-11-24", "因大病", "已完成认定"]));
    expect(rows[1]![col(sheet, "证件号码")]).toBe(a.payload.members[1]!.idNumber);
    // (8000 + 1200.5 − 500) / 2 members
    expect(Number(rows[0]![col(sheet, "人均纯收入（元）")])).toBe(4350.25);
    expect(rows[1]![col(sheet, "在校状况")]).toBe("初中");
  });

  it("does not show a change made after the date", async () => {
    days(1); // 2026-11-25
    a.payload = { ...a.payload, income: { ...a.payload.income, wageIncome: 20000 }, members: [{ ...a.payload.members[0]!, name: "台账甲改" }, a.payload.members[1]!] };
    await update(a.h.id, a.payload, (p) => p);
    const before = await ledgerRows("district", "2026-11-24");
    const then = before.rows.find((r) => r[col(before, "户编号")] === a.h.householdNo)!;
    expect(then[col(before, "户主姓名")]).toBe("台账甲");
    expect(Number(then[col(before, "人均纯收入（元）")])).toBe(4350.25);
    const after = await ledgerRows("district", "2026-11-25");
    const now = after.rows.find((r) => r[col(after, "户编号")] === a.h.householdNo)!;
    expect(now[col(after, "户主姓名")]).toBe("台账甲改");
    expect(Number(now[col(after, "人均纯收入（元）")])).toBe(10350.25);
  });

  it("opens in LibreOffice with the Chinese headers, the title and the rows; ID numbers stay text", async () => {
    const csv = parseCsv(await xlsxToCsv(await file("district", "/api/ledgers/monitoring.xlsx?asOf=2026-11-24")));
    expect(csv[0]![0]).toBe("环翠区脱贫监测户和即时帮扶人口管理台账");
    expect(csv[1]![0]).toMatch(/^数据截至 2026-11-24 24:00（北京时间）；共 \d+ 户 \d+ 人$/);
    expect(csv[2]).toEqual([
      "序号", "乡镇（街道）", "村（社区）", "户编号", "户主姓名", "户类别", "监测帮扶类型", "监测对象类型", "认定日期", "致贫（返贫）风险", "家庭人口数",
      "人均纯收入（元）", "姓名", "与户主关系", "性别", "证件号码", "健康状况", "在校状况", "案件办理阶段",
    ]);
    const row = csv.find((r) => r[12] === "台账甲子")!;
    expect(row.slice(1, 10)).toEqual(["张村镇", "张村", a.h.householdNo, "台账甲", "脱贫享受政策户", "脱贫监测户", "", "2026-11-24", "因大病"]);
    expect(row[10]).toBe("2");
    expect(row[15]).toBe(a.payload.members[1]!.idNumber);
    expect(row.slice(16)).toEqual(["健康", "初中", "已完成认定"]);
    expect(csv.slice(3).filter((r) => r.length > 1).map((r) => Number(r[0]))).toEqual(csv.slice(3).filter((r) => r.length > 1).map((_, i) => i + 1));
  }, 120_000);

  it("records every download as a read of personal data", async () => {
    const district = await t.prisma.user.findUniqueOrThrow({ where: { username: "district" } });
    const entries = await t.prisma.auditEntry.findMany({ where: { action: "report.download", actorId: district.id }, orderBy: { id: "asc" } });
    expect(entries.length).toBeGreaterThanOrEqual(5);
    expect(entries.at(-1)).toMatchObject({ entityType: "report", entityId: "LEDGER:371002000000", actorRole: "DISTRICT_REVIEWER", householdId: null });
    expect(entries.at(-1)!.after).toMatchObject({ kind: "LEDGER", asOf: "2026-11-24" });
  });
});

describe("department lists", () => {
  it("have the latest list and the additions and removals since the previous list date (also as LibreOffice reads them)", async () => {
    days(1); // 2026-11-26
    b = await newHousehold("名单乙", "名单乙子", "township2");
    await designate(b.h.id, "township2");
    days(5); // 2026-12-01: the list of 30 November carried the data of the 29th
    await update(b.h.id, b.payload, (p) => ({ ...p, members: [p.members[0]!, { ...p.members[1]!, schoolStatus: "NOT_IN_SCHOOL" }] }), "township2");
    const c = await newHousehold("名单丙", "名单丙子");
    await designate(c.h.id);

    const sheets = await readXlsx(await file("district", "/api/ledgers/departments/EDUCATION.xlsx?asOf=2026-12-01"));
    expect(Object.keys(sheets)).toEqual(["本期名单", "新增", "减少"]);
    const current = namesIn(sheets["本期名单"]!);
    expect(current).toEqual(expect.arrayContaining(["台账甲子", "名单丙子"]));
    expect(current).not.toContain("名单乙子");
    expect(current).not.toContain("台账甲改");
    expect(namesIn(sheets["新增"]!)).toEqual(["名单丙子"]);
    expect(namesIn(sheets["减少"]!)).toEqual(["名单乙子"]);
    const removed = sheets["减少"]!;
    expect(removed.rows[0]![col(removed, "列入依据")]).toBe("在校：初中");
    expect(removed.rows[0]![col(removed, "乡镇（街道）")]).toBe("羊亭镇");
    // Not an end of designation: 乙子 left school.
    expect(removed.rows[0]![col(removed, "减少原因")]).toBe("不再符合列入范围（含成员变动、迁出本辖区）");

    // As of the 29th (the data of the list of the 30th), compared with the 15th: 甲子 and 乙子 joined.
    const earlier = await readXlsx(await file("district", "/api/ledgers/departments/EDUCATION.xlsx?asOf=2026-11-29"));
    expect(namesIn(earlier["新增"]!).sort()).toEqual(["台账甲子", "名单乙子"].sort());
    expect(namesIn(earlier["减少"]!)).toEqual([]);

    // The list as LibreOffice reads it (first sheet): title, data dates, scope, header, rows.
    const csv = parseCsv(await xlsxToCsv(await file("district", "/api/ledgers/departments/EDUCATION.xlsx?asOf=2026-12-01")));
    expect(csv[0]![0]).toBe("环翠区教育局监测帮扶对象名单");
    expect(csv[1]![0]).toMatch(/^数据截至 2026-12-01 24:00；上次名单数据截至 2026-11-29 24:00；共 \d+ 人$/);
    expect(csv[2]![0]).toMatch(/^列入范围：在校学生/);
    expect(csv[3]).toEqual(["序号", "乡镇（街道）", "村（社区）", "户编号", "户主姓名", "名单类别", "监测对象类型", "认定日期", "姓名", "与户主关系", "性别", "证件号码", "列入依据", "致贫（返贫）风险"]);
    const pupil = csv.find((r) => r[8] === "名单丙子")!;
    expect(pupil.slice(1, 9)).toEqual(["张村镇", "张村", c.h.householdNo, "名单丙", "脱贫监测户", "", "2026-12-01", "名单丙子"]);
    expect(pupil.slice(9)).toEqual(["之子", "男", c.payload.members[1]!.idNumber, "在校：初中", "因大病"]);

    // 民政 lists every member of the designated households; a township sees its township only.
    const civil = await readXlsx(await file("township", "/api/ledgers/departments/CIVIL_AFFAIRS.xlsx?asOf=2026-12-01"));
    const names = namesIn(civil["本期名单"]!);
    expect(names).toEqual(expect.arrayContaining(["台账甲改", "台账甲子", "名单丙", "名单丙子"]));
    expect(names).not.toContain("名单乙");
  }, 120_000);
});

describe("report snapshots", () => {
  it("the job stores each report day's files once, catches up missed days, and a stored file never changes", async () => {
    // 2026-12-01: the ledgers (monitoring and exit) of 29 November and the lists of 30 November were missed (no server): caught up now.
    // And each district's 月统月报 of 30 November (Weihai: the month's last day).
    expect(await produceReportSnapshots(deps)).toBe(2 * 2 + 2 * 8 + 2);
    expect(await produceReportSnapshots(deps)).toBe(0);
    const stored = await t.prisma.reportSnapshot.findMany({ orderBy: [{ reportDate: "asc" }, { areaCode: "asc" }, { department: "asc" }] });
    expect(stored.map((s) => `${s.kind} ${s.reportDate.toISOString().slice(0, 10)} ${s.asOf.toISOString().slice(0, 10)}`)).toContain("LEDGER 2026-11-29 2026-11-28");
    expect(stored.filter((s) => s.kind === "DEPARTMENT_LIST" && s.reportDate.toISOString().startsWith("2026-11-30"))).toHaveLength(16);

    const list = await ok("district", "GET", "/api/report-snapshots?pageSize=100");
    expect(list.total).toBe(11); // 环翠区 only: two ledgers, eight lists and the 月统月报
    expect(list.items[0]).toMatchObject({ kind: "DEPARTMENT_LIST", reportDate: "2026-11-30", asOf: "2026-11-29", area: { name: "环翠区" } });
    expect((await ok("city", "GET", "/api/report-snapshots?pageSize=100")).total).toBe(22);
    expect((await ok("township", "GET", "/api/report-snapshots")).total).toBe(0);
    const ledgers = await ok("district", "GET", "/api/report-snapshots?kind=LEDGER");
    expect(ledgers.items).toHaveLength(1);
    const ledger = ledgers.items[0];
    expect(ledger).toMatchObject({ reportDate: "2026-11-29", asOf: "2026-11-28", fileName: "脱贫监测户和即时帮扶人口管理台账_环翠区_2026-11-28.xlsx" });
    expect((await ok("district", "GET", "/api/report-snapshots?department=EDUCATION")).items).toHaveLength(1);
    const exits = (await ok("district", "GET", "/api/report-snapshots?kind=EXIT_LEDGER")).items;
    expect(exits).toEqual([expect.objectContaining({
      kind: "EXIT_LEDGER", department: null, reportDate: "2026-11-29", asOf: "2026-11-28", fileName: "退出台账_环翠区_2026-11-28.xlsx",
    })]);
    expect(Object.keys(await readXlsx(await file("district", `/api/report-snapshots/${exits[0].id}/file`)))).toEqual(["退出台账"]);

    // The late ledger has the data of the 28th: 乙 (designated on the 26th) is in it, 丙 (designated today) is not.
    const bytes = await file("district", `/api/report-snapshots/${ledger.id}/file`);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(ledger.sha256);
    const names = namesIn((await readXlsx(bytes))["台账"]!);
    expect(names).toEqual(expect.arrayContaining(["台账甲改", "名单乙"]));
    expect(names).not.toContain("名单丙");
    // The 30 November education list still has 乙子 at school (changed on 1 December).
    const edu = (await ok("district", "GET", "/api/report-snapshots?department=EDUCATION")).items[0];
    expect(namesIn((await readXlsx(await file("district", `/api/report-snapshots/${edu.id}/file`)))["本期名单"]!)).toContain("名单乙子");

    // Data changes; the stored file does not.
    await update(a.h.id, a.payload, (p) => ({ ...p, members: [{ ...p.members[0]!, name: "台账甲再改" }, p.members[1]!] }));
    const again = await file("district", `/api/report-snapshots/${ledger.id}/file`);
    expect(createHash("sha256").update(again).digest("hex")).toBe(ledger.sha256);
    expect(again.equals(bytes)).toBe(true);

    // Outside the area: not found; another district's snapshot cannot be fetched by id.
    const wendeng = await t.prisma.reportSnapshot.findFirstOrThrow({ where: { areaCode: { startsWith: "371003" }, kind: "LEDGER" } });
    expect((await call("district", "GET", `/api/report-snapshots/${wendeng.id}/file`)).json()).toMatchObject({ code: "REPORT_SNAPSHOT_NOT_FOUND" });
    expect((await call("township", "GET", `/api/report-snapshots/${ledger.id}/file`)).statusCode).toBe(404);
    const audited = await t.prisma.auditEntry.count({ where: { action: "report.download", entityId: ledger.id } });
    expect(audited).toBe(2);
  });

  it("produces the next report days when they come, once each", async () => {
    days(14); // 2026-12-15: ledger day (both ledgers of both districts)
    expect(await produceReportSnapshots(deps)).toBe(4);
    days(1); // 2026-12-16: list day
    expect(await produceReportSnapshots(deps)).toBe(16);
    expect(await produceReportSnapshots(deps)).toBe(0);
    days(1);
    expect(await produceReportSnapshots(deps)).toBe(0);
    expect(await t.prisma.reportSnapshot.count()).toBe(22 + 20);
  });
});

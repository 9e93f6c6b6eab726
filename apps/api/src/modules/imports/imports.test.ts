import ExcelJS from "../../lib/exceljs.ts";
import { SPREADSHEET_NUMBER_MESSAGE } from "@fanpin/domain/import/id-number-cell";
import type { SheetCell } from "@fanpin/domain/import/household-sheet";
import { HOUSEHOLD_NO_MESSAGE } from "@fanpin/domain/household-no";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWrongCheckDigit } from "../../../test/fixtures.ts";
import type { ImportJobView } from "@fanpin/domain/import-schemas";
import {
  householdsCsv, householdsXlsx, importSheet, makeHouseholds, multipartBody, SHEET_HEADERS, sheetRows, uploadSheet, waitForImport,
} from "../../../test/household-sheets.ts";
import { csvToXlsx, resaveXlsx } from "../../../test/libreoffice.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { runPendingImports, whenImportsIdle } from "./import-runner.ts";
import { claimNextImportJob, insertImportJob } from "./imports.repository.ts";
import { dataKeys } from "../../lib/data-crypto.ts";

let t: TestApp;
let township: string;
let township2: string;
let city: string;
let villages: { code: string; name: string }[]; // villages of 张村镇 (township's area)
let otherVillage: { code: string; name: string }; // a village of 羊亭镇

beforeAll(async () => {
  t = await createTestApp();
  [township, township2, city] = (await Promise.all(["township", "township2", "city"].map((u) => signIn(t.app, u)))) as [string, string, string];
  const zhangcunTown = await t.prisma.area.findFirstOrThrow({ where: { name: "张村镇" } });
  villages = await t.prisma.area.findMany({ where: { parentId: zhangcunTown.id, level: "VILLAGE" }, select: { code: true, name: true }, orderBy: { code: "asc" } });
  const yangting = await t.prisma.area.findFirstOrThrow({ where: { name: "羊亭镇" } });
  otherVillage = await t.prisma.area.findFirstOrThrow({ where: { parentId: yangting.id, level: "VILLAGE" }, select: { code: true, name: true } });
});
afterAll(() => t.close());

type Job = ImportJobView;

const upload = (file: Buffer, fileName: string, mode = "all-or-nothing", cookie = township) => uploadSheet(t.app, cookie, file, fileName, mode);
const waitFor = (id: string, cookie = township) => waitForImport(t.app, cookie, id);
const importFile = (file: Buffer, fileName: string, mode = "all-or-nothing", cookie = township) => importSheet(t.app, cookie, file, fileName, mode);

async function counts() {
  const [households, members, audit] = await Promise.all([
    t.prisma.household.count(), t.prisma.member.count(), t.prisma.auditEntry.count({ where: { entityType: "household" } }),
  ]);
  return { households, members, audit };
}

async function readXlsx(buffer: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const col = (header: string) => SHEET_HEADERS.indexOf(header);

describe("the import template", () => {
  it("has the collection form's Chinese headers, text-typed ID column, instructions and option lists", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/households/import/template.xlsx", headers: { cookie: township } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toContain(encodeURIComponent("家庭信息导入模板.xlsx"));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["户档案", "填写说明", "选项"]);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(SHEET_HEADERS);
    expect(sheet.getColumn(col("A4 证件号码") + 1).numFmt).toBe("@");
  });
});

describe("importing households", () => {
  it("imports 1,000 households from the template, then importing the same file again changes nothing", async () => {
    const households = makeHouseholds(1000, villages, "R");
    const file = await householdsXlsx(sheetRows(households));
    const before = await counts();
    const job = await importFile(file, "一千户.xlsx", "valid-only");
    expect(job).toMatchObject({ status: "SUCCEEDED", created: 1000, updated: 0, unchanged: 0, rejected: 0, problemCount: 0, progress: 100, householdsDone: 1000 });
    const memberCount = households.reduce((n, h) => n + h.members.length, 0);
    expect(await counts()).toEqual({ households: before.households + 1000, members: before.members + memberCount, audit: before.audit + 1000 });

    const stored = await t.prisma.household.findUniqueOrThrow({ where: { householdNo: households[6]!.householdNo }, include: { members: { orderBy: { position: "asc" } } } });
    expect(stored).toMatchObject({ headName: households[6]!.members[0]!.name, minimumLivingFen: 120050, memberCount: households[6]!.members.length, version: 1 });
    expect(stored.members.map((m) => dataKeys().decryptText(m.idNumberEnc))).toEqual(households[6]!.members.map((m) => m.idNumber));
    const audit = await t.prisma.auditEntry.findFirstOrThrow({ where: { householdId: stored.id } });
    expect(audit).toMatchObject({ action: "household.create", actorName: "township", reason: "批量导入：一千户.xlsx" });

    const again = await importFile(file, "一千户.xlsx", "all-or-nothing");
    expect(again).toMatchObject({ status: "SUCCEEDED", created: 0, updated: 0, unchanged: 1000, rejected: 0, problemCount: 0 });
    expect(await counts()).toEqual({ households: before.households + 1000, members: before.members + memberCount, audit: before.audit + 1000 });
  });

  it("rejects a row whose 户编号 is not the national system's 18 digits, saying the expected format", async () => {
    const households = makeHouseholds(2, villages, "F");
    households[0]!.householdNo = "IMP-A";
    const rows = sheetRows(households);
    const job = await importFile(await householdsXlsx(rows), "户编号格式.xlsx", "valid-only");
    expect(job).toMatchObject({ status: "SUCCEEDED", created: 1, rejected: 1 });
    expect(job.problems).toEqual(households[0]!.members.map((_, i) => ({
      row: i + 2, column: "户编号", message: `“IMP-A”不是有效的户编号。${HOUSEHOLD_NO_MESSAGE}`,
    })));
    expect(await t.prisma.household.count({ where: { householdNo: "IMP-A" } })).toBe(0);
  });

  it("updates a household whose data changed, matched by household number or by the head's ID number", async () => {
    const households = makeHouseholds(2, villages, "U");
    await importFile(await householdsXlsx(sheetRows(households)), "两户.xlsx");
    const [a, b] = households as [typeof households[0], typeof households[0]];
    a.income.wageIncome = 12345;
    a.members.pop();
    b.householdNo = `${b.householdNo.slice(0, 12)}9${b.householdNo.slice(13)}`; // another number, same head: a conflict to report, not a second household
    const rows = sheetRows([a, b]);
    const job = await importFile(await householdsXlsx(rows), "改.xlsx", "valid-only");
    expect(job).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 1 });
    expect(job.problems).toEqual([{ row: rows.length - b.members.length + 2, column: "户编号", message: expect.stringContaining("户主的证件号码已登记在户编号为") }]);
    const stored = await t.prisma.household.findUniqueOrThrow({ where: { householdNo: a.householdNo }, include: { members: true } });
    expect(stored).toMatchObject({ wageIncomeFen: 1234500, version: 2, memberCount: a.members.length });
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { householdId: stored.id, action: "household.update" } });
    expect(entry.before).toMatchObject({ income: { wageIncome: 6000 + (Number(a.householdNo.slice(-6)) % 50) * 100 } });
    expect(entry.after).toMatchObject({ income: { wageIncome: 12345 } });
  });

  it("never changes a registered household's category: reported; valid-only imports the rest, all-or-nothing nothing", async () => {
    const households = makeHouseholds(1, villages, "K");
    await importFile(await householdsXlsx(sheetRows(households)), "一户.xlsx");
    const [h] = households as [typeof households[0]];
    const before = await t.prisma.household.findUniqueOrThrow({ where: { householdNo: h.householdNo } });
    const changed = { ...h, category: before.category === "ORDINARY" ? "LIFTED_WITH_POLICY" as const : "ORDINARY" as const, income: { ...h.income, wageIncome: 54321 } };
    const rows = sheetRows([changed]);

    const all = await importFile(await householdsXlsx(rows), "改类别.xlsx", "all-or-nothing");
    expect(all).toMatchObject({ created: 0, updated: 0 });
    expect(all.problems).toEqual([{ row: 2, column: "户类别", message: expect.stringContaining("户类别只能通过回退程序变更") }]);
    expect(await t.prisma.household.findUniqueOrThrow({ where: { householdNo: h.householdNo } })).toMatchObject({ category: before.category, version: 1 });

    const valid = await importFile(await householdsXlsx(rows), "改类别.xlsx", "valid-only");
    expect(valid).toMatchObject({ created: 0, updated: 1, rejected: 1 });
    expect(valid.problems).toEqual([{ row: 2, column: "户类别", message: expect.stringContaining("本户其他信息已导入，户类别未变更") }]);
    const after = await t.prisma.household.findUniqueOrThrow({ where: { householdNo: h.householdNo } });
    expect(after).toMatchObject({ category: before.category, wageIncomeFen: 5432100, version: 2 });
    expect(await t.prisma.auditEntry.count({ where: { householdId: after.id, action: "household.category_corrected" } })).toBe(0);
  });

  it("reports every broken row by row and column; all-or-nothing writes nothing, valid-only writes the valid households", async () => {
    const households = makeHouseholds(8, villages, "E");
    const rows = sheetRows(households);
    const rowOf = (h: number, m = 0) => households.slice(0, h).reduce((n, x) => n + x.members.length, 0) + m; // index in rows
    const id = col("A4 证件号码");
    rows[rowOf(1, 1)]![id] = 371002196001010000; // stored as a number by a spreadsheet program
    rows[rowOf(2)]![id] = withWrongCheckDigit(String(rows[rowOf(2)]![id]));
    rows[rowOf(3, 1)]![col("A2 性别")] = "M";
    for (let m = 0; m < households[4]!.members.length; m++) rows[rowOf(4, m)]![col("村（社区）统计用区划代码")] = otherVillage.code;
    rows[rowOf(5, 1)]![id] = rows[rowOf(0, 1)]![id]!; // the same person in two households
    rows[rowOf(6)]![col("A5 与户主关系")] = "之子"; // no head left
    const file = await householdsXlsx(rows as SheetCell[][]);

    const before = await counts();
    const strict = await importFile(file, "有错.xlsx", "all-or-nothing");
    expect(strict).toMatchObject({ status: "SUCCEEDED", created: 0, updated: 0, rejected: 6, nothingWritten: true, hasRejectedFile: true });
    expect(await counts()).toEqual(before);
    const sheetRow = (i: number) => i + 2; // header is row 1
    expect(strict.problems).toEqual([
      { row: sheetRow(rowOf(1, 1)), column: "A4 证件号码", message: SPREADSHEET_NUMBER_MESSAGE },
      { row: sheetRow(rowOf(2)), column: "A4 证件号码", message: expect.stringContaining("校验位") },
      { row: sheetRow(rowOf(3, 1)), column: "A2 性别", message: "“M”不是有效的选项，可填：男、女" },
      { row: sheetRow(rowOf(4)), column: "村（社区）统计用区划代码", message: `区划代码 ${otherVillage.code} 不是您辖区内的村（社区）` },
      { row: sheetRow(rowOf(5, 1)), column: "A4 证件号码", message: `该证件号码在第 ${sheetRow(rowOf(0, 1))} 行已出现，一人只能属于一个家庭` },
      { row: sheetRow(rowOf(6)), column: "A5 与户主关系", message: "须有一名成员与户主关系为“户主”" },
    ]);

    const lenient = await importFile(file, "有错.xlsx", "valid-only");
    expect(lenient).toMatchObject({ created: 2, rejected: 6, nothingWritten: false, problemCount: 6 });
    expect(await counts()).toMatchObject({ households: before.households + 2 });

    // The rejected rows come back with their errors; fixed, they import.
    const res = await t.app.inject({ method: "GET", url: `/api/households/imports/${lenient.id}/rejected.xlsx`, headers: { cookie: township } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toContain(encodeURIComponent("有错_退回的行.xlsx"));
    const rejected = await readXlsx(res.rawPayload);
    expect(rejected[0]!.slice(0, 3)).toEqual(["原行号", "错误说明", "户编号"]);
    const rejectedRows = rejected.slice(1);
    expect(rejectedRows).toHaveLength(households.slice(1, 7).reduce((n, h) => n + h.members.length, 0));
    expect(rejectedRows.find((r) => r[0] === sheetRow(rowOf(3, 1)))![1]).toBe("【A2 性别】“M”不是有效的选项，可填：男、女");
    expect(rejectedRows.find((r) => r[0] === sheetRow(rowOf(3)))![1]).toContain("同一户其他行有错误");

    const fixed = rejectedRows.map((r) => r.slice(2) as SheetCell[]);
    const original = sheetRows(households);
    rejectedRows.forEach((r, i) => {
      const at = Number(r[0]) - 2;
      fixed[i]![id] = original[at]![id]!; // retyped as text
      fixed[i]![col("A2 性别")] = original[at]![col("A2 性别")]!;
      fixed[i]![col("A5 与户主关系")] = original[at]![col("A5 与户主关系")]!;
      fixed[i]![col("村（社区）统计用区划代码")] = original[at]![col("村（社区）统计用区划代码")]!;
    });
    const dupRow = rejectedRows.findIndex((r) => r[0] === sheetRow(rowOf(5, 1)));
    fixed[dupRow]![id] = original[rowOf(5, 1)]![id]!;
    const fixedFile = await householdsXlsx(fixed);
    const reimport = await importFile(fixedFile, "有错_退回的行.xlsx", "all-or-nothing");
    expect(reimport).toMatchObject({ created: 6, rejected: 0, problemCount: 0 });
    expect(await counts()).toMatchObject({ households: before.households + 8 });
  });

  it("reads CSV in UTF-8 (with or without BOM) and GB18030", async () => {
    for (const encoding of ["utf8", "utf8-bom", "gb18030"] as const) {
      const households = makeHouseholds(3, villages, "C");
      const job = await importFile(householdsCsv(sheetRows(households), encoding), `户.csv`);
      expect(job, encoding).toMatchObject({ status: "SUCCEEDED", created: 3, problemCount: 0 });
      const stored = await t.prisma.household.findUniqueOrThrow({ where: { householdNo: households[0]!.householdNo } });
      expect(stored.headName).toBe(households[0]!.members[0]!.name);
      expect(stored.addressDetail).toBe(households[0]!.addressDetail);
    }
  });

  it("imports a file written by LibreOffice, and names the ID numbers LibreOffice turned into numbers", async () => {
    const households = makeHouseholds(5, villages, "L");
    const csv = householdsCsv(sheetRows(households)).toString("utf8");
    const textColumns = [col("户编号"), col("村（社区）统计用区划代码"), col("A4 证件号码"), col("联系电话")].map((i) => i + 1);
    const good = await csvToXlsx(csv, { columnCount: SHEET_HEADERS.length, textColumns });
    expect(await importFile(good, "libreoffice.xlsx")).toMatchObject({ status: "SUCCEEDED", created: 5, problemCount: 0 });

    const more = makeHouseholds(2, villages, "L");
    const careless = await csvToXlsx(householdsCsv(sheetRows(more)).toString("utf8"), { columnCount: SHEET_HEADERS.length, textColumns: textColumns.filter((c) => c !== col("A4 证件号码") + 1) });
    const job = await importFile(careless, "libreoffice-常规格式.xlsx");
    // Numbers ending in X stay text; every other one became a number with its last digits lost.
    const numeric = more.flatMap((h) => h.members).filter((m) => !m.idNumber.endsWith("X")).length;
    expect(job.problems).toHaveLength(numeric);
    expect(job.problems.every((p) => p.column === "A4 证件号码" && p.message === SPREADSHEET_NUMBER_MESSAGE)).toBe(true);
  }, 60_000);
});

describe("jobs left behind", () => {
  it("the scheduled runner imports a job left waiting, and takes over one whose process stopped beating", async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: "township" } });
    const waiting = makeHouseholds(2, villages, "W");
    const abandoned = makeHouseholds(2, villages, "W");
    const now = t.clock.now();
    const job = async (households: typeof waiting, extra: object) => ({
      id: await insertImportJob(t.prisma, {
        mode: "VALID_ONLY", fileName: "遗留.csv", fileSize: 1, scopeCode: "371002100", createdById: user.id, createdAt: now, ...extra,
      }, householdsCsv(sheetRows(households))),
    });
    const a = await job(waiting, {});
    const b = await job(abandoned, { status: "RUNNING", startedAt: now, heartbeatAt: new Date(now.getTime() - 10 * 60_000) });
    const fresh = await job(makeHouseholds(1, villages, "W"), { status: "RUNNING", startedAt: now, heartbeatAt: now });
    await whenImportsIdle(); // the runner an earlier upload started may still be finishing
    expect(await runPendingImports({ prisma: t.prisma, config: t.config, clock: t.clock.now })).toBe(2);
    for (const id of [a.id, b.id]) expect(await waitFor(id)).toMatchObject({ status: "SUCCEEDED", created: 2 });
    // A job whose worker is alive is left to it.
    expect(await t.prisma.importJob.findUniqueOrThrow({ where: { id: fresh.id }, select: { status: true } })).toEqual({ status: "RUNNING" });
    await t.prisma.importJob.update({ where: { id: fresh.id }, data: { status: "SUCCEEDED" } }); // out of the way of the next test
  });

  it("fails a job whose process died twice instead of taking it over again", async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: "township" } });
    const households = makeHouseholds(2, villages, "K");
    const id = await insertImportJob(t.prisma, {
      mode: "VALID_ONLY", fileName: "杀进程.csv", fileSize: 1, scopeCode: "371002100", createdById: user.id, createdAt: t.clock.now(),
    }, householdsCsv(sheetRows(households)));
    // Two processes claim it and die: nothing beats any more, the heartbeat goes stale each time.
    const stale = () => new Date(t.clock.now().getTime() - 2 * 60_000);
    expect(await claimNextImportJob(t.prisma, t.clock.now(), stale())).toBe(id);
    t.clock.advanceMinutes(3);
    expect(await claimNextImportJob(t.prisma, t.clock.now(), stale())).toBe(id);
    t.clock.advanceMinutes(3);
    await whenImportsIdle();
    expect(await runPendingImports({ prisma: t.prisma, config: t.config, clock: t.clock.now })).toBe(0);
    township = await signIn(t.app, "township"); // the clock moved past the session's idle time
    expect(await waitFor(id)).toMatchObject({
      status: "FAILED", created: 0, error: { code: "IMPORT_INTERRUPTED", message: expect.stringMatching(/^导入处理中断，已停止/) },
    });
    expect(await t.prisma.importJob.findUniqueOrThrow({ where: { id }, select: { attempts: true } })).toEqual({ attempts: 2 });
    expect(await t.prisma.importFileChunk.count({ where: { jobId: id } })).toBe(0);
    expect(await t.prisma.auditEntry.findFirst({ where: { action: "household.import", entityId: id } })).toMatchObject({ after: { status: "FAILED", error: "IMPORT_INTERRUPTED" } });
    expect(await t.prisma.household.count({ where: { householdNo: households[0]!.householdNo } })).toBe(0);
  });
});

describe("refusals", () => {
  it("answers bad uploads with a clear error and queues nothing", async () => {
    const jobsBefore = await t.prisma.importJob.count();
    const none = await t.app.inject({ method: "POST", url: "/api/households/import", headers: { cookie: township, "content-type": "application/json" }, payload: {} });
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe("IMPORT_FILE_MISSING");
    const xls = await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), "旧格式.xls");
    expect([xls.statusCode, xls.json().code]).toEqual([415, "IMPORT_FILE_TYPE"]);
    const pdf = await upload(Buffer.from("%PDF-1.4\u0000binary"), "a.pdf");
    expect([pdf.statusCode, pdf.json().code]).toEqual([415, "IMPORT_FILE_TYPE"]);
    const mode = await upload(householdsCsv([]), "a.csv", "everything");
    expect([mode.statusCode, mode.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    const { payload, headers } = await multipartBody(householdsCsv([]), "a.csv");
    const cross = await t.app.inject({ method: "POST", url: "/api/households/import", headers: { ...headers, cookie: township, origin: "https://evil.example" }, payload });
    expect([cross.statusCode, cross.json().code]).toEqual([403, "CROSS_SITE_REQUEST"]);
    const forbidden = await upload(householdsCsv([]), "a.csv", "valid-only", city);
    expect([forbidden.statusCode, forbidden.json().code]).toEqual([403, "FORBIDDEN"]);
    expect(await t.prisma.importJob.count()).toBe(jobsBefore);
  });

  it("fails a file without the template's header, and keeps jobs private to their uploader", async () => {
    const job = await importFile(Buffer.from("姓名,身份证\r\n张三,1\r\n"), "随便.csv");
    expect(job).toMatchObject({ status: "FAILED", error: { code: "IMPORT_COLUMNS_MISSING" }, created: 0 });
    const other = await t.app.inject({ method: "GET", url: `/api/households/imports/${job.id}`, headers: { cookie: township2 } });
    expect([other.statusCode, other.json().code]).toEqual([404, "IMPORT_NOT_FOUND"]);
    const list = await t.app.inject({ method: "GET", url: "/api/households/imports", headers: { cookie: township } });
    expect(list.json().items.find((j: { id: string }) => j.id === job.id)).toMatchObject({ id: job.id, status: "FAILED", fileName: "随便.csv" });
    const stored = await t.prisma.importJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(await t.prisma.importFileChunk.count({ where: { jobId: job.id } })).toBe(0); // the upload is not kept once the job ended
  });
});

describe("round trip with the export", () => {
  it("re-imports the township's exported household list with no changes", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/households/export.xlsx", headers: { cookie: township } });
    expect(res.statusCode).toBe(200);
    const inScope = await t.prisma.household.count({ where: { villageCode: { startsWith: "371002100" } } });
    expect(inScope).toBeGreaterThan(10); // demo households and the ones imported above
    const before = await counts();
    const job = await importFile(res.rawPayload, "导出.xlsx", "all-or-nothing");
    expect(job.problems).toEqual([]);
    expect(job).toMatchObject({ status: "SUCCEEDED", created: 0, updated: 0, unchanged: inScope, rejected: 0 });
    expect(await counts()).toEqual(before);

    // Opened in LibreOffice and saved again, the export still imports unchanged.
    const resaved = await importFile(await resaveXlsx(res.rawPayload), "导出_另存.xlsx", "all-or-nothing");
    expect(resaved.problems).toEqual([]);
    expect(resaved).toMatchObject({ created: 0, updated: 0, unchanged: inScope });
  }, 60_000);
});

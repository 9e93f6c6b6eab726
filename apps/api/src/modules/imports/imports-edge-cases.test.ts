import type { SheetCell } from "@fanpin/domain/import/household-sheet";
import { HOUSEHOLD_SHEET_COLUMNS } from "@fanpin/domain/import/household-sheet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { householdsCsv, importSheet, makeHouseholds, multipartBody, SHEET_HEADERS, sheetRows } from "../../../test/household-sheets.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { xlsxBuffer } from "../../lib/xlsx.ts";
import { runPendingImports, whenImportsIdle } from "./import-runner.ts";
import { insertImportJob } from "./imports.repository.ts";

// Edge cases of the household import: odd requests and odd cell values never crash, never half-write.
let t: TestApp;
let township: string;
let villages: { code: string; name: string }[];

beforeAll(async () => {
  t = await createTestApp();
  township = await signIn(t.app, "township");
  const town = await t.prisma.area.findFirstOrThrow({ where: { name: "张村镇" } });
  villages = await t.prisma.area.findMany({ where: { parentId: town.id, level: "VILLAGE" }, select: { code: true, name: true }, orderBy: { code: "asc" } });
});
afterAll(() => t.close());

const importFile = (file: Buffer, fileName: string, mode = "all-or-nothing") => importSheet(t.app, township, file, fileName, mode);

const col = (header: string) => SHEET_HEADERS.indexOf(header);

describe("upload requests", () => {
  it("refuses an opaque origin (Origin: null) as cross-site, not with a 500", async () => {
    const { payload, headers } = await multipartBody(householdsCsv([]), "a.csv");
    const res = await t.app.inject({ method: "POST", url: "/api/households/import", headers: { ...headers, cookie: township, origin: "null" }, payload });
    expect([res.statusCode, res.json().code]).toEqual([403, "CROSS_SITE_REQUEST"]);
  });
});

describe("cell values", () => {
  it("refuses a 户编号 the spreadsheet stored as a number with its last digits lost, instead of importing a wrong number", async () => {
    const [h] = makeHouseholds(1, villages, "N");
    const rows = sheetRows([h!]);
    // An 18-digit 户编号 typed into a General cell: Excel keeps 15 significant digits.
    const mangled = 371002100001123000;
    for (const r of rows) r[col("户编号")] = mangled;
    const columns = HOUSEHOLD_SHEET_COLUMNS.map((c) => ({ header: c.header, width: c.width, text: c.key === "idNumber" }));
    const file = (await xlsxBuffer([{ name: "户档案", columns, rows }])).buffer;
    const job = await importFile(file, "数字户编号.xlsx", "valid-only");
    expect(job).toMatchObject({ status: "SUCCEEDED", created: 0, rejected: 1 });
    expect(job.problems[0]).toMatchObject({ column: "户编号" });
    expect(await t.prisma.household.count({ where: { householdNo: String(mangled) } })).toBe(0);
  });

  it("reports a cell holding control characters (a NUL byte) on its row instead of failing the whole import", async () => {
    const households = makeHouseholds(40, villages, "Z");
    households[0]!.addressDetail = "地址\u0001";
    const rows: SheetCell[][] = sheetRows(households);
    rows[rows.length - 1]![col("A1 姓名")] = "坏\u0000名"; // far past the first 4 KB of the file
    const file = householdsCsv(rows);
    const all = await importFile(file, "控制字符.csv", "all-or-nothing");
    expect(all).toMatchObject({ status: "SUCCEEDED", created: 0, error: null });
    expect(new Set(all.problems.map((p) => p.column))).toEqual(new Set(["A1 姓名", "详细地址"]));
    const valid = await importFile(file, "控制字符.csv", "valid-only");
    expect(valid).toMatchObject({ status: "SUCCEEDED", created: households.length - 2, rejected: 2 });
    expect(new Set(valid.problems.map((p) => p.column))).toEqual(new Set(["A1 姓名", "详细地址"]));
    expect(valid.problems.every((p) => p.message.includes("控制字符"))).toBe(true);

    // The rejected rows hold full ID numbers: downloading them is recorded.
    const res = await t.app.inject({ method: "GET", url: `/api/households/imports/${valid.id}/rejected.xlsx`, headers: { cookie: township } });
    expect(res.statusCode).toBe(200);
    expect(await t.prisma.auditEntry.findFirst({ where: { action: "household.importRejectedDownload", entityId: valid.id } })).toMatchObject({
      actorName: "township", entityType: "import_job", after: { fileName: "控制字符_退回的行.xlsx" },
    });
  });
});

describe("rules an import cannot bypass", () => {
  it("does not designate a registered household: that is the procedures' outcome", async () => {
    const [h] = makeHouseholds(1, villages, "D");
    expect((await importFile(householdsCsv(sheetRows([h!])), "登记.csv")).created).toBe(1);
    const designated = { ...h!, designation: "MONITORED", designatedAt: "2026-10-01" };
    const job = await importFile(householdsCsv(sheetRows([designated])), "认定.csv", "valid-only");
    expect(job).toMatchObject({ created: 0, rejected: 1 });
    expect(job.problems[0]).toMatchObject({ column: "认定类型", message: expect.stringContaining("认定须通过监测帮扶程序办理") });
    expect(await t.prisma.household.findUniqueOrThrow({ where: { householdNo: h!.householdNo }, select: { designation: true } })).toEqual({ designation: null });
  });

  it("does not run a queued import for an account deactivated before it started", async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: "township" } });
    const [h] = makeHouseholds(1, villages, "X");
    const job = {
      id: await insertImportJob(t.prisma, { mode: "VALID_ONLY", fileName: "停用前.csv", fileSize: 1, scopeCode: "371002100", createdById: user.id, createdAt: t.clock.now() },
        householdsCsv(sheetRows([h!]))),
    };
    await t.prisma.user.update({ where: { id: user.id }, data: { isActive: false } });
    try {
      await whenImportsIdle();
      await runPendingImports({ prisma: t.prisma, config: t.config, clock: t.clock.now });
    } finally {
      await t.prisma.user.update({ where: { id: user.id }, data: { isActive: true } });
    }
    expect(await t.prisma.importJob.findUniqueOrThrow({ where: { id: job.id }, select: { status: true, errorCode: true } }))
      .toEqual({ status: "FAILED", errorCode: "FORBIDDEN" });
    expect(await t.prisma.importFileChunk.count({ where: { jobId: job.id } })).toBe(0);
    expect(await t.prisma.household.count({ where: { householdNo: h!.householdNo } })).toBe(0);
  });

  it("removes rejected-rows files (they hold ID numbers) 30 days after the import", async () => {
    const [h] = makeHouseholds(1, villages, "Y");
    const rows = sheetRows([h!]);
    rows[0]![col("A2 性别")] = "?";
    const job = await importFile(householdsCsv(rows), "退回.csv", "valid-only");
    const download = () => t.app.inject({ method: "GET", url: `/api/households/imports/${job.id}/rejected.xlsx`, headers: { cookie: township } });
    expect((await download()).statusCode).toBe(200);
    t.clock.advanceMinutes(31 * 24 * 60);
    township = await signIn(t.app, "township"); // the old session ended long ago
    await whenImportsIdle();
    await runPendingImports({ prisma: t.prisma, config: t.config, clock: t.clock.now });
    const res = await download();
    expect([res.statusCode, res.json().code]).toEqual([404, "IMPORT_NO_REJECTED_ROWS"]);
  });
});

import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DepartmentJob, DepartmentMapping, DepartmentPreview } from "@fanpin/domain/detection/department-lists";
import ExcelJS from "../../lib/exceljs.ts";
import { householdPayload, newCitizenId, withWrongCheckDigit } from "../../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { whenImportsIdle } from "../imports/import-runner.ts";

let t: TestApp;
let district: string;
let township: string;
let admin: string;
let inArea: { id: string; members: { idNumber: string }[] }[] = [];
let outOfArea: { id: string; members: { idNumber: string }[] };

async function createHousehold(cookie: string, villageId: number) {
  const payload = householdPayload(villageId);
  const res = await t.app.inject({ method: "POST", url: "/api/households", headers: { cookie }, payload });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, members: payload.members.map((m) => ({ idNumber: m.idNumber })) };
}

beforeAll(async () => {
  t = await createTestApp();
  [district, township, admin] = (await Promise.all(["district", "township", "admin"].map((u) => signIn(t.app, u)))) as [string, string, string];
  const zhangcun = await t.prisma.area.findFirstOrThrow({ where: { name: "张村", level: "VILLAGE" } });
  const elsewhere = await t.prisma.area.findFirstOrThrow({ where: { level: "VILLAGE", NOT: { code: { startsWith: "371002" } } } });
  inArea = [await createHousehold(district, zhangcun.id), await createHousehold(district, zhangcun.id), await createHousehold(district, zhangcun.id)];
  outOfArea = await createHousehold(admin, elsewhere.id);
});
afterAll(() => t.close());

async function multipart(file: Buffer, fileName: string, mapping?: DepartmentMapping) {
  const form = new FormData();
  if (mapping) form.append("mapping", JSON.stringify(mapping));
  form.append("file", new Blob([new Uint8Array(file)]), fileName);
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { "content-type": request.headers.get("content-type")! } };
}

async function upload(file: Buffer, fileName: string, mapping: DepartmentMapping, department = "CIVIL_AFFAIRS", cookie = district) {
  const { payload, headers } = await multipart(file, fileName, mapping);
  return t.app.inject({ method: "POST", url: `/api/department-warnings/jobs?department=${department}`, headers: { ...headers, cookie }, payload });
}

async function matchFile(file: Buffer, fileName: string, mapping: DepartmentMapping, department = "CIVIL_AFFAIRS"): Promise<DepartmentJob> {
  const res = await upload(file, fileName, mapping, department);
  expect(res.statusCode, res.body).toBe(202);
  await whenImportsIdle();
  for (let i = 0; i < 600; i++) {
    const job = (await t.app.inject({ method: "GET", url: `/api/department-warnings/jobs/${res.json().id}`, headers: { cookie: district } })).json() as DepartmentJob;
    if (job.status === "SUCCEEDED" || job.status === "FAILED") return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("job did not finish");
}

const csv = (rows: (string | number)[][]) => rows.map((r) => r.join(",")).join("\r\n") + "\r\n";

async function xlsx(rows: (string | number | null)[][], title?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("名单");
  if (title) ws.addRow([title]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(buffer: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const MINBAO: DepartmentMapping = { columns: { idNumber: "身份证号", name: "姓名", amount: "救助金额", occurredOn: "救助日期" }, fixedKind: "TEMPORARY_RELIEF" };

describe("department lists", () => {
  it("matches rows (xlsx with a title row), reports unmatched, out-of-area and invalid rows, the same file twice raises nothing new", async () => {
    const [h1, h2] = inArea;
    const file = await xlsx([
      ["姓名", "身份证号", "救助金额", "救助日期"],
      ["甲", h1!.members[0]!.idNumber, 1200.5, "2026-11-02"],
      ["乙", h2!.members[1]!.idNumber, "3,000", "2026/11/3"],
      ["丙", newCitizenId(), 100, "2026-11-04"],
      ["丁", outOfArea.members[0]!.idNumber, 100, "2026-11-04"],
      ["戊", withWrongCheckDigit(newCitizenId()), 100, "2026-11-04"],
    ], "2026年11月临时救助名单");
    const job = await matchFile(file, "临时救助.xlsx", MINBAO);
    expect(job).toMatchObject({ status: "SUCCEEDED", rowsRead: 5, matched: 2, duplicates: 0, unmatched: 1, outOfArea: 1, problems: 1, hasReport: true });
    const warnings = await t.prisma.departmentWarning.findMany({ where: { jobId: job.id }, orderBy: { amountFen: "asc" } });
    expect(warnings.map((w) => [w.householdId, w.kind, w.amountFen, w.occurredOn?.toISOString().slice(0, 10)])).toEqual([
      [h1!.id, "TEMPORARY_RELIEF", 120050n, "2026-11-02"],
      [h2!.id, "TEMPORARY_RELIEF", 300000n, "2026-11-03"],
    ]);

    // The report: the rows not matched, with their values and a 原因 column; the download is audited.
    const res = await t.app.inject({ method: "GET", url: `/api/department-warnings/jobs/${job.id}/report.xlsx`, headers: { cookie: district } });
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(["原行号", "原因", "姓名", "身份证号", "救助金额", "救助日期"]);
    expect(rows.slice(1).map((r) => [r[0], String(r[1]).slice(0, 7), r[2]])).toEqual([
      [7, "【身份证号码】", "戊"], [5, "系统中没有该身", "丙"], [6, "该成员所在家庭", "丁"],
    ]);
    expect(await t.prisma.auditEntry.count({ where: { action: "departmentWarning.reportDownload", entityId: job.id } })).toBe(1);

    // The same file again: nothing new, every matched row a duplicate.
    const again = await matchFile(file, "临时救助.xlsx", MINBAO);
    expect(again).toMatchObject({ matched: 0, duplicates: 2, unmatched: 1, outOfArea: 1 });
    expect(await t.prisma.departmentWarning.count({ where: { householdId: { in: [h1!.id, h2!.id] } } })).toBe(2);

    // The household page's list: area-scoped.
    const list = await t.app.inject({ method: "GET", url: `/api/households/${h1!.id}/department-warnings`, headers: { cookie: township } });
    expect(list.json().items).toMatchObject([{ department: "CIVIL_AFFAIRS", kind: "TEMPORARY_RELIEF", amount: 1200.5, occurredOn: "2026-11-02", memberName: "测试户主" }]);
    const township2 = await signIn(t.app, "township2");
    expect((await t.app.inject({ method: "GET", url: `/api/households/${h1!.id}/department-warnings`, headers: { cookie: township2 } })).statusCode).toBe(404);
  });

  it("reads csv in GB18030 and UTF-8 with a kind column through kindValues; the mapping used is saved", async () => {
    const h = inArea[2]!;
    const mapping: DepartmentMapping = {
      columns: { idNumber: "公民身份号码", kind: "救助类别", amount: "金额" },
      kindValues: { 城市低保: "NEW_MINIMUM_LIVING", 农村特困: "EXTREME_POVERTY" },
    };
    const text = csv([["公民身份号码", "救助类别", "金额"], [h.members[0]!.idNumber, "城市低保", 500], [h.members[1]!.idNumber, "农村特困", 600], [h.members[1]!.idNumber, "残疾", 1]]);
    const gb = await matchFile(iconv.encode(text, "gb18030"), "低保.csv", mapping);
    expect(gb).toMatchObject({ status: "SUCCEEDED", matched: 2, problems: 1 });
    const kinds = await t.prisma.departmentWarning.findMany({ where: { jobId: gb.id }, select: { kind: true }, orderBy: { kind: "asc" } });
    expect(kinds.map((k) => k.kind)).toEqual(["EXTREME_POVERTY", "NEW_MINIMUM_LIVING"]);
    const utf8 = await matchFile(Buffer.from(`\ufeff${text}`, "utf8"), "低保.csv", mapping);
    expect(utf8).toMatchObject({ status: "SUCCEEDED", matched: 0, duplicates: 2, problems: 1 });

    const saved = await t.app.inject({ method: "GET", url: "/api/department-warnings/mappings/CIVIL_AFFAIRS", headers: { cookie: district } });
    expect(saved.json().mapping).toEqual(mapping);
    // The preview offers the saved mapping and the kind column's values.
    const { payload, headers } = await multipart(Buffer.from(text, "utf8"), "低保.csv");
    const preview = await t.app.inject({ method: "POST", url: "/api/department-warnings/preview?department=CIVIL_AFFAIRS", headers: { ...headers, cookie: district }, payload });
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json() as DepartmentPreview;
    expect(p).toMatchObject({ headers: ["公民身份号码", "救助类别", "金额"], headerRow: 1, suggested: mapping, kindColumnValues: ["城市低保", "农村特困", "残疾"] });
    expect(p.rows[0]![0]).toMatch(/^\d{6}\*+\d{4}$|\*/); // ID numbers masked in the preview
    expect(p.rows[0]![0]).not.toBe(h.members[0]!.idNumber);
  });

  it("saves a mapping (audited) and refuses another department's kind", async () => {
    const put = (body: unknown, department = "DISABLED_PERSONS") =>
      t.app.inject({ method: "PUT", url: `/api/department-warnings/mappings/${department}`, headers: { cookie: district }, payload: body as object });
    const ok = await put({ columns: { idNumber: "身份证" }, fixedKind: "SEVERE_DISABILITY" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await t.prisma.auditEntry.count({ where: { action: "departmentWarning.mapping", entityId: "DISABLED_PERSONS:371002000000" } })).toBe(1);
    const wrong = await put({ columns: { idNumber: "身份证" }, fixedKind: "NEW_MINIMUM_LIVING" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain("不是残联的预警类别");
    const noKind = await put({ columns: { idNumber: "身份证" } });
    expect(noKind.statusCode).toBe(400);
    expect((await put({ columns: { idNumber: "身份证" }, fixedKind: "SEVERE_DISABILITY" }, "POLICE")).statusCode).toBe(400);
  });

  it("refuses hostile files with clear Chinese errors, and the township", async () => {
    const notSheet = await upload(Buffer.from("%PDF-1.4 not a sheet"), "名单.pdf", MINBAO);
    expect(notSheet.statusCode).toBe(415);
    expect(notSheet.json().message).toContain(".xlsx");
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    const broken = await matchFile(zip, "坏.xlsx", MINBAO);
    expect(broken).toMatchObject({ status: "FAILED", error: { code: "IMPORT_FILE_UNREADABLE" } });
    const noId = await matchFile(Buffer.from(csv([["姓名", "金额"], ["甲", 1]]), "utf8"), "无身份证.csv", MINBAO);
    expect(noId).toMatchObject({ status: "FAILED", error: { code: "IMPORT_COLUMNS_MISSING" } });
    expect(noId.error!.message).toContain("没有身份证号码列“身份证号”");
    const missingColumn = await matchFile(Buffer.from(csv([["身份证号", "姓名"], [inArea[0]!.members[0]!.idNumber, "甲"]]), "utf8"), "缺列.csv", MINBAO);
    expect(missingColumn.error!.message).toContain("“救助金额”");
    const badMapping = await upload(Buffer.from(csv([["身份证号"]])), "a.csv", undefined as unknown as DepartmentMapping);
    expect(badMapping.statusCode).toBe(400);
    // A huge cell stops the read at the limit, not the process.
    const huge = Buffer.from(csv([["身份证号", "姓名", "救助金额", "救助日期"], [inArea[0]!.members[0]!.idNumber, "x".repeat(40_000), 1, "2026-11-01"]]), "utf8");
    const hugeJob = await matchFile(huge, "大.csv", MINBAO);
    expect(hugeJob).toMatchObject({ status: "FAILED", error: { code: "IMPORT_LIMIT_EXCEEDED" } });

    const { payload, headers } = await multipart(Buffer.from(csv([["身份证号"]])), "a.csv", MINBAO);
    const forbidden = await t.app.inject({ method: "POST", url: "/api/department-warnings/jobs?department=CIVIL_AFFAIRS", headers: { ...headers, cookie: township }, payload });
    expect(forbidden.statusCode).toBe(403);
    expect((await t.app.inject({ method: "GET", url: "/api/department-warnings/jobs", headers: { cookie: township } })).statusCode).toBe(403);
    // The district's own list shows its uploads; the household import's list does not.
    const mine = await t.app.inject({ method: "GET", url: "/api/department-warnings/jobs", headers: { cookie: district } });
    expect(mine.json().items.length).toBeGreaterThan(3);
    const imports = await t.app.inject({ method: "GET", url: "/api/households/imports", headers: { cookie: district } });
    expect(imports.json().items).toEqual([]);
  });
});

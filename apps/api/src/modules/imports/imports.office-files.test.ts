import type { SheetCell } from "@fanpin/domain/import/household-sheet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { householdsCsv, importSheet, makeHouseholds, SHEET_HEADERS, sheetRows, uploadSheet } from "../../../test/household-sheets.ts";
import { csvConvert, resaveXlsx } from "../../../test/libreoffice.ts";
import { pythonXlsx } from "../../../test/python-writers.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { openHousehold } from "../households/households.repository.ts";

// Files as the tools offices use write them: Chinese Excel and WPS date formats, formulas, hidden sheets,
// prefixed XML, other spreadsheet formats, full-width digits. Written by real writers: xlsxwriter and openpyxl
// (Python), LibreOffice.
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

const importFile = (file: Buffer, fileName: string, mode = "valid-only") => importSheet(t.app, township, file, fileName, mode);
const col = (header: string) => SHEET_HEADERS.indexOf(header);

/** A cell written as a number in a built-in number format, or as a formula (with the result the writer saves, if any). */
type Special = { number: number; fmt: number } | { formula: string; fmt?: number | string; value?: number };
type Cell = SheetCell | Special;

/** xlsxwriter: strings as text, numbers as numbers, formats by built-in index; `prefix` rewrites the XML with x: prefixes, as the OpenXML SDK writes. */
const XLSXWRITER = `
import xlsxwriter, zipfile, re
wb = xlsxwriter.Workbook(out)
ws = wb.add_worksheet('户档案')
formats = {}
def fmt(n):
    if n not in formats: formats[n] = wb.add_format({'num_format': n})
    return formats[n]
for r, row in enumerate([data['headers']] + data['rows']):
    for c, v in enumerate(row):
        if v is None: continue
        if isinstance(v, dict):
            if 'formula' in v: ws.write_formula(r, c, v['formula'], fmt(v['fmt']) if 'fmt' in v else None, v.get('value', 0))
            else: ws.write_number(r, c, v['number'], fmt(v['fmt']))
        elif isinstance(v, str): ws.write_string(r, c, v)
        else: ws.write_number(r, c, v)
wb.close()
if data.get('prefix'):
    main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
    with zipfile.ZipFile(out) as z: parts = {n: z.read(n) for n in z.namelist()}
    for n in ['xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml']:
        x = re.sub(r'<(/?)([A-Za-z]\\w*)(?=[\\s/>])', r'<\\1x:\\2', parts[n].decode())
        parts[n] = x.replace('xmlns="%s"' % main, 'xmlns:x="%s"' % main).encode()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items(): z.writestr(n, b)
`;

/** openpyxl: formulas saved without a result (openpyxl cannot calculate); `hidden` rows go to a hidden first sheet. */
const OPENPYXL = `
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
if data.get('hidden'):
    ws.title = '旧数据'
    for row in data['hidden']: ws.append(row)
    ws.sheet_state = 'hidden'
    ws = wb.create_sheet('户档案')
else:
    ws.title = '户档案'
ws.append(data['headers'])
for r, row in enumerate(data['rows']):
    ws.append([v['formula'] if isinstance(v, dict) else v for v in row])
    for c, v in enumerate(row):
        if isinstance(v, dict) and 'fmt' in v: ws.cell(row=r + 2, column=c + 1).number_format = v['fmt']
wb.save(out)
`;

const xlsxwriter = (rows: Cell[][], options: { prefix?: boolean } = {}) => pythonXlsx(XLSXWRITER, { headers: SHEET_HEADERS, rows, ...options });
const openpyxl = (rows: Cell[][], options: { hidden?: SheetCell[][] } = {}) => pythonXlsx(OPENPYXL, { headers: SHEET_HEADERS, rows, ...options });

/** The stored household, its ID and phone numbers decrypted (decision 015). */
const stored = async (householdNo: string) =>
  openHousehold(await t.prisma.household.findUniqueOrThrow({ where: { householdNo }, include: { members: { orderBy: { position: "asc" } } } }));
/** Excel's serial number of 2025-03-15. */
const MARCH_15 = 45731;

describe("dates", () => {
  it("reads dates in the built-in date formats of Chinese Excel and WPS (ids 27–36, 50–58) as dates, not serial numbers", async () => {
    const ids = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];
    const households = makeHouseholds(ids.length, villages, "Q").map((h) => ({ ...h, designation: "MONITORED", designatedAt: "2025-03-15" }));
    const rows: Cell[][] = [];
    households.forEach((h, i) => {
      for (const row of sheetRows([h])) rows.push(row.map((v, c) => (c === col("认定日期") ? { number: MARCH_15, fmt: ids[i]! } : v)));
    });
    const job = await importFile(await xlsxwriter(rows), "中文日期格式.xlsx");
    expect(job.problems).toEqual([]);
    expect(job).toMatchObject({ status: "SUCCEEDED", created: ids.length });
    for (const h of households) expect((await stored(h.householdNo)).designatedAt?.toISOString().slice(0, 10)).toBe("2025-03-15");
    // An imported designation opens the household's designation period (what the ledgers as of a date read) from its date.
    const periods = await t.prisma.designationPeriod.findMany({ where: { household: { householdNo: { in: households.map((h) => h.householdNo) } } } });
    expect(periods.map((p) => [p.designation, p.startedOn.toISOString().slice(0, 10), p.endedOn])).toEqual(households.map(() => ["MONITORED", "2025-03-15", null]));
  });

  it("reads a date computed by a formula as a date once a spreadsheet program has saved its result", async () => {
    const [h] = makeHouseholds(1, villages, "Q").map((x) => ({ ...x, designation: "MONITORED", designatedAt: "2025-03-15" }));
    const rows: Cell[][] = sheetRows([h!]).map((row) => row.map((v, c) => (c === col("认定日期") ? { formula: "=DATE(2025,3,15)", fmt: 'yyyy"年"m"月"d"日"' } : v)));
    // openpyxl saves no result; LibreOffice calculates it and saves it, in the date format.
    const job = await importFile(await resaveXlsx(await openpyxl(rows)), "公式日期.xlsx");
    expect(job.problems).toEqual([]);
    expect(job).toMatchObject({ created: 1 });
    expect((await stored(h!.householdNo)).designatedAt?.toISOString().slice(0, 10)).toBe("2025-03-15");
  }, 60_000);
});

describe("formulas", () => {
  it("reports a formula without a saved result on its cell and never reads it as 0 (a registered wage income stays)", async () => {
    const households = makeHouseholds(3, villages, "G");
    expect(await importFile(await xlsxwriter(sheetRows(households)), "登记.xlsx")).toMatchObject({ created: 3 });
    const wage = col("A28 工资性收入（元）");
    const edit = (row: SheetCell[]): Cell[] => row.map((v, c) => (c === wage && v !== null ? { formula: "=6000+1234" } : v));
    const rows = sheetRows(households);
    const withFormula: Cell[][] = rows.map((row, i) => (i < households[0]!.members.length ? edit(row) : row));

    // openpyxl saves formulas without a result; xlsxwriter saves 0 and asks for recalculation on opening.
    for (const [writer, file] of [["openpyxl", await openpyxl(withFormula)], ["xlsxwriter", await xlsxwriter(withFormula)]] as const) {
      const job = await importFile(file, `${writer}-公式.xlsx`);
      expect(job, writer).toMatchObject({ status: "SUCCEEDED", created: 0, updated: 0, unchanged: 2, rejected: 1 });
      expect(job.problems, writer).toEqual(Array.from({ length: households[0]!.members.length }, (_, i) => ({
        row: i + 2, column: "A28 工资性收入（元）", message: expect.stringContaining("该格是公式，但文件中没有保存可信的计算结果"),
      })));
      expect((await stored(households[0]!.householdNo)).wageIncomeFen, writer).toBe(households[0]!.income.wageIncome * 100);
    }

    // Opened and saved in a spreadsheet program, the formula's result is imported.
    const resaved = await importFile(await resaveXlsx(await openpyxl(withFormula)), "另存.xlsx");
    expect(resaved.problems).toEqual([]);
    expect(resaved).toMatchObject({ updated: 1, unchanged: 2 });
    expect((await stored(households[0]!.householdNo)).wageIncomeFen).toBe(723_400);
  }, 60_000);
});

describe("workbooks", () => {
  it("takes the first visible sheet, not a hidden first one", async () => {
    const [hidden, shown] = [makeHouseholds(2, villages, "I"), makeHouseholds(2, villages, "V")];
    const job = await importFile(await openpyxl(sheetRows(shown), { hidden: [SHEET_HEADERS, ...sheetRows(hidden)] }), "隐藏工作表.xlsx");
    expect(job).toMatchObject({ status: "SUCCEEDED", created: 2, problemCount: 0 });
    expect(await t.prisma.household.count({ where: { householdNo: { in: shown.map((h) => h.householdNo) } } })).toBe(2);
    expect(await t.prisma.household.count({ where: { householdNo: { in: hidden.map((h) => h.householdNo) } } })).toBe(0);
  });

  it("reads XML whose element names carry a namespace prefix (<x:row>, <x:c>), as the OpenXML SDK writes", async () => {
    const households = makeHouseholds(3, villages, "P").map((h) => ({ ...h, designation: "MONITORED", designatedAt: "2025-03-15" }));
    const rows: Cell[][] = sheetRows(households).map((row) => row.map((v, c) => (c === col("认定日期") ? { number: MARCH_15, fmt: 31 } : v)));
    const file = await xlsxwriter(rows, { prefix: true });
    expect(file.includes(Buffer.from("x:row"))).toBe(false); // deflated; the parts are checked through the import
    const job = await importFile(file, "前缀.xlsx");
    expect(job.problems).toEqual([]);
    expect(job).toMatchObject({ status: "SUCCEEDED", created: 3 });
    const h = await stored(households[1]!.householdNo);
    expect(h.members.map((m) => m.idNumber)).toEqual(households[1]!.members.map((m) => m.idNumber));
    expect(h.designatedAt?.toISOString().slice(0, 10)).toBe("2025-03-15");
  });

  it("refuses .ods and .xls at upload by their content, whatever their name, with what to do", async () => {
    const csv = householdsCsv(sheetRows(makeHouseholds(1, villages, "O"))).toString("utf8");
    const [ods, xls] = await Promise.all([csvConvert(csv, "ods"), csvConvert(csv, "xls")]);
    const jobsBefore = await t.prisma.importJob.count();
    for (const [file, name, message] of [
      [ods, "户档案.ods", /OpenDocument 表格（\.ods）.*另存为.*\.xlsx/],
      [ods, "改了扩展名.xlsx", /OpenDocument 表格（\.ods）/],
      [xls, "户档案.xls", /\.xls 请先在表格软件中另存为 \.xlsx/],
      [xls, "改了扩展名.xlsx", /\.xls 请先在表格软件中另存为 \.xlsx/],
    ] as const) {
      const res = await uploadSheet(t.app, township, file, name);
      expect([res.statusCode, res.json().code], name).toEqual([415, "IMPORT_FILE_TYPE"]);
      expect(res.json().message, name).toMatch(message);
    }
    expect(await t.prisma.importJob.count()).toBe(jobsBefore);
  }, 60_000);
});

describe("typing", () => {
  it("reads full-width digits and letters typed with a Chinese input method (ＩＤ numbers, Ｘ, amounts) as ordinary ones", async () => {
    const households = makeHouseholds(4, villages, "W");
    const wide = (s: string) => s.replace(/[0-9A-Za-z.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const columns = ["户编号", "村（社区）统计用区划代码", "A4 证件号码", "联系电话", "A28 工资性收入（元）", "A13 务工时间（月）"].map(col);
    const rows: Cell[][] = sheetRows(households).map((row) => row.map((v, c) => (columns.includes(c) && v !== null ? wide(String(v)) : v)));
    expect(JSON.stringify(rows)).toContain("３７１０"); // ID numbers as people typed them
    const job = await importFile(await xlsxwriter(rows), "全角.xlsx");
    expect(job.problems).toEqual([]);
    expect(job).toMatchObject({ status: "SUCCEEDED", created: 4 });
    const h = await stored(households[0]!.householdNo);
    expect(h.members.map((m) => m.idNumber)).toEqual(households[0]!.members.map((m) => m.idNumber));
    expect([h.phone, h.wageIncomeFen]).toEqual([households[0]!.phone, households[0]!.income.wageIncome * 100]);
    // The same households in ordinary digits are the same households.
    expect(await importFile(await xlsxwriter(sheetRows(households)), "半角.xlsx")).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
  });
});

import { UnreadableCell } from "@fanpin/domain/import/unreadable-cell";
import { describe, expect, it } from "vitest";
import { householdsCsv, SHEET_HEADERS } from "../../../test/household-sheets.ts";
import { deflateRepeated, inlineRow, packageParts, SHEET_HEAD, SHEET_TAIL, SST_HEAD, zipArchive } from "../../../test/xlsx-parts.ts";
import { configFromEnv, type ImportLimits } from "../../config.ts";
import ExcelJS from "../../lib/exceljs.ts";
import { openSheet } from "./sheet-reader.ts";
import { openXlsxRows } from "./xlsx-rows.ts";

const LIMITS = configFromEnv().importLimits;

// The import's own .xlsx reader gives what exceljs's streaming reader gave (the import tests cover files
// written by exceljs's streaming writer and by LibreOffice); here, the cell kinds those files do not hold.
async function rowsOf(file: Buffer, limits: ImportLimits = LIMITS) {
  const { rows, fraction } = openXlsxRows(file, limits);
  const out: { row: number; values: unknown[] }[] = [];
  for await (const r of rows) out.push(r);
  return { out, fraction: fraction() };
}

describe("reading .xlsx rows", () => {
  it("reads shared and rich strings, numbers, dates by their format, formula results, booleans, and errors as unreadable cells", async () => {
    const workbook = new ExcelJS.Workbook(); // the non-streaming writer keeps strings in the shared-strings part
    workbook.addWorksheet("说明").addRow(["这一页不是数据"]);
    const sheet = workbook.addWorksheet("户档案");
    sheet.addRow(["户编号", "姓名", "日期", "数字", "公式", "布尔", "错误", "富文本", "公式文本", "零"]);
    sheet.addRow([
      "371002100201T1", "A&B <c> \"d\" 'e' 𠮷\n二行", new Date(Date.UTC(2026, 9, 1)), 12.5, { formula: "D2*2", result: 25 }, true,
      { error: "#N/A" }, { richText: [{ text: "王" }, { font: { bold: true }, text: "五" }] }, { formula: "\"a\"&\"b\"", result: "ab" }, { formula: "0*1", result: 0 },
    ]);
    sheet.getCell("C2").numFmt = "yyyy\"年\"m\"月\"d\"日\"";
    sheet.addRow([]);
    sheet.getRow(5).getCell(2).value = "第五行";
    // The data sheet is the workbook's first tab, whatever order the zip holds the parts in.
    // (exceljs writes the tabs in orderNo order into workbook.xml, the parts as sheet1 = 说明, sheet2 = 户档案.)
    (workbook.worksheets[0] as unknown as { orderNo: number }).orderNo = 1;
    (sheet as unknown as { orderNo: number }).orderNo = 0;
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    const { out, fraction } = await rowsOf(file);
    expect(fraction).toBe(1);
    expect(out.find((r) => r.row === 1)?.values[0]).toBe("户编号");
    expect(out.find((r) => r.row === 2)?.values).toEqual([
      "371002100201T1", "A&B <c> \"d\" 'e' 𠮷\n二行", new Date(Date.UTC(2026, 9, 1)), 12.5, 25, true, new UnreadableCell("error", "#N/A"), "王五", "ab", 0,
    ]); // a formula whose result is 0 reads as 0
    expect(out.find((r) => r.row === 5)?.values).toEqual([undefined, "第五行"]);
  });

  it("reports a damaged file as unreadable", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("户档案").addRow(["户编号"]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    for (const broken of [file.subarray(0, file.length - 30), Buffer.concat([file.subarray(0, 4), Buffer.alloc(200, 7)])]) {
      await expect(openSheet(broken, "xlsx", LIMITS)).rejects.toMatchObject({ code: "IMPORT_FILE_UNREADABLE" });
    }
  });
});

/** Reads a file to the end with these limits; the error it fails with, or null. */
async function failureOf(file: Buffer, format: "xlsx" | "csv", limits: Partial<ImportLimits>) {
  try {
    const sheet = await openSheet(file, format, { ...LIMITS, ...limits });
    for await (const _ of sheet.rows);
    return null;
  } catch (error) {
    return error as { code: string; message: string };
  }
}

const header = inlineRow(1, SHEET_HEADERS);
const xlsx = (sheet: string, more: Parameters<typeof zipArchive>[0] = []) =>
  zipArchive([...packageParts({ sharedStrings: more.some((p) => p.name === "xl/sharedStrings.xml") }), { name: "xl/worksheets/sheet1.xml", data: sheet }, ...more]);

describe("bounded reading (import bombs)", () => {
  it("stops a shared string that inflates to 300 MB while inflating, with heap to spare", async () => {
    const deflated = await deflateRepeated(`${SST_HEAD}<si><t>`, "A", 300 * 1024 * 1024, "</t></si></sst>");
    expect(deflated.length).toBeLessThan(400 * 1024);
    const file = xlsx(SHEET_HEAD + header + SHEET_TAIL, [{ name: "xl/sharedStrings.xml", deflated, claimedSize: 1000 }]);
    const heapBefore = process.memoryUsage().heapUsed;
    const error = await failureOf(file, "xlsx", {});
    expect(error).toMatchObject({ code: "IMPORT_LIMIT_EXCEEDED", message: expect.stringContaining("单元格内容超过 32767 个字符的上限") });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
  });

  it("counts inflated bytes per part and per file, whatever the zip headers claim", async () => {
    // 64 MB of blanks between rows: nothing to hold, but more than the part may hold.
    const deflated = await deflateRepeated(SHEET_HEAD + header, " ", 64 * 1024 * 1024, SHEET_TAIL);
    const file = zipArchive([...packageParts(), { name: "xl/worksheets/sheet1.xml", deflated, claimedSize: 2000 }]);
    expect(await failureOf(file, "xlsx", { entryBytes: 16 * 1024 * 1024 })).toMatchObject({
      code: "IMPORT_LIMIT_EXCEEDED", message: expect.stringMatching(/^读到第 1 行时，文件中的 xl\/worksheets\/sheet1\.xml 解压后超过 16 MB 的上限/),
    });
    expect(await failureOf(file, "xlsx", { fileBytes: 32 * 1024 * 1024 })).toMatchObject({ code: "IMPORT_LIMIT_EXCEEDED", message: expect.stringContaining("文件解压后的总大小超过 32 MB 的上限") });
    expect(await failureOf(file, "xlsx", {})).toBeNull(); // within the defaults it is just a sheet with a header
  });

  it("names the row of a cell, a row, too many columns and too many rows in an .xlsx", async () => {
    const long = "长".repeat(40_000);
    expect(await failureOf(xlsx(SHEET_HEAD + header + inlineRow(12, ["a", long]) + SHEET_TAIL), "xlsx", {}))
      .toMatchObject({ code: "IMPORT_LIMIT_EXCEEDED", message: expect.stringMatching(/^第 12 行：单元格内容超过 32767 个字符的上限/) });
    expect(await failureOf(xlsx(SHEET_HEAD + header + inlineRow(7, Array.from({ length: 40 }, () => "x".repeat(30_000))) + SHEET_TAIL), "xlsx", {}))
      .toMatchObject({ message: expect.stringMatching(/^第 7 行：一行的内容超过 1048576 个字符的上限/) });
    const wide = `<row r="3"><c r="A3" t="inlineStr"><is><t>1</t></is></c><c r="XFD3" t="inlineStr"><is><t>2</t></is></c></row>`;
    expect(await failureOf(xlsx(SHEET_HEAD + header + wide + SHEET_TAIL), "xlsx", {})).toMatchObject({ message: expect.stringMatching(/^第 3 行：列数超过 1024 列的上限/) });
    const many = Array.from({ length: 30 }, (_, i) => inlineRow(i + 2, ["x"])).join("");
    expect(await failureOf(xlsx(SHEET_HEAD + header + many + SHEET_TAIL), "xlsx", { rows: 20 })).toMatchObject({ message: expect.stringMatching(/^第 21 行：数据行数超过 20 行的上限/) });
  });

  it("reads hostile markup in one pass: unterminated CDATA sections and phonetic guides do not stall the reader", async () => {
    // Raw markup inside a cell, about 500,000 characters of each (under the row limit): a pattern that rescanned the rest
    // of the text at every occurrence would take hours (and so fail by the test's timeout; no speed is asserted).
    const cdata = "<![CDATA[".repeat(50_000);
    const row = `<row r="2"><c t="inlineStr"><is><t>${cdata}x</t>${"<rPh>".repeat(100_000)}</is></c></row>`;
    const file = xlsx(`<?xml version="1.0"?><!-- written by hand -->` + SHEET_HEAD.replace(/^<\?xml[^>]*>/, "") + header + row + SHEET_TAIL);
    const { out } = await rowsOf(file, { ...LIMITS, cellChars: 1_000_000 });
    expect(out.find((r) => r.row === 2)?.values[0]).toBe(`${cdata}x`);
  });

  it("does not count empty formatted rows (<row …/>) against the row limits, however many", async () => {
    const empty = Array.from({ length: 100_000 }, (_, i) => `<row r="${i + 3}" ht="20" customHeight="1"/>`).join("");
    const file = xlsx(SHEET_HEAD + header + inlineRow(2, ["1"]) + empty + inlineRow(100_003, ["2"]) + SHEET_TAIL);
    expect(await failureOf(file, "xlsx", { rows: 3 })).toBeNull();
    const { out } = await rowsOf(file);
    expect(out.map((r) => r.row)).toEqual([1, 2, 100_003]);
  });

  it("bounds a CSV field, line, columns and rows, in UTF-8 and GB18030", async () => {
    for (const encoding of ["utf8", "gb18030"] as const) {
      const csv = (rows: string[][]) => householdsCsv(rows, encoding);
      expect(await failureOf(csv([["a"], ["b", "长".repeat(40_000)]]), "csv", {}), encoding)
        .toMatchObject({ code: "IMPORT_LIMIT_EXCEEDED", message: expect.stringMatching(/^第 3 行：单元格内容超过 32767 个字符的上限/) });
      // An unterminated quote makes the rest of the file one field: stopped once the line is over its limit.
      const open = Buffer.concat([csv([["a"]]), Buffer.from(`"${"x".repeat(3 * 1024 * 1024)}`)]);
      expect(await failureOf(open, "csv", {}), encoding).toMatchObject({ message: expect.stringMatching(/^第 3 行：一行的内容超过 1048576 个字符的上限/) });
      expect(await failureOf(csv([["a", ...Array.from({ length: 1100 }, () => "y")]]), "csv", {}), encoding)
        .toMatchObject({ message: expect.stringMatching(/^第 2 行：列数超过 1024 列的上限/) });
      expect(await failureOf(csv(Array.from({ length: 30 }, () => ["r"])), "csv", { rows: 20 }), encoding)
        .toMatchObject({ message: expect.stringMatching(/^第 21 行：数据行数超过 20 行的上限/) });
    }
  });
});

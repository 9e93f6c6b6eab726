import { describe, expect, it } from "vitest";
import ExcelJS from "../../lib/exceljs.ts";
import { openSheet } from "./sheet-reader.ts";
import { openXlsxRows } from "./xlsx-rows.ts";

// The import's own .xlsx reader gives what exceljs's streaming reader gave (the import tests cover files
// written by exceljs's streaming writer and by LibreOffice); here, the cell kinds those files do not hold.
async function rowsOf(file: Buffer) {
  const { rows, fraction } = openXlsxRows(file);
  const out: { row: number; values: unknown[] }[] = [];
  for await (const r of rows) out.push(r);
  return { out, fraction: fraction() };
}

describe("reading .xlsx rows", () => {
  it("reads shared and rich strings, numbers, dates by their format, formula results, booleans and errors", async () => {
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
      "371002100201T1", "A&B <c> \"d\" 'e' 𠮷\n二行", new Date(Date.UTC(2026, 9, 1)), 12.5, 25, true, null, "王五", "ab",
    ]); // a formula whose result is 0 reads as empty, as in exceljs
    expect(out.find((r) => r.row === 5)?.values).toEqual([undefined, "第五行"]);
  });

  it("reports a damaged file as unreadable", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("户档案").addRow(["户编号"]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    for (const broken of [file.subarray(0, file.length - 30), Buffer.concat([file.subarray(0, 4), Buffer.alloc(200, 7)])]) {
      await expect(openSheet(broken, "xlsx")).rejects.toMatchObject({ code: "IMPORT_FILE_UNREADABLE" });
    }
  });
});

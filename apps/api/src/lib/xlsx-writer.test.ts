import { describe, expect, it } from "vitest";
import ExcelJS from "./exceljs.ts";
import { xlsxBuffer } from "./xlsx.ts";

describe("the streaming .xlsx writer", () => {
  it("writes titles, a frozen header and typed cells that exceljs reads back", async () => {
    async function* rows() {
      yield [1, "370101199001011234", new Date("2026-01-02T00:00:00Z"), "a<b&c \"q\""];
      yield [2, 12345, null, ""];
    }
    const { buffer, rowCount } = await xlsxBuffer([
      { name: "台账", titleLines: ["标题", "第二行"], columns: [{ header: "序号", width: 6 }, { header: "证件号码", width: 22, text: true }, { header: "日期", width: 12 }, { header: "备注", width: 10 }], rows: rows() },
      { name: "第二页", columns: [{ header: "甲", width: 5 }], rows: [["x"]] },
    ]);
    expect(rowCount).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("台账")!;
    expect(sheet.getCell("A1").value).toBe("标题");
    expect(sheet.getRow(3).values).toEqual([undefined, "序号", "证件号码", "日期", "备注"]);
    expect(sheet.getCell("B4").value).toBe("370101199001011234");
    expect(sheet.getCell("B4").numFmt).toBe("@");
    expect(sheet.getCell("C4").value).toEqual(new Date("2026-01-02T00:00:00Z"));
    expect(sheet.getCell("D4").value).toBe("a<b&c \"q\"");
    // A number in a text column is written as text; an empty cell stays empty.
    expect(sheet.getCell("B5").value).toBe("12345");
    expect(sheet.getCell("C5").value).toBeNull();
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToWidth: 1, fitToHeight: 0 });
    expect(wb.getWorksheet("第二页")!.getCell("A2").value).toBe("x");
  });
});

import { describe, expect, it } from "vitest";
import { independentCheckCharacter as computeCheckCharacter } from "../testing/id-numbers.ts"; // not the production code under test
import { readIdNumberCell } from "./id-number-cell.ts";

const valid = (first17: string) => first17 + computeCheckCharacter(first17);

describe("an ID number cell of a spreadsheet", () => {
  it("accepts a valid number written as text, with spaces or a lower-case x", () => {
    const id = valid("37100219800101001");
    expect(readIdNumberCell(` ${id.toLowerCase()} `)).toEqual({ ok: true, idNumber: id });
  });

  it("reads full-width digits and Ｘ typed with a Chinese input method as ordinary ones", () => {
    let first17 = "37100219800101001";
    for (let n = 2; computeCheckCharacter(first17) !== "X"; n++) first17 = `371002198001010${String(n).padStart(2, "0")}`;
    const wide = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(readIdNumberCell(wide(`${first17}X`))).toEqual({ ok: true, idNumber: `${first17}X` });
    expect(readIdNumberCell(`${wide(first17)}ｘ`)).toEqual({ ok: true, idNumber: `${first17}X` });
  });

  it("recognises a number the spreadsheet stored as a float", () => {
    expect(readIdNumberCell(371002198001010000)).toMatchObject({ ok: false, mangledBySpreadsheet: true });
    expect(readIdNumberCell("3.71002E+17")).toMatchObject({ ok: false, mangledBySpreadsheet: true });
    expect(readIdNumberCell("3.71002198001E+17")).toMatchObject({ ok: false, mangledBySpreadsheet: true });
    expect(readIdNumberCell("371002198001010000.0")).toMatchObject({ ok: false, mangledBySpreadsheet: true });
  });

  it("recognises the trailing 000 of lost digits", () => {
    const first15 = valid("37100219800101001").slice(0, 15);
    expect(readIdNumberCell(`${first15}000`)).toMatchObject({ ok: false, mangledBySpreadsheet: true });
  });

  it("reports other problems as such", () => {
    expect(readIdNumberCell("")).toEqual({ ok: false, message: "请填写证件号码", mangledBySpreadsheet: false });
    expect(readIdNumberCell("37100219800101")).toMatchObject({ ok: false, mangledBySpreadsheet: false, message: "身份证号码应为 18 位" });
    const id = valid("37100219800101001");
    const wrong = id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
    expect(readIdNumberCell(wrong)).toMatchObject({ ok: false, mangledBySpreadsheet: false, message: "身份证号码校验位不正确，请核对是否有录入错误" });
  });
});

import { describe, expect, it } from "vitest";
import { hasUntypeable, LINE_BREAK_MESSAGE, storableFileName, UNTYPEABLE_MESSAGE, zLine, zMultiline } from "./text.ts";

describe("untypeable characters", () => {
  it("refuses what PostgreSQL cannot store or no one could type, and keeps what people write", () => {
    for (const bad of ["\u0000", "a\u0001", "\u001b", "\u007f", "\u0085", "\u009f", "\ud800", "x\udfff", "\ufffd", "\ufffe", "\uffff", "\ufdd0", "\u{1fffe}", "\u{10ffff}", "\u202e", "\u2066"]) {
      expect(hasUntypeable(bad), JSON.stringify(bad)).toBe(true);
    }
    for (const good of ["张三", "鞠檬", "𠮷野家", "😀", "a\tb", "第一行\r\n第二行", "（１２３）", "\u200b", "ǎ", "%_\\", "O'Brien", "\ue000"]) {
      expect(hasUntypeable(good), JSON.stringify(good)).toBe(false);
    }
  });

  it("gives one message per rule: untypeable everywhere, line breaks only in one-line fields", () => {
    expect(zLine().safeParse("张\u0000三").error?.issues.map((i) => i.message)).toEqual([UNTYPEABLE_MESSAGE]);
    expect(zLine().safeParse("张\n三").error?.issues.map((i) => i.message)).toEqual([LINE_BREAK_MESSAGE]);
    expect(zLine().parse("  张三\n")).toBe("张三");
    expect(zMultiline().parse(" 第一行\n第二行 ")).toBe("第一行\n第二行");
    expect(zMultiline().safeParse("\u202e说明").error?.issues.map((i) => i.message)).toEqual([UNTYPEABLE_MESSAGE]);
  });
});

describe("storableFileName", () => {
  it("shortens by characters and keeps the extension", () => {
    expect(storableFileName(`${"中".repeat(300)}.xlsx`, 255, "f")).toBe(`${"中".repeat(250)}.xlsx`);
    expect([...storableFileName(`${"😀".repeat(300)}.csv`, 255, "f")]).toHaveLength(255);
    expect(storableFileName("x".repeat(300), 10, "f")).toBe("x".repeat(10));
  });

  it("drops controls, broken characters and path separators", () => {
    expect(storableFileName("a\u0000b\u202e\ud800.csv", 255, "f")).toBe("ab.csv");
    expect(storableFileName("../../etc/passwd", 255, "f")).toBe(".._.._etc_passwd");
    expect(storableFileName("\u0000\u0001", 255, "导入文件")).toBe("导入文件");
  });
});

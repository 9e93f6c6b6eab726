import { describe, expect, it } from "vitest";
import { dateOutOfRange, laterBound, todayBound, zDate } from "./dates.ts";

describe("zDate", () => {
  const schema = zDate("入户日期");
  it("asks for a missing date by name", () => {
    expect(schema.safeParse(undefined).error?.issues[0]?.message).toBe("请选择入户日期");
    expect(schema.safeParse("").error?.issues[0]?.message).toBe("请选择入户日期");
  });
  it("names the format only for a mistyped date", () => {
    expect(schema.safeParse("2026/11/20").error?.issues[0]?.message).toBe("入户日期格式应为 YYYY-MM-DD");
    expect(schema.safeParse("2026-11-20").success).toBe(true);
  });
  it("refuses years no record of this work can have (PostgreSQL has no year 0)", () => {
    expect(schema.safeParse("0000-01-01").error?.issues[0]?.message).toBe("入户日期应在 1900–2100 年之间");
    expect(schema.safeParse("9999-12-31").success).toBe(false);
    expect(schema.safeParse("1900-01-01").success).toBe(true);
  });
});

describe("dateOutOfRange", () => {
  const range = { min: { date: "2026-11-20", label: "审核通过日期" }, max: todayBound("2026-12-06") };
  it("says why a date is too late", () => {
    expect(dateOutOfRange("2026-12-07", "入户日期", range)).toBe("入户日期不能晚于今天");
    expect(dateOutOfRange("2026-12-07", "异议受理日期", { max: { date: "2026-12-01", label: "公示结束日期" } })).toBe(
      "异议受理日期不能晚于公示结束日期（2026-12-01）",
    );
  });
  it("says why a date is too early, naming the day it may not precede", () => {
    expect(dateOutOfRange("2026-11-19", "张贴日期", range)).toBe("张贴日期不能早于审核通过日期（2026-11-20）");
  });
  it("accepts the bounds themselves", () => {
    expect(dateOutOfRange("2026-11-20", "张贴日期", range)).toBeNull();
    expect(dateOutOfRange("2026-12-06", "张贴日期", range)).toBeNull();
    expect(dateOutOfRange("2026-11-01", "张贴日期", {})).toBeNull();
  });
  it("keeps the later of two lower bounds", () => {
    const a = { date: "2026-11-01", label: "线索接收日期" };
    const b = { date: "2026-11-10", label: "开档日期" };
    expect(laterBound(a, b)).toBe(b);
    expect(laterBound(null, a)).toBe(a);
  });
});

import { describe, expect, it } from "vitest";
import { chineseDate, formatPeriod } from "./chinese-date.ts";

describe("dates as notices write them", () => {
  it("drops leading zeros", () => {
    expect(chineseDate("2026-01-05")).toBe("2026年1月5日");
    expect(formatPeriod("2026-11-24", "2026-11-28")).toBe("2026年11月24日至2026年11月28日");
  });
});

import { describe, expect, it } from "vitest";
import { describeFacts } from "./warning-facts.ts";

describe("a warning's facts in words", () => {
  it("names the rules' keys, shows fen as yuan and department codes by name", () => {
    expect(describeFacts({ year: 2025, perCapitaFen: 612345, departments: ["CIVIL_AFFAIRS", "HEALTH"], kinds: ["TEMPORARY_RELIEF"], odd: "x", none: null })).toEqual([
      { key: "year", label: "年度", value: "2025" },
      { key: "perCapitaFen", label: "人均纯收入", value: "6,123.45 元" },
      { key: "departments", label: "部门", value: "民政、卫健" },
      { key: "kinds", label: "预警类别", value: "临时救助" },
      { key: "odd", label: "odd", value: "x" },
    ]);
  });
});

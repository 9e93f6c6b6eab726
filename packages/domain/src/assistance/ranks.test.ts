import { describe, expect, it } from "vitest";
import { rankLevel, rankSatisfies, RANK_OPTIONS } from "./ranks.ts";

describe("rank order", () => {
  it("orders 科员 < 副科级 < 正科级 < 副处级 < 正处级", () => {
    const levels = ["科员", "副科级", "正科级", "副处级", "正处级"].map(rankLevel);
    expect(levels).toEqual([...levels].sort((a, b) => a! - b!));
    expect(new Set(levels).size).toBe(5);
  });
  it("reads 副科级以上 as 副科级 and spellings of one rank alike", () => {
    expect(rankLevel("副科级以上")).toBe(rankLevel("副科级"));
    expect(rankLevel("四级主任科员")).toBe(rankLevel("副科级"));
    expect(rankLevel(" 正科 ")).toBe(rankLevel("正科级"));
    expect(rankLevel("村支书")).toBeNull();
    expect(rankLevel("")).toBeNull();
  });
  it("checks a minimum (Fuzhou: 副科级以上)", () => {
    expect(rankSatisfies("副科级", "副科级以上")).toBe(true);
    expect(rankSatisfies("正处级", "副科级以上")).toBe(true);
    expect(rankSatisfies("科员", "副科级以上")).toBe(false);
    expect(rankSatisfies("", "副科级以上")).toBe(false);
    expect(rankSatisfies("党员", "副科级以上")).toBe(false);
    expect(rankSatisfies("科员", null)).toBe(true);
    expect(rankSatisfies("", null)).toBe(true);
  });
  it("offers one name per level", () => {
    expect(RANK_OPTIONS).toContain("副科级");
    expect(RANK_OPTIONS.map(rankLevel)).toEqual(RANK_OPTIONS.map((_, i) => i));
  });
});

import { describe, expect, it } from "vitest";
import { readAmountFen, readDate, readDepartmentRow } from "./department-rows.ts";

describe("department rows", () => {
  it("reads amounts in yuan as fen", () => {
    expect(readAmountFen(1234.5)).toBe(123450n);
    expect(readAmountFen("1,234.56元")).toBe(123456n);
    expect(readAmountFen("￥30")).toBe(3000n);
    expect(readAmountFen("-5")).toBeNull();
    expect(readAmountFen("abc")).toBeNull();
    expect(readAmountFen("1.234")).toBeNull();
  });
  it("reads dates", () => {
    expect(readDate("2026/11/5")).toBe("2026-11-05");
    expect(readDate("2026年11月5日")).toBe("2026-11-05");
    expect(readDate("20261105")).toBe("2026-11-05");
    expect(readDate(46000)).toBe("2025-12-09");
    expect(readDate("2026-02-30")).toBeNull();
    expect(readDate(new Date("2026-11-05T00:00:00Z"))).toBe("2026-11-05");
  });
  it("maps the kind column through kindValues, refuses another department's kind", () => {
    const mapping = { columns: { idNumber: "身份证", kind: "类别" }, kindValues: { 城市低保: "NEW_MINIMUM_LIVING" as const, 残疾: "SEVERE_DISABILITY" as const } };
    const id = "11010519491231002X";
    expect(readDepartmentRow({ 身份证: id, 类别: "城市低保" }, mapping, "CIVIL_AFFAIRS")).toMatchObject({ ok: true, row: { kind: "NEW_MINIMUM_LIVING" } });
    expect(readDepartmentRow({ 身份证: id, 类别: "临时救助" }, mapping, "CIVIL_AFFAIRS")).toMatchObject({ ok: true, row: { kind: "TEMPORARY_RELIEF" } });
    expect(readDepartmentRow({ 身份证: id, 类别: "残疾" }, mapping, "CIVIL_AFFAIRS").ok).toBe(false);
    expect(readDepartmentRow({ 身份证: "123", 类别: "城市低保" }, mapping, "CIVIL_AFFAIRS").ok).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { HOUSEHOLD_NO_MESSAGE, isHouseholdNo } from "./household-no.ts";
import { ZCreateHouseholdRequest } from "./household-schemas.ts";

describe("户编号 format", () => {
  it("accepts 18 digits (village code + serial)", () => {
    expect(isHouseholdNo("371002100201000123")).toBe(true);
  });
  it.each(["IMP-A", "37100210020100012", "3710021002010001234", "37100210020100012X", "３７１００２１００２０１０００１２３", " 371002100201000123"])("refuses %s", (v) => {
    expect(isHouseholdNo(v)).toBe(false);
  });
  it("the create schema says the expected format in Chinese", () => {
    const parsed = ZCreateHouseholdRequest.safeParse({ householdNo: "IMP-A" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.find((i) => i.path[0] === "householdNo")?.message).toBe(HOUSEHOLD_NO_MESSAGE);
  });
});

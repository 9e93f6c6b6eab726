import { describe, expect, it } from "vitest";
import { areaScopePrefix, isWithinArea } from "./areas.ts";

describe("area scoping by statistical code", () => {
  const township = { level: "TOWNSHIP" as const, code: "371002100000" };
  it("uses the significant digits of the level", () => {
    expect(areaScopePrefix("DISTRICT", "371002000000")).toBe("371002");
    expect(areaScopePrefix("TOWNSHIP", "371002100000")).toBe("371002100");
  });
  it("accepts villages of the township and refuses a neighbouring township", () => {
    expect(isWithinArea(township, "371002100201")).toBe(true);
    expect(isWithinArea(township, "371002101201")).toBe(false);
    expect(isWithinArea({ level: "DISTRICT", code: "371002000000" }, "371003100201")).toBe(false);
  });
});

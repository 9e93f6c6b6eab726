import { ZVisitInput } from "@fanpin/domain/assistance-schemas";
import { describe, expect, it } from "vitest";
import { newVisitId, toFormValues, toVisitBody } from "./visit-values.ts";

describe("the visit form's values and the request body", () => {
  it("makes a body the contract accepts, with only the changes filled in", () => {
    const id = newVisitId();
    const body = toVisitBody(id, {
      visitedOn: "2026-11-20", mode: "PHONE", metWith: " 户主本人 ", findings: "生活正常", nextSteps: "",
      incomeYear: 2026, income: { wageIncome: 12000, pension: null }, conditions: { DRINKING_WATER: "MET", SCHOOLING: "" },
      newRiskCauses: ["DISASTER"], riskClass: "",
    });
    expect(body).toEqual({
      id, visitedOn: "2026-11-20", mode: "PHONE", metWith: "户主本人", findings: "生活正常", nextSteps: undefined,
      changes: { income: { year: 2026, items: { wageIncome: 12000 } }, conditions: [{ kind: "DRINKING_WATER", value: "MET" }], newRiskCauses: ["DISASTER"], riskClass: null },
    });
    expect(ZVisitInput.safeParse(body).success).toBe(true);
  });

  it("an income year without items is no income change; a refused visit comes back to the form as typed", () => {
    const body = toVisitBody(newVisitId(), { visitedOn: "2026-11-20", mode: "IN_PERSON", metWith: "配偶", findings: "x", incomeYear: 2026, riskClass: "A" });
    expect(body.changes).toMatchObject({ income: null, riskClass: "A" });
    expect(toVisitBody(body.id, toFormValues(body))).toEqual(body);
  });

  it("makes v4 UUIDs", () => {
    expect(newVisitId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

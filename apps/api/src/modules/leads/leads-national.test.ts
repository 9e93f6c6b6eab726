import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";

// National rule set: the identification's 15 calendar days count from the first clue. Test clock: Monday 2026-11-23.
let h: Harness;
beforeAll(async () => {
  h = await procedureHarness("national");
});
afterAll(() => h.close());

const daysBefore = (n: number) => new Date(Date.parse(`${h.today()}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

describe("a lead opening a case under the national rules", () => {
  it("describes the detection rules in GET /api/rules", () => {
    expect(h.rules.detection).toMatchObject({
      handOver: "NEXT_WORKING_DAY", verifyWithin: { days: expect.any(Number), text: expect.stringContaining("移交乡镇后") },
      mergeWithinDays: expect.any(Number), screeningReportDay: expect.any(Number), earlyWarnings: expect.any(Array),
    });
  });

  it("counts the 15 days from the lead's first clue, not from the day the case is opened", async () => {
    // Above the monitoring line: a household below it would have a lead of the early-warning rules already.
    const household = await h.ok("township", "POST", "/api/households",
      householdPayload(await areaIdByName(h.t.prisma, "张村"), { category: "ORDINARY", income: { wageIncome: 20_000 } as Json["income"] }));
    const first = await h.ok("village", "POST", "/api/leads", {
      source: "HOTLINE", receivedOn: daysBefore(6), householdId: household.id, riskCauses: ["SERIOUS_ILLNESS"], description: "来电反映户主住院",
    });
    await h.ok("township", "POST", "/api/leads", {
      source: "DAILY_VISIT", receivedOn: daysBefore(2), householdId: household.id, riskCauses: ["SERIOUS_ILLNESS"], description: "走访核实",
    });
    const opened = await h.ok("township", "POST", `/api/leads/${first.id}/open-case`, {
      version: 2, riskCauses: ["SERIOUS_ILLNESS"], description: "核实属实",
    });
    const c = await h.getCase(opened.case.id);
    expect(c).toMatchObject({ ruleSet: "national", firstClueOn: daysBefore(6), lead: { source: "HOTLINE", receivedOn: daysBefore(6) } });
    // 2026-11-17 + 15 calendar days.
    expect(c.limitDeadline).toBe("2026-12-02");
    const identification = h.rules.procedures.find((p: { kind: string }) => p.kind === c.procedure);
    expect(identification.limit).toMatchObject({ days: 15, unit: "CALENDAR_DAYS", from: "FIRST_CLUE" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";
import { areaIdByName, householdPayload, newCitizenId } from "../../../test/fixtures.ts";

// Weihai rules. Test clock: Monday 2026-11-23.
let h: Harness;
let zhangcun: number;
beforeAll(async () => {
  h = await procedureHarness("weihai");
  zhangcun = await areaIdByName(h.t.prisma, "张村");
});
afterAll(() => h.close());

const clue = (over: Json = {}) => ({ source: "HOTLINE", receivedOn: h.today(), riskCauses: ["SERIOUS_ILLNESS"], description: "来电反映家中有人住院", ...over });

describe("receiving clues (POST /api/leads)", () => {
  it("opens a lead on a registered household, handed over the next working day, and merges a second clue into it", async () => {
    // Income above the monitoring line: registering it raises no early warning (which would open a lead first).
    const household = await h.ok("township", "POST", "/api/households", householdPayload(zhangcun, { income: { wageIncome: 20_000 } as Json["income"] }));
    const first = await h.ok("village", "POST", "/api/leads", clue({ householdId: household.id }));
    expect(first.merged).toBe(false);
    const row = await h.t.prisma.lead.findUniqueOrThrow({ where: { id: first.id } });
    expect(row.handedOn.toISOString().slice(0, 10)).toBe("2026-11-24");
    expect(row.verifyDeadline.toISOString().slice(0, 10)).toBe("2026-12-01");
    const second = await h.ok("township", "POST", "/api/leads", clue({ householdId: household.id, source: "DAILY_VISIT", riskCauses: ["EDUCATION"] }));
    expect(second).toMatchObject({ id: first.id, merged: true });
    const merged = await h.t.prisma.lead.findUniqueOrThrow({ where: { id: first.id }, include: { clues: true } });
    expect(merged.clues.map((c) => c.source).sort()).toEqual(["DAILY_VISIT", "HOTLINE"]);
    expect(merged.riskCauses.sort()).toEqual(["EDUCATION", "SERIOUS_ILLNESS"]);
  });

  it("merges clues on an unregistered person by phone, and a registered member's ID number finds the household", async () => {
    const a = await h.ok("village", "POST", "/api/leads", clue({ personName: "王某", villageId: zhangcun, phone: "13912345678" }));
    const b = await h.ok("township", "POST", "/api/leads", clue({ personName: "王某某", villageId: zhangcun, phone: "13912345678", source: "SECRETARY_VISIT" }));
    expect(b).toMatchObject({ id: a.id, merged: true });
    const household = await h.newHousehold("ORDINARY");
    const idNumber = household.members[0].idNumberFull ?? null;
    if (idNumber) {
      const c = await h.ok("village", "POST", "/api/leads", clue({ personName: "户主", villageId: zhangcun, idNumber }));
      expect((await h.t.prisma.lead.findUniqueOrThrow({ where: { id: c.id } })).householdId).toBe(household.id);
    }
  });

  it("refuses a person without a village, and a village outside the user's area", async () => {
    const res = await h.call("village", "POST", "/api/leads", clue({ personName: "李某" }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details.map((d: Json) => d.path)).toContain("villageId");
    const other = await areaIdByName(h.t.prisma, "李村").catch(() => null);
    if (other) {
      const out = await h.call("village", "POST", "/api/leads", clue({ personName: "李某", villageId: other, idNumber: newCitizenId() }));
      expect(out.statusCode).toBe(404);
    }
  });
});

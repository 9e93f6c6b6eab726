import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import {
  endDesignation, findDesignationsAt, findEndedPeriods, findPeriodsEndedBetween, findPeriodsOfHousehold, startDesignation,
} from "./designations.repository.ts";

// Against the real database (a copy of the demo template): demo households without a designation get periods here.
let t: TestApp;
let household: { id: string; villageCode: string };
let other: { id: string; villageCode: string };

beforeAll(async () => {
  t = await createTestApp();
  const free = await t.prisma.household.findMany({ where: { designation: null }, select: { id: true, villageCode: true }, orderBy: { householdNo: "asc" }, take: 2 });
  [household, other] = [free[0]!, free[1]!];
});
afterAll(() => t.close());

describe("designation periods", () => {
  it("start a period; a second open one is refused while the first is open", async () => {
    const started = await t.prisma.$transaction((tx) => startDesignation(tx, {
      householdId: household.id, villageCode: household.villageCode, designation: "MONITORING_TARGET", monitoringType: "EDGE_AT_RISK",
      startedOn: "2026-11-10", caseId: null,
    }));
    expect(started).toMatchObject({
      householdId: household.id, designation: "MONITORING_TARGET", monitoringType: "EDGE_AT_RISK", startedOn: "2026-11-10", endedOn: null, endReason: null,
    });
    await expect(startDesignation(t.prisma, {
      householdId: household.id, villageCode: household.villageCode, designation: "MONITORED", startedOn: "2026-11-11", caseId: null,
    })).rejects.toMatchObject({ code: "P2002" });
  });

  it("a household is designated from its start date up to the day before its end", async () => {
    const ended = await t.prisma.$transaction((tx) => endDesignation(tx, { householdId: household.id, endedOn: "2026-11-20", caseId: null, reason: "风险消除" }));
    expect(ended).toMatchObject({ householdId: household.id, startedOn: "2026-11-10", endedOn: "2026-11-20", endReason: "风险消除" });
    const on = async (asOf: string) => (await findDesignationsAt(t.prisma, [household.id, other.id], asOf)).get(household.id) ?? null;
    expect(await on("2026-11-09")).toBeNull();
    expect(await on("2026-11-10")).toEqual({ designation: "MONITORING_TARGET", monitoringType: "EDGE_AT_RISK", designatedOn: "2026-11-10" });
    expect(await on("2026-11-19")).not.toBeNull();
    expect(await on("2026-11-20")).toBeNull();
    // Nothing open any more: ending again finds nothing.
    expect(await endDesignation(t.prisma, { householdId: household.id, endedOn: "2026-11-21", caseId: null, reason: "再次" })).toBeNull();
    expect(await endDesignation(t.prisma, { householdId: other.id, endedOn: "2026-11-21", caseId: null, reason: "从未认定" })).toBeNull();
  });

  it("keeps the whole history: a household identified again has a new period, the old exit stays", async () => {
    await startDesignation(t.prisma, {
      householdId: household.id, villageCode: household.villageCode, designation: "MONITORED", startedOn: "2026-11-22", caseId: null,
    });
    const history = await findPeriodsOfHousehold(t.prisma, household.id);
    expect(history.map((p) => [p.designation, p.startedOn, p.endedOn])).toEqual([["MONITORING_TARGET", "2026-11-10", "2026-11-20"], ["MONITORED", "2026-11-22", null]]);
    expect((await findDesignationsAt(t.prisma, [household.id], "2026-11-21")).size).toBe(0);
    expect((await findDesignationsAt(t.prisma, [household.id], "2026-11-22")).get(household.id)?.designation).toBe("MONITORED");
    const exits = await findEndedPeriods(t.prisma, household.villageCode.slice(0, 6), "2026-11-22");
    expect(exits.filter((p) => p.householdId === household.id).map((p) => [p.endedOn, p.endReason])).toEqual([["2026-11-20", "风险消除"]]);
    expect((await findEndedPeriods(t.prisma, household.villageCode.slice(0, 6), "2026-11-19")).some((p) => p.householdId === household.id)).toBe(false);
    expect(await findPeriodsEndedBetween(t.prisma, [household.id], "2026-11-20", "2026-11-30")).toEqual([]);
    expect((await findPeriodsEndedBetween(t.prisma, [household.id], "2026-11-19", "2026-11-20")).map((p) => p.endedOn)).toEqual(["2026-11-20"]);
  });

  it("lists an exit where the household lived when it left", async () => {
    const elsewhere = await t.prisma.area.findFirstOrThrow({ where: { level: "VILLAGE", code: { not: { startsWith: other.villageCode.slice(0, 9) } } } });
    await startDesignation(t.prisma, { householdId: other.id, villageCode: other.villageCode, designation: "MONITORED", startedOn: "2026-11-01", caseId: null });
    // A move (the household write path updates the village; the period keeps its copy until it ends).
    await t.prisma.household.update({ where: { id: other.id }, data: { villageCode: elsewhere.code, villageId: elsewhere.id } });
    const ended = await endDesignation(t.prisma, { householdId: other.id, endedOn: "2026-11-05", caseId: null, reason: "风险消除" });
    expect(ended?.villageCode).toBe(elsewhere.code);
    const there = await findEndedPeriods(t.prisma, elsewhere.code.slice(0, 9), "2026-11-05");
    expect(there.find((p) => p.householdId === other.id)).toMatchObject({ villageName: elsewhere.name, endedOn: "2026-11-05", startedOn: "2026-11-01" });
    expect((await findEndedPeriods(t.prisma, other.villageCode.slice(0, 9), "2026-11-05")).some((p) => p.householdId === other.id)).toBe(false);
  });
});

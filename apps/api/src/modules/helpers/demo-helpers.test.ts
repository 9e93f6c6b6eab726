import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assistanceHarness, type Json } from "../../../test/assistance-harness.ts";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { loadDemoAssistance } from "../../demo/demo-assistance.ts";
import { loadDemoCases } from "../../demo/demo-cases.ts";

let t: TestApp;
let h: ReturnType<typeof assistanceHarness>;

beforeAll(async () => {
  t = await createTestApp();
  h = assistanceHarness(t);
  await loadDemoCases(t.prisma, t.clock.now, t.config);
  await loadDemoAssistance(t.prisma, t.clock.now, t.config);
}, 300_000);
afterAll(() => t.close());

describe("the demo's helpers", () => {
  it("the `helper` account leads designated households of 张村镇; the township still has one to assign", async () => {
    const mine = await h.ok("helper", "GET", "/api/assistance/queues/visits-due");
    expect(mine.total).toBeGreaterThanOrEqual(2);
    expect(mine.items.every((i: Json) => i.village.code.startsWith("371002100") && i.leadHelper?.name === "周帮扶")).toBe(true);
    const file = await h.ok("helper", "GET", `/api/assistance/${mine.items[0].householdId}`);
    expect(file.assignments[0].helper).toMatchObject({ name: "周帮扶", unit: "区农业农村局", rank: "副科级" });
    const waiting = await h.ok("township", "GET", "/api/assistance/queues/township-assign");
    expect(waiting.total).toBeGreaterThanOrEqual(1);
    const register = await h.ok("district", "GET", "/api/helpers");
    expect(register.total).toBe(5);
    const audit = await t.prisma.auditEntry.count({ where: { action: { in: ["helper.create", "assistance.assign"] } } });
    expect(audit).toBeGreaterThanOrEqual(5 + mine.total);
  });
});

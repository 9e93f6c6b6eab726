// Designated households with open assistance files, and helper-register
// entries, for the assistance tests. A household is registered over HTTP and
// designated directly (the procedures have their own tests): the file opens
// through syncAssistanceFiles, as the case engine opens it.
import { expect } from "vitest";
import { syncAssistanceFiles } from "../src/modules/assistance/assistance-files.repository.ts";
import { fileContext } from "../src/modules/assistance/assistance-files.service.ts";
import { householdPayload } from "./fixtures.ts";
import { TestSessions } from "./sessions.ts";
import type { TestApp } from "./test-app.ts";

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function assistanceHarness(t: TestApp) {
  const s = new TestSessions(t);
  const deps = { prisma: t.prisma, config: t.config, clock: t.clock.now };
  const today = () => new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

  const call = (user: string, method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: unknown) =>
    s.inject(user, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const ok = async (user: string, method: "GET" | "POST" | "PATCH" | "PUT", url: string, payload?: unknown): Promise<Json> => {
    const res = await call(user, method, url, payload);
    expect(res.statusCode, `${user} ${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };

  /** A household of the village, designated on `designatedOn` (default today), with its file open. */
  async function designatedHousehold(villageId: number, headName = "测试户主", designatedOn = today(), user = "township"): Promise<Json> {
    const payload = householdPayload(villageId);
    payload.members[0]!.name = headName;
    const h = await ok(user, "POST", "/api/households", payload);
    await t.prisma.household.update({ where: { id: h.id }, data: { designation: "MONITORED", designatedAt: new Date(`${designatedOn}T00:00:00Z`) } });
    const ctx = await fileContext(deps);
    await t.prisma.$transaction((tx) => syncAssistanceFiles(tx, [h.id], ctx));
    return { ...h, idNumbers: payload.members.map((m) => m.idNumber) };
  }

  let n = 0;
  /** A register entry serving the area. */
  const newHelper = (user: string, areaId: number, over: Json = {}) =>
    ok(user, "POST", "/api/helpers", { name: `帮扶人${++n}`, unit: "区农业农村局", position: "科员", rank: "副科级", phone: "13912345678", areaId, ...over });

  const assign = (user: string, householdId: string, helperId: string, over: Json = {}) =>
    call(user, "POST", `/api/assistance/${householdId}/assignments`, { role: "LEAD", helperId, startedOn: today(), ...over });

  return { s, deps, today, call, ok, designatedHousehold, newHelper, assign };
}

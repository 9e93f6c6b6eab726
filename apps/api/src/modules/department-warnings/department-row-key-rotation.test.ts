import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DepartmentJob } from "@fanpin/domain/detection/department-lists";
import { TEST_KEY_FILE } from "../../../test/data-keys.ts";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { rotateIndexKey } from "../../db/rotate-keys.ts";
import { useDataKeys } from "../../lib/data-crypto.ts";
import { keyringFromFile, type KeyFile } from "../../lib/data-keys.ts";
import { whenImportsIdle } from "../imports/import-runner.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  useDataKeys(keyringFromFile(TEST_KEY_FILE));
  await t.close();
});

describe("department warnings and the index key rotation", () => {
  it("recomputes row keys from the member's ID number: after a rotation the same list still raises nothing new", async () => {
    const district = await signIn(t.app, "district");
    const payload = householdPayload(await areaIdByName(t.prisma, "张村"));
    expect((await t.app.inject({ method: "POST", url: "/api/households", headers: { cookie: district }, payload })).statusCode).toBe(201);
    const text = `身份证号,金额,日期\r\n${payload.members[0]!.idNumber},88.8,2026-11-01\r\n${payload.members[1]!.idNumber},,\r\n`;
    const mapping = { columns: { idNumber: "身份证号", amount: "金额", occurredOn: "日期" }, fixedKind: "TEMPORARY_RELIEF" };
    const run = async (): Promise<DepartmentJob> => {
      const form = new FormData();
      form.append("mapping", JSON.stringify(mapping));
      form.append("file", new Blob([text]), "名单.csv");
      const request = new Request("http://localhost/", { method: "POST", body: form });
      const res = await t.app.inject({
        method: "POST", url: "/api/department-warnings/jobs?department=CIVIL_AFFAIRS",
        headers: { "content-type": request.headers.get("content-type")!, cookie: district }, payload: Buffer.from(await request.arrayBuffer()),
      });
      expect(res.statusCode, res.body).toBe(202);
      for (;;) {
        await whenImportsIdle();
        const job = (await t.app.inject({ method: "GET", url: `/api/department-warnings/jobs/${res.json().id}`, headers: { cookie: district } })).json() as DepartmentJob;
        if (job.status === "SUCCEEDED" || job.status === "FAILED") return job;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    expect(await run()).toMatchObject({ matched: 2, duplicates: 0 });
    const before = await t.prisma.departmentWarning.findMany({ select: { rowKey: true }, orderBy: { id: "asc" } });
    let file: KeyFile = TEST_KEY_FILE;
    await rotateIndexKey(t.connectionString, file, async (f) => void (file = f));
    useDataKeys(keyringFromFile(file));
    const after = await t.prisma.departmentWarning.findMany({ select: { rowKey: true }, orderBy: { id: "asc" } });
    expect(after.map((r, i) => Buffer.compare(r.rowKey, before[i]!.rowKey) !== 0)).toEqual([true, true]);
    expect(await run()).toMatchObject({ matched: 0, duplicates: 2 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DepartmentJob } from "@fanpin/domain/detection/department-lists";
import { configFromEnv } from "../../config.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { whenImportsIdle } from "../imports/import-runner.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ importLimits: { ...configFromEnv().importLimits, rows: 16, columns: 6 } });
});
afterAll(() => t.close());

async function send(cookie: string, url: string, text: string, mapping?: unknown) {
  const form = new FormData();
  if (mapping) form.append("mapping", JSON.stringify(mapping));
  form.append("file", new Blob([text]), "名单.csv");
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return t.app.inject({ method: "POST", url, headers: { "content-type": request.headers.get("content-type")!, cookie }, payload: Buffer.from(await request.arrayBuffer()) });
}

describe("department lists over the import's limits", () => {
  it("fails a list with more rows than the limit, naming the row; the preview reads only the first rows", async () => {
    const district = await signIn(t.app, "district");
    const rows = Array.from({ length: 30 }, (_, i) => `${i},11010519491231002X`).join("\r\n");
    const text = `序号,身份证号\r\n${rows}\r\n`;
    // The preview stops after the header and a few rows: it never reaches the limit.
    const preview = await send(district, "/api/department-warnings/preview?department=CIVIL_AFFAIRS", text);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().headers).toEqual(["序号", "身份证号"]);

    const res = await send(district, "/api/department-warnings/jobs?department=CIVIL_AFFAIRS", text, { columns: { idNumber: "身份证号" }, fixedKind: "TEMPORARY_RELIEF" });
    expect(res.statusCode, res.body).toBe(202);
    let job: DepartmentJob;
    for (;;) {
      await whenImportsIdle();
      job = (await t.app.inject({ url: `/api/department-warnings/jobs/${res.json().id}`, headers: { cookie: district } })).json();
      if (job.status === "SUCCEEDED" || job.status === "FAILED") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ status: "FAILED", error: { code: "IMPORT_LIMIT_EXCEEDED", message: expect.stringMatching(/^第 17 行：数据行数超过 16 行的上限/) } });

    const wide = await send(district, "/api/department-warnings/preview?department=CIVIL_AFFAIRS", `${"x,".repeat(10)}身份证号\r\n`);
    expect(wide.statusCode).toBe(422);
    expect(wide.json().message).toContain("列数超过 6 列的上限");
  });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { signInOver, startApiProcess, type ApiProcess } from "../../../test/api-process.ts";
import { householdsXlsx, makeHouseholds, sheetRows } from "../../../test/household-sheets.ts";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";

// A district-sized file, 20,000 households (about 60,000 member rows), sent to
// a real API process started the way `npm start` starts it, over HTTP, with
// its heap capped at 256 MB: were the import to hold the sheet in memory, the
// process would run out of memory and the test fail. The process's peak
// resident memory is printed; speed is the benchmark's business.
const HEAP_LIMIT_MB = 256;
let t: TestApp;
let api: ApiProcess;

beforeAll(async () => {
  t = await createTestApp();
  api = await startApiProcess({ databaseUrl: t.connectionString, migrationDatabaseUrl: t.ownerConnectionString, env: { JOBS: "off" }, nodeArgs: [`--max-old-space-size=${HEAP_LIMIT_MB}`] });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await t?.close();
});

it("imports a 20,000-household file in an API process with a 256 MB heap, showing progress along the way", async () => {
  const villages = await t.prisma.area.findMany({ where: { code: { startsWith: "371002" }, level: "VILLAGE" }, select: { code: true, name: true } });
  const file = await householdsXlsx(sheetRows(makeHouseholds(20_000, villages, "B")));
  const before = await t.prisma.household.count();

  const base = api.base;
  const cookie = await signInOver(base, "district");

  let peakRss = await api.residentMb();
  const sampler = setInterval(() => void api.residentMb().then((mb) => (peakRss = Math.max(peakRss, mb))), 200);
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file)]), "两万户.xlsx");
  const upload = await fetch(`${base}/api/households/import?mode=valid-only`, { method: "POST", headers: { cookie }, body: form });
  expect(upload.status, await upload.clone().text()).toBe(202);
  const { id } = (await upload.json()) as { id: string };

  const progress: number[] = [];
  let job: { status: string; progress: number; created: number; problemCount: number; householdsDone: number };
  for (;;) {
    job = (await (await fetch(`${base}/api/households/imports/${id}`, { headers: { cookie } })).json()) as typeof job;
    progress.push(job.progress);
    if (job.status === "SUCCEEDED" || job.status === "FAILED") break;
    expect(api.exited(), "the API process died").toBe(false);
    await new Promise((r) => setTimeout(r, 250));
  }
  clearInterval(sampler);

  expect(job).toMatchObject({ status: "SUCCEEDED", created: 20_000, problemCount: 0, householdsDone: 20_000 });
  expect(await t.prisma.household.count()).toBe(before + 20_000);
  expect(progress.some((p) => p > 0 && p < 100), `progress seen: ${progress.join(",")}`).toBe(true);
  console.log(`20,000-household import of a ${(file.length / 1048576).toFixed(1)} MB file: API process peak RSS ${peakRss.toFixed(0)} MB (heap capped at ${HEAP_LIMIT_MB} MB)`);
}, 300_000);

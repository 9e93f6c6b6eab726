import { afterAll, beforeAll, expect, it } from "vitest";
import { SESSION_CONFIRMED_MS } from "./modules/auth/auth.service.ts";
import { signInOver, startApiProcess, type ApiProcess } from "../test/api-process.ts";
import { householdsCsv, makeHouseholds, sheetRows } from "../test/household-sheets.ts";
import { createTestApp, type TestApp } from "../test/test-app.ts";
import { insertImportJob } from "./modules/imports/imports.repository.ts";

// Several API processes serve one database: nothing lives in a process that
// another one would need (sessions, jobs and locks are in PostgreSQL). Two real
// processes, started as `npm start` starts them, share this test's database.
let t: TestApp;
let a: ApiProcess;
let b: ApiProcess;
const JOBS = 6;
const imported: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  // Work waiting before the processes start: both run their jobs at start-up, at the same time.
  const user = await t.prisma.user.findUniqueOrThrow({ where: { username: "township" } });
  const town = await t.prisma.area.findFirstOrThrow({ where: { name: "张村镇" } });
  const villages = await t.prisma.area.findMany({ where: { parentId: town.id, level: "VILLAGE" }, select: { code: true, name: true } });
  for (let i = 0; i < JOBS; i++) {
    const households = makeHouseholds(40, villages, "M");
    imported.push(...households.map((h) => h.householdNo));
    await insertImportJob(t.prisma, { mode: "VALID_ONLY", fileName: `job-${i}.csv`, fileSize: 1, scopeCode: "371002100", createdById: user.id },
      householdsCsv(sheetRows(households)));
  }
  [a, b] = await Promise.all([startApiProcess({ databaseUrl: t.connectionString, migrationDatabaseUrl: t.ownerConnectionString }), startApiProcess({ databaseUrl: t.connectionString, migrationDatabaseUrl: t.ownerConnectionString })]);
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await t?.close();
});

it("a session started on one process works on the other, and ends on both", async () => {
  const cookie = await signInOver(a.base, "district");
  const me = await fetch(`${b.base}/api/auth/me`, { headers: { cookie } });
  expect(me.status).toBe(200);
  expect(((await me.json()) as { user: { username: string } }).user.username).toBe("district");
  // A has confirmed the session too: it may trust that for up to SESSION_CONFIRMED_MS (1 s), then asks the database again.
  expect((await fetch(`${a.base}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
  expect((await fetch(`${b.base}/api/auth/logout`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: "{}" })).status).toBeLessThan(300);
  expect((await fetch(`${b.base}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  const refusedByA = async () => (await fetch(`${a.base}/api/auth/me`, { headers: { cookie } })).status === 401;
  const until = Date.now() + SESSION_CONFIRMED_MS + 2_000;
  while (!(await refusedByA()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  expect(await refusedByA()).toBe(true);
});

it("each waiting job runs once, though both processes run the job queue", async () => {
  for (let i = 0; ; i++) {
    const left = await t.prisma.importJob.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } });
    if (left === 0) break;
    if (i > 600) throw new Error("jobs did not finish");
    await new Promise((r) => setTimeout(r, 200));
  }
  const jobs = await t.prisma.importJob.findMany({ select: { id: true, status: true, createdCount: true } });
  expect(jobs).toHaveLength(JOBS);
  expect(jobs.every((j) => j.status === "SUCCEEDED" && j.createdCount === 40)).toBe(true);
  // One report entry per job, and every household once.
  const reports = await t.prisma.auditEntry.groupBy({ by: ["entityId"], where: { action: "household.import" }, _count: true });
  expect(reports.map((r) => r._count).sort()).toEqual(Array(JOBS).fill(1));
  expect(await t.prisma.household.count({ where: { householdNo: { in: imported } } })).toBe(JOBS * 40);
});

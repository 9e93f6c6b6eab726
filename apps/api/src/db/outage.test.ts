// The database goes away under a running API process and comes back: requests
// answer 503 DATABASE_UNAVAILABLE (never 500, never a dropped connection),
// health says so, the process (pg-boss included) survives, and it serves
// again by itself once the database is back, with the same session.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiProcess, signInOver, type ApiProcess } from "../../test/api-process.ts";
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgresServer } from "./embedded-postgres.ts";
import { migrateAndGrant } from "./database.ts";
import { createPrisma } from "./prisma.ts";
import { loadDemoDataIfEmpty } from "../demo/seed.ts";
import { configFromEnv } from "../config.ts";

let dataDir: string;
let port: number;
let server: EmbeddedPostgresServer | undefined;
let api: ApiProcess | undefined;

beforeAll(async () => {
  dataDir = join(await mkdtemp(join(tmpdir(), "fanpin-outage-")), "pg");
  port = await findFreePort();
  server = await startEmbeddedPostgres({ dataDir, port, postgresFlags: ["-c", "fsync=off"] });
  await migrateAndGrant(server);
  const prisma = createPrisma(server.connectionString, { max: 2 });
  await loadDemoDataIfEmpty(prisma, () => new Date("2026-11-01T00:00:00Z"), configFromEnv(), { cases: false });
  await prisma.$disconnect();
  // Jobs on: pg-boss must not take the process down either.
  api = await startApiProcess({ databaseUrl: server.connectionString, migrationDatabaseUrl: server.ownerConnectionString });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await server?.stop();
  await rm(join(dataDir, ".."), { recursive: true, force: true });
});

describe("database outage under a running API", () => {
  it("answers 503 DATABASE_UNAVAILABLE while the database is down and recovers by itself when it is back", async () => {
    const base = api!.base;
    const cookie = await signInOver(base, "township");
    const list = () => fetch(`${base}/api/households`, { headers: { cookie } });
    expect((await list()).status).toBe(200);

    await server!.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await list();
      statuses.push(res.status);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe("DATABASE_UNAVAILABLE");
      expect(body.message).toMatch(/数据库暂时不可用/);
      expect(res.headers.get("retry-after")).toBe("5");
    }
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "village", password: "Demo@2026" }),
    });
    expect(login.status).toBe(503);
    expect(((await login.json()) as { code: string }).code).toBe("DATABASE_UNAVAILABLE");
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "degraded", database: { status: "unavailable" }, replica: { status: "none", lagSeconds: null } });

    // pg-boss polls every few seconds and fails meanwhile: the process must stay up.
    await new Promise((r) => setTimeout(r, 7_000));
    expect(api!.exited()).toBe(false);

    server = await startEmbeddedPostgres({ dataDir, port, postgresFlags: ["-c", "fsync=off"] });
    let healthy = false;
    for (let i = 0; i < 100 && !healthy; i++) {
      healthy = (await fetch(`${base}/api/health`)).status === 200;
      if (!healthy) await new Promise((r) => setTimeout(r, 100));
    }
    expect(healthy).toBe(true);
    // The session survived (it is a row) and the pool reconnected: no restart.
    expect((await list()).status).toBe(200);
    expect(api!.exited()).toBe(false);
  }, 120_000);
});

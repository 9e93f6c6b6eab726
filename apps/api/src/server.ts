import { join } from "node:path";
import { syncAllAssistanceFiles } from "./modules/assistance/assistance-files.service.ts";
import { buildApp } from "./app.ts";
import { configFromEnv } from "./config.ts";
import { openDatabase, migrateAndGrant } from "./db/database.ts";
import { REPO_ROOT } from "./db/embedded-postgres.ts";
import { createPrisma } from "./db/prisma.ts";
import { openReadReplica, replicaSettingsFromEnv, type ReadReplica } from "./db/replica.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo/demo-areas.ts";
import { loadDemoDataIfEmpty } from "./demo/seed.ts";
import { adoptLegacyCases } from "./modules/cases/cases.repository.ts";
import { systemClock, type Clock } from "./lib/clock.ts";
import type { Deps } from "./lib/deps.ts";
import { startJobRunner, type JobRunner } from "./modules/jobs/job-runner.ts";
import type { FastifyInstance } from "fastify";

export type StartOptions = {
  /** The time source of the whole system (default: the system clock). */
  clock?: Clock;
  /** Called with the assembled app and its dependencies just before it listens. */
  beforeListen?: (app: FastifyInstance, deps: Deps, jobs: JobRunner | null) => void | Promise<void>;
};

/**
 * Starts the whole system on one port: the API and the built SPA. Without
 * DATABASE_URL it runs an embedded PostgreSQL whose data lives in .data/
 * (or DATA_DIR) and survives restarts; with it, it uses that server and starts
 * nothing. Migrations are applied on every start (idempotent, locked).
 */
export async function startServer(options: StartOptions = {}) {
  const clock = options.clock ?? systemClock;
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const config = configFromEnv({ webDistDir: process.env.WEB_DIST_DIR ?? join(REPO_ROOT, "apps", "web", "dist") });

  // Two roles (decision 013): the OWNER migrates and runs the start-up steps, the APPLICATION role serves requests.
  const db = await openDatabase();
  const { connectionString } = db;
  const stopEmbedded = db.embedded ? () => db.stop() : null;
  try {
    await migrateAndGrant(db);
  } catch (error) {
    await db.stop().catch(() => undefined);
    throw error;
  }

  const prisma = createPrisma(connectionString);
  const adopted = await adoptLegacyCases(prisma, config.rules.preset, clock());
  if (adopted > 0) console.log(`${adopted} cases opened before rule sets were recorded now run under LOCAL_RULES=${config.rules.preset}.`);
  // Demo data goes only into the embedded database, or where explicitly asked for: never silently into production.
  const wantDemo = stopEmbedded !== null || process.env.LOAD_DEMO_DATA === "true";
  if (wantDemo && (await loadDemoDataIfEmpty(prisma, clock, config))) console.log("Loaded the demo district (环翠区) and demo accounts.");

  const files = await syncAllAssistanceFiles({ prisma, config, clock });
  if (files > 0) console.log(`${files} assistance file(s) opened or closed to match the households' designations.`);

  // A read replica (decision 020): statistics, ledgers, exports and lists read there while it is fit.
  const replicaSettings = replicaSettingsFromEnv();
  let replica: ReadReplica | undefined;
  if (replicaSettings) {
    replica = await openReadReplica({ primary: prisma, primaryConnectionString: connectionString, settings: replicaSettings });
    console.log(`Read replica configured (DATABASE_READ_URL): ${replica.monitor.status}; reads fall back to the primary beyond ${replicaSettings.maxLagSeconds} s of lag.`);
  }

  const app = await buildApp({
    prisma,
    config,
    clock,
    replica,
    logger: {
      level: process.env.LOG_LEVEL ?? "info",
      redact: ["req.headers.cookie", 'res.headers["set-cookie"]'],
      serializers: {
        // Search terms are names and ID numbers: personal data stays out of the logs.
        req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, url: redactSearch(req.url) }),
      },
    },
  });

  // Jobs (publicity end, deadline notices): pg-boss cron, once per minute across processes. JOBS=off for e.g. a read-only replica.
  let jobs: JobRunner | null = null;
  const deps: Deps = { prisma, config, clock, ...(replica ? { readDb: replica.readDb } : {}) };
  if (process.env.JOBS !== "off") jobs = await startJobRunner(deps, connectionString, { logger: app.log });
  await options.beforeListen?.(app, deps, jobs);

  const shutdown = async (signal: string) => {
    console.log(`${signal} received, shutting down …`);
    await jobs?.stop();
    await app.close();
    await replica?.close();
    await prisma.$disconnect();
    if (stopEmbedded) await stopEmbedded();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  await app.listen({ port, host });
  const url = `http://localhost:${port}`;
  console.log(
    [
      "",
      `防止返贫动态监测和帮扶系统 is running at ${url}`,
      `API docs: ${url}/api/docs`,
      wantDemo ? `Demo accounts (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((u) => u.username).join(", ")}` : "",
      "",
    ].join("\n"),
  );
}

function redactSearch(url: string): string {
  return url.replace(/([?&]q=)[^&]*/g, "$1[redacted]");
}

export function exitOnStartupFailure(error: unknown): never {
  console.error("Start-up failed:", error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack && process.env.LOG_LEVEL === "debug") console.error(error.stack);
  process.exit(1);
}


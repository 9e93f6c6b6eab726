// Vitest globalSetup of the API project: ONE PostgreSQL for the whole run.
//
// - Without TEST_DATABASE_URL: a throwaway embedded PostgreSQL in a fresh temp
//   data dir on a free port (fsync off), stopped and deleted at teardown.
// - With TEST_DATABASE_URL (any database on a server where that role may
//   CREATE DATABASE): databases are created there; teardown drops only the
//   template and the test databases of THIS run (names carry a run id).
//
// Migrations are applied once to a template database; every test file then
// gets its own copy (apps/api/test/db.ts: CREATE DATABASE … TEMPLATE …), so
// files run in parallel without sharing data.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startTemporaryPostgres } from "../src/db/embedded-postgres.ts";
import { encryptClearPersonalData } from "../src/db/encrypt-personal-data.ts";
import { applyMigrations } from "../src/db/migrate.ts";
import { testKeyring } from "./data-keys.ts";
import { databaseUrl } from "./db.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  const started = Date.now();
  const server = external
    ? undefined
    : await startTemporaryPostgres({
        database: "postgres", // no application database needed
        postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
      });
  const adminConnectionString = external ?? server!.adminConnectionString;
  const runId = external ? randomBytes(4).toString("hex") : "";
  const templateDatabase = external ? `fanpin_template_${runId}` : "fanpin_template";
  const databasePrefix = external ? `fanpin_test_${runId}_` : "fanpin_test_";

  const admin = new pg.Client({ connectionString: adminConnectionString });
  await admin.connect();
  const dropOurs = async () => {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $2)",
      [templateDatabase, databasePrefix],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  };
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(templateDatabase)}`);
    await applyMigrations(databaseUrl(adminConnectionString, templateDatabase));
    // As the server does after migrating: the template gets the schema production ends up with.
    await encryptClearPersonalData(databaseUrl(adminConnectionString, templateDatabase), testKeyring());
  } catch (error) {
    if (external) await dropOurs().catch(() => undefined);
    await admin.end();
    await server?.stop();
    throw error;
  }
  if (process.env.DEBUG_TEST_DB) console.log(`[test db] ready in ${Date.now() - started} ms`);

  project.provide("fanpinTestDb", { adminConnectionString, templateDatabase, databasePrefix });

  return async () => {
    const t = Date.now();
    try {
      if (external) await dropOurs();
    } finally {
      await admin.end();
      await server?.stop();
    }
    if (process.env.DEBUG_TEST_DB) console.log(`[test db] teardown ${Date.now() - t} ms`);
  };
}

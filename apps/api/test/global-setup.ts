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
//
// The databases have the production roles (decision 013): an OWNER role that
// owns the tables and ran the migrations, and an APPLICATION role with the
// grants of grantApplicationRole, which the tests' apps connect as, so the
// whole suite proves those grants suffice. With TEST_DATABASE_URL (a role
// that may CREATE ROLE) both roles are created for this run and dropped at
// teardown.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startTemporaryPostgres } from "../src/db/embedded-postgres.ts";
import { migrateAndGrant } from "../src/db/database.ts";
import { databaseUrl, ensureRoles, prepareDatabase, type RoleCredentials } from "../src/db/roles.ts";
import { testKeyring } from "./data-keys.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  const started = Date.now();
  const server = external
    ? undefined
    : await startTemporaryPostgres({
        database: null, // no application database needed
        postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
      });
  const adminConnectionString = external ?? server!.adminConnectionString;
  const runId = external ? randomBytes(4).toString("hex") : "";
  const templateDatabase = external ? `fanpin_template_${runId}` : "fanpin_template";
  const databasePrefix = external ? `fanpin_test_${runId}_` : "fanpin_test_";
  const role = (name: string): RoleCredentials => ({ name, password: randomBytes(18).toString("base64url") });
  const roles = external
    ? { owner: role(`fanpin_test_${runId}_owner`), app: role(`fanpin_test_${runId}_app`) }
    : { owner: server!.credentials.owner, app: server!.credentials.app };
  if (external) await ensureRoles(adminConnectionString, roles);

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
    for (const { name } of [roles.app, roles.owner]) await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(name)}`);
  };
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(templateDatabase)} OWNER ${admin.escapeIdentifier(roles.owner.name)}`);
    const template = new pg.Client({ connectionString: databaseUrl(adminConnectionString, templateDatabase) });
    await template.connect();
    await prepareDatabase(template, roles.owner.name, roles.app.name).finally(() => template.end());
    await migrateAndGrant({
      connectionString: databaseUrl(adminConnectionString, templateDatabase, roles.app),
      ownerConnectionString: databaseUrl(adminConnectionString, templateDatabase, roles.owner),
    }, testKeyring(), () => {}); // the post-migration steps too: the template gets the schema production ends up with
  } catch (error) {
    if (external) await dropOurs().catch(() => undefined);
    await admin.end();
    await server?.stop();
    throw error;
  }
  if (process.env.DEBUG_TEST_DB) console.log(`[test db] ready in ${Date.now() - started} ms`);

  project.provide("fanpinTestDb", { adminConnectionString, templateDatabase, databasePrefix, owner: roles.owner, app: roles.app });

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

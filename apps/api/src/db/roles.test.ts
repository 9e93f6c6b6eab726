// The application role (what the API connects as, decision 013) cannot touch
// the audit trail's protection or the schema; the owner role is no superuser.
// (That the application role's grants suffice is shown by the whole API
// suite, which runs as that role: apps/api/test/db.ts.)
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testServerAdminConnectionString, type TestDatabase } from "../../test/db.ts";
import { appendAudit } from "../modules/audit/audit.repository.ts";
import { migrateAndGrant } from "./database.ts";
import { createPrisma } from "./prisma.ts";
import { databaseUrl, ensureApplicationRole } from "./roles.ts";

let db: TestDatabase;
let app: pg.Client;
let owner: pg.Client;
beforeAll(async () => {
  db = await createTestDatabase();
  app = new pg.Client({ connectionString: db.connectionString });
  owner = new pg.Client({ connectionString: db.ownerConnectionString });
  await app.connect();
  await owner.connect();
  // An entry to try to delete or change, written as the app writes them: through the chain writer (decision 014).
  const prisma = createPrisma(db.connectionString, { max: 1 });
  await appendAudit(prisma, null, { action: "household.create", entityType: "household", entityId: "h1", reason: "test" }, new Date());
  await prisma.$disconnect();
});
afterAll(async () => {
  await app.end();
  await owner.end();
  await db.drop();
});

describe("the application role", () => {
  it("is neither superuser nor owner of anything in the schema", async () => {
    const { rows } = await app.query(
      `SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
              (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relowner = r.oid)::int AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, owned: 0 });
  });

  it.each([
    ["ALTER TABLE audit_entry DISABLE TRIGGER USER", /must be owner of table audit_entry/],
    ["ALTER TABLE audit_entry DISABLE TRIGGER ALL", /must be owner of table audit_entry/],
    ["SET session_replication_role = replica", /permission denied to set parameter "session_replication_role"/],
    ["DELETE FROM audit_entry", /permission denied for table audit_entry/],
    ["UPDATE audit_entry SET reason = 'changed'", /permission denied for table audit_entry/],
    ["TRUNCATE audit_entry", /permission denied for table audit_entry/],
    ["TRUNCATE household CASCADE", /permission denied for table household/],
    ["DROP TABLE audit_entry", /must be owner of table audit_entry/],
    ["DROP TABLE household CASCADE", /must be owner of table household/],
    ["ALTER TABLE household ADD COLUMN note text", /must be owner of table household/],
    ["DROP TRIGGER audit_entry_reject_update_delete ON audit_entry", /must be owner of (table|relation) audit_entry/],
    ["CREATE TABLE public.mine (v text)", /permission denied for schema public/],
    ["CREATE SCHEMA mine", /permission denied for database/],
    ["SELECT * FROM _prisma_migrations", /permission denied for table _prisma_migrations/],
    ["DELETE FROM _prisma_migrations", /permission denied for table _prisma_migrations/],
  ])("is refused: %s", async (sql, message) => {
    await expect(app.query(sql)).rejects.toThrow(message);
    const { rows } = await owner.query("SELECT count(*)::int AS n FROM audit_entry");
    expect(rows[0].n).toBe(1);
  });

  it("reads and appends to the audit trail, and reads and writes the application's tables", async () => {
    const prisma = createPrisma(db.connectionString, { max: 1 });
    await appendAudit(prisma, null, { action: "household.update", entityType: "household", entityId: "h1", reason: "ok" }, new Date());
    await prisma.$disconnect();
    expect((await app.query("SELECT count(*)::int AS n FROM audit_entry")).rows[0].n).toBe(2);
    await app.query("BEGIN");
    await app.query("DELETE FROM session");
    await app.query("ROLLBACK");
  });
});

describe("the owner role", () => {
  it("owns the tables but is no superuser, so it cannot set session_replication_role either", async () => {
    const { rows } = await owner.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
    expect(rows[0].rolsuper).toBe(false);
    await expect(owner.query("SET session_replication_role = replica")).rejects.toThrow(/permission denied/);
  });
});

describe("npm run db:create-app-role (a DATABASE_URL server)", () => {
  it("creates an application role on a database the owner migrated, with the same limits", async () => {
    const empty = await createTestDatabase({ empty: true });
    const name = `${empty.name}_app`.slice(0, 63);
    const adminUrl = databaseUrl(testServerAdminConnectionString(), empty.name);
    try {
      const role = { name, password: "Ab-0123456789-xyz" };
      await ensureApplicationRole(adminUrl, role, new URL(empty.ownerConnectionString).username);
      const appUrl = databaseUrl(empty.ownerConnectionString, empty.name, role);
      expect((await migrateAndGrant({ connectionString: appUrl, ownerConnectionString: empty.ownerConnectionString })).length).toBeGreaterThan(0);
      // Idempotent: a second run changes nothing and fails nothing.
      await ensureApplicationRole(adminUrl, role, new URL(empty.ownerConnectionString).username);
      expect(await migrateAndGrant({ connectionString: appUrl, ownerConnectionString: empty.ownerConnectionString })).toEqual([]);

      const client = new pg.Client({ connectionString: appUrl });
      await client.connect();
      try {
        const prisma = createPrisma(appUrl, { max: 1 });
        await appendAudit(prisma, null, { action: "x", entityType: "household", entityId: "h1", reason: "ok" }, new Date());
        await prisma.$disconnect();
        await expect(client.query("DELETE FROM audit_entry")).rejects.toThrow(/permission denied/);
        await expect(client.query("ALTER TABLE audit_entry DISABLE TRIGGER USER")).rejects.toThrow(/must be owner/);
        // pg-boss can install itself in its schema.
        await client.query("CREATE TABLE pgboss.probe (v int)");
      } finally {
        await client.end();
      }
    } finally {
      await empty.drop();
      const admin = new pg.Client({ connectionString: testServerAdminConnectionString() });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(name)}`).finally(() => admin.end());
    }
  }, 60_000);
});

// Per-test-file databases for API tests (needs the API project's globalSetup,
// apps/api/test/global-setup.ts). A copy of the migrated template takes about
// 0.2 s (STRATEGY FILE_COPY; WAL_LOG was ~0.4 s here), so give each test file
// its own:
//
//   const db = await createTestDatabase();            // migrated, empty tables
//   const prisma = createPrisma(db.connectionString);  // as the APPLICATION role
//   // db.ownerConnectionString: as the OWNER role (migrations, schema changes, what the app may not do)
//   afterAll(async () => { await prisma.$disconnect(); await db.drop(); });
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { databaseUrl, prepareDatabase, type RoleCredentials } from "../src/db/roles.ts";

export { databaseUrl };

/** What the globalSetup (apps/api/test/global-setup.ts) provides to test files. */
export interface TestDatabaseContext {
  /** Connection string to a maintenance database of the test server. */
  adminConnectionString: string;
  /** Migrated database that test databases are copied from. */
  templateDatabase: string;
  /** Prefix of the test databases of this run (dropped at teardown). */
  databasePrefix: string;
  /** The owner role (owns the tables, runs migrations) and the application role (what the app connects as). */
  owner: RoleCredentials;
  app: RoleCredentials;
}

declare module "vitest" {
  export interface ProvidedContext {
    fanpinTestDb: TestDatabaseContext;
  }
}

export interface TestDatabase {
  /** The new database as the APPLICATION role: what the app connects as in production. */
  connectionString: string;
  /** The new database as the OWNER role: migrations, and what a test must do that the app may not. */
  ownerConnectionString: string;
  /** Its name. */
  name: string;
  /** Drops it, closing any connection still open to it. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** true: an empty database (no migrations applied) instead of a copy of the template. */
  empty?: boolean;
  /**
   * Copy this database instead of the migrated template, e.g. one a test
   * helper built once per run from the template (name it with
   * `databasePrefix` so that teardown drops it). No one may be connected to it.
   */
  template?: string;
}

export function testServerAdminConnectionString(): string {
  return inject("fanpinTestDb").adminConnectionString;
}

export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const { adminConnectionString, templateDatabase, databasePrefix, owner, app } = inject("fanpinTestDb");
  const name = `${databasePrefix}${randomBytes(6).toString("hex")}`;
  const template = options.empty ? undefined : (options.template ?? templateDatabase);
  await withAdmin(adminConnectionString, (admin) =>
    admin.query(
      `CREATE DATABASE ${admin.escapeIdentifier(name)} OWNER ${admin.escapeIdentifier(owner.name)}` +
        (template ? ` TEMPLATE ${admin.escapeIdentifier(template)} STRATEGY FILE_COPY` : ""),
    ),
  );
  // A copy keeps the template's ownership and grants; an empty database gets the roles' set-up here.
  if (!template) await withAdmin(databaseUrl(adminConnectionString, name), (admin) => prepareDatabase(admin, owner.name, app.name));
  let dropped = false;
  return {
    name,
    connectionString: databaseUrl(adminConnectionString, name, app),
    ownerConnectionString: databaseUrl(adminConnectionString, name, owner),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdmin(adminConnectionString, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}

async function withAdmin<T>(connectionString: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

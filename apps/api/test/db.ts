// Per-test-file databases for API tests (needs the API project's globalSetup,
// apps/api/test/global-setup.ts). A copy of the migrated template takes about
// 0.2 s (STRATEGY FILE_COPY; WAL_LOG was ~0.4 s here), so give each test file
// its own:
//
//   const db = await createTestDatabase();            // migrated, empty tables
//   const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.connectionString }) });
//   afterAll(async () => { await prisma.$disconnect(); await db.drop(); });
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** What the globalSetup (apps/api/test/global-setup.ts) provides to test files. */
export interface TestDatabaseContext {
  /** Connection string to a maintenance database of the test server. */
  adminConnectionString: string;
  /** Migrated database that test databases are copied from. */
  templateDatabase: string;
  /** Prefix of the test databases of this run (dropped at teardown). */
  databasePrefix: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    fanpinTestDb: TestDatabaseContext;
  }
}

export function databaseUrl(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export interface TestDatabase {
  /** Connection string to the new database. */
  connectionString: string;
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
  const { adminConnectionString, templateDatabase, databasePrefix } = inject("fanpinTestDb");
  const name = `${databasePrefix}${randomBytes(6).toString("hex")}`;
  const template = options.empty ? undefined : (options.template ?? templateDatabase);
  await withAdmin(adminConnectionString, (admin) =>
    admin.query(
      `CREATE DATABASE ${admin.escapeIdentifier(name)}` + (template ? ` TEMPLATE ${admin.escapeIdentifier(template)} STRATEGY FILE_COPY` : ""),
    ),
  );
  let dropped = false;
  return {
    name,
    connectionString: databaseUrl(adminConnectionString, name),
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

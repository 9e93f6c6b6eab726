// Builds the real API against a fresh copy of a migrated database that already
// holds the demo district and demo accounts. Usage in a test file:
//
//   const t = await createTestApp();            // t.app, t.prisma, t.clock
//   const cookie = await signIn(t.app, "township");
//   const res = await t.app.inject({ method: "GET", url: "/api/households", headers: { cookie } });
//   afterAll(() => t.close());
import pg from "pg";
import type { FastifyInstance } from "fastify";
import { inject } from "vitest";
import { buildApp } from "../src/app.ts";
import { configFromEnv, type AppConfig } from "../src/config.ts";
import { createPrisma, type PrismaClient } from "../src/db/prisma.ts";
import { DEMO_PASSWORD } from "../src/demo/demo-areas.ts";
import { loadDemoDataIfEmpty } from "../src/demo/seed.ts";
import { createTestDatabase, databaseUrl } from "./db.ts";

/** A clock tests move by hand: sessions expire and lock-outs end without waiting. */
export class TestClock {
  private current: number;
  constructor(start = "2026-11-23T02:00:00.000Z") {
    this.current = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.current);
  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}

export type TestApp = {
  app: FastifyInstance; prisma: PrismaClient; clock: TestClock; config: AppConfig;
  /** Of this test file's database as the APPLICATION role (what t.prisma uses), e.g. for a second client or the job runner. */
  connectionString: string;
  /** The same database as the OWNER role, for what only the owner may do. */
  ownerConnectionString: string;
  close(): Promise<void>;
};

export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const template = await ensureDemoTemplate();
  const db = await createTestDatabase({ template });
  const prisma = createPrisma(db.connectionString, { max: 5 });
  const clock = new TestClock();
  const config = configFromEnv({ ...overrides });
  const app = await buildApp({ prisma, config, clock: clock.now });
  return {
    app, prisma, clock, config, connectionString: db.connectionString, ownerConnectionString: db.ownerConnectionString,
    close: async () => {
      await app.close();
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

/** Demo data is loaded once per run into a second template; every test file copies it. */
async function ensureDemoTemplate(): Promise<string> {
  const { adminConnectionString, templateDatabase, databasePrefix, owner, app } = inject("fanpinTestDb");
  const name = `${databasePrefix}demo_template`;
  const admin = new pg.Client({ connectionString: adminConnectionString });
  await admin.connect();
  try {
    await admin.query("SELECT pg_advisory_lock(4242)");
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(`${name}_building`)} OWNER ${admin.escapeIdentifier(owner.name)} TEMPLATE ${admin.escapeIdentifier(templateDatabase)}`);
      // As the application role, like the server's start-up: the demo data needs no more than the app's grants.
      const prisma = createPrisma(databaseUrl(adminConnectionString, `${name}_building`, app), { max: 2 });
      try {
        // Areas, accounts and households only: each test sets up the cases it needs.
        await loadDemoDataIfEmpty(prisma, () => new Date("2026-11-01T00:00:00Z"), configFromEnv(), { cases: false });
      } finally {
        await prisma.$disconnect();
      }
      await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(`${name}_building`)} RENAME TO ${admin.escapeIdentifier(name)}`);
    }
    return name;
  } finally {
    await admin.query("SELECT pg_advisory_unlock(4242)").catch(() => {});
    await admin.end();
  }
}

/** Signs in and returns the Cookie header value to send with later requests. */
export async function signIn(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "fanpin_sid");
  if (!cookie) throw new Error("no session cookie");
  return `fanpin_sid=${cookie.value}`;
}

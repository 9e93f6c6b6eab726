import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, engineErrorMessage, withSchemaEngine } from "./migrate.ts";

const created: TestDatabase[] = [];
async function database(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const db = await createTestDatabase(options);
  created.push(db);
  return db;
}
afterAll(async () => {
  for (const db of created) await db.drop();
});

async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

describe("applyMigrations", () => {
  it("applies every migration to an empty database, then nothing on a second call", async () => {
    const db = await database({ empty: true });
    const names = await migrationNames();
    expect(names.length).toBeGreaterThan(0);

    expect(await applyMigrations(db.ownerConnectionString)).toEqual({ applied: names });
    expect(await applyMigrations(db.ownerConnectionString)).toEqual({ applied: [] });
  });

  it("records each migration exactly once when two processes migrate at the same time", async () => {
    const db = await database({ empty: true });
    const names = await migrationNames();

    const results = await Promise.all([applyMigrations(db.ownerConnectionString), applyMigrations(db.ownerConnectionString)]);
    expect([...results[0]!.applied, ...results[1]!.applied].sort()).toEqual(names);

    const rows = await withClient(db.ownerConnectionString, async (c) =>
      (
        await c.query<{
          migration_name: string;
          checksum: string;
          finished_at: Date | null;
          rolled_back_at: Date | null;
          applied_steps_count: number;
        }>("SELECT * FROM _prisma_migrations ORDER BY migration_name")
      ).rows,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      // Prisma's checksum: SHA-256 of migration.sql's bytes, lowercase hex.
      const sql = await readFile(join(DEFAULT_MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });
});

// ---------------------------------------------------------------------------
// The migrations folder and prisma/schema.prisma must describe the same
// database. A database migrated from the folder (the template) is compared,
// catalog against catalog, with one built directly from the schema by the
// engine's empty → schema diff. Editing schema.prisma without adding a
// migration (npm run db:migration:new) makes this fail.
//
// (Not the engine's own "diff from migrations to schema": through the pg
// adapter it reports a false change on the varchar_pattern_ops index, and it
// applies the migrations to the database it is connected to.)

interface CatalogDump {
  tables: string[];
  columns: string[];
  indexes: string[];
  constraints: string[];
  enums: string[];
}

/** Structure of schema `public`, minus _prisma_migrations, order-independent where PostgreSQL's order is incidental. */
async function dumpCatalog(connectionString: string): Promise<CatalogDump> {
  return withClient(connectionString, async (c) => {
    const list = async (sql: string) => (await c.query<{ v: string }>(sql)).rows.map((r) => r.v);
    const tableFilter = `n.nspname = 'public' AND t.relname <> '_prisma_migrations'`;
    return {
      tables: await list(`
        SELECT t.relname || ' ' || t.relkind::text AS v FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE ${tableFilter} AND t.relkind IN ('r', 'p', 'v', 'm', 'S') ORDER BY 1`),
      // Sorted by name, not position: a column added by a later migration
      // comes last in the table but may sit anywhere in the model.
      columns: await list(`
        SELECT t.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
               || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
               || CASE WHEN a.attidentity <> '' THEN ' IDENTITY ' || a.attidentity::text ELSE '' END
               || CASE WHEN a.attgenerated <> '' THEN ' GENERATED' ELSE '' END
               || COALESCE(' COLLATE ' || co.collname, '') AS v
        FROM pg_attribute a
        JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> (SELECT oid FROM pg_collation WHERE collname = 'default')
        WHERE ${tableFilter} AND t.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY 1`),
      indexes: await list(`
        SELECT pg_get_indexdef(i.indexrelid) AS v
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE ${tableFilter} ORDER BY 1`),
      // NOT NULL constraints (contype 'n', PostgreSQL 18) are covered by columns.
      constraints: await list(`
        SELECT t.relname || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid) AS v
        FROM pg_constraint co JOIN pg_class t ON t.oid = co.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE ${tableFilter} AND co.contype <> 'n' ORDER BY 1`),
      // Labels sorted: ALTER TYPE … ADD VALUE appends, the model may list it anywhere.
      enums: await list(`
        SELECT ty.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumlabel) AS v
        FROM pg_type ty JOIN pg_enum e ON e.enumtypid = ty.oid JOIN pg_namespace n ON n.oid = ty.typnamespace
        WHERE n.nspname = 'public' GROUP BY ty.typname ORDER BY 1`),
    };
  });
}

/** SQL that the engine generates to create `schema` from nothing. */
async function sqlFromEmpty(connectionString: string, schema: string): Promise<string> {
  const result = await withSchemaEngine(connectionString, (engine) =>
    engine.diff({
      from: { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    }),
  ).catch((error: unknown) => {
    throw new Error(engineErrorMessage(error));
  });
  return result.stdout ?? "";
}

async function catalogOfSchema(schema: string): Promise<CatalogDump> {
  const db = await database({ empty: true });
  const sql = await sqlFromEmpty(db.ownerConnectionString, schema);
  await withClient(db.ownerConnectionString, (c) => c.query(sql));
  return dumpCatalog(db.ownerConnectionString);
}

/**
 * Indexes schema.prisma cannot express, written by hand in their migration: the partial unique index
 * allowing one open designation period per household (20261205214642_procedures_as_data).
 */
const HAND_WRITTEN_INDEXES = ["designation_period_open_key", "helper_assignment_open_key"];

/** Relations schema.prisma cannot express: the sequence numbering the early-warning rules' leads (20261206080004_early_warnings). */
const HAND_WRITTEN_RELATIONS = ["early_warning_lead_no_seq S"];

function withoutHandWritten(c: CatalogDump): CatalogDump {
  return {
    ...c,
    tables: c.tables.filter((t) => !HAND_WRITTEN_RELATIONS.includes(t)),
    indexes: c.indexes.filter((i) => !HAND_WRITTEN_INDEXES.some((name) => i.includes(`INDEX ${name} `))),
  };
}

describe("migrations and prisma/schema.prisma", () => {
  it("describe the same database", async () => {
    const migrated = await database(); // copy of the template the globalSetup migrated
    const fromMigrations = withoutHandWritten(await dumpCatalog(migrated.ownerConnectionString));
    const fromSchema = await catalogOfSchema(await readFile(DEFAULT_SCHEMA_PATH, "utf8"));

    expect(fromMigrations.tables.length).toBeGreaterThan(0);
    expect(
      fromMigrations,
      "prisma/schema.prisma differs from prisma/migrations: run `npm run db:migration:new -- <name>`",
    ).toEqual(fromSchema);
  });

  it("the comparison notices a schema change that has no migration", async () => {
    const schema = await readFile(DEFAULT_SCHEMA_PATH, "utf8");
    const edited = schema.replace(/(\n\s*reason\s+String\?[^\n]*)/, "$1\n  note String? @db.VarChar(10)");
    expect(edited).not.toBe(schema);
    const migrated = await database();
    expect(await dumpCatalog(migrated.ownerConnectionString)).not.toEqual(await catalogOfSchema(edited));
  });
});

describe("audit_entry", () => {
  it("accepts inserts and rejects UPDATE, DELETE and TRUNCATE", async () => {
    const db = await database();
    await withClient(db.ownerConnectionString, async (c) => {
      const { rows } = await c.query<{ id: string }>(
        `INSERT INTO audit_entry (action, entity_type, entity_id, reason, chain_position, chain_prev, chain_hash)
         VALUES ('household.create', 'household', 'h1', 'test', 1, '\\x00', '\\x00') RETURNING id`,
      );
      const id = rows[0]!.id;

      await expect(c.query(`UPDATE audit_entry SET reason = 'changed' WHERE id = $1`, [id])).rejects.toThrow(
        /audit_entry is append-only: UPDATE of entry \d+ rejected/,
      );
      await expect(c.query(`DELETE FROM audit_entry WHERE id = $1`, [id])).rejects.toThrow(
        /audit_entry is append-only: DELETE of entry \d+ rejected/,
      );
      await expect(c.query(`TRUNCATE audit_entry`)).rejects.toThrow(/audit_entry is append-only: TRUNCATE rejected/);

      // Even the chain columns, once set (sealing may set them only from NULL, decision 014).
      await expect(c.query(`UPDATE audit_entry SET chain_hash = '\\x01' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
      // Rows without their chain columns are refused: only rows from before the chain are ever sealed.
      await expect(c.query(`INSERT INTO audit_entry (action, entity_type, entity_id) VALUES ('x', 'x', 'x')`)).rejects.toThrow(/audit_entry_chained: an audit entry must be linked/);

      const after = await c.query(`SELECT reason FROM audit_entry WHERE id = $1`, [id]);
      expect(after.rows).toEqual([{ reason: "test" }]);
    });
  });
});

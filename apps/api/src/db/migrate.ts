// Applies prisma/migrations (the standard Prisma folder) without the native
// schema engine, which cannot be downloaded here: the WebAssembly build of the
// same engine (@prisma/schema-engine-wasm) runs against the database through
// @prisma/adapter-pg. It records `_prisma_migrations` itself, exactly as
// `prisma migrate deploy` does (same table, same checksums), so the real CLI
// accepts a database migrated by this code and vice versa.
//
// Concurrency: several processes (API replicas, test workers) may call
// applyMigrations at once. A session-level advisory lock, held on a dedicated
// pg connection for the whole apply, serialises them; the second one then
// finds nothing to apply. The key differs from Prisma's own (72707369), which
// the engine also takes, on one of its pooled connections (same key on two
// sessions of one process would deadlock).
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { REPO_ROOT } from "./embedded-postgres.ts";

export const DEFAULT_MIGRATIONS_DIR: string = join(REPO_ROOT, "prisma", "migrations");
export const DEFAULT_SCHEMA_PATH: string = join(REPO_ROOT, "prisma", "schema.prisma");
/** pg_advisory_lock key held while migrating ("fanp" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x66616e70;

export interface ApplyMigrationsOptions {
  /** Default: `<repo>/prisma/migrations`. */
  migrationsDir?: string;
  /** Receives the engine's debug output (default: dropped). */
  onEngineLog?: (line: string) => void;
}

/**
 * Applies the migrations of `migrationsDir` that the database has not run yet
 * and returns their names (empty when the database is up to date).
 */
export async function applyMigrations(
  connectionString: string,
  opts: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const migrationsList = await readMigrationsList(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);

  const lock = new pg.Client({ connectionString, application_name: "fanpin-migrate-lock" });
  lock.on("error", () => undefined); // a lost connection surfaces through the query below
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    const { applied } = await withSchemaEngine(
      connectionString,
      async (engine) => {
        const out = await engine.applyMigrations({
          migrationsList,
          filters: { externalTables: [], externalEnums: [] },
        });
        return { applied: out.appliedMigrationNames };
      },
      { onEngineLog: opts.onEngineLog },
    ).catch((error: unknown) => {
      throw new Error(`Applying migrations from ${migrationsList.baseDir} failed: ${engineErrorMessage(error)}`, {
        cause: error,
      });
    });
    return { applied };
  } finally {
    // Closing the session releases the advisory lock even if the unlock fails.
    await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

/**
 * Reads a Prisma migrations folder into the engine's input, the way the Prisma
 * CLI does: every sub-directory with its migration.sql, sorted by name, plus
 * migration_lock.toml. Files beside the folders are ignored.
 */
export async function readMigrationsList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = resolve(migrationsDir);
  const lockPath = "migration_lock.toml";
  const lockContent = await readFile(join(baseDir, lockPath), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) => ({
        path: entry.name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(join(baseDir, entry.name, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir,
    lockfile: { path: lockPath, content: lockContent },
    migrationDirectories,
    shadowDbInitScript: "",
  };
}

// ---------------------------------------------------------------------------
// The WebAssembly schema engine.
//
// The package's entry point does `import * as wasm from "./x.wasm"`, which needs
// Node's WebAssembly ESM integration (a flag on Node 20, and not supported by
// tsx or vitest's module runner). So the glue module `schema_engine_bg.js` is
// imported as plain JS and the .wasm is compiled and linked by hand, once per
// process. This works on Node 20 and 24 alike.

type SchemaEngineClass = typeof SchemaEngine;
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, Record<string, unknown>>): Promise<{ exports: Record<string, unknown> }>;
}
let engineClass: Promise<SchemaEngineClass> | undefined;
let lastPanic: string | undefined;

function loadSchemaEngine(): Promise<SchemaEngineClass> {
  engineClass ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = join(
      require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/schema_engine_bg\.js$/, ""),
      "schema_engine_bg.wasm",
    );
    // Where the engine's Rust panics leave their message (Prisma's CLI sets
    // it too). A panic may surface as a bare "RuntimeError: unreachable",
    // even as an uncaught exception: print the reason first.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message: string) => {
        lastPanic = message;
        process.stderr.write(`Prisma schema engine (wasm) panicked: ${message}\n`);
      },
    };
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    // (@types/node declares WebAssembly's types but not the global value.)
    const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const module = await wasmApi.compile(await readFile(wasmPath));
    // The engine arms timeouts (e.g. 10 s around its advisory lock) that it
    // never clears; unref them so they do not hold a finished process open.
    const imports: Record<string, unknown> = { ...glue };
    for (const name of Object.keys(imports)) {
      if (name.startsWith("__wbg_setTimeout_")) {
        imports[name] = (callback: () => void, ms: number) => {
          const timer = setTimeout(callback, ms >>> 0);
          timer.unref();
          return timer;
        };
      }
    }
    const instance = await wasmApi.instantiate(module, { "./schema_engine_bg.js": imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  engineClass.catch(() => {
    engineClass = undefined;
  });
  return engineClass;
}

export interface SchemaEngineOptions {
  /** Prisma schema files given to the engine as its initial datamodel (rarely needed). */
  datamodels?: [path: string, content: string][];
  onEngineLog?: (line: string) => void;
}

/**
 * Runs `fn` with a WebAssembly schema engine connected (lazily) to
 * `connectionString`, then frees the engine and closes every pg pool it opened.
 * For pure schema-to-schema diffs any well-formed URL will do: nothing connects.
 */
export async function withSchemaEngine<T>(
  connectionString: string,
  fn: (engine: SchemaEngine) => Promise<T>,
  options: SchemaEngineOptions = {},
): Promise<T> {
  const Engine = await loadSchemaEngine();
  const factory = new PrismaPg({ connectionString });
  // Track the adapters the engine opens (main and shadow database) so that no
  // pool outlives the call: a leftover connection would block DROP DATABASE
  // and keep the process alive.
  const opened: { dispose(): Promise<void> }[] = [];
  const prepare = (adapter: Awaited<ReturnType<PrismaPg["connect"]>>) => {
    opened.push(adapter);
    // PrismaPg's executeScript splits the script on every ";" (breaking
    // dollar-quoted function bodies and comments) and runs the pieces one by
    // one, outside any transaction. Run the script as ONE simple-protocol
    // query instead, like Prisma's native engine: PostgreSQL then executes it
    // as a single implicit transaction, so a failing migration leaves nothing
    // half-applied.
    const pool = adapter.underlyingDriver();
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        (adapter as unknown as { onError(error: unknown): never }).onError(error);
      }
    };
    // Introspection (diff from a database or from migrations) reads catalog
    // columns of PostgreSQL's internal one-byte type "char" (oid 18, e.g.
    // pg_constraint.contype), which PrismaPg rejects ("Column type 'char'
    // could not be deserialized"). node-postgres returns them as strings;
    // let PrismaPg see text, then report them as the Character the engine
    // expects. The rows array identifies the result across the two calls.
    const io = adapter as unknown as { performIO(query: unknown): Promise<pg.QueryResult> };
    const performIO = io.performIO.bind(adapter);
    const charColumns = new WeakMap<object, number[]>();
    io.performIO = async (query) => {
      const result = await performIO(query);
      const columns: number[] = [];
      result.fields.forEach((field, index) => {
        if (field.dataTypeID === 18) {
          field.dataTypeID = 25;
          columns.push(index);
        }
      });
      if (columns.length) charColumns.set(result.rows, columns);
      return result;
    };
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (query) => {
      const result = await queryRaw(query);
      for (const index of charColumns.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
      return result;
    };
    return adapter;
  };
  const tracked = {
    provider: "postgres" as const,
    adapterName: factory.adapterName,
    connect: async () => prepare(await factory.connect()),
    connectToShadowDb: async () => prepare(await factory.connectToShadowDb()),
  };
  const log = options.onEngineLog ?? (() => undefined);
  const engine = await Engine.new(
    { datamodels: options.datamodels },
    (line: unknown) => log(String(line)),
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    for (const adapter of opened.reverse()) await adapter.dispose().catch(() => undefined);
  }
}

/** The engine throws plain objects or Errors; make a readable message of either. */
export function engineErrorMessage(error: unknown): string {
  const panic = lastPanic ? ` (engine panic: ${lastPanic})` : "";
  if (error instanceof Error) return error.message + panic;
  if (error && typeof error === "object") {
    const e = error as { message?: unknown; error_code?: unknown; meta?: unknown };
    if (typeof e.message === "string") return (e.error_code ? `${String(e.error_code)}: ${e.message}` : e.message) + panic;
    try {
      return JSON.stringify(error);
    } catch {
      // fall through
    }
  }
  return String(error) + panic;
}

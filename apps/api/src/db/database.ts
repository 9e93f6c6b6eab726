// Which database the process uses, and as which roles (decision 013): the
// embedded server (started, or an orphan of a killed run recovered) unless
// DATABASE_URL is set. One place for the server, the migration command and
// the demo-data command.
import { DEFAULT_EMBEDDED_DATA_DIR, DEFAULT_EMBEDDED_PORT, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { dataKeys, type DataKeyring } from "../lib/data-crypto.ts";
import { useConfiguredDataKeys } from "../lib/data-keys.ts";
import { sealAuditChain } from "../modules/audit/audit-chain.repository.ts";
import { encryptClearPersonalData } from "./encrypt-personal-data.ts";
import { applyMigrations } from "./migrate.ts";
import { ensureJobSchema, grantApplicationRole, roleOf } from "./roles.ts";

export type Database = {
  /** As the APPLICATION role: what the API serves requests with. */
  connectionString: string;
  /** As the OWNER role: migrations and start-up steps. */
  ownerConnectionString: string;
  /** True for the embedded server of DATA_DIR. */
  embedded: boolean;
  /** Stops the embedded server (nothing with DATABASE_URL). */
  stop(): Promise<void>;
};

/**
 * DATABASE_URL (the application role) and MIGRATION_DATABASE_URL (the owner);
 * with DATABASE_URL alone it is used for both, with a warning, as before the
 * roles existed. Without DATABASE_URL: the embedded server of DATA_DIR on
 * EMBEDDED_PG_PORT with its generated roles.
 */
export async function openDatabase(
  log: (line: string) => void = console.log,
  options: { dataKeys?: boolean } = {},
): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const dataDir = process.env.DATA_DIR ?? DEFAULT_EMBEDDED_DATA_DIR;
  // Personal-data keys first (decision 015): without its key a server must not even start the database.
  if (options.dataKeys ?? true) await useConfiguredDataKeys({ embeddedDataDir: url ? null : dataDir });
  if (url) {
    const owner = process.env.MIGRATION_DATABASE_URL;
    if (!owner) {
      log(
        "Warning: MIGRATION_DATABASE_URL is not set, so DATABASE_URL's role migrates and serves. " +
          "Give the API a role that owns nothing (npm run db:create-app-role) and set MIGRATION_DATABASE_URL to the owner (decision 013).",
      );
    }
    return { connectionString: url, ownerConnectionString: owner ?? url, embedded: false, stop: async () => {} };
  }
  const port = Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PORT);
  log(`Starting embedded PostgreSQL (data in ${dataDir}, port ${port}) …`);
  const server = await startEmbeddedPostgres({ dataDir, port });
  return { connectionString: server.connectionString, ownerConnectionString: server.ownerConnectionString, embedded: true, stop: () => server.stop() };
}

/**
 * As the owner: applies the migrations, runs the post-migration steps that SQL
 * cannot do (the audit entries from before the hash chain are sealed onto it,
 * decision 014; values still in clear are encrypted, decision 015), makes
 * pg-boss's schema, then rebuilds the application role's grants (when it is a
 * role of its own). Every step is idempotent and safe when processes start together.
 */
export async function migrateAndGrant(
  db: Pick<Database, "connectionString" | "ownerConnectionString">,
  keys: DataKeyring = dataKeys(),
  log: (line: string) => void = console.log,
): Promise<string[]> {
  const { applied } = await applyMigrations(db.ownerConnectionString);
  if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);
  const { sealed } = await sealAuditChain(db.ownerConnectionString);
  if (sealed) log(`Sealed ${sealed} audit entries onto the hash chain.`);
  const encrypted = await encryptClearPersonalData(db.ownerConnectionString, keys);
  if (encrypted.members || encrypted.households) log(`Encrypted personal data: ${encrypted.members} ID numbers, ${encrypted.households} phone numbers.`);
  await ensureJobSchema(db.ownerConnectionString);
  const appRole = roleOf(db.connectionString);
  if (appRole !== roleOf(db.ownerConnectionString)) await grantApplicationRole(db.ownerConnectionString, appRole);
  return applied;
}

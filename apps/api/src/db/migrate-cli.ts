// npm run db:migrate — applies prisma/migrations to DATABASE_URL, or, when
// DATABASE_URL is unset, to the embedded development server
// (<repo>/.data/postgres, port 54329), which it starts and stops.
import { DEFAULT_EMBEDDED_DATA_DIR, DEFAULT_EMBEDDED_PORT, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { useConfiguredDataKeys } from "../lib/data-keys.ts";
import { encryptClearPersonalData } from "./encrypt-personal-data.ts";
import { applyMigrations } from "./migrate.ts";

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  await useConfiguredDataKeys({ embeddedDataDir: url ? null : DEFAULT_EMBEDDED_DATA_DIR });
  const server = url
    ? undefined
    : await startEmbeddedPostgres({ dataDir: DEFAULT_EMBEDDED_DATA_DIR, port: DEFAULT_EMBEDDED_PORT });
  const target = url ? redact(url) : `embedded PostgreSQL (${DEFAULT_EMBEDDED_DATA_DIR}, port ${DEFAULT_EMBEDDED_PORT})`;
  try {
    const { applied } = await applyMigrations(url ?? server!.connectionString);
    const encrypted = await encryptClearPersonalData(url ?? server!.connectionString);
    if (encrypted.members || encrypted.households) console.log(`Encrypted ${encrypted.members} ID numbers and ${encrypted.households} phone numbers.`);
    if (applied.length === 0) console.log(`Database is up to date: ${target}`);
    else console.log(`Applied ${applied.length} migration(s) to ${target}:\n${applied.map((n) => `  ${n}`).join("\n")}`);
  } finally {
    await server?.stop();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "DATABASE_URL";
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

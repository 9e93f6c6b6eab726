// npm run db:migrate — applies prisma/migrations as the owner role
// (MIGRATION_DATABASE_URL, else DATABASE_URL) and rebuilds the application
// role's grants; when DATABASE_URL is unset, to the embedded server
// (DATA_DIR, EMBEDDED_PG_PORT), which it starts and stops.
import { migrateAndGrant, openDatabase } from "./database.ts";

async function main(): Promise<void> {
  const db = await openDatabase();
  const target = db.embedded ? "the embedded PostgreSQL" : redact(db.ownerConnectionString);
  try {
    const applied = await migrateAndGrant(db);
    if (applied.length === 0) console.log(`Database is up to date: ${target}`);
    else console.log(`Applied ${applied.length} migration(s) to ${target}.`);
  } finally {
    await db.stop();
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

// `npm run db:seed-demo`: loads the demo district into the database of
// DATABASE_URL (or the embedded one) if that database holds no areas yet.
// Production databases get demo data only through this explicit command.
import { configFromEnv } from "../config.ts";
import { DEFAULT_EMBEDDED_DATA_DIR, DEFAULT_EMBEDDED_PORT, startEmbeddedPostgres } from "../db/embedded-postgres.ts";
import { encryptClearPersonalData } from "../db/encrypt-personal-data.ts";
import { applyMigrations } from "../db/migrate.ts";
import { useConfiguredDataKeys } from "../lib/data-keys.ts";
import { createPrisma } from "../db/prisma.ts";
import { systemClock } from "../lib/clock.ts";
import { loadDemoDataIfEmpty } from "./seed.ts";

let connectionString = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR ?? DEFAULT_EMBEDDED_DATA_DIR;
await useConfiguredDataKeys({ embeddedDataDir: connectionString ? null : dataDir });
const embedded = connectionString
  ? null
  : await startEmbeddedPostgres({ dataDir, port: Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PORT) });
connectionString ??= embedded!.connectionString;
try {
  await applyMigrations(connectionString);
  await encryptClearPersonalData(connectionString);
  const prisma = createPrisma(connectionString, { max: 2 });
  const loaded = await loadDemoDataIfEmpty(prisma, systemClock, configFromEnv());
  await prisma.$disconnect();
  console.log(loaded ? "Demo data loaded." : "The database already holds areas: nothing loaded.");
} finally {
  await embedded?.stop();
}

// `npm run db:seed-demo`: loads the demo district into the database of
// DATABASE_URL (or the embedded one) if that database holds no areas yet.
// Production databases get demo data only through this explicit command.
import { configFromEnv } from "../config.ts";
import { migrateAndGrant, openDatabase } from "../db/database.ts";
import { createPrisma } from "../db/prisma.ts";
import { systemClock } from "../lib/clock.ts";
import { loadDemoDataIfEmpty } from "./seed.ts";

const db = await openDatabase();
try {
  await migrateAndGrant(db);
  const prisma = createPrisma(db.connectionString, { max: 2 });
  const loaded = await loadDemoDataIfEmpty(prisma, systemClock, configFromEnv());
  await prisma.$disconnect();
  console.log(loaded ? "Demo data loaded." : "The database already holds areas: nothing loaded.");
} finally {
  await db.stop();
}

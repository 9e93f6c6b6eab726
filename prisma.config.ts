import { defineConfig } from "prisma/config";

// Only `prisma generate` uses the CLI here; migrations are applied by
// apps/api/src/db/migrate.ts (see docs/decisions/002-migrations-without-native-engine.md).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});

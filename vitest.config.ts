import { defineConfig } from "vitest/config";

// `npx vitest run` runs every project; `--project api` or a path filter narrows it.
export default defineConfig({
  test: {
    projects: [
      "apps/web/vitest.config.ts",
      {
        test: {
          name: "unit",
          include: ["packages/**/src/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        // API tests run against a real PostgreSQL: one embedded server for the
        // run (or TEST_DATABASE_URL), one database per test file, see apps/api/test/.
        test: {
          name: "api",
          include: ["apps/api/src/**/*.test.ts"],
          environment: "node",
          pool: "forks",
          globalSetup: ["apps/api/test/global-setup.ts"],
          setupFiles: ["apps/api/test/setup.ts"],
          // The large-import test collects garbage before it reads the heap (memory retained, not garbage not yet collected).
          execArgv: ["--expose-gc"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

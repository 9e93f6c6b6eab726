import { defineConfig } from "vitest/config";

// Unit tests of the SPA's pure functions (no DOM). Run: npx vitest run -c apps/web/vitest.config.ts
// (or add this folder as a project of the root vitest.config.ts).
export default defineConfig({
  root: import.meta.dirname,
  resolve: { alias: [{ find: /^@\//, replacement: `${import.meta.dirname}/src/` }] },
  test: {
    name: "web",
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});

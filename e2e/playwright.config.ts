import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end journeys against the real system: the API (apps/api) on a fresh
 * embedded PostgreSQL with the demo data, serving the built SPA
 * (apps/web/dist, built by `npm run build` before this runs).
 * Browsers cannot be downloaded here: Debian's chromium is used.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATA_DIR = process.env.E2E_DATA_DIR ?? "/tmp/fanpin-e2e-pg";
const PG_PORT = Number(process.env.E2E_PG_PORT ?? 54339);
const baseURL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  // No retries, in CI or not: a flaky journey must fail, not pass on its second try.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  outputDir: "../test-results/e2e",
  use: {
    ...devices["Desktop Chrome"],
    baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 1366, height: 768 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // A fresh database each run: the journeys create households and count failed sign-ins.
    command: `bash -c 'rm -rf ${DATA_DIR} && exec node --import tsx e2e/support/test-server.ts'`,
    cwd: "..",
    env: {
      PORT: String(PORT), DATA_DIR, EMBEDDED_PG_PORT: String(PG_PORT), LOG_LEVEL: "warn",
      ...(process.env.WEB_DIST_DIR ? { WEB_DIST_DIR: process.env.WEB_DIST_DIR } : {}),
    },
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});

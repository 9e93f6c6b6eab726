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

/**
 * One server per rule set the journeys walk (LOCAL_RULES): the Weihai default
 * for most journeys, and the national model's and Linyi's for the journeys
 * named after them. Each runs on its own fresh database.
 */
const ALL_RULE_SETS = [
  { name: "weihai", offset: 0, testMatch: "*.spec.ts", testIgnore: ["national-*.spec.ts", "linyi-*.spec.ts"] },
  { name: "national", offset: 1, testMatch: "national-*.spec.ts" },
  { name: "linyi", offset: 2, testMatch: "linyi-*.spec.ts" },
] as const;
/** E2E_RULE_SETS=weihai (comma-separated) starts only those servers and runs only their journeys, e.g. while working on one. */
const only = process.env.E2E_RULE_SETS?.split(",").map((s) => s.trim());
const RULE_SETS = only ? ALL_RULE_SETS.filter((r) => only.includes(r.name)) : ALL_RULE_SETS;
const baseURLOf = (offset: number) => `http://localhost:${PORT + offset}`;
/** Each server's database and key file (the key file lives beside the data directory) under its own folder. */
const runDirOf = (name: string) => `${DATA_DIR}/${name}`;

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  // One journey at a time: each moves its server's clock and shares its data; and on two cores, two browsers at
  // once slow every journey past its timeout.
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  // No retries, in CI or not: a flaky journey must fail, not pass on its second try.
  retries: 0,
  // Journeys walk whole procedures through several roles; on two shared cores the longest take about a minute.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  outputDir: "../test-results/e2e",
  projects: RULE_SETS.map((r) => ({
    name: r.name,
    testMatch: r.testMatch,
    ...("testIgnore" in r ? { testIgnore: [...r.testIgnore] } : {}),
    use: { baseURL: baseURLOf(r.offset) },
  })),
  use: {
    ...devices["Desktop Chrome"],
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 1366, height: 768 },
    // Journeys ask for less motion (the SPA then turns antd's animations off): no click lands on a dialog still
    // zooming in, and no journey waits for animations. No service worker either: each journey's fresh browser
    // would precache the whole app shell beside the journey; the offline journey allows it for itself.
    reducedMotion: "reduce",
    serviceWorkers: "block",
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
  webServer: RULE_SETS.map((r) => ({
    // A fresh database each run: the journeys create households and count failed sign-ins.
    command: `bash -c 'rm -rf ${runDirOf(r.name)} && exec node --import tsx e2e/support/test-server.ts'`,
    cwd: "..",
    env: {
      PORT: String(PORT + r.offset), DATA_DIR: `${runDirOf(r.name)}/postgres`, EMBEDDED_PG_PORT: String(PG_PORT + r.offset), LOG_LEVEL: "warn",
      LOCAL_RULES: r.name,
      ...(process.env.WEB_DIST_DIR ? { WEB_DIST_DIR: process.env.WEB_DIST_DIR } : {}),
    },
    url: `${baseURLOf(r.offset)}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
  })),
});

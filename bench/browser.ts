// A queue page in a real browser: a township user, already signed in, opens
// the workbench; the time is from navigation start (performance.timeOrigin)
// until the 待核实线索 table shows its first row. Each try uses a fresh
// browser context (empty cache), against the benchmark's API process.
import { chromium } from "@playwright/test";
import { QUEUES } from "@fanpin/domain/queues";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function queuePageUsable(baseUrl: string, username: string, password: string, tries = 3): Promise<{ ms: number; tries: number[] }> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS });
  const times: number[] = [];
  try {
    for (let i = 0; i < tries; i++) {
      const context = await browser.newContext({ baseURL: baseUrl, locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1366, height: 768 } });
      try {
        const login = await context.request.post("/api/auth/login", { data: { username, password } });
        if (!login.ok()) throw new Error(`sign-in of ${username}: ${login.status()}`);
        const page = await context.newPage();
        await page.goto("/");
        await page.getByRole("table", { name: QUEUES["township-leads"].label }).locator("tbody tr.ant-table-row").first().waitFor({ state: "visible", timeout: 60_000 });
        times.push(Math.round(await page.evaluate(() => performance.now())));
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)]!, tries: times };
}

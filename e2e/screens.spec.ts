import { expect, test, type Page } from "@playwright/test";
import { apiUsers, designatedHousehold } from "./support/api.ts";
import { runName } from "./support/households.ts";
import { chinaDate, signIn } from "./support/ui.ts";

/**
 * The main screens of each role at the three widths officials use (a desk at
 * 1366 px, a tablet at 1024 px, a phone at 390 px), saved as screenshots in
 * the run's output (test-results/e2e/…/screens-*.png) for a person to look
 * at. What a machine can judge is checked: no page scrolls sideways, and the
 * page has its heading.
 */
const WIDTHS = [
  { name: "desk", width: 1366, height: 768 },
  { name: "tablet", width: 1024, height: 768 },
  { name: "phone", width: 390, height: 844 },
] as const;

type Screen = { name: string; user: string; path: (ids: Ids) => string; heading: RegExp };
type Ids = { householdId: string; caseId: string; leadId: string };

const SCREENS: Screen[] = [
  { name: "township-workbench", user: "township", path: () => "/", heading: /工作台/ },
  { name: "township-case", user: "township", path: (ids) => `/cases/${ids.caseId}`, heading: /案件/ },
  { name: "township-households", user: "township", path: () => "/households", heading: /家庭档案/ },
  { name: "township-household", user: "township", path: (ids) => `/households/${ids.householdId}`, heading: /户/ },
  { name: "township-assistance", user: "township", path: (ids) => `/households/${ids.householdId}?tab=assistance`, heading: /户/ },
  { name: "township-leads", user: "township", path: () => "/leads", heading: /线索核实/ },
  { name: "township-lead", user: "township", path: (ids) => `/leads/${ids.leadId}`, heading: /线索/ },
  { name: "district-workbench", user: "district", path: () => "/", heading: /工作台/ },
  { name: "district-lead-backlog", user: "district", path: () => "/leads?view=backlog", heading: /线索核实/ },
  { name: "district-department-warnings", user: "district", path: () => "/department-warnings", heading: /部门预警导入/ },
  { name: "village-workbench", user: "village", path: () => "/", heading: /工作台/ },
  { name: "village-publicity", user: "village", path: () => "/publicity", heading: /公示/ },
  { name: "city-overview", user: "city", path: () => "/", heading: /监测概况/ },
  { name: "city-statistics", user: "city", path: () => "/statistics", heading: /监测统计/ },
  { name: "helper-households", user: "helper", path: () => "/", heading: /我的帮扶户/ },
  { name: "admin-users", user: "admin", path: () => "/users", heading: /用户管理/ },
];

let ids: Ids;

test.beforeAll(async ({ baseURL }) => {
  const users = await apiUsers(baseURL!);
  const household = await designatedHousehold(users, runName("屏幕"));
  const { items } = await users.call("township", "GET", `/api/cases?status=all&householdId=${household.id}`);
  const lead = await users.call("village", "POST", "/api/leads", {
    source: "DAILY_VISIT", receivedOn: chinaDate(), householdId: household.id, riskCauses: ["SERIOUS_ILLNESS"], description: "走访发现家中有人患病住院",
  });
  ids = { householdId: household.id, caseId: items?.[0]?.id ?? "", leadId: lead.id };
  await users.dispose();
});

async function noSidewaysScroll(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, "the page does not scroll sideways").toBeLessThanOrEqual(width);
}

for (const w of WIDTHS) {
  // One width walks every screen of every role (the leads' screens made the list longer than the default 2 minutes allow on shared cores).
  test(`the main screens at ${w.width} px`, async ({ browser }, testInfo) => {
    test.setTimeout(240_000);
    const byUser = new Map<string, Page>();
    for (const screen of SCREENS) {
      let page = byUser.get(screen.user);
      if (!page) {
        const context = await browser.newContext({ viewport: { width: w.width, height: w.height }, ...(w.name === "phone" ? { isMobile: true, hasTouch: true } : {}) });
        page = await context.newPage();
        await signIn(page, screen.user);
        byUser.set(screen.user, page);
      }
      if (screen.path(ids).includes("/cases/") && !ids.caseId) continue;
      await page.goto(screen.path(ids));
      await expect(page.getByRole("heading", { name: screen.heading }).first()).toBeVisible();
      // Let the queries settle before the picture.
      await expect(page.locator(".ant-spin-spinning")).toHaveCount(0);
      await page.screenshot({ path: testInfo.outputPath(`screens-${w.width}-${screen.name}.png`) });
      await noSidewaysScroll(page, w.width);
    }
    for (const page of byUser.values()) await page.context().close();
  });
}

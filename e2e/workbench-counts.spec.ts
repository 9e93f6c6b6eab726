import { expect, test, type Locator, type Page } from "@playwright/test";
import { apiUsers } from "./support/api.ts";
import { makeCitizenId } from "./support/citizen-id.ts";
import { runName } from "./support/households.ts";
import { chinaDate, openMenu, signIn, signOut } from "./support/ui.ts";

/**
 * Counts everywhere work waits: every queue tab of the workbench (the case
 * queues and 帮扶待办) shows its total and, in red, its overdue count, and
 * opening the tab shows exactly that many; the district's bell counts the
 * overdue cases its overview counts.
 */

/** A tab's counts as its label shows them. */
async function tabCounts(tab: Locator): Promise<{ total: number; overdue: number }> {
  await expect(tab.getByTestId("queue-tab-total")).toBeVisible();
  const total = Number(await tab.getByTestId("queue-tab-total").innerText());
  const overdue = (await tab.getByTestId("queue-tab-overdue").count())
    ? Number((await tab.getByTestId("queue-tab-overdue").innerText()).replace("逾期", "").trim())
    : 0;
  return { total, overdue };
}

/** Clicks every case-queue tab: its 全部 and 逾期 counts and the table's total are the tab's. */
async function expectCaseTabsAgree(page: Page): Promise<{ name: string; total: number; overdue: number }[]> {
  const tabs = page.getByRole("tablist").first().getByRole("tab");
  // The tabs come with the rules (GET /api/rules); on two busy cores the first screen can take a while.
  await expect(tabs.first()).toBeVisible({ timeout: 30_000 });
  const n = await tabs.count();
  const seen = [];
  for (let i = 0; i < n; i++) {
    const tab = tabs.nth(i);
    const { total, overdue } = await tabCounts(tab);
    const name = (await tab.getByTestId("queue-tab-label").innerText()).split("\n")[0]!.replace(/\s*\d+(\s*逾期\s*\d+)?$/, "").trim();
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true");
    const buckets = page.getByTestId("queue-buckets");
    await expect(buckets.getByRole("radio", { name: `全部 ${total}`, exact: true }), name).toBeChecked();
    // (antd draws the buttons over hidden inputs: the input is there, not visible.)
    await expect(buckets.getByRole("radio", { name: `逾期 ${overdue}`, exact: true }), name).toBeAttached();
    if (total > 0) await expect(page.getByText(`共 ${total} 件`), name).toBeVisible();
    seen.push({ name, total, overdue });
  }
  return seen;
}

/** Clicks every 帮扶待办 tab: its 全部 and 已逾期 counts are the tab's. */
async function expectAssistanceTabsAgree(page: Page): Promise<void> {
  const card = page.getByTestId("assistance-queues");
  const tabs = card.getByRole("tab");
  for (let i = 0; i < (await tabs.count()); i++) {
    const tab = tabs.nth(i);
    const { total, overdue } = await tabCounts(tab);
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true");
    await expect(card.getByText(`全部 ${total}`, { exact: true })).toBeVisible();
    await expect(card.getByText(`已逾期 ${overdue}`, { exact: true })).toBeVisible();
  }
}

test("every tab's count is what the tab shows, and the district's bell counts the overdue cases of its overview", async ({ page, baseURL }, testInfo) => {
  // Four roles, every tab of each clicked.
  test.setTimeout(240_000);
  const lateName = runName("慕容");

  await test.step("the township has a lead received 15 days ago: overdue at once", async () => {
    // Set up over the API: this journey is about the workbench, not the forms.
    const users = await apiUsers(baseURL!);
    try {
      const { areas } = await users.call("township", "GET", "/api/areas");
      const village = areas.find((a: { name: string; level: string }) => a.name === "姜家疃" && a.level === "VILLAGE");
      const household = await users.call("township", "POST", "/api/households", {
        category: "LIFTED_WITH_POLICY", villageId: village.id, riskCauses: ["DISASTER"],
        members: [{
          name: lateName, gender: "MALE", idType: "RESIDENT_ID", idNumber: makeCitizenId("MALE"), relation: "HEAD", ethnicity: "01",
          politicalStatus: "MASSES", education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL", health: "HEALTHY", workRegion: "IN_COUNTY", workMonths: 6,
        }],
      });
      const c = await users.call("township", "POST", "/api/cases", {
        householdId: household.id, lead: { source: "DAILY_VISIT", receivedOn: chinaDate(-15), riskCauses: ["DISASTER"], description: "房屋受灾" },
      });
      expect(c.deadline.bucket).toBe("OVERDUE");
    } finally {
      await users.dispose();
    }
    // The notices are written by a job that runs every minute: run it now.
    await page.request.post("/__e2e/run-jobs");
    await signIn(page, "township");
  });

  await test.step("the township's tabs, 退回更正 included, each show the count the tab holds", async () => {
    await openMenu(page, "工作台");
    const leads = page.getByRole("tab", { name: /待核实线索/ });
    expect((await tabCounts(leads)).overdue).toBeGreaterThanOrEqual(1);
    await expect(page.getByRole("tab", { name: /退回更正/ }).getByTestId("queue-tab-total")).toBeVisible();
    await testInfo.attach("township-workbench-1366", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    const tabs = await expectCaseTabsAgree(page);
    await expectAssistanceTabsAgree(page);

    // The township's bell: the overdue cases of its own tabs.
    const overdue = tabs.reduce((n, t) => n + t.overdue, 0);
    await page.getByRole("button", { name: /^提醒/ }).click();
    await expect(page.getByTestId("bell-overdue")).toHaveText(`已逾期案件 ${overdue} 件`);
    await page.keyboard.press("Escape");
    await signOut(page);
  });

  await test.step("the district: its tabs agree, and its bell counts the overdue cases of its overview", async () => {
    await signIn(page, "district");
    const overview = page.getByRole("table", { name: "各乡镇案件期限" });
    const total = overview.getByTestId("overview-total");
    // The first screen after signing in: on two busy cores it can take a while.
    await expect(total).toContainText("合计", { timeout: 30_000 });
    const overdue = Number(await total.getByRole("cell").nth(1).innerText());
    expect(overdue).toBeGreaterThanOrEqual(1); // the township's late lead at least
    await page.getByRole("button", { name: /^提醒/ }).click();
    await expect(page.getByTestId("bell-overdue")).toHaveText(`已逾期案件 ${overdue} 件`);
    // The township's overdue lead is among the district's notices.
    await expect(page.getByRole("button", { name: new RegExp(`${lateName}户.*已逾期`) })).toBeVisible();
    await page.keyboard.press("Escape");
    await testInfo.attach("district-workbench-1366", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    await expectCaseTabsAgree(page);
    await expectAssistanceTabsAgree(page);
    await signOut(page);
  });

  await test.step("the village's tabs agree too", async () => {
    await signIn(page, "village");
    await expectCaseTabsAgree(page);
    await expectAssistanceTabsAgree(page);
    await signOut(page);
  });

  await test.step("the city's overview groups the townships by district, with a subtotal each and the total", async () => {
    await signIn(page, "city");
    const overview = page.getByRole("table", { name: "各区县、乡镇案件期限" });
    await expect(overview.getByRole("columnheader", { name: "区县" })).toBeVisible();
    const subtotals = overview.getByTestId("overview-subtotal");
    await expect(subtotals).toHaveCount(2);
    await expect(subtotals.nth(0)).toContainText("环翠区 小计");
    await expect(subtotals.nth(1)).toContainText("文登区 小计");
    const cell = async (row: Locator, i: number) => Number(await row.getByRole("cell").nth(i).innerText());
    // 逾期 and 在办合计 of the total are the districts' subtotals added up.
    const total = overview.getByTestId("overview-total");
    for (const [i, name] of [[1, "逾期"], [5, "在办合计"]] as const) {
      expect(await cell(total, i), name).toBe((await cell(subtotals.nth(0), i)) + (await cell(subtotals.nth(1), i)));
    }
    await testInfo.attach("city-overview-1366", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    await page.getByRole("button", { name: /^提醒/ }).click();
    await expect(page.getByTestId("bell-overdue")).toHaveText(`已逾期案件 ${await cell(total, 1)} 件`);
  });
});

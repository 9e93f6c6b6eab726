import { expect, test, type Page } from "@playwright/test";
import { openLead } from "./support/cases.ts";
import { registerHousehold, runName } from "./support/households.ts";
import { chinaDate, openMenu, signIn } from "./support/ui.ts";

/**
 * Deadlines on every device (issue 14, item 5) and long text (item 11): on a
 * 1024 px tablet the menu folds and the 剩余时间 column stays in view; on a
 * 390 px phone the queue is a list of cards that say the deadline and why a
 * case is red; a name cut short in the household's members shows whole on
 * hover and on keyboard focus. Screenshots at 1366, 1024 and 390 px are kept.
 */
test("the deadline stays in view at 1024 and 390 px, and a cut name shows whole on hover and focus", async ({ page }) => {
  // Long enough to be cut in the members table (the head's name has 96 px there).
  const headName = runName("阿卜杜热合曼买买提");

  await test.step("the township registers a household and opens a lead received 15 days ago", async () => {
    await signIn(page, "township");
    await registerHousehold(page, { category: "脱贫享受政策户", village: "姜家疃", headName, riskCause: "因灾" });
    await openLead(page, headName, { receivedOn: chinaDate(-15) });
  });

  await test.step("1366 px: the menu is open and the queue is a table", async () => {
    await openMenu(page, "工作台");
    const queue = page.getByRole("table", { name: "待核实线索" });
    await expect(queue.getByRole("row").filter({ hasText: headName })).toContainText(/逾期 \d+ 个工作日/);
    await expect(page.getByRole("button", { name: "收起菜单" })).toBeVisible();
    await keepScreenshot(page, "queue-1366");
  });

  await test.step("1024 px: the menu folds to icons and 剩余时间 of the first row is on screen", async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect(page.getByRole("button", { name: "展开菜单" })).toBeVisible();
    const queue = page.getByRole("table", { name: "待核实线索" });
    const remainingHeader = queue.getByRole("columnheader", { name: "剩余时间" });
    await expect(remainingHeader).toBeInViewport();
    const firstRow = queue.locator("tbody tr.ant-table-row").first();
    await expect(firstRow.getByRole("cell").last()).toBeInViewport();
    await expect(firstRow.getByRole("cell").last()).toContainText(/(逾期|剩余) \d+ 个工作日|今日到期/);
    const ours = queue.getByRole("row").filter({ hasText: headName });
    await expect(ours.getByRole("cell").last()).toContainText(/逾期 \d+ 个工作日/);
    await expect(ours.getByRole("cell").last()).toBeInViewport();
    await keepScreenshot(page, "queue-1024");
  });

  await test.step("390 px: the queue is cards with the deadline and why the case is red; the menu is a drawer", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const cards = page.getByRole("list", { name: "待核实线索" });
    await expect(cards).toBeVisible();
    await expect(page.getByRole("table", { name: "待核实线索" })).toHaveCount(0);
    const card = cards.getByRole("listitem").filter({ hasText: headName });
    await expect(card).toContainText("姜家疃");
    await expect(card.getByTestId("case-card-deadline")).toHaveText(/应于 \d{4}-\d{2}-\d{2} 前办结，已逾期 \d+ 个工作日/);
    await expect(card.getByTestId("case-card-deadline")).toBeInViewport();
    await keepScreenshot(page, "queue-390");

    await expect(page.getByRole("navigation", { name: "主导航" })).toHaveCount(0);
    await page.getByRole("button", { name: "打开菜单" }).click();
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "家庭档案" }).click();
    await expect(page).toHaveURL(/\/households$/);
    // The drawer closes once the page changes.
    await expect(page.getByRole("navigation", { name: "主导航" })).toBeHidden();
    await expect(page.getByTestId("household-card").first()).toBeVisible();
  });

  await test.step("a head's name cut in the members table shows whole on hover and on keyboard focus", async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole("search", { name: "筛选家庭" }).getByLabel("姓名或身份证号").fill(headName);
    await page.getByRole("button", { name: "查询", exact: true }).click();
    await page.getByRole("link", { name: `查看 ${headName} 户详情` }).click();
    await expect(page.getByRole("heading", { name: `${headName} 户` })).toBeVisible();

    const members = page.getByRole("table").filter({ hasText: "与户主关系" });
    const cut = members.locator(".ellipsis-text", { hasText: headName });
    await expect(cut).toHaveAttribute("data-cut", "true");
    await cut.hover();
    await expect(page.getByRole("tooltip")).toHaveText(headName);
    await keepScreenshot(page, "household-long-name-1366");

    await page.mouse.move(0, 0);
    await expect(page.getByRole("tooltip")).toBeHidden();
    // Keyboard: the cut text takes a tab stop; focusing it shows the same tooltip.
    await cut.focus();
    await expect(cut).toBeFocused();
    await expect(page.getByRole("tooltip")).toHaveText(headName);
  });
});

async function keepScreenshot(page: Page, name: string): Promise<void> {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await test.info().attach(name, { path, contentType: "image/png" });
}

import { expect, test } from "@playwright/test";
import { householdWithNewFile } from "./support/assistance.ts";
import { runName } from "./support/households.ts";
import { choose, signIn, signOut } from "./support/ui.ts";

/**
 * 帮扶责任人: a household's file opens (here: 先帮扶、后认定, made over the
 * API so the journey has its own household); 张村镇's official finds it in
 * 待安排帮扶责任人 and assigns 周帮扶 (the demo's `helper` account) as its
 * lead; 周帮扶 signs in on a phone and finds it in 我的帮扶户, and cannot
 * reach the household register.
 */
test("the township assigns a helper, who then finds the household on a phone", async ({ page, baseURL }) => {
  const headName = runName("帮");
  const householdId = await householdWithNewFile(baseURL!, headName);

  await test.step("the township sees the household waiting for a helper and assigns 周帮扶", async () => {
    await signIn(page, "township");
    const queues = page.getByTestId("assistance-queues");
    await expect(queues.getByRole("tab", { name: /待安排帮扶责任人/ })).toBeVisible();
    const queue = queues.getByTestId("assistance-queue-township-assign");
    await queue.getByLabel("按户主姓名查找").fill(headName);
    await queue.getByLabel("按户主姓名查找").press("Enter");
    const row = queue.getByRole("row").filter({ hasText: headName });
    await expect(row).toContainText("未安排");
    await expect(row).toContainText("剩余 5 个工作日");
    await row.getByRole("link", { name: headName }).click();
    await expect(page).toHaveURL(new RegExp(`/households/${householdId}\\?tab=assistance`));

    const section = page.getByTestId("helpers-section");
    await expect(section.getByTestId("deadline-assignment")).toContainText("剩余 5 个工作日");
    await section.getByTestId("assignment-LEAD").getByRole("button", { name: "安排" }).click();
    const dialog = page.getByRole("dialog", { name: "安排帮扶责任人" });
    await choose(page, dialog.getByLabel("帮扶责任人"), "周帮扶（区农业农村局，副科级）", { search: true });
    await dialog.getByRole("button", { name: "确认" }).click();
    await expect(dialog).toBeHidden();
    await expect(section.getByTestId("assignment-LEAD")).toContainText("周帮扶 · 区农业农村局");
    await expect(section.getByTestId("assignment-LEAD").getByRole("button", { name: "更换" })).toBeVisible();
    await expect(section.getByTestId("deadline-assignment")).toHaveCount(0);
  });

  await test.step("the household has left 待安排帮扶责任人", async () => {
    await page.goto("/");
    const queue = page.getByTestId("assistance-queue-township-assign");
    await queue.getByLabel("按户主姓名查找").fill(headName);
    await queue.getByLabel("按户主姓名查找").press("Enter");
    await expect(queue.getByText("暂无待办")).toBeVisible();
    await signOut(page);
  });

  await test.step("周帮扶 signs in on a phone and finds the household in 我的帮扶户", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "helper");
    await expect(page.getByRole("heading", { name: "我的帮扶户" })).toBeVisible();
    const card = page.getByTestId("my-household-card").filter({ hasText: headName });
    await expect(card).toContainText("张村");
    await expect(card).toContainText("下次走访");
    // Only 我的帮扶户 in the navigation (on a phone, the menu drawer): no cases, households or reports.
    await page.getByRole("button", { name: "打开菜单" }).click();
    await expect(page.locator('nav[aria-label="主导航"] a')).toHaveText(["我的帮扶户"]);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("navigation", { name: "主导航" })).toBeHidden();
    await card.click();
    await expect(page).toHaveURL(new RegExp(`/assistance/${householdId}$`));
    await expect(page.getByRole("heading", { name: `帮扶档案：${headName} 户`, level: 4 })).toBeVisible();
    await expect(page.getByTestId("helpers-section").getByTestId("assignment-LEAD")).toContainText("周帮扶");
  });

  await test.step("周帮扶 cannot open the household register", async () => {
    await page.goto("/households");
    await expect(page.getByText("无权访问")).toBeVisible();
    await expect(page.getByRole("button", { name: "返回我的帮扶户" })).toBeVisible();
  });
});

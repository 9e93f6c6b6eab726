import { expect, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2026";

/** Signs in through the sign-in page and waits for the household list. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(/\/households(\?|$)/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("banner").getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByText("您已退出登录")).toBeVisible();
}

/**
 * Picks an option of an antd Select (or TreeSelect) by its visible label:
 * opens it from its labelled combobox, types to filter when it is
 * searchable, and clicks the option in the open dropdown.
 */
export async function choose(page: Page, combobox: Locator, optionLabel: string, options: { search?: boolean } = {}): Promise<void> {
  await combobox.click();
  if (options.search) await combobox.fill(optionLabel);
  const dropdown = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-tree-select-dropdown:not(.ant-select-dropdown-hidden)").last();
  await dropdown.getByTitle(optionLabel, { exact: true }).first().click();
}

import { expect, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2026";

/** Signs in through the sign-in page and waits for the home page (the role's workbench). */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/");
}

const MENU_PATHS = { 工作台: "/", 监测概况: "/", 案件查询: "/cases", 家庭档案: "/households", 用户管理: "/users" } as const;

/** Opens a section from the side menu and waits until it is there (the page before may look alike). */
export async function openMenu(page: Page, label: keyof typeof MENU_PATHS): Promise<void> {
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: label }).click();
  await expect(page).toHaveURL((url) => url.pathname === MENU_PATHS[label]);
  await expect(page.getByRole("heading", { level: 4 }).first()).toBeVisible();
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
  // The select the combobox belongs to shows the chosen label once the choice took.
  const chosen = combobox
    .locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ant-select ')][1]")
    .getByTitle(optionLabel, { exact: true })
    .first();
  const open = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-tree-select-dropdown:not(.ant-select-dropdown-hidden)");
  // A click that lands while the dropdown is still sliding open is sometimes lost (antd's motion): as a person
  // would, look whether the choice took and click the option again if not. Never a second click on a chosen
  // option (in a multiple select that would remove it).
  await expect(async () => {
    if (await chosen.isVisible()) return;
    if ((await combobox.getAttribute("aria-expanded")) !== "true") await combobox.click();
    if (options.search) await combobox.fill(optionLabel);
    // The dropdown of this select: the one holding the list the combobox controls, else the last one open.
    const listId = await combobox.getAttribute("aria-controls");
    const dropdown = listId ? open.filter({ has: page.locator(`[id="${listId}"]`) }).or(open.last()).first() : open.last();
    await dropdown.getByTitle(optionLabel, { exact: true }).first().click({ timeout: 5_000 });
    await expect(chosen).toBeVisible({ timeout: 2_000 });
  }, `${optionLabel} chosen`).toPass({ timeout: 20_000 });
}

/**
 * Enters a date into an antd DatePicker from the keyboard, as a user may:
 * types it into the picker's input and confirms with Enter.
 */
export async function enterDate(picker: Locator, isoDate: string): Promise<void> {
  await picker.click();
  await picker.fill(isoDate);
  await picker.press("Enter");
  await expect(picker).toHaveValue(isoDate);
}

/** A calendar date in China (the offices' time zone) `offsetDays` from today, as YYYY-MM-DD. */
export function chinaDate(offsetDays = 0): string {
  const now = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(now);
}

import { expect, test } from "@playwright/test";
import { choose, signIn, signOut } from "./support/ui.ts";

test("the administrator creates a village cadre, who must change the initial password first", async ({ page }) => {
  const username = `cadre${Date.now() % 100_000}`;
  const initialPassword = "Start2026x";
  const ownPassword = "Mine2026yz";

  await test.step("admin creates the account for 羊亭村", async () => {
    await signIn(page, "admin");
    await page.getByRole("link", { name: "用户管理" }).click();
    await page.getByRole("button", { name: "新建用户" }).click();
    const dialog = page.getByRole("dialog", { name: "新建用户" });
    await dialog.getByLabel("用户名").fill(username);
    await dialog.getByLabel("姓名").fill("羊亭村 孙委员");
    await choose(page, dialog.getByLabel("角色"), "村级干部");
    await choose(page, dialog.getByLabel("所属行政区划"), "羊亭", { search: true });
    await dialog.getByLabel("初始密码").fill(initialPassword);
    await dialog.getByRole("button", { name: "创建" }).click();
    const created = page.getByRole("dialog", { name: "用户已创建" });
    await expect(created).toContainText(initialPassword);
    await created.getByRole("button", { name: "知道了" }).click();
    const row = page.getByRole("row").filter({ hasText: username });
    await expect(row).toContainText("村级干部");
    await expect(row).toContainText("羊亭");
    await expect(row).toContainText("正常");
    await signOut(page);
  });

  await test.step("the new user signs in and is asked to change the password before anything else", async () => {
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("密码").fill(initialPassword);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect(page).toHaveURL(/\/change-password$/);
    await page.goto("/households");
    await expect(page).toHaveURL(/\/change-password$/);
  });

  await test.step("even when the page believes otherwise, the API's refusal leads to the change-password page", async () => {
    // A page loaded before the password was reset has a stale user: let /api/auth/me say "no change needed".
    await page.route("**/api/auth/me", async (route) => {
      const response = await route.fetch();
      const me = await response.json();
      await route.fulfill({ response, json: { ...me, user: { ...me.user, mustChangePassword: false } } });
    });
    await page.goto("/households");
    await expect(page).toHaveURL(/\/change-password$/);
    await expect(page.getByText("您的密码由管理员设置，请先修改为只有您本人知道的密码后再继续使用")).toBeVisible();
    await expect(page.getByText("首次登录或密码被重置后，请先修改密码")).toHaveCount(0);
    await page.unroute("**/api/auth/me");
  });

  await test.step("changes the password and goes on", async () => {

    await page.getByLabel("原密码").fill(initialPassword);
    await page.getByLabel("新密码", { exact: true }).fill(ownPassword);
    await page.getByLabel("确认新密码").fill(ownPassword);
    await page.getByRole("button", { name: "保存新密码" }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/");
    await expect(page.getByTestId("shell-area-name")).toHaveText("羊亭");
    await expect(page.getByRole("tab", { name: "待张贴公示" })).toBeVisible();
  });
});

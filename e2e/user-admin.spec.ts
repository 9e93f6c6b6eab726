import { expect, request as playwrightRequest, test } from "@playwright/test";
import { choose, DEMO_PASSWORD, signIn, signOut } from "./support/ui.ts";

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
    // A page loaded before the password was reset has a stale user: let the session check say "no change needed".
    await page.route("**/api/auth/session", async (route) => {
      const response = await route.fetch();
      const { me, ended } = await response.json();
      await route.fulfill({ response, json: { ended, me: { ...me, user: { ...me.user, mustChangePassword: false } } } });
    });
    await page.goto("/households");
    await expect(page).toHaveURL(/\/change-password$/);
    await expect(page.getByText("您的密码由管理员设置，请先修改为只有您本人知道的密码后再继续使用")).toBeVisible();
    await expect(page.getByText("首次登录或密码被重置后，请先修改密码")).toHaveCount(0);
    await page.unroute("**/api/auth/session");
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

test("the administrator finds a cadre, moves them to a township (their open session ends), deactivates and reactivates the account", async ({ page, browser, baseURL }) => {
  const suffix = Date.now() % 100_000;
  const username = `move${suffix}`;
  const phone = `139${String(suffix).padStart(8, "0")}`;
  const password = "Moving#2026q";

  await test.step("set up: a village cadre of 张村 with a phone, who chose their own password", async () => {
    const admin = await playwrightRequest.newContext({ baseURL });
    expect((await admin.post("/api/auth/login", { data: { username: "admin", password: DEMO_PASSWORD } })).status()).toBe(200);
    const areas = await (await admin.get("/api/areas?maxLevel=VILLAGE")).json();
    const zhangcun = areas.areas.find((a: { name: string; level: string }) => a.name === "张村" && a.level === "VILLAGE");
    const created = await admin.post("/api/users", {
      data: { username, displayName: "张村 何会计", role: "VILLAGE_CADRE", areaId: zhangcun.id, phone, password: "Initial#2026k" },
    });
    expect(created.status(), await created.text()).toBe(201);
    const user = await playwrightRequest.newContext({ baseURL });
    expect((await user.post("/api/auth/login", { data: { username, password: "Initial#2026k" } })).status()).toBe(200);
    expect((await user.post("/api/auth/password", { data: { currentPassword: "Initial#2026k", newPassword: password } })).status()).toBe(200);
    await Promise.all([admin.dispose(), user.dispose()]);
  });

  // The cadre works in a browser of their own.
  const cadreContext = await browser.newContext();
  const cadre = await cadreContext.newPage();
  await signIn(cadre, username, password);
  await expect(cadre.getByTestId("shell-area-name")).toHaveText("张村");

  await test.step("admin finds the cadre by the whole phone number; the list shows it masked", async () => {
    await signIn(page, "admin");
    await page.getByRole("link", { name: "用户管理" }).click();
    await page.getByLabel("姓名、用户名或电话").fill(phone);
    await page.getByLabel("姓名、用户名或电话").press("Enter");
    const rows = page.getByRole("row").filter({ hasText: username });
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    await expect(page.getByText(phone, { exact: true })).toHaveCount(0);
    await expect(page.getByText("共 1 个用户")).toBeVisible();
  });

  await test.step("admin changes the role and area, with the reason", async () => {
    await page.getByRole("button", { name: `编辑 ${username}` }).click();
    const dialog = page.getByRole("dialog", { name: "编辑用户" });
    await choose(page, dialog.getByLabel("角色"), "乡镇（街道）工作人员");
    await choose(page, dialog.getByLabel("所属行政区划"), "羊亭镇", { search: true });
    await expect(dialog.getByText("该用户将立即退出登录")).toBeVisible();
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect(dialog.getByText("更改角色或所属行政区划须填写原因")).toBeVisible();
    await dialog.getByLabel("原因").fill("调任羊亭镇扶贫办");
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole("row").filter({ hasText: username });
    await expect(row).toContainText("乡镇（街道）工作人员");
    await expect(row).toContainText("羊亭镇");
  });

  await test.step("the cadre's open page is sent to the sign-in page at the next step, and the new role applies after signing in", async () => {
    await cadre.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "家庭档案" }).click();
    await expect(cadre).toHaveURL(/\/sign-in/);
    await cadre.getByLabel("用户名").fill(username);
    await cadre.getByLabel("密码").fill(password);
    await cadre.getByRole("button", { name: "登录", exact: true }).click();
    await expect(cadre.getByTestId("shell-area-name")).toHaveText("羊亭镇");
    await cadreContext.close();
  });

  await test.step("admin filters by role, area and state, deactivates and reactivates the account", async () => {
    const filters = page.getByRole("search", { name: "筛选用户" });
    await filters.getByLabel("姓名、用户名或电话").fill("");
    await filters.getByLabel("姓名、用户名或电话").press("Enter");
    await choose(page, filters.getByLabel("角色"), "乡镇（街道）工作人员");
    await choose(page, filters.getByLabel("所属区划"), "羊亭镇", { search: true });
    const row = page.getByRole("row").filter({ hasText: username });
    await expect(row).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "张村镇 李专干" })).toHaveCount(0);
    await row.getByRole("button", { name: "停用" }).click();
    await page.locator(".ant-popconfirm:not(.ant-popover-hidden)").getByRole("button", { name: "停用", exact: true }).click();
    await expect(row).toContainText("已停用");
    await choose(page, filters.getByLabel("状态"), "已停用");
    await expect(row).toBeVisible();
    await row.getByRole("button", { name: "启用" }).click();
    // Active again: no longer among the deactivated.
    await expect(row).toHaveCount(0);
    await choose(page, filters.getByLabel("状态"), "正常");
    await expect(page.getByRole("row").filter({ hasText: username })).toContainText("正常");
  });
});

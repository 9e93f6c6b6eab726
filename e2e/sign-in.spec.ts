import { expect, test } from "@playwright/test";
import { openMenu, signIn, signOut } from "./support/ui.ts";

const ACCOUNTS = [
  { username: "admin", area: "威海市" },
  { username: "city", area: "威海市" },
  { username: "district", area: "环翠区" },
  { username: "township", area: "张村镇" },
  { username: "township2", area: "羊亭镇" },
  { username: "village", area: "张村" },
];

for (const { username, area } of ACCOUNTS) {
  test(`${username} signs in and sees ${area} in the header`, async ({ page }) => {
    await signIn(page, username);
    await expect(page.getByTestId("shell-area-name")).toHaveText(area);
    // The home page is the role's workbench (queues) or, for the city and the administrator, the overview.
    await expect(page.getByRole("heading", { name: /^(工作台|监测概况)$/ })).toBeVisible();
    await expect(page.getByRole("table").first()).toBeVisible();
    await signOut(page);
  });
}

test("the sign-in page logs no console error when no one is signed in", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  // Straight to the sign-in page, and through a signed-in page that sends there.
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "登录", exact: true })).toBeVisible();
  await page.goto("/households");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);
  await expect(page.getByRole("button", { name: "登录", exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a wrong password is refused with the API's message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("用户名").fill("district");
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("用户名或密码不正确");
  await expect(alert).toContainText("连续 5 次输错密码，账号将被锁定 15 分钟");
  await expect(page).toHaveURL(/\/sign-in/);

  // The right password still works after one mistake.
  await signIn(page, "district");
});

test("a page opened without a session leads to the sign-in page and back", async ({ page }) => {
  await page.goto("/households?category=ORDINARY");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);
  await page.getByLabel("用户名").fill("township");
  await page.getByLabel("密码").fill("Demo@2026");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(/\/households\?category=ORDINARY$/);
  await expect(page.getByRole("row").filter({ hasText: "一般农户" }).first()).toBeVisible();
});

test("an ended session sends the user to the sign-in page with a notice, and back afterwards", async ({ page, context }) => {
  await signIn(page, "township");
  // The page's own requests must be answered before the session ends: on a busy machine they can
  // leave after the cookie is replaced (networkidle does not wait for a client-side route's fetches).
  const pageLoaded = Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/households?")),
    page.waitForResponse((r) => r.url().includes("/api/areas?maxLevel=NATURAL_VILLAGE")),
  ]);
  await openMenu(page, "家庭档案");
  await pageLoaded;
  await expect(page.getByRole("row").nth(1)).toBeVisible();
  // The server no longer knows this session (as after 30 idle minutes): replace the session cookie's value.
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.httpOnly);
  expect(session).toBeDefined();
  await context.addCookies([{ ...session!, value: "ended-session" }]);

  await page.getByLabel("姓名或身份证号").fill("张");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);
  await expect(page.getByText("长时间未操作，登录已失效，请重新登录")).toBeVisible();

  await page.getByLabel("用户名").fill("township");
  await page.getByLabel("密码").fill("Demo@2026");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(/\/households\?q=/);
});

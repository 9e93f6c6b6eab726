import { expect, test, type Page } from "@playwright/test";
import { openMenu, signIn } from "./support/ui.ts";

/** Every Content-Security-Policy violation the page reports, as the browser itself logs and signals it. */
function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|CSP violation/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return violations;
}

test("the pages and the API docs run under the Content Security Policy without a single violation", async ({ page }) => {
  const violations = collectCspViolations(page);

  await test.step("the built SPA has no inline script and is served with the policy", async () => {
    const response = await page.goto("/sign-in");
    const csp = response!.headers()["content-security-policy"]!;
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
    const html = await response!.text();
    expect(html.match(/<script\b[^>]*>/g)?.every((tag) => /\bsrc=/.test(tag))).toBe(true);
  });

  await test.step("a day's screens: workbench, households, users, calendar", async () => {
    await signIn(page, "admin");
    await openMenu(page, "家庭档案");
    await expect(page.getByRole("row").nth(1)).toBeVisible();
    await openMenu(page, "用户管理");
    await page.getByRole("button", { name: "新建用户" }).click();
    await expect(page.getByRole("dialog", { name: "新建用户" })).toBeVisible();
    await page.keyboard.press("Escape");
    await page.goto("/calendar");
    await expect(page.getByRole("heading", { level: 4 }).first()).toBeVisible();
  });

  await test.step("Swagger UI at /api/docs renders the operations", async () => {
    await page.goto("/api/docs");
    await expect(page.getByText("/api/auth/login").first()).toBeVisible();
  });

  expect(violations).toEqual([]);
});

test("the change-password screen shows the password rules' messages before sending", async ({ page }) => {
  await signIn(page, "village");
  await page.goto("/change-password");
  await expect(page.getByText("至少 10 位，含大写字母、小写字母、数字、符号中的至少 3 类")).toBeVisible();
  const sent: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/api/auth/password")) sent.push(request.url());
  });
  await page.getByLabel("原密码").fill("Demo@2026");
  const newPassword = page.getByLabel("新密码", { exact: true });
  const error = page.locator("#newPassword_help, .ant-form-item-explain-error").first();

  await newPassword.fill("abcdefg1");
  await page.getByRole("button", { name: "保存新密码" }).click();
  await expect(error).toContainText("密码至少 10 位");
  await expect(error).toContainText("密码须包含大写字母、小写字母、数字、符号中的至少 3 类");
  await expect(error).toContainText("密码过于常见或有规律");

  await newPassword.fill("My#Village7k");
  await expect(error).toContainText("密码不能包含用户名");

  await newPassword.fill("Qwerty@2026");
  await expect(error).toContainText("密码过于常见或有规律");

  await newPassword.fill("Zhangcun#Lake7");
  await expect(page.locator(".ant-form-item-explain-error").filter({ visible: true, hasText: /密码过于常见|密码不能包含用户名|密码至少 10 位/ })).toHaveCount(0);
  expect(sent).toEqual([]);
});

test("a state-changing request from another origin is refused, the same from this origin is not", async ({ page, baseURL }) => {
  await signIn(page, "township");
  const cross = await page.request.post("/api/auth/logout", { headers: { origin: "http://evil.example" } });
  expect(cross.status()).toBe(403);
  expect((await cross.json()).code).toBe("CROSS_SITE_REQUEST");
  // Still signed in.
  expect((await page.request.get("/api/auth/me")).status()).toBe(200);
  const own = await page.request.post("/api/auth/logout", { headers: { origin: new URL(baseURL!).origin } });
  expect(own.status()).toBe(200);
});

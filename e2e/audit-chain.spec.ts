import { expect, test } from "@playwright/test";
import { signIn } from "./support/ui.ts";

test("the administrator checks the audit trail's hash chain", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByRole("link", { name: "用户管理" }).click();
  await page.getByRole("button", { name: "校验审计链" }).click();
  await expect(page.getByText(/审计链完整：[\d,]+ 条记录全部校验通过/)).toBeVisible();
  await expect(page.getByText(/链头哈希 [0-9a-f]{64}/)).toBeVisible();
});

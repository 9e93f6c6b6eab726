import { expect, test } from "@playwright/test";
import { approvedCase, openFromQueue, postPublicity } from "./support/cases.ts";
import { runName } from "./support/households.ts";
import { afterDays } from "./support/clock.ts";
import { chinaDate, signIn } from "./support/ui.ts";

/**
 * Procedure 3: a 脱贫不再享受政策户 at risk of return is rolled back to
 * 脱贫享受政策户: village appraisal (no home survey under Weihai's rules),
 * district review without cross-check, village publicity, and after it the
 * district enters the change (Weihai's rules: "公示结束后，由区市扶贫部门录入系统").
 */
test("a lifted household without policies at risk goes to publicity for its rollback", async ({ page }) => {
  const headName = runName("慕容");
  await test.step("appraisal, submission and approval, each by its role", async () => {
    await approvedCase(page, { category: "脱贫不再享受政策户", headName });
  });

  await test.step("the village sees what the procedure will do and posts the notice", async () => {
    await signIn(page, "village");
    await openFromQueue(page, "待张贴公示", headName);
    await expect(page.getByText("回退为脱贫享受政策户", { exact: true })).toBeVisible();
    // Under Weihai's rules the township stage of this procedure is the appraisal only.
    await expect(page.getByTestId("case-event").filter({ hasText: "登记入户核实" })).toHaveCount(0);
    await postPublicity(page, chinaDate());
    await expect(page.getByTestId("case-stage")).toHaveText("公示中");
  });
});

test("after publicity the district enters the rollback and the household is 脱贫享受政策户 again", async ({ page, request }) => {
  const headName = runName("上官");
  await approvedCase(page, { category: "脱贫不再享受政策户", headName });
  await signIn(page, "village");
  await openFromQueue(page, "待张贴公示", headName);
  await postPublicity(page, chinaDate());
  await afterDays(request, 6, async () => {
    await signIn(page, "district");
    await openFromQueue(page, "公示期满待录入", headName);
    await expect(page.getByTestId("case-stage")).toHaveText("公示期满待区县回退");
    await page.getByRole("region", { name: "确认公示无异议" }).getByRole("button", { name: "确认无异议，回退为脱贫享受政策户" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "认定完成" })).toBeVisible();
    await page.getByRole("link", { name: `${headName} 户` }).click();
    await expect(page.getByText("脱贫享受政策户").first()).toBeVisible();
  });
});

import { expect, test } from "@playwright/test";
import { openLead, recordVerification, submitToDistrict } from "./support/cases.ts";
import { registerHousehold, runName } from "./support/households.ts";
import { chinaDate, openMenu, signIn, signOut } from "./support/ui.ts";

/**
 * Deadlines in the queues: a lead received 15 days ago is overdue at once
 * (5 working days have passed), comes before today's lead in the township's
 * queue, is marked red, counted under 逾期, and the district sees it in its
 * overview of the townships.
 */
test("an overdue lead comes first in the township's queue, marked and counted, and the district sees it", async ({ page }) => {
  const lateName = runName("公孙");
  const freshName = runName("宇文");

  await test.step("the township opens a lead received 15 days ago and one received today", async () => {
    await signIn(page, "township");
    await registerHousehold(page, { category: "脱贫享受政策户", village: "姜家疃", headName: lateName, riskCause: "因灾" });
    await openLead(page, lateName, { receivedOn: chinaDate(-15) });
    await expect(page.getByTestId("case-deadline")).toContainText(/逾期 \d+ 个工作日/);
    await registerHousehold(page, { category: "脱贫享受政策户", village: "姜家疃", headName: freshName, riskCause: "因灾" });
    await openLead(page, freshName);
    await expect(page.getByTestId("case-deadline")).toContainText(/剩余 \d+ 个工作日/);
  });

  await test.step("in 待核实线索 the overdue lead comes first, in red, and the 逾期 filter keeps only such leads", async () => {
    await openMenu(page, "工作台");
    const table = page.getByRole("table", { name: "待核实线索" });
    const late = table.getByRole("row").filter({ hasText: lateName });
    const fresh = table.getByRole("row").filter({ hasText: freshName });
    await expect(late).toContainText(/逾期 \d+ 个工作日/);
    await expect(late).toHaveClass(/case-row-overdue/);
    await expect(fresh).not.toHaveClass(/case-row-overdue/);
    const names = await table.getByRole("row").allInnerTexts();
    const lateIndex = names.findIndex((t) => t.includes(lateName));
    const freshIndex = names.findIndex((t) => t.includes(freshName));
    expect(lateIndex).toBeGreaterThan(-1);
    expect(lateIndex).toBeLessThan(freshIndex);

    const overdue = page.getByRole("radio", { name: /^逾期 [1-9]\d*$/ });
    // antd draws radio buttons over a hidden input: the user clicks the button (its label).
    await page.locator("label").filter({ has: overdue }).click();
    await expect(page).toHaveURL(/bucket=OVERDUE/);
    await expect(late).toBeVisible();
    await expect(fresh).toHaveCount(0);

    // The filters live in the URL: a reload keeps them; the search narrows to one household.
    await page.reload();
    await expect(page.getByRole("radio", { name: /^逾期/ })).toBeChecked();
    await page.getByLabel("户主姓名、身份证号或案件编号").fill(lateName);
    await page.getByRole("button", { name: "查询", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(lateName)}`));
    await expect(table.getByRole("row").filter({ hasText: lateName })).toHaveCount(1);
    await expect(table.getByRole("row")).toHaveCount(2);
  });

  await test.step("submitting the late lead records that the township stage missed its deadline", async () => {
    await table(page).getByRole("link", { name: new RegExp(`办理 ${lateName} 户的案件`) }).click();
    await recordVerification(page);
    await submitToDistrict(page);
    await expect(page.getByTestId("case-event").filter({ hasText: "报送区县审核" })).toContainText("逾期");
    await signOut(page);
  });

  await test.step("the district's overview shows 张村镇's open cases by deadline", async () => {
    await signIn(page, "district");
    const overview = page.getByRole("table", { name: "各乡镇案件期限" });
    const zhangcun = overview.getByRole("row").filter({ hasText: "张村镇" });
    await expect(zhangcun).toBeVisible();
    // The fresh lead is still open in the township; the late one is now with the district, on time.
    await expect(zhangcun.getByRole("cell").nth(5)).not.toHaveText("0");
    await zhangcun.getByRole("link", { name: "张村镇" }).click();
    await expect(page).toHaveURL(/\/cases\?areaId=\d+/);
    await expect(page.getByRole("table", { name: "案件列表" }).getByRole("row").filter({ hasText: freshName })).toBeVisible();
  });
});

function table(page: import("@playwright/test").Page) {
  return page.getByRole("table", { name: "待核实线索" });
}

import { expect, test, type Page } from "@playwright/test";
import { openFromQueue, openLead, postPublicity, recordAppraisal, recordVerification, review, submitToDistrict } from "./support/cases.ts";
import { registerHousehold, runName } from "./support/households.ts";
import { afterDays } from "./support/clock.ts";
import { chinaDate, openMenu, signIn, signOut } from "./support/ui.ts";

/**
 * Procedure 2: an 一般农户 at risk of falling into poverty. The township
 * collects the data at home, the village holds the democratic appraisal,
 * the district reviews with the information cross-check and the ten
 * exclusions, the village posts the notice for 5 days; after it, the
 * district enters the designation (seed 000: "公示结束后，由区市扶贫部门录入系统"):
 * the household becomes 即时帮扶户.
 */

/** Everything up to the district's approval, each step by its own role. Leaves the district signed in on the case. */
async function throughReview(page: Page, headName: string, receivedOn: string) {
  await test.step("张村镇's official registers a household of 张村 and opens a lead on it", async () => {
    await signIn(page, "township");
    await registerHousehold(page, { category: "一般农户", village: "张村", headName, riskCause: "因大病" });
    await openLead(page, headName, { receivedOn });
    await expect(page.getByRole("region", { name: "登记入户核实" })).toBeVisible();
  });

  await test.step("records the home visit with the collection form, correcting the wages found at home", async () => {
    const form = page.getByRole("region", { name: "即时帮扶人口信息采集表（入户核实）" });
    // The household's file, ready to be checked item by item.
    await expect(form.getByRole("region", { name: "成员 1" }).getByLabel("姓名")).toHaveValue(headName);
    await expect(form.getByLabel("A28 工资性收入", { exact: true })).toHaveValue("0.00");
    await recordVerification(page, receivedOn, { "A28 工资性收入": "3210.5" });
    const verification = page.getByTestId("case-event").filter({ hasText: "登记入户核实" });
    await expect(verification).toContainText("1 人，人均纯收入 3,210.50 元，风险：因大病");
    await expect(verification).toContainText(`${headName}（户主）`);
    // Next the appraisal is due (the township may record it too), then the submission.
    await expect(page.getByRole("region", { name: "登记民主评议" })).toBeVisible();
  });

  await test.step("the household's file now shows the verified income", async () => {
    await page.getByRole("link", { name: `${headName} 户` }).click();
    await expect(page.getByRole("heading", { name: `${headName} 户` })).toBeVisible();
    await expect(page.getByRole("cell", { name: /^A28 工资性收入/ })).toContainText("3,210.50 元");
    await expect(page.getByRole("cell", { name: /^家庭纯收入/ })).toContainText("3,210.50 元");
    await expect(page.getByTestId("per-capita-income")).toHaveText("3,210.50 元");
    await signOut(page);
  });

  await test.step("张村's cadre records the village's democratic appraisal", async () => {
    await signIn(page, "village");
    await openFromQueue(page, "待民主评议", headName);
    await recordAppraisal(page, receivedOn);
    const appraisal = page.getByTestId("case-event").filter({ hasText: "登记民主评议" });
    await expect(appraisal).toContainText("张村 陈书记");
    await expect(appraisal).toContainText("参会 9 人，同意 8 票，反对 1 票");
    await signOut(page);
  });

  await test.step("the township submits it from its queue of leads", async () => {
    await signIn(page, "township");
    await openFromQueue(page, "待核实线索", headName);
    await submitToDistrict(page);
    await signOut(page);
  });

  await test.step("the district reviews it with the cross-check and the ten exclusions, and approves", async () => {
    await signIn(page, "district");
    await openFromQueue(page, "待审核", headName);
    await review(page, { decision: "审核通过" }, { vehicleNote: "登记有一辆三轮农用车，属生产必需" });
    await expect(page.getByTestId("case-stage")).toHaveText("待村内公示");
    const approved = page.getByTestId("case-event").filter({ hasText: "审核通过" });
    await expect(approved).toContainText("环翠区 王审核");
    await expect(approved).toContainText("车辆：有疑点（登记有一辆三轮农用车，属生产必需）；财政供养（公职）人员：无异常");
    await expect(approved).toContainText("逐项核对，均不存在");
    await signOut(page);
  });
}

test("an ordinary household at risk goes through verification, appraisal, review and publicity", async ({ page }) => {
  const headName = runName("诸葛");
  const today = chinaDate();
  await throughReview(page, headName, today);

  await test.step("the village posts the notice today: the case is in publicity for 5 days", async () => {
    await signIn(page, "village");
    await openFromQueue(page, "待张贴公示", headName);
    await postPublicity(page, today);
    await expect(page.getByTestId("case-stage")).toHaveText("公示中");
    await expect(page.getByText(`${chinaDate(1)} 至 ${chinaDate(5)}（${today} 张贴）`)).toBeVisible();
    // A publicity runs in calendar days, weekends and holidays included, and its time left is told in them.
    await expect(page.getByTestId("case-deadline")).toContainText("剩余 5 天");
    await expect(page.getByTestId("case-deadline")).not.toContainText("工作日");
    // Nothing to confirm before the period is over; an objection could be recorded meanwhile.
    await expect(page.getByRole("toolbar", { name: "可办理的事项" }).getByRole("button", { name: "确认公示无异议" })).toHaveCount(0);
    await expect(page.getByRole("toolbar", { name: "可办理的事项" }).getByRole("button", { name: "登记公示异议" })).toBeVisible();

    await openMenu(page, "工作台");
    await page.getByRole("tab", { name: "公示中" }).click();
    const row = page.getByRole("table", { name: "公示中" }).getByRole("row").filter({ hasText: headName });
    await expect(row).toContainText(chinaDate(5));
    await expect(row).toContainText("剩余 5 天");
  });
});

test("after its 5 days of publicity without objection the district enters the designation: the household becomes 即时帮扶户", async ({ page, request }) => {
  const headName = runName("司徒");
  await throughReview(page, headName, chinaDate());

  await test.step("the village posts the notice today", async () => {
    await signIn(page, "village");
    await openFromQueue(page, "待张贴公示", headName);
    await postPublicity(page, chinaDate());
    await expect(page.getByTestId("case-stage")).toHaveText("公示中");
  });

  await afterDays(request, 6, async () => {
    await test.step("six days later the period is over: the village has nothing to confirm, the case awaits the district", async () => {
      await signIn(page, "village");
      await openMenu(page, "工作台");
      await page.getByRole("tab", { name: "公示期满待确认" }).click();
      await expect(page.getByRole("table", { name: "公示期满待确认" }).getByRole("row").filter({ hasText: headName })).toHaveCount(0);
      await signOut(page);
      await signIn(page, "district");
      await openFromQueue(page, "公示期满待录入", headName);
      await expect(page.getByTestId("case-stage")).toHaveText("公示期满待区县录入认定");
      await expect(page.getByTestId("case-event").filter({ hasText: "公示期满" })).toBeVisible();
    });

    await test.step("the district confirms that there was no objection: the household is 即时帮扶户", async () => {
      const form = page.getByRole("region", { name: "确认公示无异议" });
      await form.getByRole("button", { name: "确认无异议，认定为即时帮扶户" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "认定完成" })).toContainText("该户已标注为即时帮扶户");
      await page.getByRole("link", { name: `${headName} 户` }).click();
      await expect(page.getByText("即时帮扶户").first()).toBeVisible();
    });
  });
});

import { expect, test } from "@playwright/test";
import { approvedCase, openFromQueue, openLead, postPublicity, recordVerification, review, submitToDistrict } from "./support/cases.ts";
import { registerHousehold, runName } from "./support/households.ts";
import { chinaDate, enterDate, openMenu, signIn, signOut } from "./support/ui.ts";

test("the district returns a case for correction, the township corrects it, and the district rejects it", async ({ page }) => {
  const headName = runName("东方");
  let householdUrl = "";

  await test.step("the township opens, verifies and submits a case", async () => {
    await signIn(page, "township");
    householdUrl = (await registerHousehold(page, { category: "脱贫享受政策户", village: "沟北", headName, riskCause: "因残" })).url;
    await openLead(page, headName);
    await recordVerification(page);
    await submitToDistrict(page);
    await signOut(page);
  });

  await test.step("the district returns it with what to correct", async () => {
    await signIn(page, "district");
    await openFromQueue(page, "待审核", headName);
    await review(page, { decision: "退回乡镇更正", reason: "入户核实未说明残疾等级，请补充后重新报送" });
    await expect(page.getByTestId("case-stage")).toHaveText(/^乡镇入户/);
    await signOut(page);
  });

  await test.step("the township finds it under 退回更正: the reason on top, its verification kept and corrected, on a new clock", async () => {
    await signIn(page, "township");
    await openMenu(page, "工作台");
    await page.getByRole("tab", { name: "退回更正" }).click();
    const row = page.getByRole("table", { name: "退回更正" }).getByRole("row").filter({ hasText: headName });
    await expect(row).toContainText("退回 1 次");
    await expect(row).toContainText(/剩余 \d+ 个工作日/);
    await row.getByRole("link", { name: new RegExp(`办理 ${headName} 户的案件`) }).click();

    // Why, who and when: at the top of the page, without scrolling (1366×768).
    const notice = page.getByTestId("case-return-notice");
    await expect(notice).toBeInViewport();
    await expect(notice).toContainText("入户核实未说明残疾等级，请补充后重新报送");
    await expect(notice).toContainText("环翠区 王审核");
    await expect(notice).toContainText(/退回时间：\d{4}-\d{2}-\d{2}/);
    await page.screenshot({ path: test.info().outputPath("returned-case-1366.png") });
    const returned = page.getByTestId("case-event").filter({ hasText: "退回乡镇更正" });
    await expect(returned).toContainText("入户核实未说明残疾等级，请补充后重新报送");
    // The stage by its name in the procedure ("乡镇入户核实").
    await expect(returned).toContainText(/“乡镇[^”]*”期限/);

    // The verification stays recorded: its form opens to correct it, filled with the earlier record.
    const form = page.getByRole("region", { name: "更正入户核实", exact: true });
    await expect(form).toBeVisible();
    await expect(form.getByLabel("入户日期")).toHaveValue(chinaDate());
    await expect(form.getByLabel("核实情况")).toHaveValue("入户核实：风险情况属实");
    await expect(form.getByRole("radio", { name: "风险属实" })).toBeChecked();
    await expect(form.getByText("李专干", { exact: true })).toBeVisible();
    // The collection form travels with every verification, whatever the procedure.
    await expect(form.getByRole("region", { name: "脱贫监测户信息采集表（入户核实）" })).toBeVisible();
    // A name with a space is one person.
    await form.getByLabel("核实人员").fill("张村 陈书记");
    await form.getByLabel("核实人员").press("Enter");
    await expect(form.getByText("张村 陈书记", { exact: true })).toBeVisible();
    await form.getByLabel("核实情况").fill("入户核实：风险情况属实。户主二级肢体残疾（残疾证已核）");
    await form.getByRole("button", { name: "保存入户核实" }).click();
    await expect(page.getByText("已登记入户核实")).toBeVisible();
    const corrected = page.getByTestId("case-event").filter({ hasText: "二级肢体残疾" });
    await expect(corrected).toContainText("李专干、张村 陈书记");
    await expect(corrected).toContainText("家庭收入");
    // Nothing reads "尚未登记": the submission lists the verification as done.
    const submit = page.getByRole("region", { name: "报送区县审核", exact: true });
    await expect(submit).toBeVisible();
    await expect(submit).not.toContainText("尚未登记");
    await expect(submit.getByRole("img", { name: "已完成" })).toHaveCount(1);
    await submitToDistrict(page);
    await expect(page.getByTestId("case-return-notice")).toHaveCount(0);
    await signOut(page);
  });

  await test.step("the district rejects it with the reason; the household is unchanged and may get a new case", async () => {
    await signIn(page, "district");
    await openFromQueue(page, "待审核", headName);
    // The district sees what it approves: the verification with its collection form, above the review.
    const submitted = page.getByRole("region", { name: "报送的材料" });
    await expect(submitted).toContainText("二级肢体残疾");
    await expect(submitted).toContainText(/采集表\s*\d+ 人，人均纯收入/);
    await expect(submitted).toContainText("家庭成员");
    await review(page, { decision: "不予纳入", reason: "家庭年人均纯收入高于监测标准" });
    await expect(page.getByTestId("case-stage")).toHaveText("不予纳入");
    await expect(page.getByRole("alert").filter({ hasText: "案件已结束" })).toContainText("不予纳入");
    await expect(page.getByTestId("case-event").filter({ hasText: "不予纳入" })).toContainText("家庭年人均纯收入高于监测标准");

    await page.goto(householdUrl);
    await expect(page.getByText("未认定").first()).toBeVisible();
    await expect(page.getByRole("table", { name: "该户的案件" }).getByRole("row").filter({ hasText: "不予纳入" })).toHaveCount(1);
    await expect(page.getByRole("button", { name: "登记线索/立案" })).toBeEnabled();
  });
});

test("an objection during publicity goes to the district, which dismisses it: publicity goes on", async ({ page }) => {
  const headName = runName("皇甫");
  await test.step("a case of an ordinary household approved by the district", async () => {
    await approvedCase(page, { category: "一般农户", headName });
  });

  await test.step("the village posts the notice and records an objection received today", async () => {
    await signIn(page, "village");
    await openFromQueue(page, "待张贴公示", headName);
    await postPublicity(page, chinaDate());
    await page.getByRole("toolbar", { name: "可办理的事项" }).getByRole("button", { name: "登记公示异议" }).click();
    const form = page.getByRole("region", { name: "登记公示异议", exact: true });
    await enterDate(form.getByLabel("异议受理日期"), chinaDate());
    await form.getByLabel("异议内容").fill("有村民反映该户在城区另有住房");
    await form.getByRole("button", { name: "登记异议并报区县裁定" }).click();
    await expect(page.getByText("已登记公示异议")).toBeVisible();
    await expect(page.getByTestId("case-stage")).toHaveText("异议待区县裁定");
    await signOut(page);
  });

  await test.step("the district investigates and dismisses it", async () => {
    await signIn(page, "district");
    await openFromQueue(page, "待裁定异议", headName);
    const form = page.getByRole("region", { name: "裁定异议", exact: true });
    await form.getByRole("radio", { name: "异议不成立，继续办理" }).check();
    await form.getByLabel("调查核实及处理情况").fill("经不动产登记查询，该户在城区无住房，异议不成立");
    await form.getByRole("button", { name: "确认裁定" }).click();
    await expect(page.getByText("已裁定异议")).toBeVisible();
    await expect(page.getByTestId("case-stage")).toHaveText("公示中");
    const decided = page.getByTestId("case-event").filter({ hasText: "裁定异议" });
    await expect(decided).toContainText("异议不成立，继续办理");
    await expect(decided).toContainText("环翠区 王审核");
  });
});

test("two officials on the same case: the second is told it changed and loads the latest state", async ({ browser }) => {
  const headName = runName("令狐");
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();

  await signIn(first, "township");
  await registerHousehold(first, { category: "脱贫享受政策户", village: "东鲍家", headName, riskCause: "因学" });
  const caseUrl = await openLead(first, headName);

  await signIn(second, "township");
  await second.goto(caseUrl);
  const secondForm = second.getByRole("region", { name: "登记入户核实", exact: true });
  await expect(secondForm).toBeVisible();

  // The first records the verification while the second is still typing.
  await recordVerification(first);

  await enterDate(secondForm.getByLabel("入户日期"), chinaDate());
  await secondForm.getByLabel("核实人员").fill("王干事");
  await secondForm.getByLabel("核实人员").press("Enter");
  await secondForm.getByLabel("核实情况").fill("另一次核实");
  await secondForm.getByRole("radio", { name: "风险属实" }).check();
  await secondForm.getByRole("button", { name: "保存入户核实" }).click();

  const dialog = second.getByRole("dialog", { name: "该案件已被他人处理" });
  await expect(dialog).toBeVisible();
  // The dialog zooms in; a click that lands during the animation can be lost on a busy machine.
  await expect(async () => {
    if (await dialog.isVisible()) await dialog.getByRole("button", { name: "载入最新内容" }).click({ timeout: 2_000 });
    await expect(dialog).toBeHidden({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  // The first official's record is there, the second's was not saved.
  await expect(second.getByTestId("case-event").filter({ hasText: "登记入户核实" })).toHaveCount(1);
  await expect(second.getByTestId("case-event").filter({ hasText: "登记入户核实" })).toContainText("李专干");
  await expect(second.getByText("另一次核实")).toHaveCount(0);
  // What is waiting now is the submission.
  await expect(second.getByRole("region", { name: "报送区县审核", exact: true })).toBeVisible();
  await first.context().close();
  await second.context().close();
});

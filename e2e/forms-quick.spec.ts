import { expect as baseExpect, test } from "@playwright/test";
import { openFromQueue, recordAppraisal, recordVerification, submitToDistrict } from "./support/cases.ts";
import { makeCitizenId, withWrongCheckCharacter } from "./support/citizen-id.ts";
import { runName } from "./support/households.ts";
import { chinaDate, choose, enterDate, openMenu, signIn, signOut } from "./support/ui.ts";

/**
 * Forms that explain themselves and save clicks (issue 14, items 6, 8, 14):
 * an ID number checked on leaving the field, the 立案 dialog prefilled with
 * the household's difficulty, dates refused with the reason, and the
 * district review answered with two shortcuts.
 */
// Saving and navigating take longer than the default 10 s on busy shared machines.
const expect = baseExpect.configure({ timeout: 30_000 });

test("forms explain what they refuse and the district review takes two shortcuts", async ({ page }) => {
  // Four roles walk one case through review; the default two minutes are tight on shared machines.
  test.setTimeout(600_000);
  const headName = runName("欧阳");
  const headId = makeCitizenId("MALE");
  const difficulty = "户主腰椎手术后不能务农，家中无其他劳动力";
  const today = chinaDate();

  await test.step("the township registers a household: a mistyped ID number is named on leaving the field", async () => {
    await signIn(page, "township");
    await openMenu(page, "家庭档案");
    await page.getByRole("button", { name: "登记家庭" }).click();
    await expect(page.getByRole("heading", { name: "登记家庭" })).toBeVisible();
    await choose(page, page.getByLabel("户类别"), "一般农户");
    await choose(page, page.getByLabel("村（社区）"), "张村", { search: true });
    await choose(page, page.getByLabel("风险类型"), "因大病");
    await page.getByLabel("困难情况描述").fill(difficulty);
    const head = page.getByRole("region", { name: "成员 1" });
    await head.getByLabel("姓名").fill(headName);
    await head.getByLabel("证件号码").fill(withWrongCheckCharacter(headId));
    await head.getByLabel("证件号码").blur();
    // The API's own words, before any submit.
    await expect(head.getByText("身份证号码校验位不正确，请核对是否有录入错误")).toBeVisible();
    await head.getByLabel("证件号码").fill(headId);
    await expect(head.getByText("身份证号码校验位不正确，请核对是否有录入错误")).toBeHidden();
    await head.getByLabel("证件号码").blur();
    await expect(head.getByText("身份证号码校验位不正确，请核对是否有录入错误")).toBeHidden();
    await choose(page, head.getByLabel("性别"), "男");
    await choose(page, head.getByLabel("文化程度"), "初中");
    await page.getByRole("button", { name: "保存登记" }).click();
    await expect(page.getByRole("heading", { name: `${headName} 户` })).toBeVisible();
  });

  await test.step("the 立案 dialog starts from the household's difficulty and explains its date", async () => {
    await page.getByRole("button", { name: "登记线索/立案" }).click();
    const dialog = page.getByRole("dialog", { name: `登记线索：${headName} 户` });
    await expect(dialog.getByLabel("风险情况描述")).toHaveValue(difficulty);
    await choose(page, dialog.getByLabel("线索来源"), "日常走访监测");

    // A date in the future stays in the field and is refused with the reason, not a format.
    await enterDate(dialog.getByLabel("线索接收日期"), chinaDate(3));
    await expect(dialog.getByText("线索接收日期不能晚于今天")).toBeVisible();
    await expect(dialog.getByText(/格式应为/)).toHaveCount(0);

    // An empty date asks to be chosen.
    await dialog.getByLabel("线索接收日期").hover();
    await dialog.locator(".ant-picker-clear").click();
    await dialog.getByRole("button", { name: "登记并立案" }).click();
    await expect(dialog.getByText("请选择线索接收日期")).toBeVisible();
    await expect(dialog.getByText(/格式应为/)).toHaveCount(0);

    await enterDate(dialog.getByLabel("线索接收日期"), today);
    await expect(dialog.getByText("请选择线索接收日期")).toBeHidden();
    await dialog.getByRole("button", { name: "登记并立案" }).click();
    await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
    await recordVerification(page, today);
    await signOut(page);
  });

  await test.step("the village appraises, the township submits", async () => {
    await signIn(page, "village");
    await openFromQueue(page, "待民主评议", headName);
    await recordAppraisal(page, today);
    await signOut(page);
    await signIn(page, "township");
    await openFromQueue(page, "待核实线索", headName);
    await submitToDistrict(page);
    await signOut(page);
  });

  await test.step("the district review: one message per unanswered list, two shortcuts, an exclusion blocks approval once", async () => {
    await signIn(page, "district");
    await openFromQueue(page, "待审核", headName);
    const form = page.getByRole("region", { name: "区县审核", exact: true });
    await expect(form).toBeVisible();

    // Submitting at once asks for the decision only.
    await form.getByRole("button", { name: "提交审核结果" }).click();
    await expect(form.getByText("请选择审核结果")).toBeVisible();
    await expect(form.locator(".ant-form-item-explain-error")).toHaveCount(1);

    // Approving with nothing answered: one message per list, not 14 red lines.
    await form.getByRole("radio", { name: "审核通过" }).check();
    await form.getByRole("button", { name: "确认审核通过" }).click();
    await expect(form.getByText("请完成信息比对（尚有 4 项未选择）")).toBeVisible();
    await expect(form.getByText("请逐项核对不予纳入情形（尚有 10 项未核对）")).toBeVisible();
    await expect(form.locator(".ant-form-item-explain-error")).toHaveCount(2);

    await form.getByRole("button", { name: "全部无异常" }).click();
    await form.getByRole("button", { name: "均不存在" }).click();
    await expect(form.getByRole("radio", { name: "无异常" })).toHaveCount(4);
    for (const radio of await form.getByRole("radio", { name: "无异常" }).all()) await expect(radio).toBeChecked();
    const exclusions = form.getByRole("radiogroup").filter({ has: page.getByRole("radio", { name: "是", exact: true }) });
    await expect(exclusions).toHaveCount(10);
    for (const group of await exclusions.all()) await expect(group.getByRole("radio", { name: "否", exact: true })).toBeChecked();
    await expect(form.locator(".ant-form-item-explain-error")).toHaveCount(0);

    // One exclusion applies: the chosen 审核通过 is withdrawn and cannot be chosen, and the reason is said once.
    const first = exclusions.first();
    await first.getByRole("radio", { name: "是", exact: true }).check();
    await expect(form.getByRole("radio", { name: "审核通过" })).toBeDisabled();
    await expect(form.getByRole("radio", { name: "审核通过" })).not.toBeChecked();
    await expect(form.getByText(/存在不予纳入情形（.+），不能审核通过/)).toHaveCount(1);

    // Back to 否: approval is possible again and goes through.
    await first.getByRole("radio", { name: "否", exact: true }).check();
    await expect(form.getByText(/存在不予纳入情形/)).toHaveCount(0);
    await form.getByRole("radio", { name: "审核通过" }).check();
    await form.getByRole("button", { name: "确认审核通过" }).click();
    await expect(page.getByText("已审核通过")).toBeVisible();
    await expect(page.getByTestId("case-stage")).toHaveText("待村内公示");
    await signOut(page);
  });

  await test.step("the notice's date before the case reached publicity is refused with that day", async () => {
    await signIn(page, "village");
    await openFromQueue(page, "待张贴公示", headName);
    const form = page.getByRole("region", { name: "张贴公示", exact: true });
    await expect(form).toBeVisible();
    await enterDate(form.getByLabel("公示张贴日期"), chinaDate(-1));
    await expect(form.getByText(`公示张贴日期不能早于报送公示的日期（${today}）`)).toBeVisible();
    await expect(form.getByText(/格式应为/)).toHaveCount(0);
    await enterDate(form.getByLabel("公示张贴日期"), today);
    await expect(form.getByText(/公示张贴日期不能早于/)).toBeHidden();
  });
});

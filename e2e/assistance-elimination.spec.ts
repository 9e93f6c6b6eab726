import { expect, test, type Page } from "@playwright/test";
import { apiUsers, designatedHousehold, openRiskElimination, type ApiUsers } from "./support/api.ts";
import { runName } from "./support/households.ts";
import { chinaDate, choose, enterDate, signIn } from "./support/ui.ts";

/**
 * Risk elimination decided on what is tracked: a designated household whose
 * house is recorded as D grade (危房) in its assistance file cannot be
 * reported for risk elimination, whatever the typed assessment says; once a
 * B grade is recorded (the house repaired), the same case goes on.
 */
let users: ApiUsers;
test.beforeAll(async ({}, info) => { // eslint-disable-line no-empty-pattern
  users = await apiUsers(info.project.use.baseURL!);
});
test.afterAll(async () => users?.dispose());

async function recordHousing(page: Page, householdId: string, grade: string) {
  await page.goto(`/assistance/${householdId}`);
  const row = page.getByTestId("condition-HOUSING_SAFETY");
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.getByRole("button", { name: "记录" }).click();
  const dialog = page.getByRole("dialog", { name: "记录保障情况" });
  await choose(page, dialog.getByLabel("住房安全等级"), grade);
  await dialog.getByLabel("说明").fill(grade.startsWith("D") ? "经鉴定为整体危险" : "危房改造完成，复核为基本安全");
  await dialog.getByRole("button", { name: "保存" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText(grade);
}

/** The form of one piece of work on the case page (the stage's waiting work opens by itself, with the toolbar). */
async function workForm(page: Page, label: string) {
  const toolbar = page.getByRole("toolbar", { name: "可办理的事项" });
  // Right after a navigation: the case page loads its case, rules and the household's tracked data (slow on a busy machine).
  await expect(toolbar).toBeVisible({ timeout: 30_000 });
  const form = page.getByRole("region", { name: label, exact: true });
  if (!(await form.isVisible())) await toolbar.getByRole("button", { name: label, exact: true }).click();
  await expect(form).toBeVisible();
  return form;
}

test("a D-grade house recorded in the file refuses risk elimination; after a B grade is recorded the case goes on", async ({ page }) => {
  const headName = runName("危");
  const household = await designatedHousehold(users, headName);
  const today = chinaDate();

  await test.step("the township records the house as D grade in the assistance file", async () => {
    await signIn(page, "township");
    await recordHousing(page, household.id, "D级（整体危险）");
    await page.getByTestId("conditions-section").getByText(/历史记录/).click();
    await expect(page.getByTestId("conditions-section")).toContainText("经鉴定为整体危险");
  });

  await test.step("the plan gets the house repair from the catalogue; started, it is among the enjoyed policies", async () => {
    const plan = page.getByTestId("plan-section");
    await plan.getByRole("button", { name: "添加措施" }).click();
    const dialog = page.getByRole("dialog", { name: "添加帮扶措施" });
    await choose(page, dialog.getByLabel("措施", { exact: true }), "危房改造", { search: true });
    await dialog.getByRole("button", { name: "添加" }).click();
    await expect(dialog).toBeHidden();
    const row = plan.getByRole("row").filter({ hasText: "危房改造" });
    await expect(row.getByTestId("measure-state")).toHaveText("计划");
    await expect(row).toContainText("住房和城乡建设局");
    await row.getByRole("button", { name: "开始落实" }).click();
    await expect(row.getByTestId("measure-state")).toHaveText("落实中");
    await expect(plan.getByTestId("enjoyed-policies")).toContainText("危房改造");
  });

  const c = await openRiskElimination(users, household.id);
  const caseUrl = `/cases/${c.id}`;

  await test.step("the assessment shows the tracked data next to the typed answers; the submission is refused naming the D grade", async () => {
    await page.goto(caseUrl);
    await expect(page.getByTestId("case-procedure")).toHaveText("风险消除", { timeout: 30_000 });
    const form = await workForm(page, "登记入户核实评估");
    await expect(form.getByTestId("tracked-note")).toContainText("住房安全等级：D级（整体危险）");
    await enterDate(form.getByLabel("入户日期"), today);
    for (const name of ["李专干", "王书记"]) {
      await form.getByLabel("核实人员").fill(name);
      await form.getByLabel("核实人员").press("Enter");
    }
    await form.getByLabel("人均纯收入").fill("9000");
    await form.getByLabel("收入稳定高于监测线").fill("8");
    // Every criterion typed as met, 两不愁三保障 included.
    for (const group of await form.getByRole("radiogroup").filter({ hasText: "否" }).all()) {
      const name = await group.getAttribute("aria-label");
      await group.getByRole("radio", { name: name === "是否为无劳动能力、由社会保障兜底的家庭" ? "否" : "是", exact: true }).check();
    }
    await form.getByLabel("核实情况").fill("两人入户核实，收入稳定");
    await form.getByRole("button", { name: "保存入户核实评估" }).click();
    await expect(page.getByText("已登记入户核实评估")).toBeVisible();
    const submit = page.getByRole("region", { name: "报送村内公示", exact: true });
    await submit.getByRole("button", { name: "确认报送" }).click();
    await expect(submit.getByTestId("rule-refusal")).toContainText("住房安全等级：D级（整体危险）");
    await expect(page.getByTestId("case-stage")).not.toHaveText("待村内公示");
  });

  await test.step("the house repaired, a B grade is recorded; the same case is reported and moves on to publicity", async () => {
    await recordHousing(page, household.id, "B级（基本安全）");
    await page.goto(caseUrl);
    const submit = await workForm(page, "报送村内公示");
    await submit.getByRole("button", { name: "确认报送" }).click();
    await expect(page.getByTestId("case-stage")).toHaveText("待村内公示");
  });
});

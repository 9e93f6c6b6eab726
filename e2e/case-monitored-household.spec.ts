import { expect, test } from "@playwright/test";
import { registerHousehold, runName } from "./support/households.ts";
import { chinaDate, choose, enterDate, openMenu, signIn, signOut } from "./support/ui.ts";

/**
 * Procedure 1: a 脱贫享受政策户 at risk of return. The township verifies at
 * home and submits; the district approves; the household is marked
 * 脱贫监测户. No appraisal, no publicity.
 */
test("a lifted household with policies at risk becomes a monitored household", async ({ page }) => {
  const headName = runName("欧阳");
  const today = chinaDate();
  let caseUrl = "";

  await test.step("张村镇's official registers the household and opens a lead on it", async () => {
    await signIn(page, "township");
    await registerHousehold(page, { category: "脱贫享受政策户", village: "王家疃", headName, riskCause: "因大病" });
    const cases = page.getByRole("region", { name: "监测帮扶案件" });
    await expect(cases.getByText("该户暂无案件")).toBeVisible();

    await page.getByRole("button", { name: "登记线索/立案" }).click();
    const dialog = page.getByRole("dialog", { name: `登记线索：${headName} 户` });
    await choose(page, dialog.getByLabel("线索来源"), "日常走访监测");
    await expect(dialog.getByLabel("线索接收日期")).toHaveValue(today);
    // The household's recorded risk is proposed.
    await expect(dialog.getByText("因大病")).toBeVisible();
    await dialog.getByLabel("风险情况描述").fill("户主住院治疗，自付医疗费用约 4 万元");
    await dialog.getByRole("button", { name: "登记并立案" }).click();

    await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = new URL(page.url()).pathname;
    await expect(page.getByRole("heading", { name: new RegExp(`^${headName} 户 · 案件 \\d+$`) })).toBeVisible();
    await expect(page.getByTestId("case-deadline")).toContainText(/剩余 \d+ 个工作日/);
  });

  await test.step("records the home verification", async () => {
    const form = page.getByRole("region", { name: "登记入户核实" });
    await enterDate(form.getByLabel("入户日期"), today);
    await form.getByLabel("核实人员").fill("李专干");
    await form.getByLabel("核实人员").press("Enter");
    await form.getByLabel("核实情况").fill("入户核实：住院属实，家庭收入明显下降");
    await form.getByRole("radio", { name: "风险属实" }).check();
    await form.getByRole("button", { name: "保存入户核实" }).click();
    await expect(page.getByText("已登记入户核实")).toBeVisible();

    const verified = page.getByTestId("case-event").filter({ hasText: "登记入户核实" });
    await expect(verified).toContainText("张村镇 李专干");
    await expect(verified).toContainText("风险属实");
  });

  await test.step("submits it to the district", async () => {
    const form = page.getByRole("region", { name: "报送区县审核" });
    await expect(form.getByText("入户核实：")).toBeVisible();
    await form.getByRole("button", { name: "确认报送" }).click();
    await expect(page.getByText("已报送区县审核")).toBeVisible();
    await expect(page.getByTestId("case-stage")).toHaveText("区县审核");
    await expect(page.getByText("本阶段由区县审核人员办理，您可查看办理进展。")).toBeVisible();
    const submitted = page.getByTestId("case-event").filter({ hasText: "报送区县审核" });
    await expect(submitted).toContainText("按期");
    await signOut(page);
  });

  await test.step("the district finds it in its review queue and approves it", async () => {
    await signIn(page, "district");
    await expect(page.getByRole("tab", { name: "待审核", selected: true })).toBeVisible();
    const row = page.getByRole("table", { name: "待审核" }).getByRole("row").filter({ hasText: headName });
    await expect(row).toContainText(/剩余 \d+ 个工作日/);
    await row.getByRole("link", { name: new RegExp(`办理 ${headName} 户的案件`) }).click();
    await expect(page).toHaveURL(new RegExp(`${caseUrl}$`));

    // The district sees what it approves: the verification with the household's collection form.
    const submittedRecords = page.getByRole("region", { name: "报送的材料" });
    await expect(submittedRecords).toContainText("住院属实");
    await expect(submittedRecords).toContainText(/采集表\s*\d+ 人，人均纯收入 [\d,.]+ 元，风险：因大病/);
    await expect(submittedRecords).toContainText("家庭收入");
    const form = page.getByRole("region", { name: "区县审核" });
    // No cross-check in this procedure.
    await expect(form.getByText("信息比对")).toHaveCount(0);
    await form.getByRole("radio", { name: "审核通过" }).check();
    await form.getByLabel("审核意见（选填）").fill("同意标注为脱贫监测户");
    await form.getByRole("button", { name: "确认审核通过" }).click();
    await expect(page.getByText("已审核通过")).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "认定完成" })).toContainText("该户已标注为脱贫监测户");

    const approved = page.getByTestId("case-event").filter({ hasText: "审核通过" });
    await expect(approved).toContainText("环翠区 王审核");
    await expect(approved).toContainText("按期");
    await expect(approved).toContainText("同意标注为脱贫监测户");
  });

  await test.step("the household now shows 脱贫监测户 and its closed case", async () => {
    await page.getByRole("link", { name: `${headName} 户` }).click();
    await expect(page.getByRole("heading", { name: `${headName} 户` })).toBeVisible();
    await expect(page.getByText("脱贫监测户").first()).toBeVisible();
    const cases = page.getByRole("table", { name: "该户的案件" });
    await expect(cases.getByRole("row").filter({ hasText: "已完成认定" })).toHaveCount(1);
    // The history says it in words: 未认定 → 脱贫监测户.
    await page.getByRole("tab", { name: "变更历史" }).click();
    const history = page.getByRole("tabpanel", { name: "变更历史" });
    await expect(history.getByRole("row").filter({ hasText: "认定结果写入家庭" })).toContainText("认定类型：未认定 → 脱贫监测户");
    await openMenu(page, "工作台");
    await expect(page.getByRole("table", { name: "待审核" }).getByRole("row").filter({ hasText: headName })).toHaveCount(0);
  });
});

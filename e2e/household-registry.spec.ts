import { expect, test } from "@playwright/test";
import { makeCitizenId, maskedForm, withWrongCheckCharacter } from "./support/citizen-id.ts";
import { choose, openMenu, signIn, signOut } from "./support/ui.ts";

/** Chinese numerals make a name unique to this run without looking like test data to the search. */
function runName(surname: string, n: number): string {
  return surname + String(n).split("").map((d) => "〇一二三四五六七八九"[Number(d)]).join("");
}

test("a township official registers a household, and another township cannot see it", async ({ page }) => {
  const run = Date.now() % 10_000;
  const headName = runName("司马", run);
  const spouseName = runName("上官", run);
  const headId = makeCitizenId("MALE");
  const spouseId = makeCitizenId("FEMALE", Date.now() + 7_777_777);
  let householdUrl = "";

  await test.step("张村镇's official signs in and sees her township in the header", async () => {
    await signIn(page, "township");
    await expect(page.getByRole("banner").getByText("张村镇", { exact: true })).toBeVisible();
  });

  await test.step("registers a household of 王家疃 with the head and his spouse", async () => {
    await openMenu(page, "家庭档案");
    await page.getByRole("button", { name: "登记家庭" }).click();
    await expect(page.getByRole("heading", { name: "登记家庭" })).toBeVisible();

    await choose(page, page.getByLabel("户类别"), "一般农户");
    await choose(page, page.getByLabel("村（社区）"), "王家疃", { search: true });
    await choose(page, page.getByLabel("自然村（村民小组）"), "第一村民小组");
    await page.getByLabel("联系电话").fill("13800001111");
    await page.getByLabel("A28 工资性收入").fill("12000");

    const head = page.getByRole("region", { name: "成员 1" });
    await head.getByLabel("姓名").fill(headName);
    // A typing error in the last character: the check digit does not match.
    await head.getByLabel("证件号码").fill(withWrongCheckCharacter(headId));
    await choose(page, head.getByLabel("性别"), "男");
    await choose(page, head.getByLabel("文化程度"), "初中");

    await page.getByRole("button", { name: "添加家庭成员" }).click();
    const spouse = page.getByRole("region", { name: "成员 2" });
    await spouse.getByLabel("姓名").fill(spouseName);
    await choose(page, spouse.getByLabel("与户主关系"), "配偶", { search: true });
    await spouse.getByLabel("证件号码").fill(spouseId);
    await choose(page, spouse.getByLabel("性别"), "女");
    await choose(page, spouse.getByLabel("文化程度"), "初中");

    await page.getByRole("button", { name: "保存登记" }).click();
    await expect(head.getByText("身份证号码校验位不正确，请核对是否有录入错误")).toBeVisible();
    await expect(page).toHaveURL(/\/households\/new$/);

    await head.getByLabel("证件号码").fill(headId);
    await page.getByRole("button", { name: "保存登记" }).click();
    await expect(page).toHaveURL(/\/households\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: `${headName} 户` })).toBeVisible();
    householdUrl = new URL(page.url()).pathname;
  });

  await test.step("finds it in the list by name, with the ID number masked", async () => {
    await openMenu(page, "家庭档案");
    await page.getByLabel("姓名或身份证号").fill(headName);
    await page.getByRole("button", { name: "查询" }).click();
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(headName)}`));
    const row = page.getByRole("row").filter({ hasText: headName });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(maskedForm(headId));
    await expect(row).toContainText("王家疃");
    await expect(page.locator("body")).not.toContainText(headId);
  });

  await test.step("opens it and reveals the spouse's ID number on explicit request", async () => {
    await page.getByRole("link", { name: `查看 ${headName} 户详情` }).click();
    await expect(page.getByRole("heading", { name: `${headName} 户` })).toBeVisible();
    await expect(page.getByText(maskedForm(spouseId))).toBeVisible();
    await expect(page.locator("body")).not.toContainText(spouseId);

    await page.getByRole("button", { name: `查看 ${spouseName} 的完整号码` }).click();
    const dialog = page.getByRole("dialog", { name: `查看 ${spouseName} 的完整证件号码` });
    await dialog.getByLabel("查看原因（选填）").fill("核对医疗救助申请");
    await dialog.getByRole("button", { name: "确认查看" }).click();
    await expect(page.getByText(spouseId, { exact: true })).toBeVisible();
    await expect(page.locator("body")).not.toContainText(headId);
  });

  await test.step("the history shows the registration and the read of the ID number", async () => {
    await page.getByRole("tab", { name: "变更历史" }).click();
    const history = page.getByRole("tabpanel", { name: "变更历史" });
    const created = history.getByRole("row").filter({ hasText: "登记家庭" });
    await expect(created).toHaveCount(1);
    await expect(created).toContainText("张村镇 李专干");
    await expect(created).toContainText("乡镇（街道）工作人员");
    await expect(created).toContainText(`${headName}（户主）`);
    const revealed = history.getByRole("row").filter({ hasText: "查看完整证件号码" });
    await expect(revealed).toHaveCount(1);
    await expect(revealed).toContainText("核对医疗救助申请");
    await expect(revealed).toContainText(`${spouseName} 的完整证件号码`);
  });

  await test.step("edits the phone number without reading anyone's full ID number", async () => {
    await page.getByRole("tab", { name: "家庭信息" }).click();
    await page.getByRole("button", { name: "编辑" }).click();
    await expect(page.getByRole("heading", { name: `修改家庭信息：${headName} 户` })).toBeVisible();
    // The category is the procedures' outcome: read-only for a township official.
    await expect(page.getByLabel("户类别")).toBeDisabled();
    await expect(page.getByText("户类别只能通过回退程序变更，或由系统管理员更正")).toBeVisible();

    // Saved members keep their number: shown masked, read-only.
    const head = page.getByRole("region", { name: "成员 1" });
    const spouse = page.getByRole("region", { name: "成员 2" });
    await expect(head.getByLabel("证件号码")).toHaveValue(maskedForm(headId));
    await expect(head.getByLabel("证件号码")).not.toBeEditable();
    await expect(spouse.getByLabel("证件号码")).toHaveValue(maskedForm(spouseId));

    // Replacing a number opens an input for the new one; changing one's mind keeps the old.
    await spouse.getByRole("button", { name: "更换证件号码" }).click();
    await expect(spouse.getByLabel("新证件号码")).toHaveValue("");
    await expect(spouse.getByText(`将替换原号码 ${maskedForm(spouseId)}`)).toBeVisible();
    await spouse.getByRole("button", { name: "不更换" }).click();
    await expect(spouse.getByLabel("证件号码")).toHaveValue(maskedForm(spouseId));

    await page.getByLabel("联系电话").fill("13900002222");
    await page.getByRole("button", { name: "保存修改" }).click();
    await expect(page).toHaveURL(new RegExp(`${householdUrl}$`));
    await expect(page.getByText("13900002222")).toBeVisible();
    await expect(page.getByText(maskedForm(headId))).toBeVisible();
    await expect(page.locator("body")).not.toContainText(headId);
  });

  await test.step("the history shows the update by her display name, and no further read of an ID number", async () => {
    await page.getByRole("tab", { name: "变更历史" }).click();
    const history = page.getByRole("tabpanel", { name: "变更历史" });
    const updated = history.getByRole("row").filter({ hasText: "修改家庭信息" });
    await expect(updated).toHaveCount(1);
    await expect(updated).toContainText("张村镇 李专干");
    await expect(updated).toContainText("联系电话");
    // The trail keeps phone numbers masked (decision 015).
    await expect(updated).toContainText("138****1111");
    await expect(updated).toContainText("139****2222");
    await expect(updated).not.toContainText("13800001111");
    await expect(updated).not.toContainText("证件号码");
    await expect(history.getByRole("row").filter({ hasText: "查看完整证件号码" })).toHaveCount(1);
  });

  await test.step("signs out", async () => {
    await signOut(page);
  });

  await test.step("羊亭镇's official finds nothing of it: not by name, not by ID number, not by its address", async () => {
    await signIn(page, "township2");
    await expect(page.getByRole("banner").getByText("羊亭镇", { exact: true })).toBeVisible();
    await openMenu(page, "家庭档案");

    const search = page.getByLabel("姓名或身份证号");
    await search.fill(headName);
    await page.getByRole("button", { name: "查询" }).click();
    await expect(page.getByText("没有符合条件的家庭")).toBeVisible();

    await search.fill(headId);
    await page.getByRole("button", { name: "查询" }).click();
    await expect(page).toHaveURL(new RegExp(`q=${headId}`));
    await expect(page.getByText("没有符合条件的家庭")).toBeVisible();

    await page.goto(householdUrl);
    await expect(page.getByText("未找到该户，或该户不在您的管辖范围内")).toBeVisible();
    await expect(page.locator("body")).not.toContainText(headName);
  });
});

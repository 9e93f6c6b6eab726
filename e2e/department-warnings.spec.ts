import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import ExcelJS from "../apps/api/src/lib/exceljs.ts";
import { apiUsers } from "./support/api.ts";
import { makeCitizenId } from "./support/citizen-id.ts";
import { runName } from "./support/households.ts";
import { choose, signIn, signOut } from "./support/ui.ts";

/**
 * 部门筛查预警: the district uploads a 民政 list as the department sends it (a csv with its own headers), maps the
 * columns from the preview, sees one row matched and one not, downloads the report of the rows not matched, and
 * finds the warning on the household's page; the township finds it among the leads to verify.
 */
test("the district uploads a 民政 list, maps its columns and downloads the rows not matched; the township finds the warning in its queue", async ({ page, baseURL }) => {
  const users = await apiUsers(baseURL!);
  const headName = runName("民");
  const headId = makeCitizenId("MALE");
  const { areas } = await users.call("district", "GET", "/api/areas");
  const village = areas.find((a: { name: string; level: string }) => a.name === "张村" && a.level === "VILLAGE");
  const household = await users.call("district", "POST", "/api/households", {
    category: "ORDINARY", villageId: village.id, riskCauses: ["SERIOUS_ILLNESS"],
    members: [{
      name: headName, gender: "MALE", idType: "RESIDENT_ID", idNumber: headId, relation: "HEAD", ethnicity: "01",
      politicalStatus: "MASSES", education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL", health: "HEALTHY", workRegion: "IN_COUNTY", workMonths: 6,
    }],
  });
  await users.dispose();
  const unknownId = makeCitizenId("FEMALE", Date.now() + 7_777_777);
  const csv = `序号,姓名,公民身份号码,救助金额,救助日期\r\n1,${headName},${headId},1500.00,2026-11-20\r\n2,外地人,${unknownId},800,2026-11-21\r\n`;

  await signIn(page, "district");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "部门预警导入" }).click();
  await expect(page.getByRole("heading", { name: "部门预警导入", level: 4 })).toBeVisible();

  await test.step("picks 民政, selects the list and maps its columns from the preview", async () => {
    await choose(page, page.getByRole("combobox", { name: "部门" }), "民政");
    await page.locator('input[type="file"]').setInputFiles({ name: "临时救助名单.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    const mapping = page.getByLabel("列对应");
    await expect(mapping.getByRole("table", { name: "名单预览" })).toContainText("外地人");
    await choose(page, mapping.getByRole("combobox", { name: "身份证号码" }), "公民身份号码");
    await choose(page, mapping.getByRole("combobox", { name: "整份名单的预警类别" }), "临时救助");
    await page.getByRole("button", { name: "开始匹配" }).click();
  });

  const result = page.getByLabel("匹配结果");
  await test.step("sees one row matched and one not", async () => {
    await expect(result.getByText("处理完成：新增预警 1 条")).toBeVisible({ timeout: 30_000 });
    await expect(result.locator(".ant-statistic").filter({ has: page.getByText("匹配", { exact: true }) })).toContainText("1");
    await expect(result.locator(".ant-statistic").filter({ has: page.getByText("未匹配", { exact: true }) })).toContainText("1");
  });

  await test.step("downloads the report of the rows not matched", async () => {
    const download = page.waitForEvent("download");
    await result.getByRole("button", { name: "下载未匹配的行" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("临时救助名单_未匹配的行.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await file.path())!)) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      ["原行号", "原因", "序号", "姓名", "公民身份号码", "救助金额", "救助日期"],
      [3, "系统中没有该身份证号码的登记成员", "2", "外地人", unknownId, "800", "2026-11-21"],
    ]);
  });

  await test.step("the household's page lists the warning, and the screen fits a phone", async () => {
    await page.goto(`/households/${household.id}`);
    const table = page.getByRole("table", { name: "部门预警" });
    await expect(table).toContainText("临时救助");
    await expect(table).toContainText("1,500.00");
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto("/department-warnings");
    await expect(page.getByRole("heading", { name: "部门预警导入", level: 4 })).toBeVisible();
    await expect(page.getByRole("list", { name: "我最近上传的名单" })).toContainText("匹配 1，重复 0，未匹配 1");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });

  await test.step("the township finds the warning among the leads it verifies", async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await signOut(page);
    await signIn(page, "township");
    await page.getByTestId("workbench-leads").click();
    await expect(page.getByRole("heading", { name: "线索核实" })).toBeVisible();
    await page.getByLabel("姓名或线索编号").fill(headName);
    await page.getByLabel("姓名或线索编号").press("Enter");
    await page.getByRole("link", { name: new RegExp(`^核实 ${headName} 的线索`) }).click();
    const clue = page.getByTestId("lead-clue").filter({ hasText: "部门筛查预警" });
    await expect(clue).toContainText("临时救助");
  });
});

import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import type { SheetCell } from "../packages/domain/src/import/household-sheet.ts";
import ExcelJS from "../apps/api/src/lib/exceljs.ts";
import { householdsXlsx, makeHouseholds, SHEET_HEADERS, sheetRows } from "../apps/api/test/household-sheets.ts";
import { openMenu, signIn } from "./support/ui.ts";

/**
 * 批量导入: the township officer downloads the template, imports a sheet with
 * a few broken rows (only the valid households go in), reads the report,
 * downloads the rejected rows, fixes them and imports them again.
 */
const ZHANGCUN_VILLAGES = [
  { code: "371002100201", name: "张村" }, { code: "371002100202", name: "王家疃" }, { code: "371002100203", name: "沟北" },
];
const col = (header: string) => SHEET_HEADERS.indexOf(header);

async function openImport(page: Page) {
  await openMenu(page, "家庭档案");
  await page.getByRole("button", { name: "批量导入" }).click();
  await expect(page.getByRole("heading", { name: "批量导入家庭", level: 4 })).toBeVisible();
}

async function upload(page: Page, name: string, buffer: Buffer, mode: RegExp) {
  await page.getByRole("radio", { name: mode }).check();
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer });
  await page.getByRole("button", { name: "开始导入" }).click();
}

test("a township officer imports a sheet, fixes the rejected rows and imports them again", async ({ page }) => {
  await signIn(page, "township");
  await openImport(page);

  await test.step("downloads the template", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "下载导入模板" }).click();
    expect((await download).suggestedFilename()).toBe("家庭信息导入模板.xlsx");
  });

  const households = makeHouseholds(30, ZHANGCUN_VILLAGES, "P");
  const rows = sheetRows(households);
  const firstRowOf = (h: number) => households.slice(0, h).reduce((n, x) => n + x.members.length, 0);
  rows[firstRowOf(3)]![col("A4 证件号码")] = 371002196001010000; // what a spreadsheet makes of an ID typed into a General cell
  rows[firstRowOf(7) + 1]![col("A2 性别")] = "男性";
  for (let m = 0; m < households[12]!.members.length; m++) rows[firstRowOf(12) + m]![col("村（社区）统计用区划代码")] = "371002101201"; // 羊亭: not this township

  await test.step("imports the valid households and gets the broken rows reported by row and column", async () => {
    await upload(page, "张村镇三十户.xlsx", await householdsXlsx(rows as SheetCell[][]), /导入正确的户，退回有错误的行/);
    const report = page.getByLabel("导入报告");
    await expect(report.getByText("已导入正确的 27 户；3 户有问题被退回")).toBeVisible({ timeout: 30_000 });
    const problems = report.getByRole("table");
    await expect(problems.getByRole("row", { name: new RegExp(`^${firstRowOf(3) + 2} A4 证件号码 身份证号码被表格软件当作数字保存`) })).toBeVisible();
    await expect(problems.getByRole("row", { name: new RegExp(`^${firstRowOf(7) + 3} A2 性别 “男性”不是有效的选项`) })).toBeVisible();
    await expect(problems.getByRole("row", { name: new RegExp(`^${firstRowOf(12) + 2} 村（社区）统计用区划代码 区划代码 371002101201 不是您辖区内的村`) })).toBeVisible();
    // "我最近的导入" shows the finished job's figures right away, not the queued row it read at upload.
    const recent = page.getByRole("row", { name: /张村镇三十户\.xlsx/ }).first();
    await expect(recent).toContainText("已完成");
    await expect(recent).toContainText("新增 27，更新 0，无变化 0，退回 3");
  });

  await test.step("fixes the rejected rows and imports them", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "下载退回的行（含错误说明）" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("张村镇三十户_退回的行.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await file.path())) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header.slice(0, 2)).toEqual(["原行号", "错误说明"]);
    const original = sheetRows(households);
    // The office corrects each rejected row in place (the error column may stay: it is ignored on import).
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const source = original[Number(row.getCell(1).value) - 2]!;
      for (const h of ["A4 证件号码", "A2 性别", "村（社区）统计用区划代码"]) row.getCell(header.indexOf(h) + 1).value = source[col(h)] as string;
    });
    await upload(page, "退回的行_已修正.xlsx", Buffer.from(await workbook.xlsx.writeBuffer()), /全部正确才导入/);
    await expect(page.getByLabel("导入报告").getByText("导入完成：共处理 3 户，全部通过校验")).toBeVisible({ timeout: 30_000 });
  });

  await test.step("finds an imported household in the registry", async () => {
    await page.getByRole("link", { name: "查看家庭档案" }).click();
    await page.getByPlaceholder(/姓名/).fill(households[12]!.members[0]!.name);
    await page.getByPlaceholder(/姓名/).press("Enter");
    await expect(page.getByRole("cell", { name: households[12]!.members[0]!.name })).toBeVisible();
  });
});

test("a large import shows its progress until the report", async ({ page }) => {
  await signIn(page, "township");
  await openImport(page);
  const file = await householdsXlsx(sheetRows(makeHouseholds(4000, ZHANGCUN_VILLAGES, "Q")));
  await upload(page, "四千户.xlsx", file, /导入正确的户，退回有错误的行/);
  // The queued job comes back from the upload at once: the progress bar is there until the job ends.
  await expect(page.getByLabel("导入进度")).toBeVisible();
  await expect(page.getByLabel("导入报告").getByText("导入完成：共处理 4000 户，全部通过校验")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByLabel("导入进度")).toBeHidden();
  await expect(page.getByRole("row", { name: /四千户\.xlsx/ })).toBeVisible();
});

import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "../apps/api/src/lib/exceljs.ts";
import { signIn } from "./support/ui.ts";

/**
 * 监测统计 at a tablet's width: the city supervisor opens the screen, drills
 * 威海市 → 环翠区 → 张村镇 → 张村 through the 下级区划对比 table (each level's
 * figures are those its row showed one level up), goes back up with the
 * browser, and downloads one chart's numbers.
 */
test.use({ viewport: { width: 1024, height: 768 } });

const figure = async (page: Page, testId: string) => Number(await page.getByTestId(testId).innerText());

test("the city drills from the city to a village and downloads a chart's numbers", async ({ page }) => {
  const crumbs = page.getByRole("navigation", { name: "统计区划" });
  const here = crumbs.locator("[aria-current=page]");

  await test.step("opens 监测统计: the city's figures", async () => {
    await signIn(page, "city");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "监测统计" }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/statistics");
    // The first visit loads the screen's chunk with ECharts (≈200 KB gzipped): slow on shared CI cores.
    await expect(page.getByRole("heading", { name: "监测统计", level: 4 })).toBeVisible({ timeout: 30_000 });
    await expect(crumbs).toHaveText("威海市");
    await expect(page.getByTestId("stat-computed-at")).toContainText("数据更新于");
    expect(await figure(page, "stat-households")).toBeGreaterThan(0);
  });

  const computedAt = () => page.getByTestId("stat-computed-at").innerText();
  for (const child of ["环翠区", "张村镇", "张村"]) {
    await test.step(`drills down to ${child}: its figures are those of its row above`, async () => {
      const rowFigures = async () => {
        const cells = page.getByTestId("stat-children").getByRole("row").filter({ has: page.getByRole("link", { name: child, exact: true }) }).getByRole("cell");
        return { cells, households: Number(await cells.nth(1).innerText()), designated: Number(await cells.nth(2).innerText()), overdue: Number(await cells.nth(6).innerText()) };
      };
      let above = await rowFigures();
      const aboveComputedAt = await computedAt();
      // A click anywhere on the row goes down (the name is also a link).
      await above.cells.nth(1).click();
      await expect(page).toHaveURL(/[?&]areaId=\d+/);
      await expect(here).toHaveText(child);
      const childComputedAt = await computedAt();
      if (childComputedAt !== aboveComputedAt) {
        // The 10-minute refresh ran between the two pages (earlier journeys changed the data): compare within one refresh.
        await page.goBack();
        await page.reload();
        await expect(page.getByTestId("stat-computed-at")).toHaveText(childComputedAt);
        above = await rowFigures();
        await page.goForward();
        await expect(here).toHaveText(child);
      }
      await expect(page.getByTestId("stat-households")).toHaveText(String(above.households));
      expect(await figure(page, "stat-designated-households")).toBe(above.designated);
      expect(await figure(page, "stat-overdue-cases")).toBe(above.overdue);
    });
  }

  await test.step("the village has no lower level; back goes up to the township, forward down again", async () => {
    await expect(page.getByTestId("stat-children")).toHaveCount(0);
    await expect(crumbs).toHaveText(/威海市.*环翠区.*张村镇.*张村/);
    await expect(here).toHaveText("张村");
    await page.goBack();
    await expect(here).toHaveText("张村镇");
    await expect(page.getByTestId("stat-children").getByRole("link", { name: "张村", exact: true })).toBeVisible();
    await page.goForward();
    await expect(here).toHaveText("张村");
    await expect(page.getByTestId("stat-children")).toHaveCount(0);
  });

  await test.step("downloads the village's 户类别分布 and finds the households by category", async () => {
    const households = await figure(page, "stat-households");
    const card = page.getByTestId("stat-chart-categories");
    const [download] = await Promise.all([page.waitForEvent("download"), card.getByRole("button", { name: "下载数据：户类别分布" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^张村_户类别分布_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? "" : String(v)))));
    expect(rows[0]![0]).toBe("张村户类别分布");
    const at = rows.findIndex((r) => r[0] === "户类别");
    expect(rows[at]).toEqual(["户类别", "户数", "人数"]);
    const data = rows.slice(at + 1);
    expect(data.length).toBeGreaterThan(0);
    // Every registered household has one category: the rows add up to the 登记户数 on the screen.
    expect(data.reduce((sum, r) => sum + Number(r[1]), 0)).toBe(households);
    // The same numbers as the card's 数据表.
    await card.getByText("数据表").click();
    await expect(card.getByRole("row").filter({ hasText: data[0]![0]! })).toContainText(data[0]![1]!);
  });
});

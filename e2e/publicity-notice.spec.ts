import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { parseCsv, xlsxToCsv } from "../apps/api/test/libreoffice.ts";
import { chinaDate, choose, enterDate, openMenu, signIn } from "./support/ui.ts";

/**
 * Issue 5: the village cadre prints the publicity notice (村内公示) of her
 * village as an A4 page; the printed page names the households and their
 * village and never an ID number or a phone number. A township official
 * exports the household list she is looking at as .xlsx.
 */

const ID_NUMBER = /\d{17}[\dXx]/;
const MOBILE = /1[3-9]\d{9}/;
const LANDLINE_WITH_AREA = /0\d{2,3}-?\d{7,8}/;

/** 2026-11-23 → 2026年11月23日 */
const chinese = (iso: string) => iso.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, "$1年$2月$3日");

test("张村's cadre prints the publicity notice of her village as a clean A4 page without ID or phone numbers", async ({ page }, testInfo) => {
  let running: string[] = [];

  await test.step("exports her queue of households in publicity as .xlsx", async () => {
    await signIn(page, "village");
    await page.getByRole("tab", { name: "公示中" }).click();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "导出 Excel" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^公示中_张村_\d{8}\.xlsx$/);
  });

  await test.step("opens the notices of her village from the workbench", async () => {
    await page.getByRole("button", { name: "打印公示" }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/publicity");
    await expect(page.getByRole("heading", { name: "村内公示" })).toBeVisible();
    // The demo's notice posted two days ago (other journeys may have posted more since, or let it end).
    const posted = page.getByRole("row").filter({ hasText: "张村镇 · 张村" }).filter({ hasText: /公示中|公示期满/ });
    await expect(posted.first()).toBeVisible();
    // Only her village: the notice still to be posted in 王家疃 (same township) is not hers.
    await expect(page.getByRole("row").filter({ hasText: "王家疃" })).toHaveCount(0);
    await posted.first().getByRole("link", { name: /^打印张村 \d{4}-\d{2}-\d{2} 公示$/ }).click();
  });

  const sheet = page.getByRole("article", { name: "公示内容" });
  await test.step("the notice names the village, its households, the period, where to object and who issues it", async () => {
    await expect(sheet.getByRole("heading", { level: 1 })).toHaveText(/^张村.+名单公示$/);
    await expect(sheet.getByRole("columnheader")).toHaveText(["序号", "户主姓名", "所在村（组）", "户类别", "拟认定类型", "风险类型"]);
    const rows = sheet.locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    running = (await rows.locator("td:nth-child(2)").allTextContents()).map((s) => s.trim());
    expect(running.length).toBeGreaterThan(0);
    await expect(rows.first()).toContainText(/^1.+(一般农户即时帮扶户|脱贫不再享受政策户回退为脱贫享受政策户)因/);
    // The period is said once (in the opening paragraph), the 监督电话 and the 落款 with room for the seal are there.
    await expect(sheet).toContainText(/公示期自\d{4}年\d{1,2}月\d{1,2}日起至\d{4}年\d{1,2}月\d{1,2}日止/);
    expect((await sheet.textContent())!.match(/公示期(?!间)/g)).toHaveLength(1);
    await expect(sheet).toContainText("监督电话：12317");
    const signature = sheet.getByLabel("落款");
    await expect(signature).toContainText(/张村村民委员会（盖章）\d{4}年\d{1,2}月\d{1,2}日/);
    // Room for a 42 mm seal (at 96 px per inch), and body text of at least 14 pt (18.67 px).
    expect((await signature.boundingBox())!.height).toBeGreaterThanOrEqual((42 / 25.4) * 96 - 1);
    const bodySize = await sheet.locator("p").first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    expect(bodySize).toBeGreaterThanOrEqual((14 * 96) / 72 - 0.01);
    await expect(sheet).toContainText(/公示地点：[^。]+。/);
    await expect(sheet).toContainText("向张村村民委员会或张村镇人民政府反映");
    await expect(sheet.locator(".notice-signature")).toContainText("张村村民委员会");
    await expect(page.getByRole("button", { name: "打印" })).toBeVisible();
  });

  await test.step("printed, it is one A4 page with the notice only; its text has no ID number and no phone number", async () => {
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("toolbar", { name: "公示操作" })).toBeHidden();
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true });
    await testInfo.attach("村内公示.pdf", { body: pdf, contentType: "application/pdf" });
    const path = testInfo.outputPath("notice.pdf");
    await writeFile(path, pdf);
    const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 841(\.\d+)? pts \(A4\)/);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", path, "-"], { encoding: "utf8" });
    await testInfo.attach("村内公示.txt", { body: text, contentType: "text/plain" });
    const compact = text.replace(/\s+/g, "");
    expect(compact).toContain("张村");
    expect(compact).toContain("张村村民委员会");
    for (const name of running) expect(compact).toContain(name);
    expect(compact).not.toMatch(ID_NUMBER);
    expect(compact).not.toMatch(MOBILE);
    expect(text).not.toMatch(LANDLINE_WITH_AREA);
    // The app's frame, the buttons and the messages on screen do not print.
    for (const chrome of ["返回公示列表", "退出登录", "打印", "工作台", "已导出"]) expect(compact).not.toContain(chrome);
  });

  await test.step("a long list runs over several pages with the table's header repeated on each", async () => {
    // 60 more rows, copied in the page, only to see how the browser lays out a long notice.
    await sheet.locator("tbody").evaluate((tbody) => {
      const row = tbody.querySelector("tr")!;
      for (let i = 0; i < 60; i++) tbody.appendChild(row.cloneNode(true));
    });
    const path = testInfo.outputPath("notice-long.pdf");
    await writeFile(path, await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true }));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [path], { encoding: "utf8" }))![1]);
    expect(pages).toBeGreaterThan(1);
    for (let p = 1; p <= pages; p++) {
      const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", "-f", String(p), "-l", String(p), path, "-"], { encoding: "utf8" });
      if (text.includes(running[0]!)) expect(text, `page ${p}`).toMatch(/序号\s+户主姓名\s+所在村（组）\s+户类别\s+拟认定类型\s+风险类型/);
    }
    await page.emulateMedia({ media: "screen" });
    await page.reload();
  });

});

test("the township prints the notice of households still to be posted, with the period of the planned posting day", async ({ page }) => {
  await signIn(page, "township");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "村内公示" }).click();
  await expect(page.getByRole("heading", { name: "村内公示" })).toBeVisible();
  await page.getByRole("row").filter({ hasText: "待张贴" }).filter({ hasText: "王家疃" }).getByRole("link", { name: "打印王家疃待张贴的公示" }).click();
  const picker = page.getByLabel("计划张贴日期");
  await expect(picker).toHaveValue(chinaDate());
  const sheet = page.getByRole("article", { name: "公示内容" });
  await expect(sheet.getByRole("heading", { level: 1 })).toHaveText("王家疃防止返贫监测对象拟纳入名单公示");
  await expect(sheet.getByRole("row").nth(1)).toContainText("一般农户即时帮扶户");
  // Posted the day after tomorrow, the period runs from the day after that for 5 days.
  await enterDate(picker, chinaDate(2));
  await expect(sheet).toContainText(`公示期自${chinese(chinaDate(3))}起至${chinese(chinaDate(7))}止`);
  await expect(sheet.getByLabel("落款")).toContainText(`王家疃村民委员会（盖章）${chinese(chinaDate(2))}`);
  await expect(sheet).not.toContainText(ID_NUMBER);
});

test("a township official exports the filtered household list as .xlsx that LibreOffice opens", async ({ page }, testInfo) => {
  await signIn(page, "township");
  await openMenu(page, "家庭档案");
  await choose(page, page.getByLabel("户类别"), "脱贫享受政策户");
  await expect(page).toHaveURL(/category=LIFTED_WITH_POLICY/);
  // The list (and the export button beside it) show the filter once the rows of other categories are gone.
  await expect(page.locator("tbody tr").filter({ hasText: /一般农户|脱贫不再享受政策户/ })).toHaveCount(0);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "导出 Excel" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^户档案_张村镇_\d{8}\.xlsx$/);
  // The confirmation is a passing message: look for it now, before the slow conversion below.
  await expect(page.getByText(/^已导出：户档案_张村镇_\d{8}\.xlsx$/)).toBeVisible();
  const path = testInfo.outputPath("households.xlsx");
  await file.saveAs(path);
  const xlsx = await readFile(path);
  expect(xlsx.subarray(0, 2).toString()).toBe("PK");
  const [header, ...rows] = parseCsv(await xlsxToCsv(xlsx)).filter((r) => r.some((c) => c !== ""));
  expect(header).toContain("A4 证件号码");
  expect(rows.length).toBeGreaterThan(0);
  const category = header!.indexOf("户类别");
  const idNumber = header!.indexOf("A4 证件号码");
  expect(new Set(rows.map((r) => r[category]))).toEqual(new Set(["脱贫享受政策户"]));
  // Full ID numbers, kept as text (no lost digits, no exponent).
  for (const r of rows) expect(r[idNumber]).toMatch(/^\d{17}[\dX](\d{2})?$/);
});

import { expect, test } from "@playwright/test";
import { nextReportDay, reportAsOf, WEIHAI_REPORT_CALENDAR } from "../packages/domain/src/reports/report-calendar.ts";
import { afterDays } from "./support/clock.ts";
import { openReports, readLedger } from "./support/ledgers.ts";
import { chinaDate, choose, signIn } from "./support/ui.ts";

/**
 * 报表: the district reviewer downloads today's 台账 (and the policy population list) from the reports screen,
 * then, on the next ledger day (the server's clock moved there, its jobs run),
 * finds the ledger the system stored in the list of reports and downloads it.
 */

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

test("the district reviewer downloads the ledger and a stored report", async ({ page, request }) => {
  const today = chinaDate();

  await test.step("downloads today's ledger of 环翠区", async () => {
    await signIn(page, "district");
    await openReports(page);
    await expect(page.getByLabel("台账数据日期")).toHaveValue(today);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载台账" }).click()]);
    expect(download.suggestedFilename()).toBe(`脱贫监测户和即时帮扶人口管理台账_环翠区_${today}.xlsx`);
    const ledger = await readLedger(download);
    expect(ledger.header).toEqual(expect.arrayContaining(["乡镇（街道）", "户编号", "监测帮扶类型", "证件号码", "人均纯收入（元）", "案件办理阶段"]));
    // The demo district has monitored households: one row per person, ID numbers in full.
    expect(ledger.rows.length).toBeGreaterThan(0);
    const id = ledger.rows[0]![ledger.header.indexOf("证件号码")]!;
    expect(id).toMatch(/^\d{17}[\dX]$/);
    expect(ledger.rows[0]![ledger.header.indexOf("监测帮扶类型")]).toBe("脱贫监测户");
    await expect(page.getByText(`已下载：${download.suggestedFilename()}`)).toBeVisible();
  });

  await test.step("downloads the exit ledger (退出台账) as of the same date", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载退出台账" }).click()]);
    expect(download.suggestedFilename()).toBe(`退出台账_环翠区_${today}.xlsx`);
    const exits = await readLedger(download);
    expect(exits.header).toEqual(["序号", "乡镇（街道）", "村（社区）", "户编号", "户主姓名", "监测帮扶类型", "监测对象类型", "认定日期", "退出日期", "退出原因", "退出案件编号"]);
    await expect(page.getByText(`已下载：${download.suggestedFilename()}`)).toBeVisible();
  });

  await test.step("downloads the policy population list (享受政策人口名单) with the month's changes", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载享受政策人口名单" }).click()]);
    expect(download.suggestedFilename()).toBe(`享受政策人口名单_环翠区_${today}.xlsx`);
    const list = await readLedger(download);
    expect(list.header).toEqual(expect.arrayContaining(["人员标识", "脱贫监测户", "即时帮扶人口", "证件号码", "本月标识变化"]));
    expect(list.rows.length).toBeGreaterThan(0);
  });

  const ledgerDay = nextReportDay(WEIHAI_REPORT_CALENDAR, "LEDGER", today);
  await afterDays(request, daysBetween(today, ledgerDay), async () => {
    await test.step(`on the ledger day ${ledgerDay} the stored ledger is listed and downloads unchanged`, async () => {
      await signIn(page, "district");
      await openReports(page);
      // Journeys before this one may have moved the clock past other report days: the ledgers alone, newest first.
      await choose(page, page.getByRole("combobox", { name: "报表类型" }), "监测户和即时帮扶人口管理台账");
      const row = page.getByRole("row").filter({ hasText: ledgerDay }).filter({ hasText: "监测户和即时帮扶人口管理台账" });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText("环翠区");
      await expect(row).toContainText(reportAsOf(ledgerDay));
      const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("button", { name: /下载/ }).click()]);
      expect(download.suggestedFilename()).toBe(`脱贫监测户和即时帮扶人口管理台账_环翠区_${reportAsOf(ledgerDay)}.xlsx`);
      expect((await readLedger(download)).rows.length).toBeGreaterThan(0);
    });

    await test.step("the API answers in Chinese for a file the district cannot have", async () => {
      const res = await page.request.get("/api/report-snapshots/00000000-0000-4000-8000-000000000000/file");
      expect(res.status()).toBe(404);
      expect((await res.json()).message).toBe("未找到该报表文件，或其不在您的管辖范围内");
    });
  });
});

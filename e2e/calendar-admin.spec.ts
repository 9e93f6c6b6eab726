import { expect, test, type Page } from "@playwright/test";
import { afterDays } from "./support/clock.ts";
import { chinaDate, enterDate, signIn } from "./support/ui.ts";

/**
 * 工作日历: the administrator is warned that 2027 has no holiday data yet
 * (the API warns 60 days ahead), enters 2027-01-01 元旦 as a day off,
 * declares 2027 entered in full (the warning goes), tries a deadline across
 * the new year, and finally undoes both so later journeys see the calendar
 * as it was.
 */

const NOTICE = "国办发明电〔2026〕99号";
const WARNING_2027 = /2027 年的节假日安排尚未录入/;

/** Days to move the server's clock so that 2027 is within the warning's 60 days (0 from 2026-11-02 on). */
function daysUntilWarning(): number {
  const today = chinaDate();
  const from = "2026-11-02";
  if (today >= from) return 0;
  return Math.round((Date.parse(from) - Date.parse(today)) / 86_400_000);
}

async function confirmPopover(page: Page, button: string) {
  await page.locator(".ant-popconfirm:not(.ant-popover-hidden)").getByRole("button", { name: button, exact: true }).click();
}

test.afterEach(async ({ page }) => {
  // Whatever happened above, leave no 2027 data behind for the other journeys (both calls are idempotent).
  await page.request.delete("/api/calendar/overrides/2027-01-01");
  await page.request.delete("/api/calendar/years/2027");
});

test("the administrator is warned about 2027, enters 元旦, declares the year, tries a deadline and undoes it all", async ({ page, request }) => {
  const shift = daysUntilWarning();
  const journey = async () => {
    await test.step("after signing in, the administrator sees the warning about 2027", async () => {
      await signIn(page, "admin");
      const banner = page.getByRole("alert").filter({ hasText: "节假日数据提醒" });
      await expect(banner).toContainText(WARNING_2027);
      await expect(banner.getByRole("button", { name: "前往工作日历" })).toBeVisible();
    });

    await test.step("opens 工作日历 from the menu: coverage and the same warning", async () => {
      await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "工作日历" }).click();
      await expect(page).toHaveURL((url) => url.pathname === "/calendar");
      await expect(page.getByRole("heading", { name: "工作日历", level: 4 })).toBeVisible();
      await expect(page.getByRole("alert").filter({ hasText: WARNING_2027 })).toHaveCount(1);
      await expect(page.getByText("数据包年份")).toBeVisible();
      // The month calendar marks this year's holidays (2026 is in the data package).
      await expect(page.locator("[data-day-kind]").first()).toBeVisible();
    });

    await test.step("adds 2027-01-01 放假 元旦", async () => {
      const form = page.locator("form#calendar-override");
      await enterDate(form.getByLabel("日期"), "2027-01-01");
      await expect(form.getByText("当前：工作日（该年节假日未录入，按周一至周五）")).toBeVisible();
      await form.locator("label").filter({ has: page.getByRole("radio", { name: "放假" }) }).click();
      await form.getByLabel("名称").fill("元旦");
      await form.getByLabel("依据或备注").fill(NOTICE);
      await form.getByRole("button", { name: "保存调整" }).click();
      await expect(page.getByText("已保存 2027-01-01 的调整：放假")).toBeVisible();
      const row = page.getByRole("row").filter({ hasText: "2027-01-01" });
      await expect(row).toContainText("放假");
      await expect(row).toContainText("元旦");
      await expect(row).toContainText(NOTICE);
    });

    await test.step("the trial still flags the year without data", async () => {
      const trial = page.locator("form#calendar-trial");
      await enterDate(trial.getByLabel("起始日"), "2026-12-28");
      await trial.getByLabel("工作日数").fill("5");
      await trial.getByRole("button", { name: "试算" }).click();
      await expect(page.getByTestId("calendar-trial-result")).toHaveText("2027-01-05");
      await expect(page.getByText("跨越未录入年份，按周一至周五推算")).toBeVisible();
    });

    await test.step("declares 2027 entered in full: the warning disappears", async () => {
      const form = page.locator("form#calendar-year");
      await form.getByLabel("年份").fill("2027");
      await form.getByLabel("依据（通知文号）").fill(NOTICE);
      await form.getByRole("button", { name: "确认已完整录入" }).click();
      const dialog = page.getByRole("dialog").filter({ hasText: "确认 2027 年节假日已完整录入？" });
      await expect(dialog).toContainText("该年已录入 1 天调整");
      await dialog.getByRole("button", { name: "确认", exact: true }).click();
      await expect(page.getByText("已确认 2027 年节假日已完整录入")).toBeVisible();
      await expect(page.getByText(WARNING_2027)).toHaveCount(0);
      await expect(page.getByRole("list", { name: "管理员确认已完整录入的年份" })).toContainText(`依据：${NOTICE}`);
    });

    await test.step("the trial counts on 元旦: 2026-12-28 + 5 working days = 2027-01-05, not flagged", async () => {
      const trial = page.locator("form#calendar-trial");
      await trial.getByRole("button", { name: "试算" }).click();
      await expect(page.getByTestId("calendar-trial-result")).toHaveText("2027-01-05");
      await expect(page.getByText("跨越未录入年份，按周一至周五推算")).toHaveCount(0);
    });

    await test.step("January 2027 in the month calendar shows 元旦 as 休, marked as an administrator's day", async () => {
      await page.getByRole("row").filter({ hasText: "2027-01-01" }).getByRole("button", { name: "修改 2027-01-01" }).click();
      const cell = page.locator('td[title="2027-01-01"] [data-day-kind]');
      await expect(cell).toHaveAttribute("data-day-kind", "holiday");
      await expect(cell).toContainText("休");
      await expect(cell).toContainText("元旦");
      await expect(cell).toContainText("调整");
      await page.locator("form#calendar-override").getByRole("button", { name: "清空" }).click();
    });

    await test.step("withdraws 2027 and deletes the day: the warning is back, the table empty", async () => {
      await page.getByRole("button", { name: "撤销 2027 年" }).click();
      await confirmPopover(page, "撤销");
      await expect(page.getByText("已撤销 2027 年的完整录入确认")).toBeVisible();
      await expect(page.getByRole("alert").filter({ hasText: WARNING_2027 })).toHaveCount(1);

      await page.getByRole("button", { name: "删除 2027-01-01" }).click();
      await confirmPopover(page, "删除");
      await expect(page.getByText("已删除 2027-01-01 的调整")).toBeVisible();
      await expect(page.getByRole("row").filter({ hasText: "2027-01-01" })).toHaveCount(0);
    });
  };
  // Run before 2026-11-02 (no warning yet), the journey happens on the server a few days later.
  if (shift > 0) await afterDays(request, shift, journey);
  else await journey();
});

test("the menu has no 工作日历 for others, and the page refuses them", async ({ page }) => {
  await signIn(page, "township");
  await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "工作日历" })).toHaveCount(0);
  await expect(page.getByText("节假日数据提醒")).toHaveCount(0);
  await page.goto("/calendar");
  await expect(page.getByText("无权访问")).toBeVisible();
});

test("the month calendar and the trial's date picker open on the server's month, not the device's", async ({ page, request }) => {
  // 45 days on, the server is in another month than the browser (whose clock stays put).
  await afterDays(request, 45, async () => {
    await signIn(page, "admin");
    const serverDay = await page.evaluate(async () => (await fetch("/api/auth/me")).headers.get("x-server-today"));
    expect(serverDay).not.toBe(chinaDate());
    await page.goto("/calendar");
    await expect(page.locator(`td[title="${serverDay}"] [data-day-kind]`)).toBeVisible();
    await page.locator("form#calendar-trial").getByLabel("起始日").click();
    await expect(page.locator(`.ant-picker-dropdown td[title="${serverDay}"]`)).toBeVisible();
    await page.keyboard.press("Escape");
  });
});

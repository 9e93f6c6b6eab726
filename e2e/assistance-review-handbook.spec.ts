import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { makeCitizenId } from "./support/citizen-id.ts";
import { afterDays } from "./support/clock.ts";
import { runName } from "./support/households.ts";
import { openReports, readLedger } from "./support/ledgers.ts";
import { chinaDate, choose, enterDate, signIn } from "./support/ui.ts";

/**
 * The quarterly review (季度帮扶成效分析) of a household of our own comes due
 * when the server's clock passes into the next quarter, shows in the
 * household's 帮扶档案, is recorded by the township and is no longer due; the
 * household's 帮扶手册 prints to an A4 PDF.
 * Set-up through the API: the township registers a household and flags its
 * case 先帮扶、后认定, which opens the assistance file today.
 */
async function apiAs(baseURL: string, username: string, password = "Demo@2026"): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const res = await ctx.post("/api/auth/login", { data: { username, password } });
  expect(res.status(), await res.text()).toBe(200);
  return ctx;
}

/** "2026-Q4" of a date, and the days from `today` to a few days into the next quarter. */
function quarterOf(iso: string) {
  return `${iso.slice(0, 4)}-Q${Math.ceil(Number(iso.slice(5, 7)) / 3)}`;
}
function daysIntoNextQuarter(today: string): number {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const firstMonthNext = Math.ceil(m / 3) * 3 + 1;
  const next = firstMonthNext > 12 ? Date.UTC(y + 1, 0, 1) : Date.UTC(y, firstMonthNext - 1, 1);
  return Math.round((next - Date.parse(`${today}T00:00:00Z`)) / 86_400_000) + 4;
}
const quarterWords = (q: string) => q.replace(/^(\d{4})-Q([1-4])$/, "$1年第$2季度");

test("the quarterly review comes due in the next quarter, is recorded and no longer due; the 帮扶手册 prints to PDF", async ({ page, baseURL, request }) => {
  test.setTimeout(180_000);
  const headName = runName("季评");
  const today = chinaDate();
  const quarter = quarterOf(today);
  const township = await apiAs(baseURL!, "township");
  let householdId = "";
  const idNumber = makeCitizenId("MALE");

  await test.step("set-up: a household of 张村 with an open assistance file (assist-first)", async () => {
    const { areas } = await (await township.get("/api/areas")).json();
    const village = (areas as { id: number; name: string; level: string }[]).find((a) => a.name === "张村" && a.level === "VILLAGE")!;
    const created = await township.post("/api/households", {
      data: {
        category: "ORDINARY", villageId: village.id, phone: "13912345678", riskCauses: ["SERIOUS_ILLNESS"], incomeYear: Number(today.slice(0, 4)) - 1,
        income: { wageIncome: 6000 },
        members: [{
          name: headName, gender: "MALE", idNumber, relation: "HEAD", idType: "RESIDENT_ID", ethnicity: "01",
          politicalStatus: "MASSES", education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL", health: "HEALTHY", workRegion: "IN_COUNTY", workMonths: 6,
        }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    householdId = (await created.json()).id;
    const opened = await township.post("/api/cases", {
      data: { householdId, lead: { source: "DAILY_VISIT", receivedOn: today, riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病，医疗支出大" } },
    });
    expect(opened.status(), await opened.text()).toBe(201);
    const kase = await opened.json();
    const flagged = await township.post(`/api/cases/${kase.id}/assist-first`, {
      data: { version: kase.version, record: { meetingOn: today, minutesSummary: "镇党委会议研究，先行帮扶", measures: "发放临时救助，安排帮扶责任人" } },
    });
    expect(flagged.status(), await flagged.text()).toBeLessThan(300);
    // The file is open: its reviews can be read, none yet.
    const reviews = await township.get(`/api/assistance/${householdId}/reviews`);
    expect(reviews.status(), await reviews.text()).toBe(200);
    expect(await reviews.json()).toEqual([]);
  });

  await afterDays(request, daysIntoNextQuarter(today), async () => {
    const serverToday = chinaDate(daysIntoNextQuarter(today));
    const section = page.getByRole("region", { name: "季度帮扶成效分析", exact: true });
    /** The township's 待季度成效分析 queue on the workbench, searched for the household. */
    const reviewQueue = async () => {
      await page.goto("/");
      await page.getByRole("tab", { name: /待季度成效分析/ }).click();
      const queue = page.getByTestId("assistance-queue-township-reviews");
      await queue.getByRole("searchbox", { name: "按户主姓名查找" }).fill(headName);
      await queue.getByRole("searchbox", { name: "按户主姓名查找" }).press("Enter");
      return queue;
    };

    await test.step(`the review of ${quarter} is due: in the township's queue and in the household's 帮扶档案`, async () => {
      await signIn(page, "township");
      const queue = await reviewQueue();
      await queue.getByRole("link", { name: headName }).click();
      await expect(page).toHaveURL(new RegExp(`/households/${householdId}\\?tab=assistance`));
      await expect(section.getByTestId("review-due")).toContainText(quarterWords(quarter));
    });

    await test.step("the township records it", async () => {
      await section.getByRole("button", { name: "录入季度成效分析" }).click();
      const form = section.getByRole("form", { name: "季度帮扶成效分析表" });
      await choose(page, form.getByLabel("分析季度"), quarterWords(quarter));
      await enterDate(form.getByLabel("分析日期"), serverToday);
      await form.getByLabel("人均收入变化（元）").fill("260");
      await form.getByRole("radio", { name: "已缓解" }).check();
      await form.getByLabel("帮扶成效").fill("医疗救助已落实，自付费用明显下降，家庭收入恢复");
      await choose(page, form.getByLabel("风险类别调整"), "B类（一般风险），每 30 天走访");
      await form.getByRole("button", { name: "保存成效分析" }).click();
      await expect(page.getByText(`已录入${quarterWords(quarter)}帮扶成效分析`)).toBeVisible();
    });

    await test.step("it is no longer due and shows in the history", async () => {
      await expect(section.getByTestId("review-due")).toContainText(`已录入至${quarterWords(quarter)}`);
      const history = section.getByRole("table", { name: "季度帮扶成效分析记录" });
      await expect(history.getByRole("row").filter({ hasText: quarterWords(quarter) })).toContainText("医疗救助已落实");
      await expect(section.getByTestId("risk-class")).toHaveText("B类（一般风险）");
      // A second review of the same quarter is refused with the API's words.
      await section.getByRole("button", { name: "录入季度成效分析" }).click();
      const form = section.getByRole("form", { name: "季度帮扶成效分析表" });
      await choose(page, form.getByLabel("分析季度"), quarterWords(quarter));
      await form.getByRole("radio", { name: "未缓解" }).check();
      await form.getByLabel("帮扶成效").fill("重复录入");
      await form.getByRole("button", { name: "保存成效分析" }).click();
      await expect(form.getByText("该户本季度的帮扶成效分析已经录入")).toBeVisible();
      await form.getByRole("button", { name: "取消" }).click();
      const queue = await reviewQueue();
      await expect(queue.getByText("暂无待办")).toBeVisible();
      await page.goto(`/households/${householdId}?tab=assistance`);
    });

    await test.step("the 帮扶手册 prints to an A4 PDF with the household and its sections", async () => {
      const link = section.getByRole("link", { name: /打印帮扶手册/ });
      await expect(link).toHaveAttribute("href", `/assistance/${householdId}/handbook`);
      await page.goto(`/assistance/${householdId}/handbook`);
      const sheet = page.getByRole("article", { name: "帮扶手册" });
      await expect(sheet.getByRole("heading", { name: "帮扶手册", level: 1 })).toBeVisible();
      await expect(sheet).toContainText(headName);
      await expect(sheet.getByRole("heading", { name: "四、帮扶措施" })).toBeVisible();
      await expect(sheet.getByRole("region", { name: "七、季度帮扶成效分析" })).toContainText("医疗救助已落实");
      // Phones masked, no ID numbers.
      await expect(sheet).toContainText("139****5678");
      expect(await sheet.innerText()).not.toContain(idNumber);
      expect(await sheet.innerText()).not.toContain(idNumber.slice(0, 14));
      await page.emulateMedia({ media: "print" });
      await expect(page.getByRole("toolbar", { name: "帮扶手册操作" })).toBeHidden();
      const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBeGreaterThanOrEqual(2);
    });
  });

  await test.step("the household is on today's 帮扶台账, without ID numbers", async () => {
    // Back on today's clock: a fresh session (the one of the later days may still be taken as live).
    await page.context().clearCookies();
    await signIn(page, "township");
    await openReports(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载帮扶台账" }).click()]);
    expect(download.suggestedFilename()).toBe(`帮扶台账_张村镇_${today}.xlsx`);
    const ledger = await readLedger(download);
    const row = ledger.rows.find((r) => r[ledger.header.indexOf("户主")] === headName);
    expect(row, `${headName} on the 帮扶台账`).toBeTruthy();
    expect(row![ledger.header.indexOf("村")]).toBe("张村");
    expect(ledger.rows.flat()).not.toContain(idNumber);
  });
});

import { expect, test, type Page } from "@playwright/test";
import { solveChallenge } from "altcha-lib";
import { apiUsers } from "./support/api.ts";
import { makeCitizenId } from "./support/citizen-id.ts";
import { runName } from "./support/households.ts";
import { afterDays } from "./support/clock.ts";
import { choose, signIn } from "./support/ui.ts";

/**
 * Issue 15 (一键报贫): on a 390 px phone a villager opens 张村's QR link, reports without signing in, keeps the
 * reference; the township verifies the lead the report became and opens the case; the villager follows the progress
 * on the status page. The abuse limits refuse in Chinese.
 */
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const randomPhone = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

async function zhangcunCode(baseURL: string): Promise<string> {
  const users = await apiUsers(baseURL);
  try {
    const { areas } = await users.call("township", "GET", "/api/areas?maxLevel=VILLAGE");
    return areas.find((a: { name: string; level: string }) => a.name === "张村" && a.level === "VILLAGE").code;
  } finally {
    await users.dispose();
  }
}

async function fillReport(page: Page, phone: string, who: { name: string; idNumber?: string } = { name: "刘春花" }) {
  await page.getByLabel("申报人姓名").fill(who.name);
  await page.getByLabel("手机号码").fill(phone);
  if (who.idNumber) await page.getByLabel("身份证号码（选填）").fill(who.idNumber);
  await page.getByRole("checkbox", { name: "大病" }).check();
  await page.getByLabel("困难情况说明").fill("丈夫突发脑梗住院，花了八万多，家里没有收入了");
  await page.getByRole("button", { name: "提交申报" }).click();
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

test("a villager reports through 张村's QR link on a phone, the township opens the case, the status page follows", async ({ page, request, baseURL, browser }) => {
  const code = await zhangcunCode(baseURL!);
  const phone = randomPhone();
  let reference = "";
  // A registered 张村 household (脱贫户) whose head reports with the ID number: the lead is on that household.
  const name = runName("刘", Date.now() % 100_000);
  const idNumber = makeCitizenId("FEMALE");
  const users = await apiUsers(baseURL!);
  try {
    const { areas } = await users.call("township", "GET", "/api/areas?maxLevel=VILLAGE");
    const village = areas.find((a: { name: string; level: string }) => a.name === "张村" && a.level === "VILLAGE");
    await users.call("township", "POST", "/api/households", {
      category: "LIFTED_WITH_POLICY", villageId: village.id, riskCauses: [],
      members: [{
        name, gender: "FEMALE", idType: "RESIDENT_ID", idNumber, relation: "HEAD", ethnicity: "01", politicalStatus: "MASSES",
        education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL", health: "HEALTHY", workRegion: "IN_COUNTY", workMonths: 6,
      }],
    });
  } finally {
    await users.dispose();
  }

  await test.step("the QR link opens the page with the village preset, without signing in", async () => {
    await page.goto(`/self-report?village=${code}`);
    await expect(page.getByRole("heading", { name: "一键申报 防止返贫" })).toBeVisible();
    await expect(page.getByLabel("所在村")).toContainText("张村");
    await noSidewaysScroll(page);
  });

  await test.step("reports and gets a reference", async () => {
    await fillReport(page, phone, { name, idNumber });
    await expect(page.getByText("申报已提交")).toBeVisible();
    reference = (await page.getByLabel("申报编号").textContent())!.trim();
    expect(reference).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    await noSidewaysScroll(page);
  });

  await test.step("the status page shows it received", async () => {
    await page.getByRole("button", { name: "查询办理进度" }).click();
    await expect(page.getByRole("heading", { name: "申报进度查询" })).toBeVisible();
    await expect(page.getByLabel("申报编号")).toHaveValue(reference);
    await page.getByLabel("手机号码后 4 位").fill(phone.slice(-4));
    await page.getByRole("button", { name: "查询", exact: true }).click();
    await expect(page.getByText("当前进度：已收到申报")).toBeVisible();
    // Nothing of the registry: not even the name the villager typed.
    await expect(page.getByText(name)).toHaveCount(0);
    await noSidewaysScroll(page);
  });

  await test.step("a wrong last 4 digits finds nothing", async () => {
    await page.getByLabel("手机号码后 4 位").fill(phone.slice(-4) === "0000" ? "1111" : "0000");
    await page.getByRole("button", { name: "查询", exact: true }).click();
    await expect(page.getByText("未找到该申报，请核对申报编号和手机号码后 4 位")).toBeVisible();
  });

  await test.step("on the next working day it is with the township", async () => {
    const url = `/api/public/self-reports/${reference}?phoneLast4=${phone.slice(-4)}`;
    // The next working day is 1 to a few days away (weekends, holidays).
    let days = 1;
    while (days < 10 && (await afterDays(request, days, async () => (await (await request.get(url)).json()).step)) === "RECEIVED") days++;
    await afterDays(request, days, async () => {
      await page.getByLabel("手机号码后 4 位").fill(phone.slice(-4));
      await page.getByRole("button", { name: "查询", exact: true }).click();
      await expect(page.getByText("当前进度：已转交乡镇")).toBeVisible();

      // The township, at its desk, verifies the lead and opens the identification case from it.
      const desk = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      try {
        const township = await desk.newPage();
        await signIn(township, "township");
        await township.getByTestId("workbench-leads").click();
        await expect(township.getByRole("heading", { name: "线索核实" })).toBeVisible();
        await township.getByLabel("姓名或线索编号").fill(name);
        await township.getByLabel("姓名或线索编号").press("Enter");
        await township.getByRole("link", { name: new RegExp(`^核实 ${name} 的线索`) }).click();
        await expect(township.getByTestId("lead-clue")).toContainText("农户自主申报");
        await expect(township.getByTestId("lead-clue")).toContainText(reference);
        await township.getByRole("toolbar", { name: "核实线索" }).getByRole("button", { name: "立案" }).click();
        const dialog = township.getByRole("dialog", { name: `立案：${name} 户` });
        await dialog.getByRole("button", { name: "立案" }).click();
        await expect(township).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
      } finally {
        await desk.close();
      }

      await page.getByRole("button", { name: "查询", exact: true }).click();
      await expect(page.getByText("当前进度：已进入识别认定程序")).toBeVisible();
      await expect(page.getByText(name)).toHaveCount(0);
    });
  });
});

test("past the day's limit for a phone the page refuses in Chinese, after solving the challenge transparently", async ({ page, request, baseURL }) => {
  const code = await zhangcunCode(baseURL!);
  const phone = randomPhone();
  const report = { villageCode: code, name: "赵某", phone, description: "家里房子漏雨，想申请帮助" };

  await test.step("two reports of the phone come in through the API (the second after a solved challenge)", async () => {
    for (let i = 0; i < 2; i++) {
      let res = await request.post("/api/public/self-reports", { data: report });
      if (res.status() === 429) {
        const body = await res.json();
        expect(body.code).toBe("SELF_REPORT_CHALLENGE");
        const c = body.challenge;
        const { number } = (await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise)!;
        res = await request.post("/api/public/self-reports", { data: { ...report, challenge: Buffer.from(JSON.stringify({ ...c, number })).toString("base64") } });
      }
      expect(res.status(), await res.text()).toBe(201);
    }
  });

  await test.step("the third, on the page, needs the challenge: solved on the phone, accepted", async () => {
    await page.goto(`/self-report?village=${code}`);
    await expect(page.getByLabel("所在村")).toContainText("张村");
    await fillReport(page, phone);
    await expect(page.getByText("申报已提交")).toBeVisible({ timeout: 30_000 });
  });

  await test.step("the fourth, with the village picked from the tree, is refused with a Chinese message", async () => {
    await page.goto("/self-report");
    const levels: [string, string][] = [["省", "山东省"], ["市", "威海市"], ["县（市、区）", "环翠区"], ["乡镇（街道）", "张村镇"], ["村（社区）", "张村"]];
    for (const [level, name] of levels) await choose(page, page.getByRole("combobox", { name: `选择${level}` }), name);
    await fillReport(page, phone);
    await expect(page.getByText("今天提交的申报次数已达上限，请明天再试，或拨打 12317 热线反映")).toBeVisible();
    await expect(page.getByText("申报已提交")).toHaveCount(0);
  });
});

test.describe("on the desk", () => {
  test.use({ viewport: { width: 1366, height: 768 }, isMobile: false, hasTouch: false });

  test("the township prints 张村's QR poster", async ({ page }) => {
    await signIn(page, "township");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "申报二维码" }).click();
    await expect(page.getByRole("heading", { name: "申报二维码" })).toBeVisible();
    await page.getByRole("link", { name: "打印张村海报" }).click();
    await expect(page.getByRole("heading", { name: "一键申报 防止返贫" })).toBeVisible();
    await expect(page.getByText("12317")).toBeVisible();
    const qr = page.getByRole("img", { name: "张村申报二维码" });
    await expect(qr).toBeVisible();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  });
});

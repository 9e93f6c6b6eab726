import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { makeCitizenId } from "./support/citizen-id.ts";
import { runName } from "./support/households.ts";
import { chinaDate, signIn } from "./support/ui.ts";

/**
 * A helper on a phone (390×844, touch) records a visit in a village without
 * signal: the draft survives a reload, the submitted visit waits on the phone
 * while offline and is sent once the network is back, stored once; the
 * township then sees it in the household's 帮扶档案.
 * Set-up through the API: the township registers a household and flags its
 * case 先帮扶、后认定 (the assistance file opens); the admin creates a HELPER
 * account; the helper is assigned through the assistance contract
 * (POST /api/helpers, POST /api/assistance/:id/assignments).
 */
// The service worker is what opens the app offline: this journey allows it (the config blocks it for the others).
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: "allow" });

const HELPER_PASSWORD = "Bangfu#2026visit";

async function apiAs(baseURL: string, username: string, password = "Demo@2026"): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const res = await ctx.post("/api/auth/login", { data: { username, password } });
  expect(res.status(), await res.text()).toBe(200);
  return ctx;
}

async function areaId(api: APIRequestContext, name: string, level: "TOWNSHIP" | "VILLAGE"): Promise<number> {
  const { areas } = await (await api.get("/api/areas")).json();
  const area = (areas as { id: number; name: string; level: string }[]).find((a) => a.name === name && a.level === level);
  expect(area, `${name} in /api/areas`).toBeTruthy();
  return area!.id;
}

test("a helper records a visit offline on a phone: draft kept, sent when back online, stored once, seen by the township", async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const headName = runName("走访");
  const today = chinaDate();
  const township = await apiAs(baseURL!, "township");
  const admin = await apiAs(baseURL!, "admin");
  let householdId = "";
  const helperUsername = `bangfu${Date.now() % 1_000_000}`;

  await test.step("set-up: a household with an open assistance file, and a helper assigned to it", async () => {
    const villageId = await areaId(township, "张村", "VILLAGE");
    const created = await township.post("/api/households", {
      data: {
        category: "ORDINARY", villageId, phone: "13800000000", riskCauses: ["DISASTER"], incomeYear: Number(today.slice(0, 4)) - 1,
        income: { wageIncome: 6000 },
        members: [{
          name: headName, gender: "MALE", idNumber: makeCitizenId("MALE"), relation: "HEAD", idType: "RESIDENT_ID", ethnicity: "01",
          politicalStatus: "MASSES", education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL", health: "HEALTHY", workRegion: "IN_COUNTY", workMonths: 6,
        }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    householdId = (await created.json()).id;
    const opened = await township.post("/api/cases", {
      data: { householdId, lead: { source: "DAILY_VISIT", receivedOn: today, riskCauses: ["DISASTER"], description: "房屋受灾，生活困难" } },
    });
    expect(opened.status(), await opened.text()).toBe(201);
    const kase = await opened.json();
    const flagged = await township.post(`/api/cases/${kase.id}/assist-first`, {
      data: { version: kase.version, record: { meetingOn: today, minutesSummary: "镇党委会议研究，先行帮扶", measures: "发放临时救助，安排帮扶责任人" } },
    });
    expect(flagged.status(), await flagged.text()).toBeLessThan(300);

    const townshipId = await areaId(admin, "张村镇", "TOWNSHIP");
    const user = await admin.post("/api/users", {
      data: { username: helperUsername, displayName: `${headName}帮扶人`, role: "HELPER", areaId: townshipId, password: "Temp#2026start" },
    });
    expect(user.status(), await user.text()).toBe(201);
    const userId = (await user.json()).id;
    const first = await apiAs(baseURL!, helperUsername, "Temp#2026start");
    expect((await first.post("/api/auth/password", { data: { currentPassword: "Temp#2026start", newPassword: HELPER_PASSWORD } })).status()).toBeLessThan(300);

    const helper = await township.post("/api/helpers", { data: { name: `${headName}帮扶人`, unit: "区农业农村局", areaId: townshipId, userId } });
    expect(helper.status(), await helper.text()).toBe(201);
    const assigned = await township.post(`/api/assistance/${householdId}/assignments`, {
      data: { role: "LEAD", helperId: (await helper.json()).id, startedOn: today },
    });
    expect(assigned.status(), await assigned.text()).toBeLessThan(300);
  });

  await test.step("the helper starts a visit on the phone; after a reload the draft is still there", async () => {
    await signIn(page, helperUsername, HELPER_PASSWORD);
    // The app installs itself on the first page (its service worker fetches the whole shell): let it finish first.
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active))).toBe(true);
    await page.goto(`/assistance/${householdId}/visits/new`);
    await expect(page.getByRole("heading", { name: "登记走访" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByLabel("走访日期")).toHaveValue(today);
    await page.getByLabel("走访对象").fill("户主本人");
    await page.getByLabel("走访情况").fill("房屋修缮已完成，家中老人身体状况稳定。");
    await page.reload();
    // (A reload on a busy machine may take a while to run the app again.)
    await expect(page.getByLabel("走访对象")).toHaveValue("户主本人", { timeout: 30_000 });
    await expect(page.getByLabel("走访情况")).toHaveValue("房屋修缮已完成，家中老人身体状况稳定。");
    await page.getByText("电话随访", { exact: true }).click();
    await expect(page.getByRole("radio", { name: "电话随访" })).toBeChecked();
    await page.getByLabel("下一步措施").fill("下月落实公益岗位");
  });

  await test.step("offline, 提交 keeps the visit in the outbox: 待发送 1 条", async () => {
    // The installed app's shell is cached by its service worker before the signal goes.
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active))).toBe(true);
    await context.setOffline(true);
    await page.getByRole("button", { name: "提交" }).click();
    await expect(page.getByTestId("visit-outbox-status").first()).toContainText("待发送 1 条");
    await expect(page.getByRole("banner").getByTestId("visit-outbox-status")).toContainText("待发送 1 条");
    await expect(page.getByText("走访记录已保存在本机，待发送")).toBeVisible();
    // The form is empty for the next visit.
    await expect(page.getByLabel("走访对象")).toHaveValue("");
    expect((await (await township.get(`/api/assistance/${householdId}/visits`)).json()).total).toBe(0);
    // Still offline, the app opens again (service worker) and the visit is still waiting.
    await page.reload();
    await expect(page.getByRole("heading", { name: "登记走访" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("visit-outbox-status").first()).toContainText("待发送 1 条");
  });

  await test.step("back online, the visit is sent (已发送) and stored once", async () => {
    await context.setOffline(false);
    await expect(page.getByTestId("visit-outbox-status").first()).toContainText("已发送", { timeout: 45_000 });
    const list = await (await township.get(`/api/assistance/${householdId}/visits`)).json();
    expect(list.total).toBe(1);
    const visit = list.items[0];
    expect(visit).toMatchObject({ kind: "HELPER", mode: "PHONE", metWith: "户主本人", visitedOn: today, nextSteps: "下月落实公益岗位" });
    // Sent again (a phone that never heard the answer): the same visit, still one.
    const helperApi = await apiAs(baseURL!, helperUsername, HELPER_PASSWORD);
    const again = await helperApi.post(`/api/assistance/${householdId}/visits`, {
      data: { id: visit.id, visitedOn: visit.visitedOn, mode: visit.mode, metWith: visit.metWith, findings: visit.findings, nextSteps: visit.nextSteps, changes: visit.changes },
    });
    expect(again.status()).toBe(200);
    expect((await (await township.get(`/api/assistance/${householdId}/visits`)).json()).total).toBe(1);
  });

  await test.step("the township sees the visit in the household's 帮扶档案", async () => {
    const desk = await (await page.context().browser()!.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" })).newPage();
    await signIn(desk, "township");
    await desk.goto(`/households/${householdId}`);
    await desk.getByRole("tab", { name: "帮扶档案" }).click();
    const section = desk.getByTestId("visits-section");
    await expect(section.getByTestId("visit-item")).toHaveCount(1);
    await expect(section).toContainText("房屋修缮已完成，家中老人身体状况稳定。");
    await expect(section).toContainText("帮扶责任人走访");
    await expect(section).toContainText("电话随访");
    await desk.context().close();
  });
});

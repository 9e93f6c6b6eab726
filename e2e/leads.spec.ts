import { expect, test } from "@playwright/test";
import { apiUsers } from "./support/api.ts";
import { makeCitizenId } from "./support/citizen-id.ts";
import { runName } from "./support/households.ts";
import { chinaDate, choose, enterDate, signIn, signOut } from "./support/ui.ts";

/**
 * 线索核实 (issue 15): a hotline call about a person not registered yet is
 * taken by the village cadre; 张村镇's official finds it among the leads to
 * verify, registers the household from it (name and village carried over),
 * comes back to the lead and opens the identification case. A second lead is
 * dismissed with a reason.
 */

/** A mobile number of this run: clues with the same phone merge into one lead. */
const runPhone = (seed: number) => `139${String(seed).padStart(8, "0").slice(-8)}`;

test("a hotline lead on a person not registered becomes a case; another lead is dismissed", async ({ page, baseURL }) => {
  const seed = Date.now();
  const name = runName("线索", seed % 100_000);
  // Three days back: handed to the township by today whatever the weekday.
  const receivedOn = chinaDate(-3);

  await test.step("the village cadre registers the hotline call as a lead", async () => {
    await signIn(page, "village");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "线索核实" }).click();
    await expect(page.getByRole("heading", { name: "线索核实" })).toBeVisible();
    await page.getByRole("button", { name: "登记线索" }).click();
    const dialog = page.getByRole("dialog", { name: "登记线索" });
    await choose(page, dialog.getByLabel("线索来源"), "12317 等热线");
    await enterDate(dialog.getByLabel("线索接收日期"), receivedOn);
    await dialog.getByLabel("姓名").fill(name);
    await choose(page, dialog.getByLabel("所在村"), "张村", { search: true });
    await dialog.getByLabel("联系电话").fill(runPhone(seed));
    await choose(page, dialog.getByLabel("致贫（返贫）风险"), "因大病");
    await dialog.getByLabel("风险情况描述").fill("来电反映：家中老人重病住院，医疗支出大");
    await dialog.getByRole("button", { name: "登记线索" }).click();
    await expect(page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: new RegExp(`^${name} · 线索 `) })).toBeVisible();
    await expect(page.getByTestId("lead-clue")).toContainText("12317 等热线");
    // The cadre takes clues; verifying them is the township's.
    await expect(page.getByRole("toolbar", { name: "核实线索" })).toHaveCount(0);
    await signOut(page);
  });

  await test.step("the township sees it in 线索核实 with its count and registers the household from it", async () => {
    await signIn(page, "township");
    const entry = page.getByTestId("workbench-leads");
    await expect(entry.getByTestId("queue-tab-total")).toHaveText(/^[1-9]\d*$/);
    await entry.click();
    await expect(page.getByRole("heading", { name: "线索核实" })).toBeVisible();
    await page.getByLabel("姓名或线索编号").fill(name);
    await page.getByLabel("姓名或线索编号").press("Enter");
    await page.getByRole("link", { name: new RegExp(`^核实 ${name} 的线索`) }).click();
    await expect(page.getByRole("heading", { name: new RegExp(`^${name} · 线索 `) })).toBeVisible();
    await expect(page.getByText("未登记", { exact: true }).first()).toBeVisible();

    await page.getByRole("toolbar", { name: "核实线索" }).getByRole("button", { name: "登记家庭" }).click();
    await expect(page.getByRole("heading", { name: "登记家庭" })).toBeVisible();
    const head = page.getByRole("region", { name: "成员 1" });
    await expect(head.getByLabel("姓名")).toHaveValue(name);
    await choose(page, page.getByLabel("户类别"), "一般农户");
    // The lead's village is chosen already.
    await choose(page, page.getByLabel("村（社区）"), "张村", { search: true });
    await head.getByLabel("证件号码").fill(makeCitizenId("MALE"));
    await choose(page, head.getByLabel("性别"), "男");
    await choose(page, head.getByLabel("文化程度"), "初中");
    await page.getByRole("button", { name: "保存登记" }).click();
  });

  await test.step("back on the lead, 立案 opens the identification case", async () => {
    await expect(page).toHaveURL(/\/leads\/[0-9a-f-]{36}\?household=[0-9a-f-]{36}$/);
    const dialog = page.getByRole("dialog", { name: `立案：${name} 户` });
    await expect(dialog.getByLabel("风险情况描述")).toHaveValue("来电反映：家中老人重病住院，医疗支出大");
    await dialog.getByRole("button", { name: "立案" }).click();
    await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: new RegExp(`^${name} 户 · 案件 \\d+$`) })).toBeVisible();
  });

  await test.step("a second lead is dismissed with its reason", async () => {
    const users = await apiUsers(baseURL!);
    const areas = await users.call("village", "GET", "/api/areas?maxLevel=VILLAGE");
    const village = (areas.areas as { id: number; name: string; level: string }[]).find((a) => a.level === "VILLAGE" && a.name === "张村")!;
    const other = runName("排除", (seed + 1) % 100_000);
    const lead = await users.call("village", "POST", "/api/leads", {
      source: "DAILY_VISIT", receivedOn, personName: other, villageId: village.id, phone: runPhone(seed + 1), description: "走访发现家中收入下降",
    });
    await users.dispose();

    await page.goto(`/leads/${lead.id}`);
    await expect(page.getByRole("heading", { name: new RegExp(`^${other} · 线索 `) })).toBeVisible();
    await page.getByRole("toolbar", { name: "核实线索" }).getByRole("button", { name: "排除" }).click();
    const dialog = page.getByRole("dialog", { name: /^排除线索/ });
    await dialog.getByRole("button", { name: "确认排除" }).click();
    await expect(dialog.getByText("请填写排除理由")).toBeVisible();
    await dialog.getByLabel("排除理由").fill("经入户核实，家庭务工收入稳定，无返贫致贫风险");
    await dialog.getByRole("button", { name: "确认排除" }).click();
    await expect(page.getByTestId("lead-outcome")).toContainText("经入户核实，家庭务工收入稳定");
    await expect(page.getByText("已排除", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("toolbar", { name: "核实线索" })).toHaveCount(0);
  });
});

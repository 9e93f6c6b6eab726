import { expect, test, type Page } from "@playwright/test";
import { openFromQueue, openLead, postPublicity, recordAppraisal, recordVerification } from "./support/cases.ts";
import { afterDays } from "./support/clock.ts";
import { openReports, readLedger } from "./support/ledgers.ts";
import { registerHousehold, runName } from "./support/households.ts";
import { chinaDate, choose, enterDate, signIn, signOut } from "./support/ui.ts";

/**
 * The national model (LOCAL_RULES=national): an 边缘易致贫户 identified by
 * village, township and district within 15 days of the first clue, then its
 * risk elimination through to the end of the designation. Every step, form
 * and label comes from GET /api/rules. Runs only when the server is started
 * on the national rules: `LOCAL_RULES=national npx playwright test … e2e/national-procedures.spec.ts`.
 */
test.beforeEach(async ({ request }) => {
  // The rules are public to any signed-in user; ask as the township.
  await request.post("/api/auth/login", { data: { username: "township", password: "Demo@2026" } });
  const rules = await (await request.get("/api/rules")).json();
  // The "national" project of playwright.config.ts runs this file against a server started with LOCAL_RULES=national.
  expect(rules.preset, "the server's rule set").toBe("national");
});

async function decide(page: Page, region: string, decision: string) {
  const form = page.getByRole("region", { name: region, exact: true });
  await expect(form).toBeVisible();
  await form.getByRole("radio", { name: decision }).check();
  return form;
}

test("an 边缘易致贫户 is identified within 15 days, then leaves monitoring through risk elimination", async ({ page, request }) => {
  test.setTimeout(240_000);
  const headName = runName("欧阳");
  const today = chinaDate();
  let household = "";

  await test.step("the township opens the case: the 15-day limit is shown", async () => {
    await signIn(page, "township");
    household = (await registerHousehold(page, { category: "一般农户", village: "张村", headName, riskCause: "因大病" })).url;
    await openLead(page, headName, { receivedOn: today });
    await expect(page.getByTestId("case-procedure")).toHaveText("识别认定为监测对象");
    await expect(page.getByTestId("procedure-limit")).toContainText("自首次发现线索起 15 天内");
    await expect(page.getByTestId("procedure-limit")).toContainText(chinaDate(15));
  });

  await test.step("the consent, the verification with its proposed type, the appraisal, the submission", async () => {
    const consent = page.getByRole("region", { name: "登记农户授权承诺", exact: true });
    await expect(consent).toBeVisible();
    await enterDate(consent.getByLabel("签署日期"), today);
    await consent.getByRole("button", { name: "保存授权承诺" }).click();
    await expect(page.getByText("已登记农户授权承诺")).toBeVisible();
    const verification = page.getByRole("region", { name: "登记入户核实", exact: true });
    await expect(verification).toBeVisible();
    await verification.getByRole("radiogroup", { name: "监测对象类型" }).getByRole("radio", { name: "边缘易致贫户" }).check();
    await recordVerification(page, today);
    await recordAppraisal(page, today);
    const submit = page.getByRole("region", { name: "报送村内公示", exact: true });
    await expect(submit).toBeVisible();
    await submit.getByRole("button", { name: "确认报送" }).click();
    await expect(page.getByTestId("case-stage")).toHaveText("待村内公示");
    await signOut(page);
  });

  await test.step("the village posts the notice", async () => {
    await signIn(page, "village");
    await openFromQueue(page, "待张贴公示", headName);
    await postPublicity(page, today);
    await signOut(page);
  });

  await afterDays(request, 6, async () => {
    await test.step("after publicity the village confirms; the township's 乡镇初审 approves", async () => {
      await signIn(page, "village");
      await openFromQueue(page, "公示期满待确认", headName);
      await page.getByRole("region", { name: "确认公示无异议" }).getByRole("button", { name: /^确认无异议/ }).click();
      await expect(page.getByTestId("case-stage")).toHaveText("乡镇初审");
      await signOut(page);
      await signIn(page, "township");
      await openFromQueue(page, "待乡镇审核", headName);
      const form = await decide(page, "乡镇审核", "审核通过");
      await form.getByRole("button", { name: "确认审核通过" }).click();
      await expect(page.getByTestId("case-stage")).toHaveText("县级审定");
      await signOut(page);
    });

    await test.step("the district's 县级审定 with the cross-check, settling the monitoring type", async () => {
      await signIn(page, "district");
      await openFromQueue(page, "待审核", headName);
      const form = await decide(page, "区县审核", "审核通过");
      for (const group of await form.getByRole("radiogroup", { name: /比对结果$/ }).all()) await group.getByRole("radio", { name: "无异常" }).check();
      const exclusions = form.getByRole("radiogroup").filter({ has: page.getByRole("radio", { name: "是", exact: true }) });
      for (const group of await exclusions.all()) await group.getByRole("radio", { name: "否", exact: true }).check();
      await expect(form.getByRole("radiogroup", { name: "监测对象类型" }).getByRole("radio", { name: "边缘易致贫户" })).toBeChecked();
      await form.getByRole("button", { name: "确认审核通过" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "认定完成" })).toContainText("监测对象（边缘易致贫户）");
      await signOut(page);
    });
  });

  // Back to today's clock: the browser's date pickers allow no day after the browser's today.
  await test.step("the household page shows the designation and offers 办理风险消除", async () => {
      await signIn(page, "township");
      await page.goto(household);
      await expect(page.getByTestId("household-designation")).toContainText("边缘易致贫户");
      await page.getByRole("button", { name: "办理风险消除" }).click();
      const dialog = page.getByRole("dialog", { name: `办理风险消除：${headName} 户` });
      await choose(page, dialog.getByLabel("线索来源"), "日常走访监测");
      await dialog.getByLabel("风险情况描述").fill("家庭收入稳定，风险已消除");
      await dialog.getByRole("button", { name: "登记并立案" }).click();
      await expect(page.getByTestId("case-procedure")).toHaveText("风险消除");
    });

    await test.step("an assessment of a household without labour capacity under social security is refused at the submission", async () => {
      const form = page.getByRole("region", { name: "登记入户核实评估", exact: true });
      await enterDate(form.getByLabel("入户日期"), today);
      for (const name of ["李专干", "王书记"]) {
        await form.getByLabel("核实人员").fill(name);
        await form.getByLabel("核实人员").press("Enter");
      }
      await form.getByLabel("人均纯收入").fill("9000");
      await form.getByLabel("收入稳定高于监测线").fill("8");
      await expect(form.getByTestId("monitoring-line")).toContainText("监测线");
      // Every criterion met, but the household has no labour capacity and lives on social security.
      for (const group of await form.getByRole("radiogroup").filter({ hasText: "否" }).all()) await group.getByRole("radio", { name: "是", exact: true }).check();
      await form.getByLabel("核实情况").fill("两人入户核实");
      await form.getByRole("button", { name: "保存入户核实评估" }).click();
      await expect(page.getByText("已登记入户核实评估")).toBeVisible();
      await recordAppraisal(page, today);
      const submit = page.getByRole("region", { name: "报送村内公示", exact: true });
      await submit.getByRole("button", { name: "确认报送" }).click();
      await expect(submit.getByTestId("rule-refusal")).toContainText("暂不标注风险消除");
  });

  await test.step("the verifiers correct their assessment: the household does work; the case goes to publicity", async () => {
    await page.getByRole("toolbar", { name: "可办理的事项" }).getByRole("button", { name: "重新登记入户核实评估" }).click();
    const form = page.getByRole("region", { name: "重新登记入户核实评估", exact: true });
    await enterDate(form.getByLabel("入户日期"), today);
    for (const name of ["李专干", "王书记"]) {
      await form.getByLabel("核实人员").fill(name);
      await form.getByLabel("核实人员").press("Enter");
    }
    await form.getByLabel("人均纯收入").fill("9000");
    await form.getByLabel("收入稳定高于监测线").fill("8");
    for (const group of await form.getByRole("radiogroup").filter({ hasText: "否" }).all()) {
      const name = await group.getAttribute("aria-label");
      await group.getByRole("radio", { name: name === "是否为无劳动能力、由社会保障兜底的家庭" ? "否" : "是", exact: true }).check();
    }
    await form.getByLabel("核实情况").fill("户主务工收入稳定");
    await form.getByRole("button", { name: "保存入户核实评估" }).click();
    await expect(page.getByText("已登记入户核实评估")).toBeVisible();
    const submit = page.getByRole("region", { name: "报送村内公示", exact: true });
    await submit.getByRole("button", { name: "确认报送" }).click();
    await expect(page.getByTestId("case-stage")).toHaveText("待村内公示");
    await signOut(page);
    await signIn(page, "village");
    await openFromQueue(page, "待张贴公示", headName);
    await postPublicity(page, today);
    await signOut(page);
  });

  await afterDays(request, 6, async () => {
    await test.step("village confirmation, township check, and the district's decision with its announcement end the designation", async () => {
      await signIn(page, "village");
      await openFromQueue(page, "公示期满待确认", headName);
      await page.getByRole("region", { name: "确认公示无异议" }).getByRole("button", { name: /^确认无异议/ }).click();
      await expect(page.getByTestId("case-stage")).toHaveText("乡镇审核");
      await signOut(page);
      await signIn(page, "township");
      await openFromQueue(page, "待乡镇审核", headName);
      const township = await decide(page, "乡镇审核", "审核通过");
      await township.getByRole("button", { name: "确认审核通过" }).click();
      await expect(page.getByTestId("case-stage")).toHaveText("县级审定并公告");
      await signOut(page);
      await signIn(page, "district");
      await openFromQueue(page, "待审核", headName);
      const district = await decide(page, "区县审核", "审核通过");
      await district.getByRole("button", { name: "确认审核通过" }).click();
      await expect(district.getByText("请填写公告内容")).toBeVisible();
      await district.getByLabel("公告内容").fill("经县级审定，该户风险已稳定消除，予以公告");
      await district.getByRole("button", { name: "确认审核通过" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "风险消除完成" })).toBeVisible();
      await expect(page.getByTestId("case-event").filter({ hasText: "审核通过" }).last()).toContainText("经县级审定，该户风险已稳定消除，予以公告");
    });

    await test.step("the exit ledger (退出台账) as of that day lists the household with the reason; the ledger no longer does", async () => {
      // The browser's date pickers stop at the browser's today: let the browser be on the server's day too.
      await page.clock.setSystemTime(new Date(Date.now() + 6 * 86_400_000));
      await page.goto("/");
      await openReports(page);
      await expect(page.getByLabel("台账数据日期")).toHaveValue(chinaDate(6));
      const [exitsFile] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载退出台账" }).click()]);
      const exits = await readLedger(exitsFile);
      const row = exits.rows.find((r) => r[exits.header.indexOf("户主姓名")] === headName);
      expect(row, `${headName} in the exit ledger`).toBeDefined();
      expect(row![exits.header.indexOf("监测对象类型")]).toBe("边缘易致贫户");
      expect(row![exits.header.indexOf("退出日期")]).toBe(chinaDate(6));
      expect(row![exits.header.indexOf("退出原因")]).toContain("风险消除");
      const [ledgerFile] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载台账" }).click()]);
      const ledger = await readLedger(ledgerFile);
      expect(ledger.rows.some((r) => r.includes(headName))).toBe(false);
    });
  });
});

import { expect, type Page } from "@playwright/test";
import { registerHousehold } from "./households.ts";
import { chinaDate, choose, enterDate, openMenu, signIn, signOut } from "./ui.ts";

/** From a household's page: 登记线索/立案, then waits for the new case's page and returns its path. */
export async function openLead(
  page: Page,
  headName: string,
  lead: { receivedOn?: string; source?: string; description?: string } = {},
): Promise<string> {
  await page.getByRole("button", { name: "登记线索/立案" }).click();
  const dialog = page.getByRole("dialog", { name: `登记线索：${headName} 户` });
  await choose(page, dialog.getByLabel("线索来源"), lead.source ?? "日常走访监测");
  if (lead.receivedOn) await enterDate(dialog.getByLabel("线索接收日期"), lead.receivedOn);
  await dialog.getByLabel("风险情况描述").fill(lead.description ?? "家庭成员突发重病，医疗支出大");
  await dialog.getByRole("button", { name: "登记并立案" }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: new RegExp(`^${headName} 户 · 案件 \\d+$`) })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** The form of one piece of work on the case page (opens it when it is not open yet). */
async function workForm(page: Page, label: string) {
  const toolbar = page.getByRole("toolbar", { name: "可办理的事项" });
  // The stage's waiting work opens by itself, in the same render as the toolbar.
  await expect(toolbar).toBeVisible();
  const form = page.getByRole("region", { name: label, exact: true });
  if (!(await form.isVisible())) await toolbar.getByRole("button", { name: label, exact: true }).click();
  await expect(form).toBeVisible();
  return form;
}

/**
 * 登记入户核实. `corrections` are collection-form inputs (by label, e.g.
 * "A28 工资性收入") whose verified value differs from the household's file;
 * for an 一般农户 the form is open already, otherwise "需要更正" opens it.
 */
export async function recordVerification(page: Page, visitedOn = chinaDate(), corrections: Record<string, string> = {}): Promise<void> {
  const form = await workForm(page, "登记入户核实");
  await enterDate(form.getByLabel("入户日期"), visitedOn);
  await form.getByLabel("核实人员").fill("李专干");
  await form.getByLabel("核实人员").press("Enter");
  await form.getByLabel("核实情况").fill("入户核实：风险情况属实");
  await form.getByRole("radio", { name: "风险属实" }).check();
  if (Object.keys(corrections).length) {
    const correct = form.getByRole("radio", { name: "需要更正" });
    if (await correct.isVisible()) await correct.check();
    for (const [label, value] of Object.entries(corrections)) await form.getByLabel(label, { exact: true }).fill(value);
  }
  await form.getByRole("button", { name: "保存入户核实" }).click();
  await expect(page.getByText("已登记入户核实")).toBeVisible();
}

export async function recordAppraisal(page: Page, heldOn = chinaDate(), votes = { participants: 9, for: 8, against: 1 }): Promise<void> {
  const form = await workForm(page, "登记民主评议");
  await enterDate(form.getByLabel("评议日期"), heldOn);
  await form.getByLabel("参会人数").fill(String(votes.participants));
  await form.getByLabel("同意票数").fill(String(votes.for));
  await form.getByLabel("反对票数").fill(String(votes.against));
  await form.getByRole("radio", { name: "通过", exact: true }).check();
  await form.getByLabel("会议记录摘要").fill("村民代表评议，同意纳入");
  await form.getByRole("button", { name: "保存民主评议" }).click();
  await expect(page.getByText("已登记民主评议")).toBeVisible();
}

export async function submitToDistrict(page: Page): Promise<void> {
  const form = await workForm(page, "报送区县审核");
  await form.getByRole("button", { name: "确认报送" }).click();
  await expect(page.getByText("已报送区县审核")).toBeVisible();
  // The stage is named as the procedure names it (区县审核, 区县审核与信息比对).
  await expect(page.getByTestId("case-stage")).toHaveText(/^区县审核/);
}

/** Signs-in users find their work in the workbench: opens the case of `headName` from the named queue tab. */
export async function openFromQueue(page: Page, tab: string, headName: string): Promise<void> {
  await openMenu(page, "工作台");
  await page.getByRole("tab", { name: tab }).click();
  const row = page.getByRole("table", { name: tab }).getByRole("row").filter({ hasText: headName });
  await row.getByRole("link", { name: new RegExp(`办理 ${headName} 户的案件`) }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`^${headName} 户 · 案件`) })).toBeVisible();
}

type Review =
  | { decision: "审核通过"; note?: string }
  | { decision: "退回乡镇更正" | "不予纳入"; reason: string };

/**
 * The district's review. With `checks`, the four cross-checks (one of them
 * with a finding and its explanation when `vehicleNote` is given) and the ten
 * exclusions are answered one by one.
 */
export async function review(page: Page, r: Review, checks?: { vehicleNote?: string; exclusionApplies?: string }): Promise<void> {
  const form = await workForm(page, "区县审核");
  if (checks) {
    for (const check of ["车辆", "财政供养（公职）人员", "工商企业", "不动产（商品房）"]) {
      const group = form.getByRole("radiogroup", { name: `${check}比对结果` });
      if (check === "车辆" && checks.vehicleNote) {
        await group.getByRole("radio", { name: "有疑点" }).check();
        await form.getByLabel("车辆疑点说明").fill(checks.vehicleNote);
      } else {
        await group.getByRole("radio", { name: "无异常" }).check();
      }
    }
    const exclusions = form.getByRole("radiogroup").filter({ has: page.getByRole("radio", { name: "是", exact: true }) });
    await expect(exclusions).toHaveCount(10);
    for (const group of await exclusions.all()) {
      const label = await group.getAttribute("aria-label");
      await group.getByRole("radio", { name: label === checks.exclusionApplies ? "是" : "否", exact: true }).check();
    }
  }
  await form.getByRole("radio", { name: r.decision }).check();
  if (r.decision === "审核通过") {
    if (r.note) await form.getByLabel("审核意见（选填）").fill(r.note);
  } else {
    await form.getByLabel(r.decision === "退回乡镇更正" ? "需要更正的内容" : "不予纳入的理由").fill(r.reason);
  }
  await form.getByRole("button", { name: `确认${r.decision}` }).click();
  await expect(page.getByText(`已${r.decision}`)).toBeVisible();
}

export async function postPublicity(page: Page, postedOn: string): Promise<void> {
  const form = await workForm(page, "张贴公示");
  await enterDate(form.getByLabel("公示张贴日期"), postedOn);
  await expect(form.getByTestId("publicity-period")).toBeVisible();
  await form.getByLabel("公示地点").fill("张村村委会公示栏");
  await form.getByRole("button", { name: "登记张贴公示" }).click();
  await expect(page.getByText("已张贴公示")).toBeVisible();
}

/**
 * A case of `category` taken by each role through to the district's approval
 * (verification by the township where the procedure has it, appraisal by the
 * village, submission, review with the checks where the procedure has them).
 * Starts and ends signed out; returns the case's path.
 */
export async function approvedCase(
  page: Page,
  h: { category: "一般农户" | "脱贫不再享受政策户"; headName: string; receivedOn?: string },
): Promise<string> {
  const receivedOn = h.receivedOn ?? chinaDate();
  await signIn(page, "township");
  await registerHousehold(page, { category: h.category, village: "张村", headName: h.headName, riskCause: "因灾" });
  const caseUrl = await openLead(page, h.headName, { receivedOn });
  if (h.category === "一般农户") await recordVerification(page, receivedOn);
  await signOut(page);

  await signIn(page, "village");
  await openFromQueue(page, "待民主评议", h.headName);
  await recordAppraisal(page, receivedOn);
  await signOut(page);

  await signIn(page, "township");
  await openFromQueue(page, "待核实线索", h.headName);
  await submitToDistrict(page);
  await signOut(page);

  await signIn(page, "district");
  await openFromQueue(page, "待审核", h.headName);
  await review(page, { decision: "审核通过" }, h.category === "一般农户" ? {} : undefined);
  await expect(page.getByTestId("case-stage")).toHaveText("待村内公示");
  await signOut(page);
  return caseUrl;
}

import { expect, test } from "@playwright/test";
import { openFromQueue, openLead, recordAppraisal, recordVerification, review, submitToDistrict } from "./support/cases.ts";
import { registerHousehold, runName } from "./support/households.ts";
import { chinaDate, signIn, signOut } from "./support/ui.ts";

/**
 * Under 临沂's rules (LOCAL_RULES=linyi) the rollback of a 脱贫不再享受政策户
 * has a home survey and the district's review has the information
 * cross-check: the review form shows the rule set's items (GET /api/rules),
 * so the district can approve it in the browser. Runs only on that rule set:
 * `LOCAL_RULES=linyi npx playwright test … e2e/linyi-rollback.spec.ts`.
 */
test.beforeEach(async ({ request }) => {
  await request.post("/api/auth/login", { data: { username: "township", password: "Demo@2026" } });
  const rules = await (await request.get("/api/rules")).json();
  // The "linyi" project of playwright.config.ts runs this file against a server started with LOCAL_RULES=linyi.
  expect(rules.preset, "the server's rule set").toBe("linyi");
});

test("a rollback's district review shows the cross-check and the district approves it", async ({ page }) => {
  const headName = runName("东方");
  const today = chinaDate();
  await signIn(page, "township");
  await registerHousehold(page, { category: "脱贫不再享受政策户", village: "张村", headName, riskCause: "因灾" });
  await openLead(page, headName, { receivedOn: today });
  await expect(page.getByTestId("case-procedure")).toHaveText("脱贫不再享受政策户 → 回退为脱贫享受政策户");
  await recordVerification(page, today);
  await recordAppraisal(page, today);
  await submitToDistrict(page);
  await signOut(page);

  await signIn(page, "district");
  await openFromQueue(page, "待审核", headName);
  await expect(page.getByTestId("case-stage")).toHaveText("区县审核与信息比对");
  await review(page, { decision: "审核通过" }, { vehicleNote: "农用三轮车一辆" });
  await expect(page.getByTestId("case-stage")).toHaveText("待村内公示");
  await expect(page.getByTestId("case-event").filter({ hasText: "审核通过" })).toContainText("车辆：有疑点（农用三轮车一辆）");
});

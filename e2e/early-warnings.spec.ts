import { expect, test } from "@playwright/test";
import { apiAs } from "./support/assistance.ts";
import { makeCitizenId } from "./support/citizen-id.ts";
import { runName } from "./support/households.ts";
import { signIn } from "./support/ui.ts";

/**
 * 监测预警: a household registered with a per-capita income under the
 * monitoring line (its own, made over the API) carries the warning the rules
 * raised on registration; 张村's cadre sees it on the household page on a
 * phone, with its facts in words.
 */
test.use({ viewport: { width: 390, height: 844 } });

test("a household under the monitoring line shows its early warning on a phone", async ({ page, baseURL }) => {
  const headName = runName("预");
  const api = await apiAs(baseURL!, "township");
  const { areas } = await (await api.get("/api/areas?maxLevel=VILLAGE")).json() as { areas: { id: number; name: string; level: string }[] };
  const village = areas.find((a) => a.name === "张村" && a.level === "VILLAGE")!;
  const res = await api.post("/api/households", {
    data: {
      category: "ORDINARY", villageId: village.id, riskCauses: [], incomeYear: 2025, income: { wageIncome: 3200 },
      members: [{
        idType: "RESIDENT_ID", ethnicity: "01", politicalStatus: "MASSES", education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL",
        health: "HEALTHY", workRegion: "IN_COUNTY", workMonths: 6, name: headName, gender: "MALE", idNumber: makeCitizenId("MALE"), relation: "HEAD",
      }],
    },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const { id } = (await res.json()) as { id: string };
  await api.dispose();

  await signIn(page, "village");
  await page.goto(`/households/${id}`);
  const card = page.getByTestId("early-warnings");
  await expect(card).toContainText("人均纯收入低于监测标准");
  await expect(card).toContainText("2025年人均纯收入 3,200 元，低于监测标准");
  await expect(card).toContainText("预警中");
  // No sideways scroll on the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

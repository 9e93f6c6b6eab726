import { expect, type Page } from "@playwright/test";
import { makeCitizenId } from "./citizen-id.ts";
import { choose, openMenu } from "./ui.ts";

/** Chinese numerals make a name unique to this run without looking like test data to the search. */
export function runName(surname: string, n = Date.now() % 100_000): string {
  return surname + String(n).split("").map((d) => "〇一二三四五六七八九"[Number(d)]).join("");
}

type NewHousehold = {
  category: "脱贫享受政策户" | "脱贫不再享受政策户" | "一般农户";
  village: string;
  headName: string;
  /** Risk causes recorded with the household (they become the lead's defaults). */
  riskCause?: string;
};

/** Registers a one-person household through 家庭档案 → 登记家庭 and leaves the browser on its page. */
export async function registerHousehold(page: Page, h: NewHousehold): Promise<{ url: string; headId: string }> {
  const headId = makeCitizenId("MALE");
  await openMenu(page, "家庭档案");
  await page.getByRole("button", { name: "登记家庭" }).click();
  // (The list has a 户类别 filter too: wait for the form.)
  await expect(page.getByRole("heading", { name: "登记家庭" })).toBeVisible();
  await choose(page, page.getByLabel("户类别"), h.category);
  await choose(page, page.getByLabel("村（社区）"), h.village, { search: true });
  if (h.riskCause) await choose(page, page.getByLabel("风险类型"), h.riskCause);
  const head = page.getByRole("region", { name: "成员 1" });
  await head.getByLabel("姓名").fill(h.headName);
  await head.getByLabel("证件号码").fill(headId);
  await choose(page, head.getByLabel("性别"), "男");
  await choose(page, head.getByLabel("文化程度"), "初中");
  await page.getByRole("button", { name: "保存登记" }).click();
  await expect(page).toHaveURL(/\/households\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: `${h.headName} 户` })).toBeVisible();
  return { url: new URL(page.url()).pathname, headId };
}

import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { makeCitizenId } from "./citizen-id.ts";
import { chinaDate, DEMO_PASSWORD } from "./ui.ts";

/** The API as a demo user (its own cookie jar), for setting up a journey's own data. */
export async function apiAs(baseURL: string, username: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL });
  const res = await api.post("/api/auth/login", { data: { username, password: DEMO_PASSWORD } });
  expect(res.ok(), await res.text()).toBe(true);
  return api;
}

async function ok<T = Record<string, unknown>>(res: Promise<import("@playwright/test").APIResponse>): Promise<T> {
  const r = await res;
  expect(r.ok(), `${r.url()}: ${r.status()} ${await r.text()}`).toBe(true);
  return (await r.json()) as T;
}

/**
 * A household of 张村 whose assistance file opens today, made by 张村镇's
 * official over the API: registered, a lead opened on it, and flagged
 * 先帮扶、后认定 (the file opens with that, as with a designation).
 * Returns the household's id.
 */
export async function householdWithNewFile(baseURL: string, headName: string): Promise<string> {
  const api = await apiAs(baseURL, "township");
  try {
    const { areas } = await ok<{ areas: { id: number; name: string; level: string }[] }>(api.get("/api/areas?maxLevel=VILLAGE"));
    const village = areas.find((a) => a.name === "张村" && a.level === "VILLAGE")!;
    const member = {
      idType: "RESIDENT_ID", ethnicity: "01", politicalStatus: "MASSES", education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL",
      health: "SERIOUS_ILLNESS", workRegion: "IN_COUNTY", workMonths: 3, name: headName, gender: "MALE", idNumber: makeCitizenId("MALE"), relation: "HEAD",
    };
    const household = await ok<{ id: string }>(api.post("/api/households", {
      data: {
        category: "ORDINARY", villageId: village.id, phone: "13800001234", riskCauses: ["SERIOUS_ILLNESS"], incomeYear: 2025,
        income: { wageIncome: 3000 }, members: [member],
      },
    }));
    const today = chinaDate();
    const c = await ok<{ id: string; version: number }>(api.post("/api/cases", {
      data: { householdId: household.id, lead: { source: "DAILY_VISIT", receivedOn: today, riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病，医疗支出大" } },
    }));
    await ok(api.post(`/api/cases/${c.id}/assist-first`, {
      data: { version: c.version, record: { meetingOn: today, minutesSummary: "镇党委会议研究同意先行帮扶", measures: "落实临时救助，协调医疗救助" } },
    }));
    return household.id;
  } finally {
    await api.dispose();
  }
}

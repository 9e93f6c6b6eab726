import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { makeCitizenId } from "./citizen-id.ts";
import { chinaDate, DEMO_PASSWORD } from "./ui.ts";

/**
 * Setting up a journey's own data through the API (each demo user with a
 * session of their own), reading the procedures from GET /api/rules as the
 * SPA does. For journeys that need, say, a designated household without
 * walking its identification through the screens again.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const USER_OF_ROLE: Record<string, string> = { VILLAGE_CADRE: "village", TOWNSHIP_STAFF: "township", DISTRICT_REVIEWER: "district" };
const RECORD_ACTION: Record<string, string> = {
  CONSENT: "RECORD_CONSENT", VERIFICATION: "RECORD_VERIFICATION", APPRAISAL: "RECORD_APPRAISAL", ASSESSMENT: "RECORD_ASSESSMENT",
};

export type ApiUsers = Awaited<ReturnType<typeof apiUsers>>;

/** Sessions of the demo users on the journey's server; dispose() when done. */
export async function apiUsers(baseURL: string) {
  const sessions = new Map<string, APIRequestContext>();
  const as = async (username: string): Promise<APIRequestContext> => {
    const known = sessions.get(username);
    if (known) return known;
    const s = await playwrightRequest.newContext({ baseURL });
    const login = await s.post("/api/auth/login", { data: { username, password: DEMO_PASSWORD } });
    expect(login.status(), `${username} signs in`).toBe(200);
    sessions.set(username, s);
    return s;
  };
  const call = async (username: string, method: "GET" | "POST" | "PUT", url: string, data?: unknown): Promise<Json> => {
    const res = await (await as(username)).fetch(url, { method, ...(data !== undefined ? { data } : {}) });
    expect(res.status(), `${username} ${method} ${url}: ${await res.text()}`).toBeLessThan(300);
    return res.json();
  };
  return { as, call, dispose: async () => Promise.all([...sessions.values()].map((s) => s.dispose())) };
}

/**
 * A one-person 脱贫享受政策户 of 张村 registered and designated by the rule
 * set's identification (every record favourable, the district approving),
 * all today. Returns the household as GET /api/households/:id has it.
 */
export async function designatedHousehold(users: ApiUsers, headName: string): Promise<Json> {
  const { areas } = await users.call("township", "GET", "/api/areas");
  const village = areas.find((a: Json) => a.name === "张村" && a.level === "VILLAGE");
  const today = chinaDate();
  const household = await users.call("township", "POST", "/api/households", {
    category: "LIFTED_WITH_POLICY", villageId: village.id, riskCauses: ["SERIOUS_ILLNESS"],
    members: [{
      name: headName, gender: "MALE", idType: "RESIDENT_ID", idNumber: makeCitizenId("MALE"), relation: "HEAD", ethnicity: "01",
      politicalStatus: "MASSES", education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL", health: "HEALTHY", workRegion: "IN_COUNTY", workMonths: 6,
    }],
  });
  let c = await users.call("township", "POST", "/api/cases", {
    householdId: household.id, lead: { source: "DAILY_VISIT", receivedOn: today, riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病，医疗支出大" },
  });
  const rules = await users.call("township", "GET", "/api/rules");
  const procedure = rules.procedures.find((p: Json) => p.kind === c.procedure);
  const userFor = (roles: string[]) => USER_OF_ROLE[roles.find((r) => USER_OF_ROLE[r])!]!;
  const act = async (roles: string[], path: string, record?: unknown) => {
    c = await users.call(userFor(roles), "POST", `/api/cases/${c.id}/${path}`, { version: c.version, ...(record !== undefined ? { record } : {}) });
  };
  const records: Record<string, unknown> = {
    CONSENT: { signedOn: today, signedBy: headName },
    VERIFICATION: { visitedOn: today, verifiers: ["李专干", "陈书记"], findings: "入户核实，情况属实", riskConfirmed: true },
    APPRAISAL: { heldOn: today, participants: 15, votesFor: 14, votesAgainst: 0, passed: true, minutesSummary: "村民代表一致同意" },
  };
  while (c.stage !== "DESIGNATED") {
    const step = procedure.steps.find((s: Json) => s.code === c.stage);
    if (!step) throw new Error(`${c.procedure}: no step ${c.stage} to walk through the API`);
    const action = (code: string) => step.actions.find((a: Json) => a.action === code);
    if (step.code === procedure.steps[0].code) {
      for (const kind of step.records as string[]) await act(action(RECORD_ACTION[kind]!).roles, action(RECORD_ACTION[kind]!).path, records[kind]);
      await act(action("SUBMIT").roles, "submit");
    } else if (action("APPROVE")) {
      await act(action("APPROVE").roles, "approve", {
        ...(step.crossCheck ? {
          crossChecks: Object.fromEntries(rules.crossChecks.map((i: Json) => [i.code, { result: "CLEAR" }])),
          exclusions: Object.fromEntries(rules.exclusions.map((i: Json) => [i.code, false])),
        } : {}),
        ...(step.announcement ? { announcement: "经审定，予以公告。" } : {}),
      });
    } else {
      throw new Error(`${c.procedure}: the API walk stops at ${c.stage} (publicity takes days)`);
    }
  }
  return users.call("township", "GET", `/api/households/${household.id}`);
}

/**
 * Opens the household's risk elimination (as the township) and records the
 * first step's records other than `leave` (e.g. the assessment, to be made in
 * the screens). Returns the case.
 */
export async function openRiskElimination(users: ApiUsers, householdId: string, leave: string[] = ["ASSESSMENT"]): Promise<Json> {
  const today = chinaDate();
  let c = await users.call("township", "POST", "/api/cases", {
    householdId, procedure: "RISK_ELIMINATION",
    lead: { source: "DAILY_VISIT", receivedOn: today, riskCauses: ["SERIOUS_ILLNESS"], description: "家庭收入稳定，拟风险消除" },
  });
  const rules = await users.call("township", "GET", "/api/rules");
  const step = rules.procedures.find((p: Json) => p.kind === "RISK_ELIMINATION").steps[0];
  const records: Record<string, unknown> = {
    APPRAISAL: { heldOn: today, participants: 15, votesFor: 14, votesAgainst: 0, passed: true, minutesSummary: "村民代表一致同意" },
  };
  for (const kind of (step.records as string[]).filter((k) => !leave.includes(k))) {
    const a = step.actions.find((x: Json) => x.action === RECORD_ACTION[kind]);
    const user = USER_OF_ROLE[(a.roles as string[]).find((r) => USER_OF_ROLE[r])!]!;
    c = await users.call(user, "POST", `/api/cases/${c.id}/${a.path}`, { version: c.version, record: records[kind] });
  }
  return c;
}

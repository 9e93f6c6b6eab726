// An API of one rule set (LOCAL_RULES) with the demo users signed in, and a
// walker that takes a case along its procedure over HTTP, reading the steps
// and actions from GET /api/rules. Tests assert the stages it went through.
import { ruleSet, type LocalRulePreset } from "@fanpin/domain/procedures/rules";
import { describeRules } from "@fanpin/domain/rules-schemas";
import { expect } from "vitest";
import { endElapsedPublicity } from "../src/modules/jobs/publicity-end.ts";
import { areaIdByName, householdPayload } from "./fixtures.ts";
import { createTestApp, signIn, type TestApp } from "./test-app.ts";

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Method = "GET" | "POST" | "PUT";
type Category = "LIFTED_WITH_POLICY" | "ORDINARY" | "LIFTED_WITHOUT_POLICY";

export const USERS = ["village", "township", "district", "city"] as const;
const USER_OF_ROLE: Record<string, string> = { VILLAGE_CADRE: "village", TOWNSHIP_STAFF: "township", DISTRICT_REVIEWER: "district" };
const RECORD_ACTION: Record<string, string> = {
  CONSENT: "RECORD_CONSENT", VERIFICATION: "RECORD_VERIFICATION", APPRAISAL: "RECORD_APPRAISAL", ASSESSMENT: "RECORD_ASSESSMENT",
};
export const TERMINAL = ["DESIGNATED", "ELIMINATED", "REJECTED", "OBJECTION_UPHELD", "WITHDRAWN"];

export type Harness = Awaited<ReturnType<typeof procedureHarness>>;

export async function procedureHarness(preset: LocalRulePreset, app?: TestApp) {
  const t = app ?? (await createTestApp({ rules: ruleSet(preset)! }));
  const cookie: Record<string, string> = {};
  // Sessions end after 30 idle minutes: moving the clock by days signs everyone in again, explicitly.
  // The walks move the clock by months in all; passwords expire after 90 days, which is not what these tests are about.
  const signAll = async () => {
    await t.prisma.user.updateMany({ where: { username: { in: [...USERS] } }, data: { passwordChangedAt: t.clock.now() } });
    for (const u of USERS) cookie[u] = await signIn(t.app, u);
  };
  await signAll();
  const zhangcun = await areaIdByName(t.prisma, "张村");

  // No silent sign-in on a 401: a test that loses its session fails.
  const call = (user: string, method: Method, url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: cookie[user]! }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const ok = async (user: string, method: Method, url: string, payload?: unknown): Promise<Json> => {
    const res = await call(user, method, url, payload);
    expect(res.statusCode, `${user} ${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  const today = () => new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const days = async (n: number) => {
    t.clock.advanceMinutes(n * 24 * 60);
    await signAll();
  };
  const rules = await ok("district", "GET", "/api/rules");
  const procedure = (kind: string): Json => {
    const p = rules.procedures.find((x: Json) => x.kind === kind);
    if (!p) throw new Error(`${preset} has no procedure ${kind}`);
    return p;
  };

  const newHousehold = (category: Category): Promise<Json> => ok("township", "POST", "/api/households", householdPayload(zhangcun, { category }));
  const household = (id: string) => ok("district", "GET", `/api/households/${id}`);
  const getCase = (id: string) => ok("district", "GET", `/api/cases/${id}`);
  const step = (user: string, c: Json, path: string, record?: unknown) =>
    ok(user, "POST", `/api/cases/${c.id}/${path}`, { version: c.version, ...(record !== undefined ? { record } : {}) });
  const attempt = (user: string, c: Json, path: string, record?: unknown) =>
    call(user, "POST", `/api/cases/${c.id}/${path}`, { version: c.version, ...(record !== undefined ? { record } : {}) });

  const lead = () => ({ source: "DAILY_VISIT", receivedOn: today(), riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病，医疗支出大" });
  const openCase = (householdId: string, procedureKind?: string, user = "township") =>
    ok(user, "POST", "/api/cases", { householdId, lead: lead(), ...(procedureKind ? { procedure: procedureKind } : {}) });

  const records = {
    consent: () => ({ signedOn: today(), signedBy: "测试户主", note: "户主签署授权承诺书" }),
    verification: (monitoringType?: string) => ({
      visitedOn: today(), verifiers: ["李专干", "陈书记"], findings: "入户核实，情况属实", riskConfirmed: true, ...(monitoringType ? { monitoringType } : {}),
    }),
    appraisal: () => ({ heldOn: today(), participants: 15, votesFor: 14, votesAgainst: 0, passed: true, minutesSummary: "村民代表一致同意" }),
    assessment: (overrides: Json = {}) => ({
      visitedOn: today(), verifiers: ["李专干", "陈书记"],
      // 2026: the fixture household's own 2025 income (its form, tracked per year) is below the lines.
      income: { year: 2026, perCapitaYuan: 15_000, stableMonths: 8 },
      rigidExpensesResolved: { met: true }, basicNeedsSecured: { met: true }, originalRiskGone: { met: true }, noNewRisk: { met: true },
      noLabourCapacityCoveredBySocialSecurity: false, findings: "收入稳定，医疗支出已由医保解决，无新的风险",
      ...overrides,
    }),
    checks: (exclusions: Record<string, boolean> = {}) => ({
      crossChecks: Object.fromEntries(rules.crossChecks.map((i: Json) => [i.code, { result: "CLEAR" }])),
      exclusions: { ...Object.fromEntries(rules.exclusions.map((i: Json) => [i.code, false])), ...exclusions },
    }),
  };

  const userFor = (roles: string[]) => USER_OF_ROLE[roles.find((r) => USER_OF_ROLE[r])!]!;

  /**
   * Walks the case, every record favourable and every review approving, until
   * it ends or reaches `until`; returns it and the stages it passed through
   * (its stage at the start included, its last stage too). `eachDay`: move the
   * clock a day after every action.
   */
  async function walk(start: Json, o: { monitoringType?: string; until?: string; eachDay?: boolean; onStage?: (c: Json) => void } = {}) {
    let c = start;
    const stages: string[] = [c.stage];
    // A case runs under the rule set it started in; GET /api/rules describes the deployment's (an upgraded
    // deployment may hold cases of another), so those are read from the rule set the case names.
    const p = c.ruleSet === preset ? procedure(c.procedure) : describeRules(ruleSet(c.ruleSet)!).procedures.find((x) => x.kind === c.procedure)!;
    const act = async (user: string, path: string, record?: unknown) => {
      c = await step(user, c, path, record);
      o.onStage?.(c);
      if (o.eachDay) await days(1);
    };
    while (!TERMINAL.includes(c.stage) && c.stage !== o.until) {
      const s = p.steps.find((x: Json) => x.code === c.stage);
      const action = (code: string) => {
        const a = s.actions.find((x: Json) => x.action === code);
        if (!a) throw new Error(`${p.kind}: no ${code} at ${c.stage}`);
        return a;
      };
      const before = c.stage;
      if (c.stage === p.steps[0].code) {
        for (const kind of s.records as string[]) {
          const record = kind === "CONSENT" ? records.consent()
            : kind === "VERIFICATION" ? records.verification(p.kind === "MONITORING_IDENTIFICATION" ? o.monitoringType : undefined)
            : kind === "APPRAISAL" ? records.appraisal() : records.assessment();
          const a = action(RECORD_ACTION[kind]!);
          await act(userFor(a.roles), a.path, record);
        }
        await act(userFor(action("SUBMIT").roles), "submit");
      } else if (c.stage === "PUBLICITY_PENDING") {
        await act(userFor(action("POST_PUBLICITY").roles), "publicity", { postedOn: today(), place: "张村村委会公示栏" });
      } else if (c.stage === "PUBLICITY_RUNNING") {
        // The period runs its days; the job ends it on the first day after.
        await days(rules.publicity.days + 1);
        expect(await endElapsedPublicity({ prisma: t.prisma, clock: t.clock.now, config: t.config })).toBeGreaterThanOrEqual(1);
        c = await getCase(c.id);
        o.onStage?.(c);
      } else if (c.stage === "PUBLICITY_ENDED") {
        await act(userFor(action("CONFIRM_OUTCOME").roles), "outcome", {});
      } else {
        const a = action("APPROVE");
        await act(userFor(a.roles), "approve", {
          ...(s.crossCheck ? records.checks() : {}),
          ...(s.announcement ? { announcement: "经审定，该户风险已消除，予以公告。" } : {}),
        });
      }
      if (c.stage === before) throw new Error(`${p.kind}: stuck at ${before}`);
      stages.push(c.stage);
    }
    return { c, stages };
  }

  /** A household designated by the rule set's identification for its category (the demo-user path). */
  async function designated(category: Category, monitoringType?: string) {
    const h = await newHousehold(category);
    const { c } = await walk(await openCase(h.id), { monitoringType });
    expect(c.stage).toBe("DESIGNATED");
    return { h: await household(h.id), c };
  }

  return {
    t, preset, cookie, rules, call, ok, today, days, procedure, newHousehold, household, getCase, step, attempt, lead, openCase, records, walk, designated,
    close: () => t.close(),
  };
}

import type { HouseholdCategory } from "@fanpin/domain/categories";
import { identificationFor, procedureIn, WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import type { CaseStage } from "@fanpin/domain/procedures/stages";
import type { Role } from "@fanpin/domain/roles";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { AppConfig } from "../config.ts";
import type { PrismaClient } from "../db/prisma.ts";
import * as repo from "./demo.repository.ts";
import type { Actor } from "../lib/actor.ts";
import type { Clock } from "../lib/clock.ts";
import type { Deps } from "../lib/deps.ts";
import { openCase, performAction } from "../modules/cases/cases.service.ts";
import type { CaseAction } from "@fanpin/domain/procedures/actions";
import { fillDates, walkCase, type Walk } from "./procedure-walk.ts";

/**
 * A few open cases in every stage, started in the recent past, so that each
 * demo account finds work in its queues (some of it overdue) on first sign-in.
 * Each step is taken by the demo user whose role owns it, on the day it says.
 */
type Step = { action: CaseAction; by: DemoUser; daysAgo: number; record?: unknown };
type DemoUser = "township" | "township2" | "village" | "district";
type Scenario = { township: "张村镇" | "羊亭镇" | "温泉镇"; village?: string; category: HouseholdCategory; leadDaysAgo: number; opener: DemoUser; steps: Step[] };

const verification = { verifiers: ["李专干", "陈书记"], findings: "入户核实，家庭成员患病，医疗支出较大，情况属实", riskConfirmed: true };
const appraisal = { participants: 11, votesFor: 10, votesAgainst: 0, passed: true, minutesSummary: "村民代表会议评议，同意纳入" };
const checks = {
  crossChecks: Object.fromEntries(Object.keys(WEIHAI_RULES.crossChecks).map((k) => [k, { result: "CLEAR" }])),
  exclusions: Object.fromEntries(Object.keys(WEIHAI_RULES.exclusions).map((k) => [k, false])),
};

/** The 2020 procedures (weihai, linyi): hand-written scenarios the journeys of e2e/ rely on. */
const SCENARIOS_2020: Scenario[] = [
  // 张村镇: an overdue lead, one awaiting the village's appraisal, one with the district, one in publicity, one to post.
  { township: "张村镇", village: "张村", category: "LIFTED_WITH_POLICY", leadDaysAgo: 9, opener: "village", steps: [] },
  { township: "张村镇", village: "张村", category: "ORDINARY", leadDaysAgo: 1, opener: "village", steps: [{ action: "RECORD_VERIFICATION", by: "township", daysAgo: 0, record: verification }] },
  {
    // Not 张村: its two 一般农户 are taken by the appraisal above and the publicity below.
    township: "张村镇", village: "王家疃", category: "ORDINARY", leadDaysAgo: 6, opener: "township", steps: [
      { action: "RECORD_VERIFICATION", by: "township", daysAgo: 5, record: verification },
      { action: "RECORD_APPRAISAL", by: "township", daysAgo: 4, record: appraisal },
      { action: "SUBMIT", by: "township", daysAgo: 3 },
    ],
  },
  {
    township: "张村镇", village: "张村", category: "ORDINARY", leadDaysAgo: 12, opener: "township", steps: [
      { action: "RECORD_VERIFICATION", by: "township", daysAgo: 11, record: verification },
      { action: "RECORD_APPRAISAL", by: "village", daysAgo: 10, record: appraisal },
      { action: "SUBMIT", by: "township", daysAgo: 9 },
      { action: "APPROVE", by: "district", daysAgo: 7, record: checks },
      { action: "POST_PUBLICITY", by: "village", daysAgo: 2, record: { place: "张村村委会公示栏" } },
    ],
  },
  {
    // Approved, its notice still to be posted. (The demo district's 张村镇 has no 脱贫不再享受政策户, so no rollback here,
    // and 张村's two 一般农户 are taken above: this one lies in another village of the township.)
    township: "张村镇", category: "ORDINARY", leadDaysAgo: 8, opener: "township", steps: [
      { action: "RECORD_VERIFICATION", by: "township", daysAgo: 8, record: verification },
      { action: "RECORD_APPRAISAL", by: "township", daysAgo: 7, record: appraisal },
      { action: "SUBMIT", by: "township", daysAgo: 6 },
      { action: "APPROVE", by: "district", daysAgo: 1, record: checks },
    ],
  },
  // 羊亭镇: a fresh lead and a case the district returned for correction.
  { township: "羊亭镇", category: "LIFTED_WITH_POLICY", leadDaysAgo: 2, opener: "township2", steps: [] },
  {
    township: "羊亭镇", category: "LIFTED_WITH_POLICY", leadDaysAgo: 7, opener: "township2", steps: [
      { action: "RECORD_VERIFICATION", by: "township2", daysAgo: 6, record: verification },
      { action: "SUBMIT", by: "township2", daysAgo: 5 },
      { action: "RETURN", by: "district", daysAgo: 3, record: { reason: "家庭成员收入未填写完整，请补充工资性收入后重新报送" } },
    ],
  },
  // 羊亭镇: a review the district has let run over its 3 working days.
  {
    township: "羊亭镇", category: "LIFTED_WITH_POLICY", leadDaysAgo: 14, opener: "township2", steps: [
      { action: "RECORD_VERIFICATION", by: "township2", daysAgo: 12, record: verification },
      { action: "SUBMIT", by: "township2", daysAgo: 10 },
    ],
  },
];

/** Procedures of other shapes (fuzhou, national): cases walked to each of their identification procedure's stages. */
type WalkScenario = { township: "张村镇" | "羊亭镇"; village?: string; category: HouseholdCategory; leadDaysAgo: number; target: CaseStage | "END" };

function walkScenarios(stages: readonly CaseStage[]): WalkScenario[] {
  const [first, ...rest] = stages;
  return [
    { township: "张村镇", village: "张村", category: "LIFTED_WITH_POLICY", leadDaysAgo: 9, target: first! },
    { township: "张村镇", village: "张村", category: "ORDINARY", leadDaysAgo: 1, target: first! },
    { township: "羊亭镇", category: "LIFTED_WITH_POLICY", leadDaysAgo: 2, target: first! },
    ...rest.filter((s) => s !== "OBJECTION_REVIEW" && s !== "PUBLICITY_RUNNING").map((target, i): WalkScenario => ({
      township: i % 2 ? "羊亭镇" : "张村镇", category: i % 2 ? "LIFTED_WITH_POLICY" : "ORDINARY", leadDaysAgo: 12, target,
    })),
  ];
}

/** Households whose identification completes in the demo, so risk elimination can be tried on the first start. */
const DESIGNATED: WalkScenario[] = [
  { township: "张村镇", village: "张村", category: "ORDINARY", leadDaysAgo: 14, target: "END" },
  { township: "张村镇", village: "王家疃", category: "ORDINARY", leadDaysAgo: 14, target: "END" },
  { township: "羊亭镇", category: "ORDINARY", leadDaysAgo: 14, target: "END" },
];

const ROLE_USERS: Record<Role, DemoUser | null> = {
  VILLAGE_CADRE: "village", TOWNSHIP_STAFF: "township", DISTRICT_REVIEWER: "district", CITY_SUPERVISOR: null, ADMIN: null, HELPER: null,
};

/** The demo identity of the cadres of villages without a demo account (not an account: no one can sign in as it). */
const DEMO_VILLAGE_CADRE_ID = "00000000-0000-0000-0000-000000000001";

const LEAD = { source: "DAILY_VISIT", riskCauses: ["SERIOUS_ILLNESS"], description: "走访发现户主患病住院，医疗支出大，家庭收入骤减" } as const;

export async function loadDemoCases(prisma: PrismaClient, clock: Clock, config: AppConfig): Promise<number> {
  const users = await repo.findUsersByUsername(prisma, ["township", "township2", "village", "district"]);
  const actorOf = (username: DemoUser): Actor => {
    const u = users.find((x) => x.username === username)!;
    return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, mustChangePassword: false, area: u.area, requestId: "demo-data", ip: null };
  };
  const depsOn = (daysAgo: number): Deps => ({ prisma, config, clock: () => new Date(clock().getTime() - daysAgo * 86_400_000) });
  const rules = config.rules;
  const used = new Set<string>();
  const pick = async (s: { category: HouseholdCategory; township: string; village?: string }) => {
    const household = await repo.findUndesignatedHousehold(prisma, { category: s.category, township: s.township, village: s.village, except: used });
    if (household) used.add(household.id);
    return household;
  };
  const open = (householdId: string, opener: DemoUser, daysAgo: number, procedure?: "RISK_ELIMINATION") =>
    openCase(depsOn(daysAgo), actorOf(opener), { householdId, procedure, lead: { ...LEAD, riskCauses: [...LEAD.riskCauses], receivedOn: todayInChina(depsOn(daysAgo).clock()) } });
  const walker = (township: string): Walk => ({
    depsOn, rules,
    actorFor: (role, c) => {
      // The demo has one village account (张村): another village's steps are taken by a demo identity of that village's cadre.
      if (role === "VILLAGE_CADRE" && c.household.village.name !== "张村") {
        const v = c.household.village;
        return {
          id: DEMO_VILLAGE_CADRE_ID, username: "demo-village", displayName: `${v.name}村干部（演示数据）`, role, mustChangePassword: false,
          area: { id: v.id, code: v.code, name: v.name, level: "VILLAGE" }, requestId: "demo-data", ip: null,
        };
      }
      // 羊亭镇's township staff is township2.
      return actorOf(role === "TOWNSHIP_STAFF" && township === "羊亭镇" ? "township2" : ROLE_USERS[role] ?? "district");
    },
  });
  let opened = 0;

  if (rules.preset === "weihai" || rules.preset === "linyi") {
    for (const s of SCENARIOS_2020) {
      const household = await pick(s);
      if (!household) continue;
      let c = await open(household.id, s.opener, s.leadDaysAgo);
      for (const step of s.steps) {
        const deps = depsOn(step.daysAgo);
        c = await performAction(deps, actorOf(step.by), c.id, step.action, c.version, fillDates(step.record, todayInChina(deps.clock())) ?? null);
      }
      opened++;
    }
  } else {
    const identification = identificationFor(rules, { category: "ORDINARY", designation: null })!;
    for (const s of walkScenarios(identification.steps.map((st) => st.stage))) {
      const household = await pick(s);
      if (!household) continue;
      const c = await open(household.id, s.township === "羊亭镇" ? "township2" : "township", s.leadDaysAgo);
      await walkCase(walker(s.township), c, s.target, s.leadDaysAgo - 1);
      opened++;
    }
  }
  let lastDesignated: string | null = null;
  for (const s of DESIGNATED) {
    const household = await pick(s);
    if (!household) continue;
    const c = await open(household.id, s.township === "羊亭镇" ? "township2" : "township", s.leadDaysAgo);
    const done = await walkCase(walker(s.township), c, "END", s.leadDaysAgo - 1);
    if (done.stage === "DESIGNATED") lastDesignated = household.id;
    opened++;
  }
  // One risk elimination under way (羊亭镇), on a household designated through the demo's own procedure.
  if (lastDesignated && procedureIn(rules, "RISK_ELIMINATION")) {
    await open(lastDesignated, "township2", 0, "RISK_ELIMINATION");
    opened++;
  }
  return opened;
}

import type { HouseholdCategory } from "@fanpin/domain/categories";
import { CROSS_CHECKS, EXCLUSIONS } from "@fanpin/domain/procedures/rules";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { AppConfig } from "../config.ts";
import type { PrismaClient } from "../db/prisma.ts";
import * as repo from "./demo.repository.ts";
import type { Actor } from "../lib/actor.ts";
import type { Clock } from "../lib/clock.ts";
import type { Deps } from "../lib/deps.ts";
import { openCase, performAction } from "../modules/cases/cases.service.ts";
import type { CaseAction } from "@fanpin/domain/procedures/actions";

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
  crossChecks: Object.fromEntries(Object.keys(CROSS_CHECKS).map((k) => [k, { result: "CLEAR" }])),
  exclusions: Object.fromEntries(Object.keys(EXCLUSIONS).map((k) => [k, false])),
};

const SCENARIOS: Scenario[] = [
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

export async function loadDemoCases(prisma: PrismaClient, clock: Clock, config: AppConfig): Promise<number> {
  const users = await repo.findUsersByUsername(prisma, ["township", "township2", "village", "district"]);
  const actorOf = (username: DemoUser): Actor => {
    const u = users.find((x) => x.username === username)!;
    return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, mustChangePassword: false, area: u.area, requestId: "demo-data", ip: null };
  };
  const depsOn = (daysAgo: number): Deps => ({ prisma, config, clock: () => new Date(clock().getTime() - daysAgo * 86_400_000) });
  const used = new Set<string>();
  let opened = 0;
  for (const s of SCENARIOS) {
    const household = await repo.findUndesignatedHousehold(prisma, { category: s.category, township: s.township, village: s.village, except: used });
    if (!household) continue;
    used.add(household.id);
    const receivedOn = todayInChina(depsOn(s.leadDaysAgo).clock());
    let c = await openCase(depsOn(s.leadDaysAgo), actorOf(s.opener), {
      householdId: household.id,
      lead: { source: "DAILY_VISIT", receivedOn, riskCauses: ["SERIOUS_ILLNESS"], description: "走访发现户主患病住院，医疗支出大，家庭收入骤减" },
    });
    for (const step of s.steps) {
      const deps = depsOn(step.daysAgo);
      const today = todayInChina(deps.clock());
      const record = withDates(step.record, today);
      c = await performAction(deps, actorOf(step.by), c.id, step.action, c.version, record ?? null);
    }
    opened++;
  }
  return opened;
}

/** Dates in a record are the day the step is taken. */
function withDates(record: unknown, today: string): unknown {
  if (!record || typeof record !== "object") return record;
  const r = record as Record<string, unknown>;
  if ("verifiers" in r) return { ...r, visitedOn: today };
  if ("participants" in r) return { ...r, heldOn: today };
  if ("place" in r) return { ...r, postedOn: today };
  return r;
}

import type { AppConfig } from "../config.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { Clock } from "../lib/clock.ts";
import { addCalendarDays, todayInChina } from "@fanpin/domain/calendar/working-days";
import { INCOME_ITEM_KEYS, type Income } from "@fanpin/domain/collection-form";
import type { Actor } from "../lib/actor.ts";
import { syncAllAssistanceFiles } from "../modules/assistance/assistance-files.service.ts";
import * as plans from "../modules/plans/plans.service.ts";
import * as repo from "./demo.repository.ts";

/**
 * Demo assistance (帮扶) on top of the demo cases: the designated households'
 * files, the helper register with the `helper` account's households in 张村,
 * plans and measures, tracked conditions, visits and a quarterly review —
 * each part through the services, so the audit trail tells it.
 */
export async function loadDemoAssistance(prisma: PrismaClient, clock: Clock, config: AppConfig): Promise<void> {
  const deps = { prisma, clock, config };
  await syncAllAssistanceFiles(deps);
  await loadDemoHelpers(deps);
  await loadDemoPlans(deps);
  await loadDemoVisits(deps);
  await loadDemoReviews(deps);
}

type DemoDeps = { prisma: PrismaClient; clock: Clock; config: AppConfig };

/** Helper register and assignments; `helper` leads households of 张村. */
async function loadDemoHelpers(_deps: DemoDeps): Promise<void> {}
type DemoMeasure = { code: string; states: ("IN_PROGRESS" | "DELIVERED" | "STOPPED")[]; reason?: string; memberName?: string };

/** The demo plans, in turn over the designated households: 2–4 measures each, in different states. */
const DEMO_PLANS: { summary: string; measures: DemoMeasure[] }[] = [
  {
    summary: "户主患病住院、医疗支出大，住房经鉴定为 C 级危房：落实医疗救助和大病保险，实施危房改造，安排公益岗位稳定收入。",
    measures: [
      { code: "MEDICAL_AID", states: ["IN_PROGRESS", "DELIVERED"] },
      { code: "DANGEROUS_HOUSE", states: ["IN_PROGRESS"] },
      { code: "PUBLIC_WELFARE_JOB", states: [] },
    ],
  },
  {
    summary: "子女在读中职，家庭收入不稳定：落实雨露计划，帮助配偶就近务工，纳入低保保障基本生活。",
    measures: [
      { code: "RAIN_DEW", states: ["IN_PROGRESS"], memberName: "子女" },
      { code: "DIBAO", states: ["IN_PROGRESS", "DELIVERED"] },
      { code: "EMPLOYMENT", states: [] },
      { code: "TEMPORARY_RELIEF", states: ["DELIVERED", "STOPPED"], reason: "临时救助已一次性发放完毕" },
    ],
  },
  {
    summary: "因病致贫风险：落实基本医保个人缴费补贴和大病保险，发展庭院种植增加经营性收入。",
    measures: [
      { code: "BASIC_INSURANCE_SUBSIDY", states: ["DELIVERED"] },
      { code: "INDUSTRY_DIVIDEND", states: [] },
    ],
  },
];

/**
 * Plans, measures, conditions, incomes and expenses, through the plans
 * service (so each is audited): the designated demo households get a plan
 * with measures in different states, the five conditions (mostly secured;
 * the first household's house is C grade, under repair), the incomes of the
 * last two years and last year's rigid expenses.
 */
async function loadDemoPlans(deps: DemoDeps): Promise<void> {
  const [district] = await repo.findUsersByUsername(deps.prisma, ["district"]);
  if (!district) return;
  const actor: Actor = {
    id: district.id, username: district.username, displayName: district.displayName, role: district.role, mustChangePassword: false,
    area: district.area, requestId: "demo-data", ip: null,
  };
  const today = todayInChina(deps.clock());
  const year = Number(today.slice(0, 4));
  const daysAgo = (n: number) => addCalendarDays(today, -n);
  const files = await repo.findOpenFilesWithoutMeasures(deps.prisma);
  for (const [i, file] of files.entries()) {
    const id = file.householdId;
    // The first household is the one with the C-grade house; the others take the other plans in turn.
    const demo = i === 0 ? DEMO_PLANS[0]! : DEMO_PLANS[1 + ((i - 1) % (DEMO_PLANS.length - 1))]!;
    const plan = await plans.getPlan(deps, actor, id);
    await plans.updatePlan(deps, actor, id, { summary: demo.summary, version: plan.version });
    for (const m of demo.measures) {
      let measure = await plans.addMeasure(deps, actor, id, { catalogueCode: m.code, startsOn: daysAgo(40), memberName: m.memberName ?? null });
      for (const [k, to] of m.states.entries()) {
        measure = await plans.changeMeasureState(deps, actor, id, measure.id, {
          to, on: daysAgo(30 - k * 10), version: measure.version, ...(to === "STOPPED" ? { reason: m.reason ?? "措施期满" } : {}),
        });
      }
    }
    const housing = i === 0 ? "C" : "B";
    for (const [kind, value, note] of [
      ["SCHOOLING", demo === DEMO_PLANS[1] ? "MET" : "NOT_APPLICABLE", null],
      ["MEDICAL_INSURANCE", "MET", null],
      ["SERIOUS_ILLNESS_COVER", "MET", null],
      ["HOUSING_SAFETY", housing, housing === "C" ? "墙体开裂、屋面渗漏，经鉴定为 C 级危房，已列入危房改造" : "经鉴定住房安全"],
      ["DRINKING_WATER", "MET", null],
    ] as const) {
      await plans.recordCondition(deps, actor, id, { kind, value, observedOn: daysAgo(35), note: note ?? undefined });
    }
    const members = Math.max(1, file.memberCount);
    for (const [y, wage] of [[year - 2, 9_000], [year - 1, 14_000 + i * 1_000]] as const) {
      await plans.putIncomeYear(deps, actor, id, y, {
        income: { ...ZERO_INCOME, wageIncome: wage * members / 2, minimumLiving: 1_800, productionIncome: 3_000, productionCost: 1_200 },
        memberCount: members, note: y === year - 1 ? "务工收入增加" : undefined,
      });
    }
    await plans.putExpenseYear(deps, actor, id, year - 1, { medical: 12_000 - i * 1_000, education: i % 2 ? 3_000 : 0, disaster: 0, other: 0, note: "住院费用（医保报销后自付部分）" });
  }
}

const ZERO_INCOME = Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, 0])) as Income;
/** Visits of the last months (some households overdue). */
async function loadDemoVisits(_deps: DemoDeps): Promise<void> {}
/** Risk classes and a quarterly review. */
async function loadDemoReviews(_deps: DemoDeps): Promise<void> {}

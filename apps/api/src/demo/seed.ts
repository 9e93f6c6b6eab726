import { ZCreateHouseholdRequest } from "@fanpin/domain/household-schemas";
import type { AreaLevel } from "@fanpin/domain/areas";
import type { Role } from "@fanpin/domain/roles";
import type { PrismaClient } from "../db/prisma.ts";
import { withTransaction } from "../db/transaction.ts";
import type { Actor } from "../lib/actor.ts";
import type { AppConfig } from "../config.ts";
import type { Clock } from "../lib/clock.ts";
import { appendAudit, SYSTEM_AUDIT_ACTOR } from "../modules/audit/audit.repository.ts";
import { hashPassword } from "../modules/auth/password.ts";
import { createHousehold } from "../modules/households/households.service.ts";
import { DEMO_AREA_TREE, DEMO_PASSWORD, DEMO_USERS, type DemoArea } from "./demo-areas.ts";
import { loadDemoCases } from "./demo-cases.ts";
import { loadDemoAssistance } from "./demo-assistance.ts";
import { buildDemoHouseholds } from "./demo-households.ts";
import * as repo from "./demo.repository.ts";

const LEVELS: AreaLevel[] = ["PROVINCE", "CITY", "DISTRICT", "TOWNSHIP", "VILLAGE", "NATURAL_VILLAGE"];
/** Arbitrary constant key: only one process loads demo data at a time. */
const DEMO_LOCK_KEY = 7_310_020_001;

/** Demo households were registered this many days before the load. */
export const DEMO_REGISTERED_DAYS_AGO = 30;

/** The loader acts as this system identity in the audit trail. */
const SYSTEM_ACTOR_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Loads the demo district (areas, the demo accounts, ~90 households and a few
 * open cases in every stage; API tests leave the cases out) into a
 * database that has no areas yet. Returns false and changes nothing when the
 * database already holds data, so it is safe on every start.
 */
export async function loadDemoDataIfEmpty(
  prisma: PrismaClient,
  clock: Clock,
  config: AppConfig,
  options: { cases?: boolean } = {},
): Promise<boolean> {
  const now = clock();
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  const loaded = await withTransaction(prisma, async (tx) => {
    await repo.lockDemoLoad(tx, DEMO_LOCK_KEY);
    if (await repo.anyAreaExists(tx)) return false;
    const insert = async (node: DemoArea, depth: number, parentId: number | null) => {
      const areaId = await repo.insertArea(tx, { code: node.code, name: node.name, level: LEVELS[depth]!, parentId, createdAt: now });
      for (const child of node.children ?? []) await insert(child, depth + 1, areaId);
    };
    await insert(DEMO_AREA_TREE, 0, null);
    const areas = await repo.listAreaIds(tx);
    const idOf = new Map(areas.map((a) => [a.code, a.id]));
    for (const [i, u] of DEMO_USERS.entries()) {
      await repo.insertUser(tx, {
        username: u.username, displayName: u.displayName, role: u.role as Role, areaId: idOf.get(u.areaCode)!, passwordHash: hashes[i]!, passwordChangedAt: now, createdAt: now,
      });
    }
    await appendAudit(tx, SYSTEM_AUDIT_ACTOR("demo-data"), {
      action: "demo.load", entityType: "area", entityId: DEMO_AREA_TREE.code, after: { areas: areas.length, users: DEMO_USERS.map((u) => u.username) },
    }, now);
    return true;
  }, { timeout: 60_000 });
  if (!loaded) return false;

  const province = await repo.findAreaByCode(prisma, DEMO_AREA_TREE.code);
  const system: Actor = {
    id: SYSTEM_ACTOR_ID, username: "system", displayName: "演示数据", role: "ADMIN", mustChangePassword: false,
    area: { id: province.id, code: province.code, name: province.name, level: "PROVINCE" }, requestId: "demo-data", ip: null,
  };
  const villages = await repo.listVillagesWithChildren(prisma, "371002");
  // Registered a while before the demo cases' first steps (up to 14 days back), so that the audit trail tells a
  // consistent story: household.create first, then the cases' household.update / household.designate entries.
  // Ledgers as of a past date (rebuilt from that trail, docs/decisions/008) then find the demo households.
  const registeredAt = new Date(now.getTime() - DEMO_REGISTERED_DAYS_AGO * 86_400_000);
  const deps = { prisma, clock: () => registeredAt, config };
  for (const household of buildDemoHouseholds(villages.map((v) => ({ id: v.id, naturalVillageIds: v.children.map((c) => c.id) })), config.rules.monitoringTypes.length === 0)) {
    await createHousehold(deps, system, ZCreateHouseholdRequest.parse(household));
  }
  if (options.cases !== false) {
    await loadDemoCases(prisma, clock, config);
    await loadDemoAssistance(prisma, clock, config);
  }
  return true;
}

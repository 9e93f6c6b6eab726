import type { PrismaClient } from "../src/db/prisma.ts";
import { withTransaction } from "../src/db/transaction.ts";
import { appendAuditMany, SYSTEM_AUDIT_ACTOR } from "../src/modules/audit/audit.repository.ts";
import { syncAssistanceFiles } from "../src/modules/assistance/assistance-files.repository.ts";
import { fileContext } from "../src/modules/assistance/assistance-files.service.ts";
import type { TestApp } from "./test-app.ts";

/**
 * Assistance set-up for tests that are not about designation or assignment:
 * a household designated on a given day (its file opens that day), and a
 * helper register entry linked to a user, assigned to a household (rows
 * written directly: the assignment API is another module's concern).
 */
export async function designate(t: TestApp, householdId: string, on: string): Promise<void> {
  await t.prisma.household.update({
    where: { id: householdId },
    data: { designation: "MONITORED", designatedAt: new Date(`${on}T00:00:00Z`), monitoringType: "EDGE_AT_RISK", version: { increment: 1 } },
  });
  const ctx = await fileContext({ prisma: t.prisma, clock: t.clock.now, config: t.config });
  await withTransaction(t.prisma, async (tx) => {
    const records = await syncAssistanceFiles(tx, [householdId], ctx);
    if (records.length) await appendAuditMany(tx, SYSTEM_AUDIT_ACTOR("test"), records, t.clock.now());
  });
}

/** The helper register entry of a user (made when missing), assigned as lead helper of the household from `on`. */
export async function assignHelperUser(prisma: PrismaClient, username: string, householdId: string, on: string): Promise<string> {
  const user = await prisma.user.findUniqueOrThrow({ where: { username }, include: { area: true } });
  const helper = await prisma.helper.findUnique({ where: { userId: user.id } }) ?? await prisma.helper.create({
    data: { name: user.displayName, unit: "测试单位", areaId: user.areaId, areaCode: user.area.code, userId: user.id },
  });
  await prisma.helperAssignment.create({ data: { householdId, helperId: helper.id, role: "LEAD", startedOn: new Date(`${on}T00:00:00Z`) } });
  return helper.id;
}

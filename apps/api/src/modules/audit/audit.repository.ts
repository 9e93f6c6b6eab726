import type { Role } from "@fanpin/domain/roles";
import type { Db, Prisma } from "../../db/prisma.ts";
import type { Actor } from "../../lib/actor.ts";

export type AuditRecord = {
  action: string;
  entityType: string;
  entityId: string;
  householdId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/**
 * Appends one entry to the audit trail. Call it with the transaction that
 * makes the change, so the change and its record commit together. The table
 * itself refuses UPDATE and DELETE (trigger in the migrations).
 */
export async function appendAudit(
  db: Db,
  actor: Pick<Actor, "id" | "username" | "role" | "requestId" | "ip"> | null,
  record: AuditRecord,
  at: Date,
): Promise<void> {
  await db.auditEntry.create({
    data: {
      at,
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? null,
      actorRole: (actor?.role as Role | undefined) ?? null,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      householdId: record.householdId ?? null,
      before: toJson(record.before),
      after: toJson(record.after),
      reason: record.reason ?? null,
      requestId: actor?.requestId ?? null,
      ip: actor?.ip ?? null,
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (value as Prisma.InputJsonValue);
}

export async function findHouseholdHistory(db: Db, householdId: string, skip: number, take: number) {
  const where = { householdId };
  const [items, total] = await Promise.all([
    db.auditEntry.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip, take }),
    db.auditEntry.count({ where }),
  ]);
  return { items, total };
}

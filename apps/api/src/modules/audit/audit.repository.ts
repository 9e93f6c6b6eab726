import type { Role } from "@fanpin/domain/roles";
import { bulkInsert, type BulkRow } from "../../db/bulk-insert.ts";
import type { Db, Prisma } from "../../db/prisma.ts";
import type { Actor } from "../../lib/actor.ts";
import { maskPersonalData } from "../../lib/personal-data.ts";

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
/** Who acts: a signed-in user, or the system itself (time-driven work, demo data) with id and role null. */
export type AuditActor = Pick<Actor, "username" | "requestId" | "ip"> & { id: string | null; role: Role | null };
export const SYSTEM_AUDIT_ACTOR = (requestId: string): AuditActor => ({ id: null, username: "system", role: null, requestId, ip: null });

export async function appendAudit(
  db: Db,
  actor: AuditActor | null,
  record: AuditRecord,
  at: Date,
): Promise<void> {
  await db.auditEntry.create({
    data: {
      at,
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? null,
      actorRole: actor?.role ?? null,
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

/** Appends several entries in one statement (bulk work such as an import), same fields as appendAudit. */
export async function appendAuditMany(db: Db, actor: AuditActor | null, records: AuditRecord[], at: Date): Promise<void> {
  await bulkInsert(db, "audit_entry", auditRows(actor, records, at));
}

/** The rows appendAuditMany inserts, for a statement that inserts them together with other rows (bulkInsertAll). */
export function auditRows(actor: AuditActor | null, records: AuditRecord[], at: Date): BulkRow<"audit_entry">[] {
  return records.map((record) => ({
    at: at.toISOString(),
    actor_id: actor?.id ?? null,
    actor_name: actor?.username ?? null,
    actor_role: actor?.role ?? null,
    action: record.action,
    entity_type: record.entityType,
    entity_id: record.entityId,
    household_id: record.householdId ?? null,
    before: maskPersonalData(record.before ?? null),
    after: maskPersonalData(record.after ?? null),
    reason: record.reason ?? null,
    request_id: actor?.requestId ?? null,
    ip: actor?.ip ?? null,
  }));
}

/** Entries keep masked ID and phone numbers only (decision 015). */
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (maskPersonalData(value) as Prisma.InputJsonValue);
}

export async function findHouseholdHistory(db: Db, householdId: string, skip: number, take: number) {
  const where = { householdId };
  const [items, total] = await Promise.all([
    db.auditEntry.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip, take }),
    db.auditEntry.count({ where }),
  ]);
  return { items, total };
}

/** Display names of the given users, for history screens (the trail stores the username). */
export async function findDisplayNames(db: Db, userIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((id): id is string => !!id))];
  if (!ids.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

import { areaScopePrefix } from "@fanpin/domain/areas";
import { maskCitizenId } from "@fanpin/domain/citizen-id";
import type { AuditEntry } from "@fanpin/domain/audit-schemas";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { findDisplayNames, findHouseholdHistory } from "./audit.repository.ts";

/**
 * A household's history, newest first. The trail keeps full ID numbers (it
 * must say exactly what changed); reading it through the API masks them like
 * every other screen does.
 */
export async function listHouseholdHistory(deps: Deps, actor: Actor, householdId: string, page: number, pageSize: number) {
  const inScope = await deps.prisma.household.findFirst({
    where: { id: householdId, villageCode: { startsWith: areaScopePrefix(actor.area.level, actor.area.code) } },
    select: { id: true },
  });
  if (!inScope) throw new AppError("HOUSEHOLD_NOT_FOUND");
  const { items, total } = await findHouseholdHistory(deps.prisma, householdId, (page - 1) * pageSize, pageSize);
  const names = await findDisplayNames(deps.prisma, items.map((e) => e.actorId));
  const entries: AuditEntry[] = items.map((e) => ({
    id: e.id.toString(),
    at: e.at.toISOString(),
    actorName: (e.actorId && names.get(e.actorId)) || e.actorName,
    actorUsername: e.actorName,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: maskIdNumbers(e.before),
    after: maskIdNumbers(e.after),
    reason: e.reason,
  }));
  return { items: entries, total, page, pageSize };
}

export function maskIdNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskIdNumbers);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === "idNumber" && typeof v === "string" ? maskCitizenId(v) : maskIdNumbers(v)]),
    );
  }
  return value ?? null;
}

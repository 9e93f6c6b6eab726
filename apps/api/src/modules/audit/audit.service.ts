import { areaScopePrefix } from "@fanpin/domain/areas";
import type { AuditEntry } from "@fanpin/domain/audit-schemas";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { personalDataForDisplay } from "../../lib/personal-data.ts";
import { findDisplayNames, findHouseholdHistory } from "./audit.repository.ts";

/**
 * A household's history, newest first. The trail keeps masked ID and phone
 * numbers only (decision 015); masking again on the way out also covers any
 * entry a future writer forgot to mask.
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
    before: personalDataForDisplay(e.before),
    after: personalDataForDisplay(e.after),
    reason: e.reason,
  }));
  return { items: entries, total, page, pageSize };
}

import { areaScopePrefix } from "@fanpin/domain/areas";
import type { Actor } from "../../lib/actor.ts";

/**
 * Who may reach which household through the assistance routes: every role by
 * its area; a HELPER in addition only while assigned to the household (a
 * current assignment of the helper register entry linked to the user).
 */
export type AssistanceAccess = { scopePrefix: string; helperUserId: string | null };

export function accessOf(actor: Actor): AssistanceAccess {
  return { scopePrefix: areaScopePrefix(actor.area.level, actor.area.code), helperUserId: actor.role === "HELPER" ? actor.id : null };
}

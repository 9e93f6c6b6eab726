import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { Deps } from "../../lib/deps.ts";
import { performSystemAction } from "../cases/cases.service.ts";
import { findCasesWithPublicityEndedBefore } from "./jobs.repository.ts";

/**
 * Moves every case whose publicity period is over (today is after its end)
 * to "outcome awaited". Safe to run in several processes at once: each move
 * is a versioned update, so a case moves once and the loser does nothing.
 */
export async function endElapsedPublicity(deps: Deps): Promise<number> {
  const today = todayInChina(deps.clock());
  const due = await findCasesWithPublicityEndedBefore(deps.prisma, today, 1000);
  let moved = 0;
  for (const c of due) if (await performSystemAction(deps, c.id, "END_PUBLICITY")) moved++;
  return moved;
}

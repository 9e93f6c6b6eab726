import type { Deps } from "../../lib/deps.ts";

/**
 * Runs the early-warning rules (packages/domain/src/detection/early-warning-rules.ts) as set-based SQL, over
 * every household or only the given ones (after a change of the data the rules read). Returns the warnings raised.
 */
export async function runEarlyWarningRules(_deps: Deps, _filter?: { householdIds?: readonly string[] }): Promise<number> {
  return 0;
}

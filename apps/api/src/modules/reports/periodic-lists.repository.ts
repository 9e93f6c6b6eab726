import type { Db } from "../../db/prisma.ts";

/** A completed rollback (回退为脱贫享受政策户): the ROLLBACK case that reached DESIGNATED, with its date and the risk its lead named. */
export type RollbackRow = { householdId: string; caseNo: string; rolledBackOn: string; riskCauses: string[] };

/**
 * Of these households, every rollback completed before `cutoff` (one row per
 * rollback: a household rolled back twice has two), oldest first. Only the
 * ROLLBACK procedure counts: a national-model identification of a
 * 脱贫不再享受政策户 also ends in DESIGNATED but changes no category.
 */
export async function findRollbacksBefore(db: Db, householdIds: string[], cutoff: Date): Promise<RollbackRow[]> {
  if (!householdIds.length) return [];
  const rows = await db.$queryRaw<{ household_id: string; case_no: string; acted_on: Date; risk_causes: unknown }[]>`
    SELECT c.household_id, c.case_no, e.acted_on, c.lead->'riskCauses' AS risk_causes
    FROM "case" c JOIN case_event e ON e.case_id = c.id
    WHERE c.procedure = 'ROLLBACK'
      AND c.category = 'LIFTED_WITHOUT_POLICY'
      AND e.to_stage = 'DESIGNATED'
      AND e.at < ${cutoff}::timestamptz
      AND c.household_id = ANY(${householdIds}::uuid[])
    ORDER BY e.at, c.case_no`;
  return rows.map((r) => ({
    householdId: r.household_id, caseNo: r.case_no, rolledBackOn: r.acted_on.toISOString().slice(0, 10),
    riskCauses: Array.isArray(r.risk_causes) ? (r.risk_causes as string[]) : [],
  }));
}

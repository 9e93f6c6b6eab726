import type { Db, Tx } from "../../db/prisma.ts";
import { Prisma } from "../../generated/prisma/client.ts";

/**
 * The public self-report page's tables: public_throttle (abuse limits shared
 * by every API process) and the look-ups of the status page and the village
 * picker. Only names and codes of areas leave here for a public page.
 */

/** Today's counts of these throttle keys (rows of an earlier day count as 0). */
export async function throttleCounts(db: Db, keys: string[], dayStart: Date): Promise<Map<string, number>> {
  const rows = await db.publicThrottle.findMany({ where: { key: { in: keys }, windowStart: { gte: dayStart } }, select: { key: true, count: true } });
  return new Map(rows.map((r) => [r.key, r.count]));
}

/**
 * Counts one more for `key` today unless it already reached `limit`; false when refused. One
 * conditional upsert, so concurrent requests of several API processes cannot both pass the limit.
 */
export async function claimThrottle(db: Db | Tx, key: string, now: Date, dayStart: Date, limit: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO public_throttle AS t (key, window_start, count) VALUES (${key}, ${now}, 1)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN t.window_start < ${dayStart} OR t.window_start > ${now} THEN EXCLUDED.window_start ELSE t.window_start END,
      count = CASE WHEN t.window_start < ${dayStart} OR t.window_start > ${now} THEN 1 ELSE t.count + 1 END
    WHERE t.window_start < ${dayStart} OR t.window_start > ${now} OR t.count < ${limit}
    RETURNING count`;
  return rows.length > 0;
}

/** Housekeeping: windows of earlier days (and used challenges) are of no use any more. */
export function deleteEndedThrottles(db: Db, dayStart: Date) {
  return db.publicThrottle.deleteMany({ where: { windowStart: { lt: dayStart } } });
}

export type SelfReportRow = {
  receivedOn: Date;
  phoneLast4Bidx: Uint8Array | null;
  state: "OPEN" | "CASE_OPENED" | "DISMISSED";
  handedOn: Date;
  closedOn: Date | null;
  dismissReason: string | null;
};

/**
 * The status page's one statement: today's failed look-ups of the address, and the clue of the reference with
 * where its lead is (the clue follows its lead, merged or not). The bench's raw baseline runs this very statement.
 */
export const selfReportLookupSql = (reference: string, failKey: string, dayStart: Date) => Prisma.sql`
    SELECT (SELECT t.count FROM public_throttle t WHERE t.key = ${failKey} AND t.window_start >= ${dayStart}) AS failures,
           c.received_on AS "receivedOn", c.phone_last4_bidx AS "phoneLast4Bidx", l.state::text AS state,
           l.handed_on AS "handedOn", l.closed_on AS "closedOn", l.dismiss_reason AS "dismissReason"
    FROM (SELECT 1) AS one
    LEFT JOIN lead_clue c ON c.reference = ${reference} AND c.source = 'SELF_REPORT'
    LEFT JOIN lead l ON l.id = c.lead_id`;

export async function findSelfReport(db: Db, reference: string, failKey: string, dayStart: Date): Promise<{ failures: number; report: SelfReportRow | null }> {
  const row = (await db.$queryRaw<(Omit<SelfReportRow, "state"> & { state: SelfReportRow["state"] | null; failures: number | null })[]>(
    selfReportLookupSql(reference, failKey, dayStart)))[0];
  const failures = row?.failures ?? 0;
  if (!row || row.state === null) return { failures, report: null };
  const { failures: _, ...report } = row;
  return { failures, report: report as SelfReportRow };
}

export function referenceTaken(db: Db, reference: string): Promise<number> {
  return db.leadClue.count({ where: { reference } });
}

const PICKER_LEVELS = ["PROVINCE", "CITY", "DISTRICT", "TOWNSHIP", "VILLAGE"] as const;

export function findArea(db: Db, code: string) {
  return db.area.findFirst({ where: { code, level: { in: [...PICKER_LEVELS] } }, select: { id: true, code: true, name: true, level: true } });
}

/** The children of an area (or the top areas), down to villages only (no natural villages). */
export function listChildAreas(db: Db, parentId: number | null) {
  return db.area.findMany({
    where: { parentId, level: { in: [...PICKER_LEVELS] } },
    select: { code: true, name: true, level: true },
    orderBy: { code: "asc" },
    take: 1000,
  });
}

/** A village's name path from the top down to it. */
export async function villagePath(db: Db, villageId: number) {
  return db.$queryRaw<{ code: string; name: string; level: (typeof PICKER_LEVELS)[number] }[]>`
    WITH RECURSIVE up AS (
      SELECT id, code, name, level, parent_id, 0 AS depth FROM area WHERE id = ${villageId}
      UNION ALL
      SELECT a.id, a.code, a.name, a.level, a.parent_id, up.depth + 1 FROM area a JOIN up ON a.id = up.parent_id
    )
    SELECT code, name, level::text AS level FROM up ORDER BY depth DESC`;
}

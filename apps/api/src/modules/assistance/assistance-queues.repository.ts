import type { DeadlineBucket } from "@fanpin/domain/queues";
import type { Db } from "../../db/prisma.ts";
import { scopeRange, startsWithPattern } from "../../db/sql.ts";
import { Prisma } from "../../generated/prisma/client.ts";

/**
 * The assistance queues' reads: open files (assistance_file) within area
 * scopes, ordered by one deadline column. Every scope is a range on
 * assistance_file.village_code, so the (village_code, assign_due) and
 * (village_code, next_visit_due) indexes serve both the filter and the order.
 */

export type QueueKind =
  | { kind: "assign" }
  | { kind: "visits"; helperId: string | null }
  | { kind: "reviews"; quarter: string; quarterLastDay: string };

export type QueueConditions = { scopes: string[]; q?: string };
export type BucketLimits = { today: string; nextWorkingDay: string };

export type QueueRow = {
  household_id: string;
  household_no: string;
  head_name: string;
  village_id: number;
  village_code: string;
  village_name: string;
  village_level: string;
  designation: string | null;
  risk_class: string | null;
  lead_id: string | null;
  lead_name: string | null;
  last_visit_on: Date | null;
  deadline: Date | null;
};

function where(k: QueueKind, c: QueueConditions): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`f.closed_on IS NULL`, ...c.scopes.map((s) => scopeRange("f.village_code", s))];
  if (k.kind === "assign") parts.push(Prisma.sql`f.assign_due IS NOT NULL AND f.lead_helper_id IS NULL`);
  if (k.kind === "visits" && k.helperId) {
    parts.push(Prisma.sql`f.household_id IN (SELECT a.household_id FROM helper_assignment a WHERE a.helper_id = ${k.helperId}::uuid AND a.ended_on IS NULL)`);
  }
  if (k.kind === "reviews") {
    parts.push(Prisma.sql`f.opened_on <= ${k.quarterLastDay}::date AND (f.last_review_quarter IS NULL OR f.last_review_quarter < ${k.quarter})`);
  }
  if (c.q) parts.push(Prisma.sql`EXISTS (SELECT 1 FROM household hq WHERE hq.id = f.household_id AND hq.head_name LIKE ${startsWithPattern(c.q)})`);
  return Prisma.join(parts, " AND ");
}

/** The column a queue orders by (reviews: one deadline for all, ordered by when the file opened). */
function deadlineColumn(k: QueueKind): Prisma.Sql {
  return k.kind === "assign" ? Prisma.raw("f.assign_due") : k.kind === "visits" ? Prisma.raw("f.next_visit_due") : Prisma.raw("f.opened_on");
}

function bucketWhere(bucket: DeadlineBucket, { today, nextWorkingDay }: BucketLimits, col: Prisma.Sql): Prisma.Sql {
  switch (bucket) {
    case "OVERDUE": return Prisma.sql`${col} < ${today}::date`;
    case "DUE_TODAY": return Prisma.sql`${col} = ${today}::date`;
    case "DUE_NEXT_WORKING_DAY": return Prisma.sql`(${col} > ${today}::date AND ${col} <= ${nextWorkingDay}::date)`;
    case "LATER": return Prisma.sql`${col} > ${nextWorkingDay}::date`;
  }
}

/** Matching files by deadline (for the bucket counts), reviews: just the total. */
export async function countByDeadline(db: Db, k: QueueKind, c: QueueConditions): Promise<{ deadline: string | null; count: number }[]> {
  if (k.kind === "reviews") {
    const [r] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM assistance_file f WHERE ${where(k, c)}`;
    return [{ deadline: null, count: Number(r?.n ?? 0) }];
  }
  const col = deadlineColumn(k);
  const rows = await db.$queryRaw<{ d: Date; n: bigint }[]>`SELECT ${col} AS d, count(*) AS n FROM assistance_file f WHERE ${where(k, c)} GROUP BY 1`;
  return rows.map((r) => ({ deadline: r.d.toISOString().slice(0, 10), count: Number(r.n) }));
}

/**
 * One page in deadline order. `bucket` filters by the deadline's range
 * (reviews share one deadline: the caller passes the bucket only when it is
 * that deadline's, or asks for nothing).
 */
export async function findQueuePage(
  db: Db, k: QueueKind, c: QueueConditions, bucket: DeadlineBucket | undefined, limits: BucketLimits, skip: number, take: number,
): Promise<QueueRow[]> {
  const col = deadlineColumn(k);
  const conditions = [where(k, c)];
  if (bucket && k.kind !== "reviews") conditions.push(bucketWhere(bucket, limits, col));
  return db.$queryRaw<QueueRow[]>`
    WITH page AS (
      SELECT f.household_id, f.risk_class, f.lead_helper_id, f.last_visit_on, ${col} AS deadline
        FROM assistance_file f WHERE ${Prisma.join(conditions, " AND ")}
       ORDER BY ${col}, f.household_id LIMIT ${take} OFFSET ${skip})
    SELECT page.household_id, h.household_no, h.head_name, v.id AS village_id, v.code AS village_code, v.name AS village_name,
           v.level::text AS village_level, h.designation::text AS designation, page.risk_class,
           hp.id AS lead_id, hp.name AS lead_name, page.last_visit_on, page.deadline
      FROM page JOIN household h ON h.id = page.household_id JOIN area v ON v.id = h.village_id
      LEFT JOIN helper hp ON hp.id = page.lead_helper_id
     ORDER BY page.deadline, page.household_id`;
}

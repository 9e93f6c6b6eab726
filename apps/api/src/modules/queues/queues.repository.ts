import type { AreaLevel } from "@fanpin/domain/areas";
import type { DeadlineBucket } from "@fanpin/domain/queues";
import type { HouseholdCategory } from "@fanpin/domain/categories";
import type { CaseStage } from "@fanpin/domain/procedures/stages";
import type { Db } from "../../db/prisma.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { CaseSummaryRow } from "../cases/cases.repository.ts";

/**
 * Which open cases a queue holds: the SQL form of a queue and its filters.
 * Queues are read with one hand-written statement (decision 011): on this
 * hardware every round trip to PostgreSQL costs more than the query itself,
 * and Prisma needed three (page ids, the page's rows, the counts).
 */
export type QueueConditions = {
  /** Area scope prefixes (areaScopePrefix), all of which apply: the user's area, and the area filter. */
  scopes: string[];
  stages: readonly CaseStage[];
  /** township-leads: false (never returned); township-returned: true. */
  returned?: boolean;
  /** village-appraisals: the categories whose procedure needs an appraisal not recorded in this round. */
  awaitingAppraisal?: readonly HouseholdCategory[];
  category?: HouseholdCategory;
  /** Case number, household number or head's name (from the start), or a member's full ID number. */
  q?: string;
  riskCause?: string;
};

/** Today and the next working day: where the deadline buckets start and end. */
export type BucketLimits = { today: string; nextWorkingDay: string };

const CONSTANT = /^[A-Z_]+$/;
/** Enum values come from constants, never from a request; they are inlined so the planner sees them. */
function enumList(values: readonly string[]): Prisma.Sql {
  if (values.length === 0 || !values.every((v) => CONSTANT.test(v))) throw new Error(`not enum constants: ${values.join(",")}`);
  return Prisma.raw(values.map((v) => `'${v}'`).join(", "));
}

/** `LIKE` pattern for "starts with", with the user's text taken literally. */
export const startsWithPattern = (text: string) => `${text.replace(/[\\%_]/g, "\\$&")}%`;

/**
 * An area scope as the range its code prefix stands for, in the pattern
 * operators PostgreSQL itself turns `LIKE 'prefix%'` into. Unlike `LIKE $1`,
 * a range of parameters lets a prepared statement keep one plan that uses the
 * index. Area codes are digits, and ':' sorts right after '9'.
 */
export function scopeRange(column: string, prefix: string): Prisma.Sql {
  if (!/^\d*$/.test(prefix)) throw new Error(`not an area code prefix: ${prefix}`);
  const col = Prisma.raw(column);
  return Prisma.sql`(${col}::text ~>=~ ${prefix}::text AND ${col}::text ~<~ ${`${prefix}:`}::text)`;
}

export function queueWhere(c: QueueConditions): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`c.stage IN (${enumList(c.stages)})`];
  for (const scope of c.scopes) and.push(scopeRange("c.village_code", scope));
  if (c.returned !== undefined) and.push(c.returned ? Prisma.sql`c.return_count > 0` : Prisma.sql`c.return_count = 0`);
  if (c.awaitingAppraisal) {
    and.push(Prisma.sql`c.category IN (${enumList(c.awaitingAppraisal)})`);
    and.push(Prisma.sql`(c.round_records -> 'appraisal' IS NULL OR c.round_records -> 'appraisal' = 'null'::jsonb)`);
  }
  if (c.category) and.push(Prisma.sql`c.category = ${c.category}::"HouseholdCategory"`);
  if (c.q) {
    const prefix = startsWithPattern(c.q);
    and.push(Prisma.sql`(c.case_no LIKE ${prefix}
      OR EXISTS (SELECT 1 FROM household h WHERE h.id = c.household_id AND (h.household_no LIKE ${prefix} OR h.head_name LIKE ${prefix}))
      OR EXISTS (SELECT 1 FROM member m WHERE m.household_id = c.household_id AND m.id_number = ${c.q.toUpperCase()}))`);
  }
  if (c.riskCause) and.push(Prisma.sql`c.lead -> 'riskCauses' @> ${JSON.stringify([c.riskCause])}::jsonb`);
  return Prisma.join(and, " AND ");
}

/** The deadline range of a bucket (no deadline counts as later). */
export function bucketWhere(bucket: DeadlineBucket, { today, nextWorkingDay }: BucketLimits, column = Prisma.raw("stage_deadline")): Prisma.Sql {
  switch (bucket) {
    case "OVERDUE": return Prisma.sql`${column} < ${today}::date`;
    case "DUE_TODAY": return Prisma.sql`${column} = ${today}::date`;
    case "DUE_NEXT_WORKING_DAY": return Prisma.sql`(${column} > ${today}::date AND ${column} <= ${nextWorkingDay}::date)`;
    case "LATER": return Prisma.sql`(${column} > ${nextWorkingDay}::date OR ${column} IS NULL)`;
  }
}

/** What the queue lists of a case: the case, its household and the household's village and township. */
const SUMMARY_COLUMNS = Prisma.raw(`c.id, c.case_no, c.category::text AS category, c.stage::text AS stage, c.lead, c.opened_on, c.stage_started_on,
  c.stage_deadline, c.deadline_complete, c.return_count, c.assist_first, c.version,
  h.id AS household_id, h.household_no, h.head_name, h.designation::text AS designation,
  v.id AS village_id, v.code AS village_code, v.name AS village_name, v.level::text AS village_level,
  t.id AS township_id, t.code AS township_code, t.name AS township_name, t.level::text AS township_level`);
const SUMMARY_JOINS = Prisma.raw(`JOIN "case" c ON c.id = page.id JOIN household h ON h.id = c.household_id
  JOIN area v ON v.id = h.village_id JOIN area t ON t.id = v.parent_id`);
const DEADLINE_ORDER = Prisma.raw("stage_deadline ASC NULLS LAST, id ASC");

type SummarySqlRow = {
  id: string; case_no: string; category: HouseholdCategory; stage: CaseStage; lead: Prisma.JsonValue; opened_on: Date; stage_started_on: Date;
  stage_deadline: Date | null; deadline_complete: boolean; return_count: number; assist_first: boolean; version: number;
  household_id: string; household_no: string; head_name: string; designation: string | null;
  village_id: number; village_code: string; village_name: string; village_level: AreaLevel;
  township_id: number; township_code: string; township_name: string; township_level: AreaLevel;
};

function toSummaryRow(r: SummarySqlRow): CaseSummaryRow {
  return {
    id: r.id, caseNo: r.case_no, category: r.category, stage: r.stage, lead: r.lead, openedOn: r.opened_on, stageStartedOn: r.stage_started_on,
    stageDeadline: r.stage_deadline, deadlineComplete: r.deadline_complete, returnCount: r.return_count, assistFirst: r.assist_first, version: r.version,
    household: {
      id: r.household_id, householdNo: r.household_no, headName: r.head_name, designation: r.designation as CaseSummaryRow["household"]["designation"],
      village: {
        id: r.village_id, code: r.village_code, name: r.village_name, level: r.village_level,
        parent: { id: r.township_id, code: r.township_code, name: r.township_name, level: r.township_level },
      },
    },
  };
}

/**
 * A queue page and its counts in one statement: the matching cases (an
 * index-only scan of the queue index for the plain queues, read twice: that
 * is cheaper than keeping them) are counted by deadline, and the page is cut
 * from them in deadline order before its household and places are joined. The SQL is exported so the benchmark's
 * raw-SQL baseline runs exactly this statement.
 */
export function queuePageSql(c: QueueConditions, limits: BucketLimits, bucket: DeadlineBucket | undefined, skip: number, take: number): Prisma.Sql {
  return Prisma.sql`
    WITH matching AS NOT MATERIALIZED (SELECT c.id, c.stage_deadline FROM "case" c WHERE ${queueWhere(c)}),
    counts AS (SELECT coalesce(json_agg(json_build_array(stage_deadline, n)), '[]') AS by_deadline
               FROM (SELECT stage_deadline, count(*) AS n FROM matching GROUP BY stage_deadline) g),
    page AS (SELECT id, stage_deadline FROM matching ${bucket ? Prisma.sql`WHERE ${bucketWhere(bucket, limits)}` : Prisma.empty}
             ORDER BY ${DEADLINE_ORDER} LIMIT ${take} OFFSET ${skip})
    SELECT counts.by_deadline, rows.* FROM counts
    LEFT JOIN (SELECT ${SUMMARY_COLUMNS} FROM page ${SUMMARY_JOINS}) rows ON true
    ORDER BY rows.stage_deadline ASC NULLS LAST, rows.id ASC`;
}

export async function findQueuePage(db: Db, c: QueueConditions, limits: BucketLimits, bucket: DeadlineBucket | undefined, skip: number, take: number) {
  const result = await db.$queryRaw<(SummarySqlRow & { by_deadline: [string | null, number][] })[]>(queuePageSql(c, limits, bucket, skip, take));
  const byDeadline = (result[0]?.by_deadline ?? []).map(([deadline, count]) => ({ deadline, count: Number(count) }));
  return { byDeadline, items: result.filter((r) => r.id !== null).map(toSummaryRow) };
}

/**
 * The queue's cases after a position in deadline order, `take` at a time
 * (exports: every page, keyset-paged so a long export neither skips nor
 * repeats a case when others move).
 */
export async function findQueueRowsAfter(
  db: Db, c: QueueConditions, limits: BucketLimits, bucket: DeadlineBucket | undefined,
  after: { deadline: Date | null; id: string } | null, take: number,
): Promise<CaseSummaryRow[]> {
  // NULLS LAST as a value: no deadline sorts after every date.
  const key = Prisma.raw("coalesce(c.stage_deadline, 'infinity'::date)");
  const conditions = [queueWhere(c)];
  if (bucket) conditions.push(bucketWhere(bucket, limits, Prisma.raw("c.stage_deadline")));
  if (after) conditions.push(Prisma.sql`(${key}, c.id) > (coalesce(${after.deadline ? after.deadline.toISOString().slice(0, 10) : null}::date, 'infinity'::date), ${after.id}::uuid)`);
  const rows = await db.$queryRaw<SummarySqlRow[]>`
    WITH page AS (SELECT c.id, ${key} AS sort_key FROM "case" c WHERE ${Prisma.join(conditions, " AND ")} ORDER BY ${key}, c.id LIMIT ${take})
    SELECT ${SUMMARY_COLUMNS} FROM page ${SUMMARY_JOINS} ORDER BY page.sort_key, page.id`;
  return rows.map(toSummaryRow);
}

/**
 * The district overview in one statement: every township within the area with
 * its district, and its open cases by deadline bucket, added up from the
 * open-case tally (one row per township and deadline, kept by a trigger on
 * "case") rather than counted case by case (decision 011).
 */
export function districtOverviewSql(scope: string, limits: BucketLimits): Prisma.Sql {
  const deadline = Prisma.raw("deadline");
  return Prisma.sql`
    WITH counts AS (
      SELECT township_code,
             sum(count) FILTER (WHERE ${bucketWhere("OVERDUE", limits, deadline)}) AS overdue,
             sum(count) FILTER (WHERE ${bucketWhere("DUE_TODAY", limits, deadline)}) AS due_today,
             sum(count) FILTER (WHERE ${bucketWhere("DUE_NEXT_WORKING_DAY", limits, deadline)}) AS due_next,
             sum(count) FILTER (WHERE ${bucketWhere("LATER", limits, deadline)}) AS later,
             sum(count) AS total
      FROM open_case_tally
      WHERE ${scopeRange("township_code", scope)}
      GROUP BY 1)
    SELECT t.id, t.code, t.name, t.level::text AS level, d.id AS district_id, d.code AS district_code, d.name AS district_name, d.level::text AS district_level,
           coalesce(c.overdue, 0)::int AS overdue, coalesce(c.due_today, 0)::int AS due_today, coalesce(c.due_next, 0)::int AS due_next,
           coalesce(c.later, 0)::int AS later, coalesce(c.total, 0)::int AS total
    FROM area t JOIN area d ON d.id = t.parent_id LEFT JOIN counts c ON c.township_code = substr(t.code, 1, 9)
    WHERE t.level = 'TOWNSHIP' AND ${scopeRange("t.code", scope)}
    ORDER BY t.code`;
}

export type OverviewRow = {
  id: number; code: string; name: string; level: AreaLevel; district_id: number; district_code: string; district_name: string; district_level: AreaLevel;
  overdue: number; due_today: number; due_next: number; later: number; total: number;
};

export function findDistrictOverview(db: Db, scope: string, limits: BucketLimits) {
  return db.$queryRaw<OverviewRow[]>(districtOverviewSql(scope, limits));
}

import type { AreaLevel } from "@fanpin/domain/areas";
import type { Db } from "../../db/prisma.ts";
import { scopeRange } from "../../db/sql.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { bucketWhere, type BucketLimits } from "../cases/cases.repository.ts";

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

type OverviewRow = {
  id: number; code: string; name: string; level: AreaLevel; district_id: number; district_code: string; district_name: string; district_level: AreaLevel;
  overdue: number; due_today: number; due_next: number; later: number; total: number;
};

export function findDistrictOverview(db: Db, scope: string, limits: BucketLimits) {
  return db.$queryRaw<OverviewRow[]>(districtOverviewSql(scope, limits));
}

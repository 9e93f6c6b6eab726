import type { FigureRows } from "@fanpin/domain/statistics/area-figures";
import { TERMINAL_STAGES } from "@fanpin/domain/procedures/stages";
import type { Db, PrismaClient, Tx } from "../../db/prisma.ts";
import { enumList, scopeRange } from "../../db/sql.ts";
import { Prisma } from "../../generated/prisma/client.ts";

/**
 * The statistics refresh's SQL (decision 020). Every figure is counted per village (village_code) and rolled up in
 * the same statement to every area's code prefix with GROUPING SETS (2, 4, 6, 9 digits and the whole village code),
 * so one statement per figure answers every area at once, from province to village.
 */

/**
 * Rolls `inner` (one row per village code `vc` and the `dims` columns, measures summed) up to every code prefix.
 * The prefix of a row is the one grouping column that is not NULL in its grouping set.
 */
function rolledUp(inner: Prisma.Sql, dims: string[], measures: string[]): Prisma.Sql {
  const d = dims.join(", ");
  const dimsList = dims.length ? `, ${d}` : "";
  const sets = ["p2", "p4", "p6", "p9", "vc"].map((p) => `(${p}${dimsList})`).join(", ");
  const sums = measures.map((m) => `sum(${m})::int AS "${m}"`).join(", ");
  return Prisma.sql`
    SELECT coalesce(vc, p9, p6, p4, p2) AS prefix${Prisma.raw(dimsList)}, ${Prisma.raw(sums)}
      FROM (SELECT left(i.vc, 2) AS p2, left(i.vc, 4) AS p4, left(i.vc, 6) AS p6, left(i.vc, 9) AS p9, i.* FROM (${inner}) i) x
     GROUP BY GROUPING SETS (${Prisma.raw(sets)})`;
}

export type RefreshParams = {
  today: string;
  /** First day of this month and of the last, and of the trend's first month. */
  monthStart: string;
  lastMonthStart: string;
  trendStart: string;
  /** W(d) for d = calendarFrom + i (see cumulativeWorkingDays). */
  calendarFrom: string;
  cumulativeWorkingDays: number[];
};

type Raw = Record<string, unknown>;

/** Every figure's rows, read by the statements below in one snapshot (the caller's REPEATABLE READ transaction). */
export async function readFigureRows(db: Db, p: RefreshParams): Promise<FigureRows> {
  const terminal = enumList(TERMINAL_STAGES);
  const q = <T>(sql: Prisma.Sql) => db.$queryRaw<T[]>(sql);
  // One after another: a transaction's statements run on its one connection anyway.
  const households = await q<Raw>(rolledUp(Prisma.sql`
    SELECT village_code AS vc, category::text AS category, designation::text AS designation,
           CASE WHEN designation = 'MONITORING_TARGET' THEN monitoring_type::text END AS monitoring_type,
           count(*) AS households, sum(member_count) AS people
      FROM household GROUP BY 1, 2, 3, 4`, ["category", "designation", "monitoring_type"], ["households", "people"]));
  const riskCauses = await q<Raw>(rolledUp(Prisma.sql`
    SELECT h.village_code AS vc, c.cause, count(*) AS households
      FROM household h CROSS JOIN LATERAL unnest(h.risk_causes) AS c(cause)
     WHERE h.designation IS NOT NULL GROUP BY 1, 2`, ["cause"], ["households"]));
  const procedures = await q<Raw>(rolledUp(Prisma.sql`
    SELECT h.village_code AS vc, c.procedure, c.rule_set, count(*) AS households
      FROM household h
      LEFT JOIN designation_period dp ON dp.household_id = h.id AND dp.ended_on IS NULL
      LEFT JOIN "case" c ON c.id = dp.start_case_id
     WHERE h.designation IS NOT NULL GROUP BY 1, 2, 3`, ["procedure", "rule_set"], ["households"]));
  const clues = await q<Raw>(rolledUp(Prisma.sql`
    SELECT l.village_code AS vc, lc.source, count(*) AS clues
      FROM lead_clue lc JOIN lead l ON l.id = lc.lead_id GROUP BY 1, 2`, ["source"], ["clues"]));
  // A lead counts under its first clue's source.
  const leads = await q<Raw>(rolledUp(Prisma.sql`
    SELECT f.village_code AS vc, f.source, f.state, count(*) AS leads
      FROM (SELECT DISTINCT ON (l.id) l.village_code, lc.source, l.state::text AS state
              FROM lead l JOIN lead_clue lc ON lc.lead_id = l.id
             ORDER BY l.id, lc.received_on, lc.created_at, lc.id) f
     GROUP BY 1, 2, 3`, ["source", "state"], ["leads"]));
  const warnings = await q<Raw>(rolledUp(Prisma.sql`
    SELECT village_code AS vc, rule, count(*) FILTER (WHERE active) AS active, count(*) AS raised
      FROM early_warning GROUP BY 1, 2`, ["rule"], ["active", "raised"]));
  const trend = await q<Raw>(rolledUp(Prisma.sql`
    SELECT village_code AS vc, to_char(started_on, 'YYYY-MM') AS month, count(*) AS identified, 0 AS eliminated
      FROM designation_period WHERE started_on >= ${p.trendStart}::date AND started_on <= ${p.today}::date GROUP BY 1, 2
    UNION ALL
    SELECT village_code, to_char(ended_on, 'YYYY-MM'), 0, count(*)
      FROM designation_period WHERE ended_on >= ${p.trendStart}::date AND ended_on <= ${p.today}::date GROUP BY 1, 2`,
  ["month"], ["identified", "eliminated"]));
  const cases = await q<Raw>(rolledUp(Prisma.sql`
    SELECT village_code AS vc, count(*) AS open, count(*) FILTER (WHERE stage_deadline < ${p.today}::date) AS overdue
      FROM "case" WHERE stage NOT IN (${terminal}) GROUP BY 1`, [], ["open", "overdue"]));
  // A step starts when its case entered the stage: the latest earlier event that moved the case (or opened it).
  // Recording a form within a stage does not restart it. Days taken: W(action) − W(start), W from the calendar.
  const compliance = await q<Raw>(rolledUp(Prisma.sql`
    WITH w AS (SELECT ${p.calendarFrom}::date + (o - 1)::int AS d, n FROM unnest(${p.cumulativeWorkingDays}::int[]) WITH ORDINALITY AS u(n, o)),
    e AS (
      SELECT ce.case_id, ce.from_stage, ce.acted_on, ce.met_deadline,
             max(CASE WHEN ce.seq = 1 OR ce.from_stage <> ce.to_stage THEN ce.acted_on END)
               OVER (PARTITION BY ce.case_id ORDER BY ce.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS started_on
        FROM case_event ce)
    SELECT c.village_code AS vc, e.from_stage::text AS stage, count(*) AS actions, count(*) FILTER (WHERE e.met_deadline) AS on_time,
           count(wa.n - ws.n) AS measured, coalesce(sum(wa.n - ws.n), 0) AS working_days
      FROM e JOIN "case" c ON c.id = e.case_id
      LEFT JOIN w ws ON ws.d = e.started_on
      LEFT JOIN w wa ON wa.d = e.acted_on
     WHERE e.met_deadline IS NOT NULL
     GROUP BY 1, 2`, ["stage"], ["actions", "on_time", "measured", "working_days"]));
  // In assistance: an open assistance file; its monthly visit is overdue past next_visit_due (the visits queue's
  // OVERDUE bucket); a district's random check (SUPERVISORY) is not the monthly visit (visits.service).
  const visits = await q<Raw>(rolledUp(Prisma.sql`
    WITH seen AS (
      SELECT f.household_id, bool_or(x.visited_on >= ${p.monthStart}::date) AS this_month, bool_or(x.visited_on < ${p.monthStart}::date) AS last_month
        FROM assistance_file f
        JOIN visit x ON x.household_id = f.household_id AND x.kind <> 'SUPERVISORY'
         AND x.visited_on >= greatest(f.opened_on, ${p.lastMonthStart}::date) AND x.visited_on <= ${p.today}::date
       WHERE f.closed_on IS NULL
       GROUP BY 1)
    SELECT f.village_code AS vc, count(*) AS assisted, count(*) FILTER (WHERE f.opened_on < ${p.monthStart}::date) AS expected_last_month,
           count(*) FILTER (WHERE s.this_month) AS visited_this_month, count(*) FILTER (WHERE s.last_month) AS visited_last_month,
           count(*) FILTER (WHERE f.next_visit_due < ${p.today}::date) AS overdue
      FROM assistance_file f LEFT JOIN seen s ON s.household_id = f.household_id
     WHERE f.closed_on IS NULL GROUP BY 1`,
  [], ["assisted", "expected_last_month", "visited_this_month", "visited_last_month", "overdue"]));

  const s = (v: unknown) => v as string;
  const n = (v: unknown) => Number(v ?? 0);
  return {
    households: households.map((r) => ({
      prefix: s(r.prefix), category: s(r.category), designation: (r.designation as string | null) ?? null,
      monitoringType: (r.monitoring_type as string | null) ?? null, households: n(r.households), people: n(r.people),
    })),
    riskCauses: riskCauses.map((r) => ({ prefix: s(r.prefix), cause: s(r.cause), households: n(r.households) })),
    procedures: procedures.map((r) => ({
      prefix: s(r.prefix), procedure: (r.procedure as string | null) ?? null, ruleSet: (r.rule_set as string | null) ?? null, households: n(r.households),
    })),
    clues: clues.map((r) => ({ prefix: s(r.prefix), source: s(r.source), clues: n(r.clues) })),
    leads: leads.map((r) => ({ prefix: s(r.prefix), source: s(r.source), state: s(r.state), leads: n(r.leads) })),
    warnings: warnings.map((r) => ({ prefix: s(r.prefix), rule: s(r.rule), active: n(r.active), raised: n(r.raised) })),
    trend: trend.map((r) => ({ prefix: s(r.prefix), month: s(r.month), identified: n(r.identified), eliminated: n(r.eliminated) })),
    cases: cases.map((r) => ({ prefix: s(r.prefix), open: n(r.open), overdue: n(r.overdue) })),
    compliance: compliance.map((r) => ({
      prefix: s(r.prefix), stage: s(r.stage), actions: n(r.actions), onTime: n(r.on_time), measured: n(r.measured), workingDays: n(r.working_days),
    })),
    visits: visits.map((r) => ({
      prefix: s(r.prefix), assisted: n(r.assisted), expectedLastMonth: n(r.expected_last_month), visitedThisMonth: n(r.visited_this_month),
      visitedLastMonth: n(r.visited_last_month), overdue: n(r.overdue),
    })),
  };
}

/** Runs `fn` in one REPEATABLE READ READ ONLY transaction: every statement of the refresh sees the same snapshot. */
export async function inSnapshot<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (!("$transaction" in db)) return fn(db); // already inside a transaction (tests' own)
  return (db as PrismaClient).$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET TRANSACTION READ ONLY");
    return fn(tx);
  }, { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 15 * 60_000, maxWait: 60_000 });
}

export type StatisticsArea = { code: string; name: string; level: string; parentCode: string };

/** Every area down to villages (natural villages have no statistics row). */
export async function listStatisticsAreas(db: Db): Promise<StatisticsArea[]> {
  return db.$queryRaw<StatisticsArea[]>`
    SELECT a.code, a.name, a.level::text AS level, coalesce(p.code, '') AS "parentCode"
      FROM area a LEFT JOIN area p ON p.id = a.parent_id
     WHERE a.level <> 'NATURAL_VILLAGE'`;
}

/** One statistics run at a time across every API process; held by the writing transaction. */
export async function lockRefresh(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('fanpin:statistics-refresh'))`);
}

export async function hasStatistics(db: Db, areaCode: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ x: number }[]>`SELECT 1 AS x FROM area_statistics WHERE area_code = ${areaCode}`;
  return rows.length > 0;
}

export type StoredStatistics = { areaCode: string; parentCode: string; level: string; name: string; figures: unknown; computedAt: Date };

/** Replaces every area's row: rows of areas no longer in the area table go, the others are written (upsert). */
export async function replaceStatistics(tx: Tx, rows: StoredStatistics[]): Promise<void> {
  const codes = rows.map((r) => r.areaCode);
  await tx.$executeRaw`DELETE FROM area_statistics WHERE NOT (area_code = ANY(${codes}::text[]))`;
  const CHUNK = 500;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => ({
      area_code: r.areaCode, parent_code: r.parentCode, level: r.level, name: r.name, figures: r.figures, computed_at: r.computedAt.toISOString(),
    }));
    await tx.$executeRaw`
      INSERT INTO area_statistics (area_code, parent_code, level, name, figures, summary, computed_at)
      SELECT x.area_code, x.parent_code, x.level::"AreaLevel", x.name, x.figures, jsonb_build_object(
               'totals', x.figures->'totals', 'monitoringRate', x.figures->'monitoringRate', 'compliance', x.figures->'compliance',
               'identifiedThisMonth', coalesce((x.figures->'trend'->-1->>'identified')::int, 0),
               'eliminatedThisMonth', coalesce((x.figures->'trend'->-1->>'eliminated')::int, 0)),
             x.computed_at
        FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
          AS x(area_code text, parent_code text, level text, name text, figures jsonb, computed_at timestamptz)
      ON CONFLICT (area_code) DO UPDATE SET parent_code = excluded.parent_code, level = excluded.level, name = excluded.name,
        figures = excluded.figures, summary = excluded.summary, computed_at = excluded.computed_at`;
  }
}

/**
 * GET /api/statistics in one statement, answered as JSON text built by PostgreSQL (ZStatistics): the stored figures of
 * the area, the area, its ancestors inside the user's scope (`scopePrefix`) from the top down (the breadcrumb), the
 * computing time and each child's row. The area is `target` (by id, or by code) and must lie in the scope, else no
 * row. `json` is null when the area has no stored figures yet (never refreshed). Passing the text through as it is
 * spares the API parsing and re-serialising several kilobytes per request (decision 011, third round).
 */
export async function findStatisticsJson(
  db: Db, target: { id: number } | { code: string }, scopePrefix: string,
): Promise<{ code: string; level: string; json: string | null } | null> {
  const rows = await db.$queryRaw<{ code: string; level: string; json: string | null }[]>(statisticsJsonSql(target, scopePrefix));
  return rows[0] ?? null;
}

/** The statement of findStatisticsJson (the benchmark runs it as the endpoint's raw SQL). */
export function statisticsJsonSql(target: { id: number } | { code: string }, scopePrefix: string): Prisma.Sql {
  const where = "id" in target ? Prisma.sql`a.id = ${target.id}` : Prisma.sql`a.code = ${target.code}`;
  return Prisma.sql`
    WITH RECURSIVE up AS (
      SELECT a.id, a.code, a.name, a.level, a.parent_id, 0 AS depth FROM area a WHERE ${where}
      UNION ALL
      SELECT a.id, a.code, a.name, a.level, a.parent_id, up.depth + 1 FROM area a JOIN up ON a.id = up.parent_id
    )
    SELECT t.code, t.level::text AS level, (s.figures || jsonb_build_object(
        'area', jsonb_build_object('id', t.id, 'code', t.code, 'name', t.name, 'level', t.level),
        'path', coalesce((SELECT jsonb_agg(jsonb_build_object('id', u.id, 'code', u.code, 'name', u.name, 'level', u.level) ORDER BY u.depth DESC)
                            FROM up u WHERE u.depth > 0 AND ${scopeRange("u.code", scopePrefix)}), '[]'::jsonb),
        'computedAt', to_char(s.computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'children', coalesce((SELECT jsonb_agg(c.summary || jsonb_build_object(
            'area', jsonb_build_object('id', ca.id, 'code', c.area_code, 'name', c.name, 'level', c.level)) ORDER BY c.area_code)
          FROM area_statistics c JOIN area ca ON ca.code = c.area_code WHERE c.parent_code = t.code), '[]'::jsonb)
      ))::text AS json
      FROM up t LEFT JOIN area_statistics s ON s.area_code = t.code
     WHERE t.depth = 0 AND ${scopeRange("t.code", scopePrefix)}`;
}

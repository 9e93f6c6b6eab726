import type { Db, Tx } from "../../db/prisma.ts";

/**
 * 预警规则 as set-based SQL: the only door to early_warning, and the bulk
 * door to lead / lead_clue for the clues the rules raise. One statement per
 * step over every household in scope (all, or the given ones), never a loop
 * over households. The thresholds compare integers exactly as the domain
 * evaluator does (packages/domain/src/detection/early-warning-evaluator.ts);
 * a test holds the two together.
 */

/** Net income (A28 + A29 + A30 + A31 − A32), fen, of a row with the collection form's income columns. */
const NET = (t: string) =>
  `(${["a28_wage_income_fen", "a29a_family_planning_fen", "a29b_minimum_living_fen", "a29c_extreme_poverty_support_fen", "a29d_pension_fen",
    "a29e_ecological_compensation_fen", "a29f_other_transfer_fen", "a30_production_income_fen", "a31a_asset_dividend_fen", "a31b_other_property_fen"]
    .map((c) => `${t}.${c}::bigint`).join(" + ")} - ${t}.a32_production_cost_fen::bigint)`;
const BLANK = (t: string) =>
  `(${["a28_wage_income_fen", "a29a_family_planning_fen", "a29b_minimum_living_fen", "a29c_extreme_poverty_support_fen", "a29d_pension_fen",
    "a29e_ecological_compensation_fen", "a29f_other_transfer_fen", "a30_production_income_fen", "a31a_asset_dividend_fen", "a31b_other_property_fen",
    "a32_production_cost_fen"].map((c) => `${t}.${c} = 0`).join(" AND ")})`;

/** Fen as the clue text shows yuan (yuanText of the domain): thousands separated, cents only when there are any. */
const YUAN = (fen: string) =>
  `(CASE WHEN (${fen}) % 100 = 0 THEN to_char((${fen}) / 100, 'FM999,999,999,999,990') ELSE to_char((${fen}) / 100.0, 'FM999,999,999,999,990.00') END)`;

export type RuleParams = {
  householdIds: readonly string[] | null;
  /** monitoring lines: year, area code prefix, line in fen */
  lines: { year: number; areaCode: string; fen: number }[];
  /** thresholds per year, with basis points of the factor, share and percentage for exact comparison */
  thresholds: { year: number; factor: number; factorBp: number; share: number; shareBp: number; drop: number; dropBp: number }[];
};

/**
 * Step 1: the facts of every rule a household in scope meets, into a
 * temporary table of the transaction. Income years are household_income_year
 * rows plus the household's own columns for their year when that year has no
 * row (an import writes only the columns; the form writes both).
 */
export async function computeFacts(tx: Tx, p: RuleParams): Promise<number> {
  const ids = p.householdIds ? [...p.householdIds] : null;
  // Two texts, not "$1 IS NULL OR id = ANY($1)": a plan made for both would scan every household for one.
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE ew_facts (household_id uuid NOT NULL, village_code varchar(12) NOT NULL, rule text NOT NULL, facts jsonb NOT NULL) ON COMMIT DROP`);
  const n = await tx.$executeRawUnsafe(factsSql(ids !== null), ids, JSON.stringify(p.lines), JSON.stringify(p.thresholds));
  await tx.$executeRawUnsafe(`ANALYZE ew_facts`);
  return n;
}

/** The facts statement (into ew_facts): $1 household ids (scoped) or null (all), $2 lines, $3 thresholds. Exported for the bench's EXPLAIN. */
export function factsSql(scoped: boolean): string {
  return `
    WITH scope AS MATERIALIZED (
      SELECT h.* FROM household h ${scoped ? "WHERE h.id = ANY($1::uuid[])" : "WHERE $1::uuid[] IS NULL"}
    ),
    inc AS MATERIALIZED (
      SELECT y.household_id, s.village_code, y.year, y.member_count, ${NET("y")} AS net
      FROM household_income_year y JOIN scope s ON s.id = y.household_id
      UNION ALL
      SELECT s.id, s.village_code, s.income_year, GREATEST(s.member_count, 1), ${NET("s")}
      FROM scope s
      WHERE s.income_year IS NOT NULL AND NOT ${BLANK("s")}
        AND NOT EXISTS (SELECT 1 FROM household_income_year y WHERE y.household_id = s.id AND y.year = s.income_year)
    ),
    latest AS MATERIALIZED (
      SELECT DISTINCT ON (household_id) household_id, village_code, year, member_count, net FROM inc ORDER BY household_id, year DESC
    ),
    ex AS MATERIALIZED (
      SELECT DISTINCT ON (e.household_id) e.household_id, s.village_code, e.year, e.medical_fen, e.education_fen, e.disaster_fen,
        e.medical_fen + e.education_fen + e.disaster_fen AS rigid
      FROM household_expense_year e JOIN scope s ON s.id = e.household_id
      ORDER BY e.household_id, e.year DESC
    ),
    tj AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS t(year int, factor numeric, "factorBp" bigint, share numeric, "shareBp" bigint, drop numeric, "dropBp" bigint)),
    lj AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS l(year int, "areaCode" text, fen bigint)),
    ty AS (
      SELECT y.year, t.factor, t."factorBp", t.share, t."shareBp", t.drop, t."dropBp"
      FROM (SELECT year FROM latest UNION SELECT year FROM ex) y
      CROSS JOIN LATERAL (SELECT * FROM tj WHERE tj.year <= y.year ORDER BY tj.year DESC LIMIT 1) t
    ),
    ly AS (
      SELECT v.village_code, v.year, l.year AS line_year, l.fen
      FROM (SELECT DISTINCT village_code, year FROM latest) v
      CROSS JOIN LATERAL (
        SELECT * FROM lj WHERE lj.year <= v.year AND left(v.village_code, length(lj."areaCode")) = lj."areaCode"
        ORDER BY lj.year DESC, length(lj."areaCode") DESC LIMIT 1) l
    )
    INSERT INTO ew_facts (household_id, village_code, rule, facts)
    SELECT l.household_id, l.village_code, 'INCOME_BELOW_LINE', jsonb_build_object(
      'year', l.year, 'memberCount', l.member_count, 'netFen', l.net,
      'perCapitaFen', floor((2 * l.net + l.member_count)::numeric / (2 * l.member_count))::bigint,
      'lineYear', ly.line_year, 'lineFen', ly.fen, 'incomeLineFactor', ty.factor)
    FROM latest l JOIN ty ON ty.year = l.year JOIN ly ON ly.village_code = l.village_code AND ly.year = l.year
    WHERE l.member_count > 0 AND l.net * 10000 < ly.fen * ty."factorBp" * l.member_count
    UNION ALL
    SELECT l.household_id, l.village_code, 'INCOME_DROP', jsonb_build_object(
      'year', l.year, 'netFen', l.net, 'previousNetFen', p.net, 'incomeDropPercent', ty.drop)
    FROM latest l JOIN ty ON ty.year = l.year JOIN inc p ON p.household_id = l.household_id AND p.year = l.year - 1
    WHERE p.net > 0 AND (p.net - l.net) * 10000 >= ty."dropBp" * p.net
    UNION ALL
    SELECT e.household_id, e.village_code, 'RIGID_EXPENSE', jsonb_build_object(
      'year', e.year, 'medicalFen', e.medical_fen, 'educationFen', e.education_fen, 'disasterFen', e.disaster_fen, 'rigidFen', e.rigid,
      'previousNetFen', p.net, 'rigidExpenseShareOfIncome', ty.share)
    FROM ex e JOIN ty ON ty.year = e.year JOIN inc p ON p.household_id = e.household_id AND p.year = e.year - 1
    WHERE e.rigid > 0 AND e.rigid * 10000 > ty."shareBp" * p.net
    UNION ALL
    SELECT s.id, s.village_code, 'DEPARTMENT_WARNING', jsonb_build_object(
      'count', count(*),
      'departments', to_jsonb(array_agg(DISTINCT d.department::text COLLATE "C" ORDER BY d.department::text COLLATE "C")),
      'kinds', to_jsonb(array_agg(DISTINCT d.kind::text COLLATE "C" ORDER BY d.kind::text COLLATE "C")))
    FROM department_warning d JOIN scope s ON s.id = d.household_id
    WHERE s.designation IS NULL
    GROUP BY s.id, s.village_code`;
}

export type Labels = { departments: Record<string, string>; kinds: Record<string, string>; kindRiskCauses: Record<string, string> };

/**
 * Step 2: upserts the facts; a warning is (re)raised when it is new, its facts
 * changed, or it was inactive. The raised ones go to a temporary table with
 * the clue's text and risk causes (the domain's describeEarlyWarning and
 * riskCausesOf, in SQL).
 */
export async function upsertWarnings(tx: Tx, today: Date, labels: Labels): Promise<void> {
  const f = (k: string) => `(r.facts->>'${k}')::bigint`;
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE ew_raised (id uuid NOT NULL, household_id uuid NOT NULL, rule text NOT NULL, facts jsonb NOT NULL, description text, risk_causes varchar(32)[]) ON COMMIT DROP`);
  await tx.$executeRawUnsafe(`
    WITH up AS (
      INSERT INTO early_warning AS w (id, household_id, village_code, rule, facts, facts_hash, raised_on, active, updated_at)
      SELECT gen_random_uuid(), f.household_id, f.village_code, f.rule, f.facts, md5(f.facts::text), $1::date, true, now()
      FROM ew_facts f
      ON CONFLICT (household_id, rule) DO UPDATE
        SET facts = EXCLUDED.facts, facts_hash = EXCLUDED.facts_hash, village_code = EXCLUDED.village_code,
            raised_on = EXCLUDED.raised_on, active = true, updated_at = now()
        WHERE w.facts_hash <> EXCLUDED.facts_hash OR NOT w.active
      RETURNING w.id, w.household_id, w.rule, w.facts
    )
    INSERT INTO ew_raised (id, household_id, rule, facts, description, risk_causes)
    SELECT r.id, r.household_id, r.rule, r.facts,
      CASE r.rule
        WHEN 'INCOME_BELOW_LINE' THEN (r.facts->>'year') || '年人均纯收入 ' || ${YUAN(f("perCapitaFen"))} || ' 元，低于监测标准 '
          || ${YUAN(`floor((${f("lineFen")} * round((r.facts->>'incomeLineFactor')::numeric * 10000) + 5000) / 10000)::bigint`)} || ' 元'
        WHEN 'RIGID_EXPENSE' THEN (r.facts->>'year') || '年刚性支出 ' || ${YUAN(f("rigidFen"))} || ' 元（医疗 ' || ${YUAN(f("medicalFen"))}
          || ' 元、教育 ' || ${YUAN(f("educationFen"))} || ' 元、灾害 ' || ${YUAN(f("disasterFen"))} || ' 元），'
          || ((r.facts->>'year')::int - 1) || '年家庭纯收入 ' || ${YUAN(f("previousNetFen"))} || ' 元'
        WHEN 'INCOME_DROP' THEN (r.facts->>'year') || '年家庭纯收入 ' || ${YUAN(f("netFen"))} || ' 元，较上年 ' || ${YUAN(f("previousNetFen"))}
          || ' 元下降 ' || floor((${f("previousNetFen")} - ${f("netFen")}) * 100 / ${f("previousNetFen")}::numeric) || '%'
        ELSE '部门预警 ' || (r.facts->>'count') || ' 条（'
          || (SELECT string_agg(coalesce($2::jsonb->>x, x), '、' ORDER BY n) FROM jsonb_array_elements_text(r.facts->'departments') WITH ORDINALITY a(x, n))
          || '：' || (SELECT string_agg(coalesce($3::jsonb->>x, x), '、' ORDER BY n) FROM jsonb_array_elements_text(r.facts->'kinds') WITH ORDINALITY a(x, n))
          || '），该户未纳入监测'
      END,
      CASE r.rule
        WHEN 'RIGID_EXPENSE' THEN array_remove(ARRAY[
          CASE WHEN ${f("medicalFen")} > 0 THEN 'SERIOUS_ILLNESS' END, CASE WHEN ${f("educationFen")} > 0 THEN 'EDUCATION' END,
          CASE WHEN ${f("disasterFen")} > 0 THEN 'DISASTER' END]::varchar(32)[], NULL)
        WHEN 'DEPARTMENT_WARNING' THEN ARRAY(
          SELECT DISTINCT ($4::jsonb->>x)::varchar(32) COLLATE "C" FROM jsonb_array_elements_text(r.facts->'kinds') x WHERE $4::jsonb ? x ORDER BY 1)
        ELSE '{}'::varchar(32)[]
      END
    FROM up r`,
    today, JSON.stringify(labels.departments), JSON.stringify(labels.kinds), JSON.stringify(labels.kindRiskCauses));
  await tx.$executeRawUnsafe(`ANALYZE ew_raised`);
}

/** Step 3: warnings in scope whose household no longer meets the rule become inactive (kept: the same facts do not raise them again). */
export async function deactivateUnmet(tx: Tx, householdIds: readonly string[] | null): Promise<number> {
  return tx.$executeRawUnsafe(`
    UPDATE early_warning w SET active = false, updated_at = now()
    WHERE w.active AND ${householdIds ? "w.household_id = ANY($1::uuid[])" : "$1::uuid[] IS NULL"}
      AND NOT EXISTS (SELECT 1 FROM ew_facts f WHERE f.household_id = w.household_id AND f.rule = w.rule)`,
    householdIds ? [...householdIds] : null);
}

export type LeadDates = { today: Date; handedOn: Date; verifyDeadline: Date; deadlineComplete: boolean; leadNoPrefix: string };

/**
 * Steps 4–6: a lead for each household with a raised warning and no open lead
 * (the open-lead unique index settles a concurrent one), then the open lead
 * widened (last clue, risk causes), then one clue per raised warning.
 * Returns the number of clues.
 */
export async function raiseClues(tx: Tx, d: LeadDates): Promise<number> {
  // Per household: the clues' text and their risk causes in order, without repeats.
  await tx.$executeRawUnsafe(`
    CREATE TEMP TABLE ew_household ON COMMIT DROP AS
    WITH u AS (
      SELECT r.household_id, x.c, min(r.rule || lpad(x.n::text, 3, '0')) AS ord
      FROM ew_raised r CROSS JOIN LATERAL unnest(r.risk_causes) WITH ORDINALITY x(c, n) GROUP BY r.household_id, x.c
    ),
    ca AS (SELECT household_id, array_agg(c ORDER BY ord)::varchar(32)[] AS causes FROM u GROUP BY household_id)
    SELECT d.household_id, d.description, coalesce(ca.causes, '{}'::varchar(32)[]) AS causes
    FROM (SELECT household_id, string_agg(description, '；' ORDER BY rule) AS description FROM ew_raised GROUP BY household_id) d
    LEFT JOIN ca ON ca.household_id = d.household_id
    -- Clues go to townships for households not yet monitored and not in an identification already: a designated
    -- household is followed by its helpers (the warning shows on its page), one in a case is being verified.
    WHERE EXISTS (SELECT 1 FROM household h WHERE h.id = d.household_id AND h.designation IS NULL)
      AND NOT EXISTS (SELECT 1 FROM "case" c WHERE c.open_household_id = d.household_id)`);
  await tx.$executeRawUnsafe(`ANALYZE ew_household`);
  await tx.$executeRawUnsafe(`
    INSERT INTO lead (id, lead_no, state, household_id, person_name, village_id, village_code, risk_causes, description,
                      first_clue_on, last_clue_on, handed_on, verify_deadline, deadline_complete, version, created_at, updated_at)
    SELECT gen_random_uuid(), $1 || lpad(nextval('early_warning_lead_no_seq')::text, 11, '0'), 'OPEN', h.id, h.head_name, h.village_id, h.village_code,
           r.causes, left(r.description, 2000), $2::date, $2::date, $3::date, $4::date, $5, 1, now(), now()
    FROM ew_household r
    JOIN household h ON h.id = r.household_id
    WHERE NOT EXISTS (SELECT 1 FROM lead l WHERE l.household_id = h.id AND l.state = 'OPEN')
    ON CONFLICT (household_id) WHERE state = 'OPEN' DO NOTHING`,
    d.leadNoPrefix, d.today, d.handedOn, d.verifyDeadline, d.deadlineComplete);
  // Open leads from before this run take the clue as a merge does (receiveClue): last clue, union of risk causes, version.
  await tx.$executeRawUnsafe(`
    UPDATE lead l SET
      first_clue_on = LEAST(l.first_clue_on, $1::date), last_clue_on = GREATEST(l.last_clue_on, $1::date),
      risk_causes = ARRAY(SELECT c FROM unnest(l.risk_causes || r.causes) WITH ORDINALITY u(c, n) GROUP BY c ORDER BY min(n)),
      version = l.version + 1, updated_at = now()
    FROM ew_household r
    WHERE l.household_id = r.household_id AND l.state = 'OPEN' AND l.created_at <> now()::timestamptz(3)`, d.today);
  return tx.$executeRawUnsafe(`
    INSERT INTO lead_clue (id, lead_id, source, received_on, description, risk_causes, early_warning_id, created_at)
    SELECT gen_random_uuid(), l.id, CASE r.rule WHEN 'DEPARTMENT_WARNING' THEN 'DEPARTMENT_WARNING' ELSE 'EARLY_WARNING' END,
           $1::date, left(r.description, 2000), r.risk_causes, r.id, now()
    FROM ew_raised r JOIN ew_household eh ON eh.household_id = r.household_id
    JOIN lead l ON l.household_id = r.household_id AND l.state = 'OPEN'`, d.today);
}

export type RaisedClue = { clueId: string; leadId: string; leadNo: string; householdId: string; rule: string; newLead: boolean; description: string; riskCauses: string[] };

/** The clues this run's transaction raised, with whether their lead is new (for per-clue audit entries). */
export function raisedClues(tx: Tx): Promise<RaisedClue[]> {
  return tx.$queryRawUnsafe(`
    SELECT c.id AS "clueId", c.lead_id AS "leadId", l.lead_no AS "leadNo", r.household_id AS "householdId", r.rule,
           l.created_at = now()::timestamptz(3) AS "newLead", r.description, r.risk_causes::text[] AS "riskCauses"
    FROM ew_raised r JOIN lead_clue c ON c.early_warning_id = r.id AND c.created_at = now()::timestamptz(3) JOIN lead l ON l.id = c.lead_id
    ORDER BY r.household_id, r.rule`);
}

/** Raised warnings per rule of this run. */
export async function raisedCounts(tx: Tx): Promise<Record<string, number>> {
  const rows = await tx.$queryRawUnsafe<{ rule: string; n: number }[]>(`SELECT rule, count(*)::int AS n FROM ew_raised GROUP BY rule`);
  return Object.fromEntries(rows.map((r) => [r.rule, r.n]));
}

/** One run at a time (nightly over all, after a change for a few): the transaction holds this lock. */
export async function lockRuns(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('fanpin:early-warnings'))`);
}

export type WarningView = { id: string; rule: string; facts: Record<string, unknown>; raisedOn: Date; active: boolean; updatedAt: Date };

/** The warnings of a household, active first, newest first. */
export function listOfHousehold(db: Db, householdId: string): Promise<WarningView[]> {
  return db.earlyWarning.findMany({
    where: { householdId }, orderBy: [{ active: "desc" }, { raisedOn: "desc" }, { rule: "asc" }],
    select: { id: true, rule: true, facts: true, raisedOn: true, active: true, updatedAt: true },
  }) as Promise<WarningView[]>;
}

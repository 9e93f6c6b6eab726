// 预警规则 over every household of the generated data (target: 1,000,000 in ≤ 60 s). The generator writes one
// income year per household (the form's columns, and a record for households with a file); this adds, set-based
// and once, what the rules compare: the year before for every household (some down by 30 % or more), rigid expenses
// for one in ten, a department's row for one in a hundred. The rules' earlier output is removed first, so the
// first run raises every warning (leads and clues included); the second, on unchanged data, raises none.
import { WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import pg from "pg";
import { configFromEnv } from "../apps/api/src/config.ts";
import { createPrisma } from "../apps/api/src/db/prisma.ts";
import { factsSql } from "../apps/api/src/modules/early-warnings/early-warnings.repository.ts";
import { runEarlyWarningRules } from "../apps/api/src/modules/early-warnings/early-warnings.service.ts";

export const EARLY_WARNINGS_TARGET_SECONDS = 60;

export type EarlyWarningBenchResult = {
  households: number;
  firstRunSeconds: number;
  raised: number;
  secondRunSeconds: number;
  raisedAgain: number;
  /** One household's run, as after a change of its data (median of 5). */
  oneHouseholdMs: number;
  activeByRule: Record<string, number>;
  /** The first run (everything raised), scaled to 1,000,000 households, within the target. */
  targetMet: boolean;
};

async function prepare(client: pg.Client, log: (s: string) => void) {
  const hash = (salt: string) => `abs(hashtext(h.id::text || '${salt}'))`;
  log("early warnings: adding the year before, rigid expenses and department rows (once) …");
  await client.query(`
    INSERT INTO household_income_year (household_id, year, member_count, a28_wage_income_fen, a30_production_income_fen, a32_production_cost_fen, note, updated_at)
    SELECT h.id, h.income_year - 1, GREATEST(h.member_count, 1),
           (h.a28_wage_income_fen::bigint * (100 + ${hash("y")} % 80) / 100)::int, h.a30_production_income_fen, h.a32_production_cost_fen, 'bench', now()
    FROM household h WHERE h.income_year IS NOT NULL
    ON CONFLICT DO NOTHING`);
  await client.query(`
    INSERT INTO household_expense_year (household_id, year, medical_fen, education_fen, disaster_fen, other_fen, note, updated_at)
    SELECT h.id, h.income_year, (${hash("m")} % 3000000)::bigint, (${hash("e")} % 1000000)::bigint, 0, 0, 'bench', now()
    FROM household h WHERE h.income_year IS NOT NULL AND ${hash("x")} % 10 = 0
    ON CONFLICT DO NOTHING`);
  await client.query(`
    INSERT INTO department_warning (id, job_id, department, kind, household_id, member_id, village_code, amount_fen, row_key)
    SELECT gen_random_uuid(), '00000000-0000-4000-8000-00000000beef', 'MEDICAL_SECURITY', 'LARGE_MEDICAL_COST', h.id, m.id, h.village_code, 2000000,
           decode(md5('bench-' || h.id::text), 'hex')
    FROM household h CROSS JOIN LATERAL (SELECT id FROM member WHERE household_id = h.id LIMIT 1) m
    WHERE ${hash("d")} % 100 = 0
    ON CONFLICT (row_key) DO NOTHING`);
  log("early warnings: removing the rules' earlier output …");
  await client.query(`DELETE FROM lead_clue WHERE early_warning_id IS NOT NULL`);
  await client.query(`DELETE FROM lead l WHERE l.lead_no LIKE 'Y%' AND NOT EXISTS (SELECT 1 FROM lead_clue c WHERE c.lead_id = l.id)`);
  await client.query(`DELETE FROM early_warning`);
  await client.query(`ANALYZE household_income_year, household_expense_year, department_warning, early_warning, lead, lead_clue`);
}

export async function runEarlyWarningBench(connectionString: string, log: (s: string) => void): Promise<EarlyWarningBenchResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const prisma = createPrisma(connectionString, { max: 2 });
  try {
    await prepare(client, log);
    const households = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM household`)).rows[0]!.n);
    const deps = { prisma, clock: () => new Date(), config: configFromEnv({ rules: WEIHAI_RULES }) };
    const timed = async () => {
      const started = performance.now();
      const raised = await runEarlyWarningRules(deps);
      return { raised, seconds: Math.round((performance.now() - started) / 100) / 10 };
    };
    log(`early warnings: the rules over ${households.toLocaleString("en")} households …`);
    const first = await timed();
    log(`  first run: ${first.raised.toLocaleString("en")} warning(s) raised in ${first.seconds} s`);
    const second = await timed();
    log(`  second run (nothing changed): ${second.raised.toLocaleString("en")} raised in ${second.seconds} s`);
    // One household, as the after-change hooks run it, and the plans of the facts statement.
    const one = (await client.query<{ id: string }>(`SELECT household_id AS id FROM early_warning ORDER BY household_id LIMIT 1`)).rows[0]?.id;
    const times: number[] = [];
    for (let i = 0; one && i < 5; i++) {
      const started = performance.now();
      await runEarlyWarningRules(deps, { householdIds: [one] });
      times.push(performance.now() - started);
    }
    const oneHouseholdMs = Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0);
    log(`  one household: ${oneHouseholdMs} ms`);
    const lines = JSON.stringify(deps.config.rules.monitoringLines.map((l) => ({ year: l.year, areaCode: l.areaCode, fen: Math.round(l.perCapitaYuan * 100) })));
    const thresholds = JSON.stringify(deps.config.rules.detection.earlyWarnings.map((t) => ({
      year: t.year, factor: t.incomeLineFactor, factorBp: Math.round(t.incomeLineFactor * 10_000), share: t.rigidExpenseShareOfIncome,
      shareBp: Math.round(t.rigidExpenseShareOfIncome * 10_000), drop: t.incomeDropPercent, dropBp: Math.round(t.incomeDropPercent * 100),
    })));
    await client.query("BEGIN");
    try {
      await client.query(`CREATE TEMP TABLE ew_facts (household_id uuid NOT NULL, village_code varchar(12) NOT NULL, rule text NOT NULL, facts jsonb NOT NULL) ON COMMIT DROP`);
      const plan = async (label: string, sql: string, params: unknown[]) => {
        const rows = (await client.query<{ "QUERY PLAN": string }>(sql, params)).rows.map((r) => r["QUERY PLAN"]);
        log(`  plan of the facts statement, ${label}:\n${rows.map((r) => `    ${r}`).join("\n")}`);
      };
      if (one) await plan("one household (EXPLAIN ANALYZE)", `EXPLAIN (ANALYZE, COSTS OFF) ${factsSql(true)}`, [[one], lines, thresholds]);
      await plan("every household (EXPLAIN)", `EXPLAIN (COSTS OFF) ${factsSql(false)}`, [null, lines, thresholds]);
    } finally {
      await client.query("ROLLBACK");
    }
    const active = await client.query<{ rule: string; n: number }>(`SELECT rule, count(*)::int AS n FROM early_warning WHERE active GROUP BY rule ORDER BY rule`);
    return {
      households, firstRunSeconds: first.seconds, raised: first.raised, secondRunSeconds: second.seconds, raisedAgain: second.raised, oneHouseholdMs,
      activeByRule: Object.fromEntries(active.rows.map((r) => [r.rule, r.n])),
      targetMet: first.seconds * (1_000_000 / Math.max(1, households)) <= EARLY_WARNINGS_TARGET_SECONDS,
    };
  } finally {
    await prisma.$disconnect();
    await client.end();
  }
}

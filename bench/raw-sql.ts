// The raw-SQL baseline of each read scenario: the data the endpoint returns,
// fetched straight through `pg` — the same filters, order, page and joins that
// the API's Prisma queries issue (see docs/benchmark.md), one statement per
// logical query, on one connection, as named (prepared) statements like the
// API's. Where the API runs hand-written SQL (queues, district overview) the
// baseline runs that very statement.
// It leaves out what is not the query itself: session lookup, the working-day
// calendar (two tiny reads), JSON serialisation, HTTP.
import type pg from "pg";
import { statementNames } from "../apps/api/src/db/prisma.ts";
import { dataKeys } from "../apps/api/src/lib/data-crypto.ts";
import type { Prisma } from "../apps/api/src/generated/prisma/client.ts";
import { contentDigest, extendChain, type AuditContent } from "../apps/api/src/modules/audit/audit-chain.ts";
import { casePageSql } from "../apps/api/src/modules/cases/cases.repository.ts";
import { districtOverviewSql } from "../apps/api/src/modules/queues/queues.repository.ts";

type Client = pg.PoolClient | pg.Client;

// Named statements, named as the API's Prisma client names them: each connection parses a text once and
// PostgreSQL may keep its plan. The baseline would be slower without them.
const nameOf = statementNames();
function run<R extends pg.QueryResultRow = pg.QueryResultRow>(client: Client, text: string, values: unknown[] = []) {
  return client.query<R>({ name: nameOf({ sql: text }), text, values });
}
const runSql = (client: Client, sql: Prisma.Sql) => run(client, sql.text, sql.values);

export type QueueFilter = {
  /** Area scope prefix (areaScopePrefix of the user's area). */
  scope: string;
  stages: readonly string[];
  /** township-leads: false (return_count = 0); township-returned: true. */
  returned?: boolean;
  category?: string;
  bucket?: "OVERDUE" | "DUE_TODAY" | "DUE_NEXT_WORKING_DAY" | "LATER";
  riskCause?: string;
  /** ISO dates of today and the next working day (the buckets' limits). */
  today: string;
  nextWorkingDay: string;
};

const CASE_SUMMARY_COLUMNS = `c.id, c.case_no, c.household_id, c.category::text, c.stage::text, c.village_code, c.opened_on, c.stage_started_on,
  c.stage_deadline, c.deadline_complete, c.return_count, c.assist_first, c.lead, c.round_records, c.publicity_posted_on,
  c.publicity_starts_on, c.publicity_ends_on, c.closed_at, c.version,
  h.household_no, h.head_name, h.designation::text AS designation,
  v.id AS village_id, v.code AS village_area_code, v.name AS village_name, v.level::text AS village_level,
  t.id AS township_id, t.code AS township_code, t.name AS township_name, t.level::text AS township_level`;
const CASE_SUMMARY_FROM = `"case" c JOIN household h ON h.id = c.household_id JOIN area v ON v.id = h.village_id JOIN area t ON t.id = v.parent_id`;

/** GET /api/queues/:queue — the API's own statement (casePageSql): page, its household and places, and the counts by deadline. */
export async function queuePage(client: Client, f: QueueFilter, page: number, pageSize: number): Promise<{ rows: number; total: number }> {
  const sql = casePageSql(
    { scopes: [f.scope], stages: f.stages as never, ...(f.returned !== undefined ? { returned: f.returned } : {}), ...(f.category ? { category: f.category as never } : {}), ...(f.riskCause ? { riskCause: f.riskCause } : {}) },
    { today: f.today, nextWorkingDay: f.nextWorkingDay }, f.bucket, (page - 1) * pageSize, pageSize,
  );
  const result = await runSql(client, sql);
  const byDeadline = (result.rows[0]?.by_deadline ?? []) as [string | null, number][];
  const inBucket = (d: string | null) => {
    if (!f.bucket) return true;
    if (d === null) return f.bucket === "LATER";
    switch (f.bucket) {
      case "OVERDUE": return d < f.today;
      case "DUE_TODAY": return d === f.today;
      case "DUE_NEXT_WORKING_DAY": return d > f.today && d <= f.nextWorkingDay;
      case "LATER": return d > f.nextWorkingDay;
    }
  };
  return { rows: result.rows.filter((r) => r.id !== null).length, total: byDeadline.filter(([d]) => inBucket(d)).reduce((n, [, c]) => n + Number(c), 0) };
}

/** GET /api/queues/district-overview — the API's own statement (districtOverviewSql). */
export async function districtOverview(client: Client, scope: string, today: string, nextWorkingDay: string): Promise<void> {
  await runSql(client, districtOverviewSql(scope, { today, nextWorkingDay }));
}

/** GET /api/cases/:id — the case with its household and places, and its history with the actors' display names. */
export async function caseDetail(client: Client, id: string, scope: string): Promise<void> {
  const found = await run(client, `SELECT ${CASE_SUMMARY_COLUMNS} FROM ${CASE_SUMMARY_FROM} WHERE c.id = $1 AND c.village_code LIKE $2`, [id, `${scope}%`]);
  if (!found.rowCount) throw new Error(`case ${id} not found`);
  await run(
    client,
    `SELECT e.*, e.actor_role::text, e.from_stage::text, e.to_stage::text, u.display_name FROM case_event e LEFT JOIN app_user u ON u.id = e.actor_id
     WHERE e.case_id = $1 ORDER BY e.seq`,
    [id],
  );
}

/** GET /api/households/:id — the household with its places, its members in order, and the village's area path. */
export async function householdDetail(client: Client, id: string, scope: string): Promise<void> {
  const found = await run<{ village_id: number }>(client, 
    `SELECT h.*, h.category::text, h.designation::text, v.code AS v_code, v.name AS v_name, v.level::text AS v_level,
            t.id AS t_id, t.code AS t_code, t.name AS t_name, t.level::text AS t_level, nv.code AS nv_code, nv.name AS nv_name, nv.level::text AS nv_level
     FROM household h JOIN area v ON v.id = h.village_id JOIN area t ON t.id = v.parent_id LEFT JOIN area nv ON nv.id = h.natural_village_id
     WHERE h.id = $1 AND h.village_code LIKE $2`,
    [id, `${scope}%`],
  );
  if (!found.rowCount) throw new Error(`household ${id} not found`);
  await run(client, `SELECT * FROM member WHERE household_id = $1 ORDER BY position`, [id]);
  await run(
    client,
    `WITH RECURSIVE up AS (
       SELECT id, code, name, level, parent_id, 0 AS depth FROM area WHERE id = $1
       UNION ALL
       SELECT a.id, a.code, a.name, a.level, a.parent_id, up.depth + 1 FROM area a JOIN up ON a.id = up.parent_id)
     SELECT id, code, name, level::text AS level, depth FROM up ORDER BY depth DESC`,
    [found.rows[0]!.village_id],
  );
}

/** GET /api/households?q=… — a page of the list (with the head's ID number and places) and the total. */
export async function householdSearch(client: Client, scope: string, q: string, page = 1, pageSize = 20): Promise<{ rows: number; total: number }> {
  const id = q.toUpperCase();
  // ID numbers are found by their blind index (decision 015): the full number, or its last 4 or 6 characters.
  const byId = /^\d{3,17}[\dX]?$/.test(id);
  const indexColumn = id.length === 18 ? "id_number_bidx" : id.length === 6 ? "id_last6_bidx" : "id_last4_bidx";
  const kind = id.length === 18 ? "id" : id.length === 6 ? "id-last6" : "id-last4";
  const condition = byId
    ? `EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND m.${indexColumn} = $2)`
    : `EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND m.name LIKE $2 || '%')`;
  const term = byId ? dataKeys().blindIndex(kind, id) : q;
  const where = `h.village_code LIKE $1 AND ${condition}`;
  const rows = await run(
    client,
    `SELECT h.id, h.household_no, h.category::text, h.designation::text, h.head_name, h.member_count, h.updated_at,
            v.id AS v_id, v.code AS v_code, v.name AS v_name, t.id AS t_id, t.code AS t_code, t.name AS t_name, nv.id AS nv_id, nv.name AS nv_name,
            (SELECT m.id_number_enc FROM member m WHERE m.household_id = h.id AND m.relation = 'HEAD' ORDER BY m.id LIMIT 1) AS head_id_number
     FROM household h JOIN area v ON v.id = h.village_id JOIN area t ON t.id = v.parent_id LEFT JOIN area nv ON nv.id = h.natural_village_id
     WHERE ${where} ORDER BY h.updated_at DESC, h.id ASC LIMIT $3 OFFSET $4`,
    [`${scope}%`, term, pageSize, (page - 1) * pageSize],
  );
  // The API decrypts the head's number to mask it: so does the baseline.
  for (const r of rows.rows as { head_id_number: Buffer | null }[]) if (r.head_id_number) dataKeys().decryptText(r.head_id_number);
  const total = await run<{ n: string }>(client, `SELECT count(*) AS n FROM household h WHERE ${where}`, [`${scope}%`, term]);
  return { rows: rows.rowCount ?? 0, total: Number(total.rows[0]!.n) };
}

export type ActionWrite = {
  caseId: string;
  householdId: string;
  version: number;
  action: string;
  fromStage: string;
  toStage: string;
  stageDeadline: string | null;
  newDeadline: string | null;
  today: string;
  actor: { id: string; username: string; role: string };
  record: unknown;
  roundRecords: unknown;
  returnCount: number;
};

/**
 * A case action's writes, as performAction makes them, in one transaction:
 * the case row under its version check, the history entry, the audit entry.
 */
export async function caseActionWrites(client: Client, w: ActionWrite): Promise<void> {
  const now = new Date();
  await client.query("BEGIN");
  const updated = await run(
    client,
    `UPDATE "case" SET version = version + 1, stage = $3::"CaseStage", stage_started_on = $4::date, stage_deadline = $5::date, deadline_complete = true,
       round_records = $6::jsonb, publicity_posted_on = NULL, publicity_starts_on = NULL, publicity_ends_on = NULL, assist_first = assist_first,
       return_count = $7, updated_at = $8
     WHERE id = $1 AND version = $2`,
    [w.caseId, w.version, w.toStage, w.today, w.newDeadline ?? w.stageDeadline, JSON.stringify(w.roundRecords), w.returnCount, now],
  );
  if (updated.rowCount !== 1) throw new Error(`version conflict on case ${w.caseId}`);
  await run(
    client,
    `INSERT INTO case_event (case_id, seq, action, at, acted_on, actor_id, actor_name, actor_role, from_stage, to_stage, record, stage_deadline, met_deadline, new_deadline)
     VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8::"Role", $9::"CaseStage", $10::"CaseStage", $11::jsonb, $12::date, $13, $14::date)`,
    [w.caseId, w.version + 1, w.action, now, w.today, w.actor.id, w.actor.username, w.actor.role, w.fromStage, w.toStage,
      JSON.stringify(w.record), w.stageDeadline, w.fromStage !== w.toStage ? true : null, w.newDeadline],
  );
  // The audit entry linked onto the SM3 chain as the API does (decision 014): digest first, then the chain's lock, last.
  const entry: AuditContent = {
    at: now, actorId: w.actor.id, actorName: w.actor.username, actorRole: w.actor.role, action: `case.${w.action}`, entityType: "case",
    entityId: w.caseId, householdId: w.householdId, before: { stage: w.fromStage, version: w.version, deadline: w.stageDeadline },
    after: { stage: w.toStage, version: w.version + 1, deadline: w.newDeadline ?? w.stageDeadline, record: w.record },
    reason: (w.record as { reason?: string } | null)?.reason ?? null, requestId: "bench-raw", ip: "127.0.0.1",
  };
  const digest = contentDigest(entry);
  const head = (await run<{ position: string; hash: string }>(client, `SELECT position::text AS position, encode(hash, 'hex') AS hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`, [])).rows[0];
  const [link] = extendChain({ position: BigInt(head!.position), hash: Buffer.from(head!.hash, "hex") }, [digest]);
  await run(
    client,
    `WITH entry AS (
       INSERT INTO audit_entry (at, actor_id, actor_name, actor_role, action, entity_type, entity_id, household_id, before, after, reason, request_id, ip,
                                chain_position, chain_prev, chain_hash)
       VALUES ($1, $2, $3, $4::"Role", $5, 'case', $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13::bigint, decode($14, 'hex'), decode($15, 'hex')))
     UPDATE audit_chain_head SET position = $13::bigint, hash = decode($15, 'hex') WHERE id = 1`,
    [now, entry.actorId, entry.actorName, entry.actorRole, entry.action, w.caseId, w.householdId, JSON.stringify(entry.before),
      JSON.stringify(entry.after), entry.reason, entry.requestId, entry.ip, link!.position.toString(), link!.prev.toString("hex"), link!.hash.toString("hex")],
  );
  await client.query("COMMIT");
}

// ------------------------------------------------------------------ assistance (帮扶)
// No API statement to copy yet (the routes are written in parallel): these are the ideal queries for each
// endpoint's data, on the assistance_file indexes (prisma/schema.prisma: assistance_file_visit_idx on the
// village code prefix and next_visit_due; helper_assignment (helper_id, ended_on); helper.user_id unique).

export type VisitsDueFilter = {
  /** Area scope prefix of the user's area. */
  scope: string;
  /** A HELPER: only the households with a current assignment of the helper linked to this user. */
  helperUserId?: string;
  bucket?: "OVERDUE" | "DUE_TODAY" | "DUE_NEXT_WORKING_DAY" | "LATER";
  today: string;
  nextWorkingDay: string;
};

/** The open files a visits-due request reaches ($1 scope, $2 user or null), as a WHERE clause on assistance_file f. */
const VISITS_DUE_WHERE = `f.closed_on IS NULL AND f.village_code LIKE $1
  AND ($2::uuid IS NULL OR EXISTS (
    SELECT 1 FROM helper hp JOIN helper_assignment a ON a.helper_id = hp.id AND a.ended_on IS NULL
    WHERE hp.user_id = $2::uuid AND hp.is_active AND a.household_id = f.household_id))`;
const BUCKET_WHERE: Record<NonNullable<VisitsDueFilter["bucket"]>, string> = {
  OVERDUE: "f.next_visit_due < $3::date",
  DUE_TODAY: "f.next_visit_due = $3::date",
  DUE_NEXT_WORKING_DAY: "f.next_visit_due > $3::date AND f.next_visit_due <= $4::date",
  LATER: "f.next_visit_due > $4::date",
};

/**
 * GET /api/assistance/queues/visits-due — a page of open files by next_visit_due (household, village, lead
 * helper) and the counts by bucket, in two statements.
 */
export async function visitsDuePage(client: Client, f: VisitsDueFilter, page: number, pageSize: number): Promise<{ rows: number; total: number }> {
  const params = [`${f.scope}%`, f.helperUserId ?? null, f.today, f.nextWorkingDay];
  // The page statement binds only the dates its bucket uses: $3 today, $4 the next working day.
  const uses = (n: number) => f.bucket !== undefined && BUCKET_WHERE[f.bucket].includes(`$${n}`);
  const pageParams: unknown[] = [params[0], params[1]];
  let bucket = "";
  if (f.bucket) {
    bucket = BUCKET_WHERE[f.bucket];
    for (const n of [3, 4]) {
      if (!uses(n)) continue;
      pageParams.push(params[n - 1]);
      bucket = bucket.replaceAll(`$${n}`, `$${pageParams.length}`);
    }
    bucket = `AND ${bucket}`;
  }
  const rows = await run(
    client,
    `SELECT f.household_id, h.household_no, h.head_name, h.designation::text AS designation, f.risk_class, f.last_visit_on, f.next_visit_due,
            v.id AS v_id, v.code AS v_code, v.name AS v_name, v.level::text AS v_level, lh.id AS helper_id, lh.name AS helper_name
     FROM assistance_file f JOIN household h ON h.id = f.household_id JOIN area v ON v.id = h.village_id LEFT JOIN helper lh ON lh.id = f.lead_helper_id
     WHERE ${VISITS_DUE_WHERE} ${bucket}
     ORDER BY f.next_visit_due, f.household_id LIMIT $${pageParams.length + 1} OFFSET $${pageParams.length + 2}`,
    [...pageParams, pageSize, (page - 1) * pageSize],
  );
  const counts = await run<{ overdue: string; due_today: string; due_next: string; later: string }>(
    client,
    `SELECT count(*) FILTER (WHERE ${BUCKET_WHERE.OVERDUE}) AS overdue, count(*) FILTER (WHERE ${BUCKET_WHERE.DUE_TODAY}) AS due_today,
            count(*) FILTER (WHERE ${BUCKET_WHERE.DUE_NEXT_WORKING_DAY}) AS due_next, count(*) FILTER (WHERE ${BUCKET_WHERE.LATER}) AS later
     FROM assistance_file f WHERE ${VISITS_DUE_WHERE}`,
    params,
  );
  const c = counts.rows[0]!;
  const byBucket = { OVERDUE: c.overdue, DUE_TODAY: c.due_today, DUE_NEXT_WORKING_DAY: c.due_next, LATER: c.later };
  const total = f.bucket ? Number(byBucket[f.bucket]) : Object.values(byBucket).reduce((n, x) => n + Number(x), 0);
  return { rows: rows.rowCount ?? 0, total };
}

/**
 * GET /api/ledgers/assistance.xlsx?asOf= — one row per household whose file was open on asOf: the household,
 * its village and township, the lead helper of that day (the helper's phone decrypted, as the API must to mask
 * it), the measures with their states, the visits of the year up to asOf and the last one, the year's income.
 * The workbook itself is not built: that is the API's cost over the data.
 */
export async function assistanceLedger(client: Client, scope: string, asOf: string): Promise<{ rows: number }> {
  const result = await run<{ helper_phone: Buffer | null }>(
    client,
    `SELECT f.household_id, h.household_no, h.head_name, h.member_count, h.category::text AS category, h.designation::text AS designation,
            h.risk_causes, h.address_detail, v.name AS village, t.name AS township,
            f.opened_on, f.risk_class, f.plan_summary, f.next_visit_due,
            lead.name AS helper_name, lead.unit AS helper_unit, lead.position AS helper_position, lead.phone_enc AS helper_phone,
            (SELECT string_agg(m.name || '（' || m.state || '）', '、' ORDER BY m.created_at, m.id) FROM assistance_measure m WHERE m.household_id = f.household_id) AS measures,
            vis.visits, vis.last_visit_on,
            iy.member_count AS income_members,
            iy.a28_wage_income_fen + iy.a29a_family_planning_fen + iy.a29b_minimum_living_fen + iy.a29c_extreme_poverty_support_fen + iy.a29d_pension_fen
              + iy.a29e_ecological_compensation_fen + iy.a29f_other_transfer_fen + iy.a30_production_income_fen + iy.a31a_asset_dividend_fen
              + iy.a31b_other_property_fen - iy.a32_production_cost_fen AS net_income_fen
     FROM assistance_file f
       JOIN household h ON h.id = f.household_id JOIN area v ON v.id = h.village_id JOIN area t ON t.id = v.parent_id
       LEFT JOIN LATERAL (
         SELECT hp.name, hp.unit, hp.position, hp.phone_enc FROM helper_assignment a JOIN helper hp ON hp.id = a.helper_id
         WHERE a.household_id = f.household_id AND a.role = 'LEAD' AND a.started_on <= $2::date AND (a.ended_on IS NULL OR a.ended_on > $2::date)
         ORDER BY a.started_on DESC LIMIT 1) lead ON true
       LEFT JOIN LATERAL (
         SELECT count(*) AS visits, max(vi.visited_on) AS last_visit_on FROM visit vi
         WHERE vi.household_id = f.household_id AND vi.visited_on > $2::date - 365 AND vi.visited_on <= $2::date) vis ON true
       LEFT JOIN household_income_year iy ON iy.household_id = f.household_id AND iy.year = $3
     WHERE f.village_code LIKE $1 AND f.opened_on <= $2::date AND (f.closed_on IS NULL OR f.closed_on > $2::date)
     ORDER BY f.village_code, h.household_no`,
    [`${scope}%`, asOf, Number(asOf.slice(0, 4)) - 1],
  );
  for (const r of result.rows) if (r.helper_phone) dataKeys().decryptText(r.helper_phone);
  return { rows: result.rowCount ?? 0 };
}

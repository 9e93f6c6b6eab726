// The raw-SQL baseline of each read scenario: the data the endpoint returns,
// fetched with hand-written SQL straight through `pg` — the same filters,
// order, page and joins that the API's Prisma queries issue (see
// docs/benchmark.md), one statement per logical query, on one connection.
// It leaves out what is not the query itself: session lookup, the working-day
// calendar (two tiny reads), JSON serialisation, HTTP.
import type pg from "pg";

type Client = pg.PoolClient | pg.Client;

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

function bucketCondition(bucket: NonNullable<QueueFilter["bucket"]>, p: (v: unknown) => string, f: QueueFilter): string {
  switch (bucket) {
    case "OVERDUE": return `c.stage_deadline < ${p(f.today)}::date`;
    case "DUE_TODAY": return `c.stage_deadline = ${p(f.today)}::date`;
    case "DUE_NEXT_WORKING_DAY": return `(c.stage_deadline > ${p(f.today)}::date AND c.stage_deadline <= ${p(f.nextWorkingDay)}::date)`;
    case "LATER": return `(c.stage_deadline > ${p(f.nextWorkingDay)}::date OR c.stage_deadline IS NULL)`;
  }
}

function queueWhere(f: QueueFilter, params: unknown[]) {
  const p = (v: unknown) => `$${params.push(v)}`;
  const and = [`c.village_code LIKE ${p(`${f.scope}%`)}`, `c.stage = ANY(${p(f.stages)}::"CaseStage"[])`];
  if (f.returned !== undefined) and.push(f.returned ? "c.return_count > 0" : "c.return_count = 0");
  if (f.category) and.push(`c.category = ${p(f.category)}::"HouseholdCategory"`);
  if (f.riskCause) and.push(`c.lead -> 'riskCauses' @> ${p(JSON.stringify([f.riskCause]))}::jsonb`);
  return { and, p };
}

/** GET /api/queues/:queue — the page of cases (with household, village, township) and the counts: total and per bucket. */
export async function queuePage(client: Client, f: QueueFilter, page: number, pageSize: number): Promise<{ rows: number; total: number }> {
  const pageParams: unknown[] = [];
  const { and, p } = queueWhere(f, pageParams);
  if (f.bucket) and.push(bucketCondition(f.bucket, p, f));
  const pageSql = `SELECT ${CASE_SUMMARY_COLUMNS} FROM ${CASE_SUMMARY_FROM} WHERE ${and.join(" AND ")}
    ORDER BY c.stage_deadline ASC NULLS LAST, c.id ASC LIMIT ${p(pageSize)} OFFSET ${p((page - 1) * pageSize)}`;
  const countParams: unknown[] = [];
  const w = queueWhere(f, countParams);
  const countSql = `SELECT count(*) ${f.bucket ? `FILTER (WHERE ${bucketCondition(f.bucket, w.p, f)})` : ""} AS total,
      count(*) FILTER (WHERE ${bucketCondition("OVERDUE", w.p, f)}) AS overdue,
      count(*) FILTER (WHERE ${bucketCondition("DUE_TODAY", w.p, f)}) AS due_today,
      count(*) FILTER (WHERE ${bucketCondition("DUE_NEXT_WORKING_DAY", w.p, f)}) AS due_next,
      count(*) FILTER (WHERE ${bucketCondition("LATER", w.p, f)}) AS later
    FROM "case" c WHERE ${w.and.join(" AND ")}`;
  const rows = await client.query(pageSql, pageParams);
  const counts = await client.query<{ total: string }>(countSql, countParams);
  return { rows: rows.rowCount ?? 0, total: Number(counts.rows[0]!.total) };
}

/** GET /api/queues/district-overview — the service's own SQL, and the townships with their district. */
export async function districtOverview(client: Client, scope: string, today: string, nextWorkingDay: string): Promise<void> {
  await client.query(
    `SELECT substr(village_code, 1, 9) AS township_code,
            count(*) FILTER (WHERE stage_deadline < $1::date) AS overdue,
            count(*) FILTER (WHERE stage_deadline = $1::date) AS due_today,
            count(*) FILTER (WHERE stage_deadline > $1::date AND stage_deadline <= $2::date) AS due_next,
            count(*) FILTER (WHERE stage_deadline > $2::date OR stage_deadline IS NULL) AS later,
            count(*) AS total
     FROM "case" WHERE closed_at IS NULL AND village_code LIKE $3 GROUP BY 1`,
    [today, nextWorkingDay, `${scope}%`],
  );
  await client.query(
    `SELECT t.id, t.code, t.name, t.level::text, d.id AS district_id, d.code AS district_code, d.name AS district_name, d.level::text AS district_level
     FROM area t JOIN area d ON d.id = t.parent_id WHERE t.level = 'TOWNSHIP' AND t.code LIKE $1 ORDER BY t.code`,
    [`${scope}%`],
  );
}

/** GET /api/cases/:id — the case with its household and places, and its history with the actors' display names. */
export async function caseDetail(client: Client, id: string, scope: string): Promise<void> {
  const found = await client.query(`SELECT ${CASE_SUMMARY_COLUMNS} FROM ${CASE_SUMMARY_FROM} WHERE c.id = $1 AND c.village_code LIKE $2`, [id, `${scope}%`]);
  if (!found.rowCount) throw new Error(`case ${id} not found`);
  await client.query(
    `SELECT e.*, e.actor_role::text, e.from_stage::text, e.to_stage::text, u.display_name FROM case_event e LEFT JOIN app_user u ON u.id = e.actor_id
     WHERE e.case_id = $1 ORDER BY e.seq`,
    [id],
  );
}

/** GET /api/households/:id — the household with its places, its members in order, and the village's area path. */
export async function householdDetail(client: Client, id: string, scope: string): Promise<void> {
  const found = await client.query<{ village_id: number }>(
    `SELECT h.*, h.category::text, h.designation::text, v.code AS v_code, v.name AS v_name, v.level::text AS v_level,
            t.id AS t_id, t.code AS t_code, t.name AS t_name, t.level::text AS t_level, nv.code AS nv_code, nv.name AS nv_name, nv.level::text AS nv_level
     FROM household h JOIN area v ON v.id = h.village_id JOIN area t ON t.id = v.parent_id LEFT JOIN area nv ON nv.id = h.natural_village_id
     WHERE h.id = $1 AND h.village_code LIKE $2`,
    [id, `${scope}%`],
  );
  if (!found.rowCount) throw new Error(`household ${id} not found`);
  await client.query(`SELECT * FROM member WHERE household_id = $1 ORDER BY position`, [id]);
  await client.query(
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
  const byId = /^\d{3,17}[\dX]?$/.test(id);
  const condition = byId
    ? id.length === 18
      ? `EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND m.id_number = $2)`
      : `EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND m.id_number LIKE '%' || $2)`
    : `EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND m.name LIKE $2 || '%')`;
  const where = `h.village_code LIKE $1 AND ${condition}`;
  const rows = await client.query(
    `SELECT h.id, h.household_no, h.category::text, h.designation::text, h.head_name, h.member_count, h.updated_at,
            v.id AS v_id, v.code AS v_code, v.name AS v_name, t.id AS t_id, t.code AS t_code, t.name AS t_name, nv.id AS nv_id, nv.name AS nv_name,
            (SELECT m.id_number FROM member m WHERE m.household_id = h.id AND m.relation = 'HEAD' ORDER BY m.id LIMIT 1) AS head_id_number
     FROM household h JOIN area v ON v.id = h.village_id JOIN area t ON t.id = v.parent_id LEFT JOIN area nv ON nv.id = h.natural_village_id
     WHERE ${where} ORDER BY h.updated_at DESC, h.id ASC LIMIT $3 OFFSET $4`,
    [`${scope}%`, byId ? id : q, pageSize, (page - 1) * pageSize],
  );
  const total = await client.query<{ n: string }>(`SELECT count(*) AS n FROM household h WHERE ${where}`, [`${scope}%`, byId ? id : q]);
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
  const updated = await client.query(
    `UPDATE "case" SET version = version + 1, stage = $3::"CaseStage", stage_started_on = $4::date, stage_deadline = $5::date, deadline_complete = true,
       round_records = $6::jsonb, publicity_posted_on = NULL, publicity_starts_on = NULL, publicity_ends_on = NULL, assist_first = assist_first,
       return_count = $7, updated_at = $8
     WHERE id = $1 AND version = $2`,
    [w.caseId, w.version, w.toStage, w.today, w.newDeadline ?? w.stageDeadline, JSON.stringify(w.roundRecords), w.returnCount, now],
  );
  if (updated.rowCount !== 1) throw new Error(`version conflict on case ${w.caseId}`);
  await client.query(
    `INSERT INTO case_event (case_id, seq, action, at, acted_on, actor_id, actor_name, actor_role, from_stage, to_stage, record, stage_deadline, met_deadline, new_deadline)
     VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8::"Role", $9::"CaseStage", $10::"CaseStage", $11::jsonb, $12::date, $13, $14::date)`,
    [w.caseId, w.version + 1, w.action, now, w.today, w.actor.id, w.actor.username, w.actor.role, w.fromStage, w.toStage,
      JSON.stringify(w.record), w.stageDeadline, w.fromStage !== w.toStage ? true : null, w.newDeadline],
  );
  await client.query(
    `INSERT INTO audit_entry (at, actor_id, actor_name, actor_role, action, entity_type, entity_id, household_id, before, after, reason, request_id, ip)
     VALUES ($1, $2, $3, $4::"Role", $5, 'case', $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12)`,
    [now, w.actor.id, w.actor.username, w.actor.role, `case.${w.action}`, w.caseId, w.householdId,
      JSON.stringify({ stage: w.fromStage, version: w.version, deadline: w.stageDeadline }),
      JSON.stringify({ stage: w.toStage, version: w.version + 1, deadline: w.newDeadline ?? w.stageDeadline, record: w.record }),
      (w.record as { reason?: string } | null)?.reason ?? null, "bench-raw", "127.0.0.1"],
  );
  await client.query("COMMIT");
}

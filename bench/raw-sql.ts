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

// What the benchmark loads: the fixtures taken from the generated data (users
// of each role, cases, households, names, ID numbers) and, per scenario, the
// HTTP request and its raw-SQL baseline.
import { areaScopePrefix, type AreaLevel } from "@fanpin/domain/areas";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import { WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import { QUEUES, type QueueName } from "@fanpin/domain/queues";
import pg from "pg";
import { createPrisma } from "../apps/api/src/db/prisma.ts";
import { dataKeys } from "../apps/api/src/lib/data-crypto.ts";
import { loadCalendar } from "../apps/api/src/modules/calendar/calendar.service.ts";
import type { HttpRequestSpec } from "./load.ts";
import * as raw from "./raw-sql.ts";

export type BenchUser = { id: string; username: string; role: string; areaCode: string; areaLevel: AreaLevel; scope: string };

export type ReadScenario = {
  name: string;
  /** Who makes the requests. */
  username: string;
  describe: string;
  http: (i: number) => HttpRequestSpec;
  raw: (client: pg.PoolClient | pg.Client, i: number) => Promise<unknown>;
  /** The list total the API must report, checked once before loading (queues and searches). */
  check?: (body: unknown) => string | null;
  /** Requests made in turn by these users (the i-th by users[i % n]); `username` is the first. */
  users?: string[];
  /** A file download (.xlsx): checked for its content type, not parsed as JSON. */
  download?: boolean;
  /** "timed": reported at its own concurrency levels, not judged against the read targets (e.g. a district's whole ledger). */
  kind?: "read" | "timed";
  /** Concurrency levels of this scenario (default: --concurrency). */
  levels?: number[];
};

export type Fixtures = {
  today: string;
  nextWorkingDay: string;
  addWorkingDays: (from: string, days: number) => string;
  township: BenchUser;
  district: BenchUser;
  village: BenchUser;
  villageQueue: QueueName;
  caseIds: string[];
  householdIds: string[];
  names: string[];
  idNumbers: string[];
};

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();

async function userWith(client: pg.Client, role: string, orderSql: string, params: unknown[] = []): Promise<BenchUser> {
  const { rows } = await client.query<{ id: string; username: string; role: string; code: string; level: AreaLevel }>(
    `SELECT u.id, u.username, u.role::text, a.code, a.level::text AS level FROM app_user u JOIN area a ON a.id = u.area_id
     WHERE u.username LIKE 'bench-%' AND u.role = $1::"Role" AND u.is_active ORDER BY ${orderSql} LIMIT 1`,
    [role, ...params],
  );
  const u = rows[0];
  if (!u) throw new Error(`no bench user with role ${role}: is the generated data loaded?`);
  return { id: u.id, username: u.username, role: u.role, areaCode: u.code, areaLevel: u.level, scope: areaScopePrefix(u.level, u.code) };
}

const openCasesIn = (stages: string, extra = "") =>
  `(SELECT count(*) FROM "case" c WHERE c.closed_at IS NULL AND c.stage::text IN (${stages}) ${extra}
     AND c.village_code LIKE substr(a.code, 1, CASE a.level WHEN 'DISTRICT' THEN 6 WHEN 'TOWNSHIP' THEN 9 ELSE 12 END) || '%') DESC, u.username`;

export async function loadFixtures(connectionString: string): Promise<Fixtures> {
  const prisma = createPrisma(connectionString, { max: 2 });
  const calendar = await loadCalendar(prisma);
  await prisma.$disconnect();
  const today = todayInChina(new Date());
  const nextWorkingDay = calendar.nextWorkingDay(today);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // The busiest user of each role: the queue the benchmark pages through is that user's.
    const township = await userWith(client, "TOWNSHIP_STAFF", openCasesIn("'TOWNSHIP_VERIFICATION'", "AND c.return_count = 0"));
    const district = await userWith(client, "DISTRICT_REVIEWER", openCasesIn("'DISTRICT_REVIEW'"));
    const village = await userWith(client, "VILLAGE_CADRE", openCasesIn("'PUBLICITY_RUNNING'"));
    const scope = `${district.scope}%`;
    const sample = async (sql: string) => (await client.query<{ v: string }>(sql, [scope])).rows.map((r) => r.v);
    const caseIds = await sample(`SELECT id::text AS v FROM "case" WHERE village_code LIKE $1 ORDER BY md5(id::text) LIMIT 1000`);
    const householdIds = await sample(`SELECT id::text AS v FROM household WHERE village_code LIKE $1 ORDER BY md5(id::text) LIMIT 1000`);
    const names = await sample(`SELECT head_name AS v FROM household WHERE village_code LIKE $1 ORDER BY md5(id::text || 'n') LIMIT 200`);
    const idNumbers = (await client.query<{ v: Buffer }>(
      `SELECT m.id_number_enc AS v FROM member m JOIN household h ON h.id = m.household_id WHERE h.village_code LIKE $1 AND m.id_type = 'RESIDENT_ID'
       ORDER BY md5(m.id::text) LIMIT 1000`, [scope],
    )).rows.map((r) => dataKeys().decryptText(r.v));
    if (!caseIds.length || !householdIds.length) throw new Error(`no cases or households in ${district.username}'s district`);
    const addWorkingDays = (from: string, days: number) => calendar.addWorkingDays(from, days).date;
    return { today, nextWorkingDay, addWorkingDays, township, district, village, villageQueue: "village-running", caseIds, householdIds, names, idNumbers };
  } finally {
    await client.end();
  }
}

const PAGE_SIZE = 20;

/** The read scenarios; deep pages are the last page of the filtered queue, found with the baseline's own count. */
export async function readScenarios(f: Fixtures, connectionString: string): Promise<ReadScenario[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const dates = { today: f.today, nextWorkingDay: f.nextWorkingDay };
  const queue = async (
    name: string, user: BenchUser, queueName: QueueName, filter: { category?: string; bucket?: raw.QueueFilter["bucket"] }, deep: boolean,
  ): Promise<ReadScenario> => {
    const def = QUEUES[queueName] as { stages: readonly string[]; returned?: boolean };
    const rf: raw.QueueFilter = { scope: user.scope, stages: def.stages, ...(def.returned !== undefined ? { returned: def.returned } : {}), ...filter, ...dates };
    const { total } = await raw.queuePage(client, rf, 1, PAGE_SIZE);
    const page = deep ? Math.max(1, Math.ceil(total / PAGE_SIZE)) : 1;
    const path = `/api/queues/${queueName}?${qs({ page, pageSize: PAGE_SIZE, ...filter })}`;
    return {
      name, username: user.username,
      describe: `${user.username} GET ${path} (${total} cases in the list)`,
      http: () => ({ path }),
      raw: (c) => raw.queuePage(c, rf, page, PAGE_SIZE),
      check: (body) => {
        const b = body as { total?: number };
        return b.total === total ? null : `API total ${b.total} ≠ raw SQL total ${total}`;
      },
    };
  };
  try {
    const scenarios: ReadScenario[] = [
      await queue("queue township first page", f.township, "township-leads", {}, false),
      await queue("queue township deep page, filtered", f.township, "township-leads", { category: "ORDINARY" }, true),
      await queue("queue district first page", f.district, "district-review", {}, false),
      await queue("queue district deep page, filtered", f.district, "district-review", { category: "ORDINARY", bucket: "LATER" }, true),
      await queue("queue village first page", f.village, f.villageQueue, {}, false),
    ];
    const d = f.district;
    scenarios.push(
      {
        name: "district overview", username: d.username, describe: `${d.username} GET /api/queues/district-overview`,
        http: () => ({ path: "/api/queues/district-overview" }),
        raw: (c) => raw.districtOverview(c, d.scope, f.today, f.nextWorkingDay),
      },
      {
        name: "household search by name", username: d.username, describe: `${d.username} GET /api/households?q=<one of ${f.names.length} head names>`,
        http: (i) => ({ path: `/api/households?${qs({ q: pick(f.names, i) })}` }),
        raw: (c, i) => raw.householdSearch(c, d.scope, pick(f.names, i)),
      },
      {
        name: "household search by ID number", username: d.username, describe: `${d.username} GET /api/households?q=<one of ${f.idNumbers.length} ID numbers>`,
        http: (i) => ({ path: `/api/households?${qs({ q: pick(f.idNumbers, i) })}` }),
        raw: (c, i) => raw.householdSearch(c, d.scope, pick(f.idNumbers, i)),
      },
      {
        name: "case detail", username: d.username, describe: `${d.username} GET /api/cases/<one of ${f.caseIds.length} cases>`,
        http: (i) => ({ path: `/api/cases/${pick(f.caseIds, i)}` }),
        raw: (c, i) => raw.caseDetail(c, pick(f.caseIds, i), d.scope),
      },
      {
        name: "household detail", username: d.username, describe: `${d.username} GET /api/households/<one of ${f.householdIds.length} households>`,
        http: (i) => ({ path: `/api/households/${pick(f.householdIds, i)}` }),
        raw: (c, i) => raw.householdDetail(c, pick(f.householdIds, i), d.scope),
      },
      {
        name: "household search by last 4 ID digits", username: d.username, describe: `${d.username} GET /api/households?q=<last 4 of one of ${f.idNumbers.length} ID numbers>`,
        http: (i) => ({ path: `/api/households?${qs({ q: pick(f.idNumbers, i).slice(-4) })}` }),
        raw: (c, i) => raw.householdSearch(c, d.scope, pick(f.idNumbers, i).slice(-4)),
      },
    );
    // The searches' totals, checked against the API on their first term.
    const name0 = await raw.householdSearch(client, d.scope, pick(f.names, 0));
    scenarios[6]!.check = (body) => ((body as { total?: number }).total === name0.total ? null : `API total ${(body as { total?: number }).total} ≠ raw ${name0.total}`);
    const id0 = await raw.householdSearch(client, d.scope, pick(f.idNumbers, 0));
    scenarios[7]!.check = (body) => ((body as { total?: number }).total === id0.total ? null : `API total ${(body as { total?: number }).total} ≠ raw ${id0.total}`);
    return scenarios;
  } finally {
    await client.end();
  }
}

// ------------------------------------------------------------------ case actions

export type ActionKind = "verify" | "approve" | "return";
export type ActionItem = {
  kind: ActionKind;
  caseId: string;
  householdId: string;
  version: number;
  stage: string;
  stageDeadline: string | null;
  returnCount: number;
  roundRecords: unknown;
  user: BenchUser;
};

const VERIFICATION = (today: string) => ({ visitedOn: today, verifiers: ["核实员甲", "核实员乙"], findings: "入户核实：家庭收入下降，风险属实。", riskConfirmed: true });
const APPROVAL = {
  crossChecks: Object.fromEntries(Object.keys(WEIHAI_RULES.crossChecks).map((k) => [k, { result: "CLEAR" }])),
  exclusions: Object.fromEntries(Object.keys(WEIHAI_RULES.exclusions).map((k) => [k, false])),
  note: "信息比对无异常，十不纳入情形均不存在。",
};
const RETURN = { reason: "请补充家庭收入佐证材料后重新报送。" };

export function actionPath(kind: ActionKind): string {
  return kind === "verify" ? "verification" : kind;
}
export function actionRecord(kind: ActionKind, today: string): unknown {
  return kind === "verify" ? VERIFICATION(today) : kind === "approve" ? APPROVAL : RETURN;
}

/**
 * The pool of cases the action mix consumes: open cases in township
 * verification (verify, by the township's user, from at most `maxTownships`
 * townships) and in district review (approve and return alternately, by the
 * district's user), interleaved verify, approve, verify, return, …
 * Cases of `avoidScope` (the district the read scenarios page through) are
 * left alone while other districts have enough, so that repeated runs do not
 * empty the queues being measured.
 */
export async function actionPool(connectionString: string, avoidScope: string | null, maxTownships = 12): Promise<ActionItem[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const users = (await client.query<{ id: string; username: string; role: string; code: string; level: AreaLevel }>(
      `SELECT u.id, u.username, u.role::text, a.code, a.level::text AS level FROM app_user u JOIN area a ON a.id = u.area_id
       WHERE u.username LIKE 'bench-%' AND u.role::text IN ('TOWNSHIP_STAFF', 'DISTRICT_REVIEWER')`,
    )).rows.map((u): BenchUser => ({ id: u.id, username: u.username, role: u.role, areaCode: u.code, areaLevel: u.level, scope: areaScopePrefix(u.level, u.code) }));
    const byScope = new Map(users.map((u) => [u.scope, u]));
    const { rows: all } = await client.query<{ id: string; household_id: string; version: number; stage: string; stage_deadline: string | null; return_count: number; round_records: unknown; village_code: string }>(
      `SELECT id, household_id, version, stage::text, to_char(stage_deadline, 'YYYY-MM-DD') AS stage_deadline, return_count, round_records, village_code
       FROM "case" WHERE closed_at IS NULL AND stage IN ('TOWNSHIP_VERIFICATION', 'DISTRICT_REVIEW') AND village_code LIKE '3799%'
       ORDER BY md5(id::text)`,
    );
    const elsewhere = avoidScope ? all.filter((r) => !r.village_code.startsWith(avoidScope)) : all;
    const rows = elsewhere.length >= all.length / 4 ? elsewhere : all;
    const item = (r: (typeof all)[number], kind: ActionKind, user: BenchUser): ActionItem => ({
      kind, caseId: r.id, householdId: r.household_id, version: r.version, stage: r.stage, stageDeadline: r.stage_deadline,
      returnCount: r.return_count, roundRecords: r.round_records, user,
    });
    const townshipCounts = new Map<string, number>();
    for (const r of rows) if (r.stage === "TOWNSHIP_VERIFICATION") townshipCounts.set(r.village_code.slice(0, 9), (townshipCounts.get(r.village_code.slice(0, 9)) ?? 0) + 1);
    const townships = new Set([...townshipCounts.entries()].filter(([s]) => byScope.has(s)).sort((a, b) => b[1] - a[1]).slice(0, maxTownships).map(([s]) => s));
    const verify: ActionItem[] = [];
    const review: ActionItem[] = [];
    for (const r of rows) {
      if (r.stage === "TOWNSHIP_VERIFICATION" && townships.has(r.village_code.slice(0, 9))) verify.push(item(r, "verify", byScope.get(r.village_code.slice(0, 9))!));
      const district = byScope.get(r.village_code.slice(0, 6));
      if (r.stage === "DISTRICT_REVIEW" && district) review.push(item(r, review.length % 2 === 0 ? "approve" : "return", district));
    }
    const mixed: ActionItem[] = [];
    for (let i = 0; i < Math.max(verify.length, review.length); i++) {
      if (verify[i]) mixed.push(verify[i]!);
      if (review[i]) mixed.push(review[i]!);
    }
    return mixed;
  } finally {
    await client.end();
  }
}

/** The same writes as the API's action, for the raw baseline. */
export function actionWrite(a: ActionItem, today: string, addWorkingDays: (from: string, days: number) => string): raw.ActionWrite {
  const record = actionRecord(a.kind, today);
  const rr = (a.roundRecords ?? {}) as Record<string, unknown>;
  const base = { caseId: a.caseId, householdId: a.householdId, version: a.version, fromStage: a.stage, stageDeadline: a.stageDeadline, today, actor: a.user, record };
  switch (a.kind) {
    case "verify":
      return { ...base, action: "RECORD_VERIFICATION", toStage: a.stage, newDeadline: null, roundRecords: { ...rr, verification: record }, returnCount: a.returnCount };
    case "approve":
      return { ...base, action: "APPROVE", toStage: "PUBLICITY_PENDING", newDeadline: addWorkingDays(today, 3), roundRecords: rr, returnCount: a.returnCount };
    case "return":
      return { ...base, action: "RETURN", toStage: "TOWNSHIP_VERIFICATION", newDeadline: addWorkingDays(today, 5), roundRecords: { verification: null, appraisal: null }, returnCount: a.returnCount + 1 };
  }
}

// ------------------------------------------------------------------ assistance (帮扶)

/** HELPER accounts linked to a helper with current assignments, the busiest first. */
async function helperUsers(client: pg.Client, limit: number): Promise<(BenchUser & { households: number })[]> {
  const { rows } = await client.query<{ id: string; username: string; code: string; level: AreaLevel; households: number }>(
    `SELECT u.id, u.username, a.code, a.level::text AS level, count(*)::int AS households
     FROM app_user u JOIN area a ON a.id = u.area_id JOIN helper hp ON hp.user_id = u.id AND hp.is_active
       JOIN helper_assignment ha ON ha.helper_id = hp.id AND ha.ended_on IS NULL JOIN assistance_file f ON f.household_id = ha.household_id AND f.closed_on IS NULL
     WHERE u.username LIKE 'bench-helper-%' AND u.role = 'HELPER' AND u.is_active
     GROUP BY u.id, u.username, a.code, a.level ORDER BY households DESC, u.username LIMIT $1`,
    [limit],
  );
  return rows.map((u) => ({ id: u.id, username: u.username, role: "HELPER", areaCode: u.code, areaLevel: u.level, scope: areaScopePrefix(u.level, u.code), households: u.households }));
}

/** The user of `role` whose area holds the most open files (overdue ones only, with `overdueBefore`). */
async function busiestForFiles(client: pg.Client, role: string, overdueBefore: string | null): Promise<BenchUser> {
  return userWith(
    client, role,
    `(SELECT count(*) FROM assistance_file f WHERE f.closed_on IS NULL ${overdueBefore ? "AND f.next_visit_due < $2::date" : ""}
       AND f.village_code LIKE substr(a.code, 1, CASE a.level WHEN 'DISTRICT' THEN 6 WHEN 'TOWNSHIP' THEN 9 ELSE 12 END) || '%') DESC, u.username`,
    overdueBefore ? [overdueBefore] : [],
  );
}

/**
 * The assistance scenarios: the helpers' household list (visits-due as HELPER users in turn), the overdue
 * visits of a township and of a district, and the assistance ledger of a township (judged as a read) and of
 * a district (timed at one connection). Empty when the data has no assistance files (generated before them).
 */
export async function assistanceScenarios(f: Fixtures, connectionString: string): Promise<ReadScenario[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const dates = { today: f.today, nextWorkingDay: f.nextWorkingDay };
  try {
    const files = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM assistance_file WHERE village_code LIKE '3799%' AND closed_on IS NULL`)).rows[0]!.n;
    if (!files) return [];
    const scenarios: ReadScenario[] = [];
    const totalCheck = (total: number) => (body: unknown) => {
      const b = body as { total?: number };
      return b.total === total ? null : `API total ${b.total} ≠ raw SQL total ${total}`;
    };

    const helpers = await helperUsers(client, 20);
    if (helpers.length) {
      const path = `/api/assistance/queues/visits-due?${qs({ page: 1, pageSize: PAGE_SIZE })}`;
      const filters = helpers.map((h): raw.VisitsDueFilter => ({ scope: h.scope, helperUserId: h.id, ...dates }));
      const first = await raw.visitsDuePage(client, filters[0]!, 1, PAGE_SIZE);
      scenarios.push({
        name: "assistance helper's households", username: helpers[0]!.username, users: helpers.map((h) => h.username),
        describe: `${helpers.length} HELPER users in turn (${helpers.map((h) => h.households).join("/")} households) GET ${path}`,
        http: () => ({ path }),
        raw: (c, i) => raw.visitsDuePage(c, pick(filters, i), 1, PAGE_SIZE),
        check: totalCheck(first.total),
      });
    }

    const overdue = async (name: string, user: BenchUser) => {
      const rf: raw.VisitsDueFilter = { scope: user.scope, bucket: "OVERDUE", ...dates };
      const { total } = await raw.visitsDuePage(client, rf, 1, PAGE_SIZE);
      const path = `/api/assistance/queues/visits-due?${qs({ page: 1, pageSize: PAGE_SIZE, bucket: "OVERDUE" })}`;
      scenarios.push({
        name, username: user.username, describe: `${user.username} GET ${path} (${total} households overdue)`,
        http: () => ({ path }), raw: (c) => raw.visitsDuePage(c, rf, 1, PAGE_SIZE), check: totalCheck(total),
      });
    };
    await overdue("assistance overdue visits township", await busiestForFiles(client, "TOWNSHIP_STAFF", f.today));
    await overdue("assistance overdue visits district", await busiestForFiles(client, "DISTRICT_REVIEWER", f.today));

    const ledger = async (name: string, user: BenchUser, timed: boolean) => {
      const { rows } = await raw.assistanceLedger(client, user.scope, f.today);
      const path = `/api/ledgers/assistance.xlsx?${qs({ asOf: f.today })}`;
      scenarios.push({
        name, username: user.username, describe: `${user.username} GET ${path} (${rows} households in the ledger)`, download: true,
        http: () => ({ path }), raw: (c) => raw.assistanceLedger(c, user.scope, f.today),
        ...(timed ? { kind: "timed" as const, levels: [1] } : {}),
      });
    };
    await ledger("assistance ledger township", await busiestForFiles(client, "TOWNSHIP_STAFF", null), false);
    await ledger("assistance ledger district", await busiestForFiles(client, "DISTRICT_REVIEWER", null), true);
    return scenarios;
  } finally {
    await client.end();
  }
}

// The scale data generator (`npm run seed:scale -- --households N`): a
// realistic slice of a province — a city of several districts, ~15 townships
// each, ~20 villages per township — with N households, their members, open
// and closed cases in every stage and the audit trail the application would
// have written, bulk-loaded with COPY. See docs/scale-data.md.
//
// - Generated areas live under the city 379900000000 (滨岳市, a code no real
//   city has), beside the demo's 威海市; the province 370000000000 is reused.
// - Running it again into the same database is refused unless `append` is
//   set, which adds new districts (379901, 379902, … continue) with their
//   own households, users and citizen ID address codes.
// - Everything is generated from a seeded PRNG in chunks of a few thousand
//   households, streamed through four COPY connections (household; member;
//   audit_entry; case + case_event), with constant memory.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { dataKeys, idNumberColumns } from "../lib/data-crypto.ts";
import { maskPersonalData } from "../lib/personal-data.ts";
import { uuidV7 } from "../lib/uuid-v7.ts";
import { b, j, t } from "./scale-copy.ts";
import {
  ASSISTANCE_COLUMNS, ASSISTANCE_TABLES, generateAssistanceFile, newAssistanceBuffers, newAssistanceCounters, newTownshipHelpers, rememberingCalendar,
  type AssistanceBuffers, type AssistanceCounters, type AssistanceEnv, type TownshipHelpers,
} from "./scale-assistance.ts";
import { from as copyFrom } from "pg-copy-streams";
import { todayInChina, type WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";
import type { HouseholdCategory } from "@fanpin/domain/categories";
import { identificationFor, type LocalRules } from "@fanpin/domain/procedures/rules";
import { CASE_STAGES, type CaseStage } from "@fanpin/domain/procedures/stages";
import { configFromEnv } from "../config.ts";
import { BULK_COLUMNS } from "../db/bulk-insert.ts";
import { contentDigest, extendChain, type AuditContent, type ChainLink } from "../modules/audit/audit-chain.ts";
import { createPrisma } from "../db/prisma.ts";
import { loadCalendar } from "../modules/calendar/calendar.service.ts";
import { hashPassword } from "../modules/auth/password.ts";
import { OPEN_VARIANTS, planAndSimulate, type CaseVariant, type SimCase, type Who } from "./scale-cases.ts";
import {
  CitizenIdAllocator, createRng, DIFFICULTY, generateIncome, generateMembers, riskCauses as pickRiskCauses, type GenMember, type IncomeFen, type Rng,
} from "./scale-people.ts";

export const BENCH_PASSWORD = "Bench@2026";
export const SCALE_CITY_CODE = "379900000000";
export const SCALE_CITY_NAME = "滨岳市";
const PROVINCE_CODE = "370000000000";
const REQUEST_ID = "seed-scale";

export type SeedScaleOptions = {
  connectionString: string;
  /** Households to generate (default 1,000,000). */
  households?: number;
  /** Seed of the generator: the same seed gives the same data (default 20261123). */
  seed?: number;
  /** Districts to create (default: one per ~150,000 households, 2–8). */
  districts?: number;
  /** Add new districts to a database that already has generated ones (default: refuse). */
  append?: boolean;
  /** "Now" of the data: cases' deadlines lie around this day (default: the system clock). */
  now?: Date;
  /** Local rules (default: LOCAL_RULES of the environment, Weihai). */
  rules?: LocalRules;
  /** Households per COPY chunk (default 4,000). */
  chunkSize?: number;
  log?: (line: string) => void;
  /** How often progress is printed (default every 2 s). */
  progressIntervalMs?: number;
};

export type BenchUser = { username: string; role: string; areaCode: string; areaName: string };

export type SeedScaleResult = {
  districts: { code: string; name: string; households: number }[];
  households: number;
  members: number;
  categories: Record<HouseholdCategory, number>;
  designated: { MONITORED: number; INSTANT_ASSISTANCE: number };
  rolledBack: number;
  openCases: number;
  closedCases: number;
  casesByStage: Partial<Record<CaseStage, number>>;
  caseEvents: number;
  auditEntries: number;
  /** Assistance files (designated households and open assist-first cases) and what hangs off them. */
  assistance: AssistanceCounters;
  areas: number;
  users: BenchUser[];
  userCount: number;
  password: string;
  seconds: number;
};

/** Raised when the database already holds generated districts and `append` was not asked for. */
export class AlreadySeededError extends Error {}

// ---------------------------------------------------------------- COPY helpers

/** The encrypted ID number and its blind indexes, as the application writes them (decision 015). */
function idColumns(idNumber: string): string {
  const c = idNumberColumns(idNumber);
  return `${b(c.idNumberEnc)}\t${b(c.idNumberBidx)}\t${b(c.idLast4Bidx)}\t${b(c.idLast6Bidx)}`;
}

// The application's bulk-insert columns, plus the case tables the application never writes in bulk.
const COLUMNS = {
  ...BULK_COLUMNS,
  ...ASSISTANCE_COLUMNS,
  case: [
    "id", "case_no", "household_id", "open_household_id", "category", "stage", "village_code", "opened_on", "stage_started_on", "stage_deadline",
    "deadline_complete", "return_count", "assist_first", "lead", "round_records", "publicity_posted_on", "publicity_starts_on", "publicity_ends_on",
    "closed_at", "version", "created_by_id", "created_at", "updated_at", "procedure", "rule_set", "first_clue_on", "monitoring_type",
  ],
  designation_period: ["id", "household_id", "village_code", "designation", "started_on", "start_case_id"],
  case_event: [
    "case_id", "seq", "action", "at", "acted_on", "actor_id", "actor_name", "actor_role", "from_stage", "to_stage", "record", "stage_deadline",
    "met_deadline", "new_deadline",
  ],
} as const;
type Table = keyof typeof COLUMNS;
const copySql = (table: Table) => `COPY "${table}" (${COLUMNS[table].map((c) => `"${c}"`).join(", ")}) FROM STDIN`;

/** One connection that runs COPY statements one after another. */
class CopyLane {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly client: pg.Client) {}
  push(table: Table, text: string): Promise<void> {
    const run = async () => {
      if (!text) return;
      const stream = this.client.query(copyFrom(copySql(table)));
      // The client goes idle ('drain') only after the server's ReadyForQuery, which follows the stream's end:
      // wait for it, so that the next COPY is not sent while this one still counts as running.
      const idle = new Promise<void>((resolve) => this.client.once("drain", () => resolve()));
      await pipeline(Readable.from([text]), stream);
      await idle;
    };
    const next = this.tail.then(run);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

// ---------------------------------------------------------------- area plan

const DISTRICT_NAMES = ["东港区", "西岭县", "南山区", "北川县", "青石县", "白水县", "金河区", "云台县", "松涛县", "临海区", "望岳县", "龙泉县"];
const SYL_1 = ["大", "小", "东", "西", "南", "北", "前", "后", "上", "下", "新", "老", "石", "河", "山", "柳", "杨", "李", "王", "张", "马", "沙", "龙", "凤", "桃", "杏", "枣", "泉", "湖", "岭", "高", "黄", "白", "青", "古", "双"];
const SYL_2 = ["庄", "集", "店", "桥", "河", "口", "屯", "营", "湾", "坡", "岭", "港", "埠", "疃", "崖", "头", "家", "泊", "沟", "台", "园", "寨", "村", "峪", "洼"];

type PlannedArea = { code: string; name: string };
type VillagePlan = PlannedArea & { id: number; groups: { id: number; name: string }[]; townshipIndex: number; userId: string; username: string };
type TownshipPlan = PlannedArea & {
  id: number; userId: string; username: string; villages: VillagePlan[];
  /** The township's HELPER accounts (linked to its first helpers) and its helpers as they are made. */
  helperUsers: { id: string; username: string }[]; helpers: TownshipHelpers | null;
};
type DistrictPlan = PlannedArea & { id: number; index: number; userId: string; username: string; townships: TownshipPlan[] };

function uniqueName(rng: Rng, used: Set<string>, suffix: string): string {
  for (;;) {
    const name = rng.pick(SYL_1) + rng.pick(SYL_2) + suffix;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

// ---------------------------------------------------------------- the generator

type Counters = {
  households: number; members: number; auditEntries: number; caseEvents: number; openCases: number; closedCases: number; rolledBack: number;
  categories: Record<HouseholdCategory, number>; designated: { MONITORED: number; INSTANT_ASSISTANCE: number }; casesByStage: Partial<Record<CaseStage, number>>;
};

export async function seedScale(options: SeedScaleOptions): Promise<SeedScaleResult> {
  const started = Date.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const total = options.households ?? 1_000_000;
  if (!Number.isInteger(total) || total < 1) throw new Error("households must be a positive integer");
  const seed = options.seed ?? 20261123;
  const now = options.now ?? new Date();
  const nowMs = now.getTime();
  const today = todayInChina(now);
  const rules = options.rules ?? configFromEnv().rules;
  const chunkSize = options.chunkSize ?? 4000;
  const districtCount = options.districts ?? Math.min(8, Math.max(2, Math.ceil(total / 150_000)));
  const rng = createRng(seed);
  // Version 7 ids of the run's start time: rows go to the end of the primary-key indexes, not random pages.
  const uuid = () => uuidV7(nowMs);

  const main = new pg.Client({ connectionString: options.connectionString });
  await main.connect();
  const lanes: pg.Client[] = [];
  try {
    // ------------------------------------------------------------ already seeded?
    const existing = await main.query<{ code: string }>(
      `SELECT code FROM area WHERE level = 'DISTRICT' AND code LIKE $1 ORDER BY code`, [`${SCALE_CITY_CODE.slice(0, 4)}%`],
    );
    if (existing.rowCount && !options.append) {
      throw new AlreadySeededError(
        `This database already holds generated data (${existing.rowCount} district(s) under ${SCALE_CITY_NAME} ${SCALE_CITY_CODE}). ` +
          "Nothing was changed. Run with --append to add new districts with further households, or use a fresh database.",
      );
    }
    const firstIndex = existing.rows.length ? Math.max(...existing.rows.map((r) => Number(r.code.slice(4, 6)))) + 1 : 1;
    if (firstIndex + districtCount - 1 > 99) throw new Error(`Too many generated districts: codes 379901–379999 are used up (next would be ${firstIndex}).`);
    log(`Generating ${total.toLocaleString("en")} households in ${districtCount} new district(s) of ${SCALE_CITY_NAME} (${SCALE_CITY_CODE}), seed ${seed}, today ${today}` +
      (existing.rowCount ? `, appending after ${existing.rowCount} existing generated district(s)` : "") + " …");

    const prisma = createPrisma(options.connectionString, { max: 2 });
    let calendar: WorkingDayCalendar;
    try {
      calendar = await loadCalendar(prisma);
    } finally {
      await prisma.$disconnect();
    }
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const createdAt = now.toISOString();

    // ------------------------------------------------------------ areas
    const insertAreas = async (rows: { code: string; name: string; level: string; parentId: number | null }[]) => {
      const ids = new Map<string, number>();
      for (let i = 0; i < rows.length; i += 5000) {
        const part = rows.slice(i, i + 5000);
        const res = await main.query<{ id: number; code: string }>(
          `INSERT INTO area (code, name, level, parent_id, created_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::"AreaLevel"[], $4::int[], $5::timestamptz[]) RETURNING id, code`,
          [part.map((r) => r.code), part.map((r) => r.name), part.map((r) => r.level), part.map((r) => r.parentId), part.map(() => createdAt)],
        );
        for (const r of res.rows) ids.set(r.code, r.id);
      }
      return ids;
    };
    const findArea = async (code: string) => (await main.query<{ id: number; name: string }>(`SELECT id, name FROM area WHERE code = $1`, [code])).rows[0];
    let province = await findArea(PROVINCE_CODE);
    if (!province) province = { id: (await insertAreas([{ code: PROVINCE_CODE, name: "山东省", level: "PROVINCE", parentId: null }])).get(PROVINCE_CODE)!, name: "山东省" };
    let city = await findArea(SCALE_CITY_CODE);
    if (!city) city = { id: (await insertAreas([{ code: SCALE_CITY_CODE, name: SCALE_CITY_NAME, level: "CITY", parentId: province.id }])).get(SCALE_CITY_CODE)!, name: SCALE_CITY_NAME };

    // The plan of names and codes comes from its own PRNG, so the households do not depend on it.
    const areaRng = createRng(seed ^ 0x5eed);
    const districts: DistrictPlan[] = [];
    for (let k = 0; k < districtCount; k++) {
      const index = firstIndex + k;
      const dcode = `3799${String(index).padStart(2, "0")}`;
      const townshipCount = areaRng.range(13, 17);
      const streets = areaRng.range(2, 3);
      const usedT = new Set<string>();
      const townships: TownshipPlan[] = [];
      for (let ti = 0; ti < townshipCount; ti++) {
        const street = ti < streets;
        const tcode = `${dcode}${street ? String(ti + 1).padStart(3, "0") : String(100 + ti - streets + 1)}`;
        const usedV = new Set<string>();
        const villageCount = areaRng.range(16, 24);
        const villages: VillagePlan[] = [];
        for (let vi = 0; vi < villageCount; vi++) {
          const vcode = `${tcode}${201 + vi}`;
          villages.push({ code: vcode, name: uniqueName(areaRng, usedV, "村"), id: 0, groups: [], townshipIndex: ti, userId: uuid(), username: `bench-village-${index}-${pad2(ti + 1)}-${pad2(vi + 1)}` });
        }
        townships.push({
          code: `${tcode}000`, name: uniqueName(areaRng, usedT, street ? "街道" : "镇"), id: 0, userId: uuid(), username: `bench-township-${index}-${pad2(ti + 1)}`, villages,
          helperUsers: [1, 2].map((k) => ({ id: uuid(), username: `bench-helper-${index}-${pad2(ti + 1)}-${k}` })), helpers: null,
        });
      }
      districts.push({
        code: `${dcode}000000`, name: DISTRICT_NAMES[index - 1] ?? `第${index}区`, id: 0, index, userId: uuid(), username: `bench-district-${index}`, townships,
      });
    }
    const districtIds = await insertAreas(districts.map((d) => ({ code: d.code, name: d.name, level: "DISTRICT", parentId: city!.id })));
    for (const d of districts) d.id = districtIds.get(d.code)!;
    const townshipIds = await insertAreas(districts.flatMap((d) => d.townships.map((t) => ({ code: t.code, name: t.name, level: "TOWNSHIP", parentId: d.id }))));
    for (const d of districts) {
      for (const tw of d.townships) {
        tw.id = townshipIds.get(tw.code)!;
        tw.helpers = newTownshipHelpers(tw.id, tw.code, tw.helperUsers.map((u) => u.id));
      }
    }
    const villages = districts.flatMap((d) => d.townships.flatMap((tw) => tw.villages));
    const villageIds = await insertAreas(districts.flatMap((d) => d.townships.flatMap((tw) => tw.villages.map((v) => ({ code: v.code, name: v.name, level: "VILLAGE", parentId: tw.id })))));
    for (const v of villages) v.id = villageIds.get(v.code)!;
    const GROUP_NAMES = ["第一村民小组", "第二村民小组", "第三村民小组"];
    const groupRows = villages.flatMap((v) => GROUP_NAMES.slice(0, 2 + (v.code.charCodeAt(11) % 2)).map((name, i) => ({ code: `${v.code}00${i + 1}`, name, level: "NATURAL_VILLAGE", parentId: v.id })));
    const groupIds = await insertAreas(groupRows);
    for (const v of villages) {
      for (let i = 0; i < 3; i++) {
        const id = groupIds.get(`${v.code}00${i + 1}`);
        if (id) v.groups.push({ id, name: GROUP_NAMES[i]! });
      }
    }
    const areaCount = districts.length + townshipIds.size + villages.length + groupRows.length;

    // ------------------------------------------------------------ users
    type UserRow = { id: string; username: string; displayName: string; role: string; areaId: number; areaCode: string; areaName: string };
    const userRows: UserRow[] = [
      { id: uuid(), username: "bench-city", displayName: `${SCALE_CITY_NAME} 督导`, role: "CITY_SUPERVISOR", areaId: city.id, areaCode: SCALE_CITY_CODE, areaName: city.name },
      { id: uuid(), username: "bench-admin", displayName: `${SCALE_CITY_NAME} 系统管理员`, role: "ADMIN", areaId: city.id, areaCode: SCALE_CITY_CODE, areaName: city.name },
    ];
    for (const d of districts) {
      userRows.push({ id: d.userId, username: d.username, displayName: `${d.name} 审核员`, role: "DISTRICT_REVIEWER", areaId: d.id, areaCode: d.code, areaName: d.name });
      for (const tw of d.townships) {
        userRows.push({ id: tw.userId, username: tw.username, displayName: `${tw.name} 专干`, role: "TOWNSHIP_STAFF", areaId: tw.id, areaCode: tw.code, areaName: tw.name });
        tw.helperUsers.forEach((u, k) => userRows.push({
          id: u.id, username: u.username, displayName: `${tw.name} 帮扶干部${k + 1}`, role: "HELPER", areaId: tw.id, areaCode: tw.code, areaName: tw.name,
        }));
        for (const v of tw.villages) {
          userRows.push({ id: v.userId, username: v.username, displayName: `${v.name} 村干部`, role: "VILLAGE_CADRE", areaId: v.id, areaCode: v.code, areaName: v.name });
        }
      }
    }
    for (let i = 0; i < userRows.length; i += 5000) {
      const part = userRows.slice(i, i + 5000);
      await main.query(
        `INSERT INTO app_user (id, username, display_name, password_hash, role, area_id, created_at, updated_at)
         SELECT u.id, u.username, u.display_name, $4, u.role, u.area_id, $6, $6
         FROM unnest($1::uuid[], $2::text[], $3::text[], $5::"Role"[], $7::int[]) AS u(id, username, display_name, role, area_id)
         ON CONFLICT (username) DO NOTHING`,
        [part.map((u) => u.id), part.map((u) => u.username), part.map((u) => u.displayName), passwordHash, part.map((u) => u.role), createdAt, part.map((u) => u.areaId)],
      );
    }
    log(`Created ${areaCount.toLocaleString("en")} areas and ${userRows.length.toLocaleString("en")} user accounts (password ${BENCH_PASSWORD}).`);

    // ------------------------------------------------------------ households per village
    const weights = villages.map(() => 0.5 + rng.next());
    const weightSum = weights.reduce((a, b) => a + b, 0);
    const perVillage = weights.map((w) => Math.floor((w / weightSum) * total));
    for (let i = 0, rest = total - perVillage.reduce((a, b) => a + b, 0); rest > 0; i = (i + 1) % villages.length, rest--) perVillage[i]!++;

    const takenCaseNos = new Set((await main.query<{ case_no: string }>(`SELECT case_no FROM "case"`)).rows.map((r) => r.case_no));
    const caseNoCounter = new Map<string, number>();
    const newCaseNo = (openedOn: string) => {
      const day = openedOn.replaceAll("-", "");
      let n = caseNoCounter.get(day) ?? 100_000;
      let no: string;
      do no = `${day}${String(n++).padStart(6, "0")}`;
      while (takenCaseNos.has(no));
      caseNoCounter.set(day, n);
      return no;
    };

    // ------------------------------------------------------------ the audit chain
    // The generator links its audit entries itself, in the one pass that writes them (decision 014): it
    // holds the chain's head for the whole load on a connection of its own and moves it at the end.
    const chainLock = new pg.Client({ connectionString: options.connectionString });
    await chainLock.connect();
    lanes.push(chainLock);
    await chainLock.query("BEGIN");
    const [head] = (await chainLock.query<{ position: string; hash: string }>(
      `SELECT position::text AS position, encode(hash, 'hex') AS hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
    )).rows;
    const chain: ChainLink = { position: BigInt(head!.position), hash: Buffer.from(head!.hash, "hex") };

    // ------------------------------------------------------------ COPY lanes
    for (let i = 0; i < 5; i++) {
      const c = new pg.Client({ connectionString: options.connectionString });
      await c.connect();
      await c.query("SET synchronous_commit = off");
      lanes.push(c);
    }
    const [laneH, laneM, laneA, laneC, laneX] = lanes.slice(1).map((c) => new CopyLane(c)) as [CopyLane, CopyLane, CopyLane, CopyLane, CopyLane];

    const counters: Counters = {
      households: 0, members: 0, auditEntries: 0, caseEvents: 0, openCases: 0, closedCases: 0, rolledBack: 0,
      categories: { ORDINARY: 0, LIFTED_WITH_POLICY: 0, LIFTED_WITHOUT_POLICY: 0 }, designated: { MONITORED: 0, INSTANT_ASSISTANCE: 0 }, casesByStage: {},
    };
    const assistCounters = newAssistanceCounters();
    let committed = 0;
    const inflight: Promise<void>[] = [];
    let failure: unknown = null;
    const flush = (buf: Buffers, households: number) => {
      const h = laneH.push("household", buf.household.join(""));
      const m = h.then(() => laneM.push("member", buf.member.join("")));
      const a = laneA.push("audit_entry", buf.audit.join(""));
      const c = h.then(() => {
        const cases = laneC.push("case", buf.cases.join(""));
        const events = laneC.push("case_event", buf.events.join(""));
        const periods = laneC.push("designation_period", buf.periods.join(""));
        return Promise.all([cases, events, periods]);
      });
      // Assistance rows on a lane of their own, in table order (helpers before the assignments naming them; a helper made
      // in one chunk may serve the next chunk's households, whose rows follow on the same lane).
      const x = h.then(() => Promise.all(ASSISTANCE_TABLES.map((table) => laneX.push(table, buf.assist[table].join("")))));
      const all = Promise.all([h, m, a, c, x]).then(() => {
        committed += households;
      });
      all.catch((error: unknown) => {
        failure ??= error;
      });
      inflight.push(all);
    };

    const progressEvery = options.progressIntervalMs ?? 2000;
    const progress = setInterval(() => {
      const s = (Date.now() - started) / 1000;
      log(`  ${committed.toLocaleString("en")} / ${total.toLocaleString("en")} households loaded (${Math.round(committed / s).toLocaleString("en")}/s), ${s.toFixed(1)} s elapsed`);
    }, progressEvery);
    progress.unref();

    try {
      // ---------------------------------------------------------- generate
      const ctx: GenContext = {
        rng, uuid, calendar, rules, today, nowMs, counters, newCaseNo, chain,
        todayDay: Math.floor(Date.parse(`${today}T00:00:00Z`) / 86_400_000),
        coverage: { ORDINARY: 0, LIFTED_WITH_POLICY: 0, LIFTED_WITHOUT_POLICY: 0 },
        assist: {
          // Its own PRNG: the households, members and cases are the same as without assistance data.
          rng: createRng(seed ^ 0xa5515), uuid, calendar: rememberingCalendar(calendar), rules: rules.assistance, today, nowMs, counters: assistCounters,
          phoneColumns: (phone) => `${b(dataKeys().encrypt(phone))}\t${b(dataKeys().blindIndex("phone", phone))}`,
        },
      };
      let buf = newBuffers();
      let inChunk = 0;
      let vi = 0;
      for (const d of districts) {
        const ids = new CitizenIdAllocator(d.code.slice(0, 6), ctx.todayDay - 1);
        for (const tw of d.townships) {
          for (const v of tw.villages) {
            const n = perVillage[vi++]!;
            for (let k = 1; k <= n; k++) {
              generateHousehold(ctx, buf, { district: d, township: tw, village: v, ids, householdNo: `${v.code}${String(k).padStart(6, "0")}` });
              if (++inChunk >= chunkSize) {
                if (failure) throw failure;
                flush(buf, inChunk);
                buf = newBuffers();
                inChunk = 0;
                // Constant memory: at most three chunks on their way to the database.
                while (inflight.length >= 3) await inflight.shift();
              }
            }
          }
        }
      }
      if (inChunk) flush(buf, inChunk);
      for (const p of inflight) await p;
      if (failure) throw failure;
      await chainLock.query(`UPDATE audit_chain_head SET position = $1::bigint, hash = decode($2, 'hex') WHERE id = 1`, [
        ctx.chain.position.toString(), ctx.chain.hash.toString("hex"),
      ]);
      await chainLock.query("COMMIT");
    } finally {
      clearInterval(progress);
    }
    const loadedIn = (Date.now() - started) / 1000;
    log(`  ${committed.toLocaleString("en")} / ${total.toLocaleString("en")} households loaded in ${loadedIn.toFixed(1)} s; analysing tables …`);
    await main.query(
      `ANALYZE area, app_user, household, member, audit_entry, "case", case_event, designation_period, ${ASSISTANCE_TABLES.map((x) => `"${x}"`).join(", ")}`,
    );

    const householdsOf = new Map<string, number>();
    let villageIndex = 0;
    for (const d of districts) {
      for (const tw of d.townships) for (let k = 0; k < tw.villages.length; k++) householdsOf.set(d.code, (householdsOf.get(d.code) ?? 0) + perVillage[villageIndex++]!);
    }
    const showUsers: BenchUser[] = [];
    for (const u of userRows) {
      if (u.role === "VILLAGE_CADRE" && !/-01-0[12]$/.test(u.username)) continue;
      if (u.role === "TOWNSHIP_STAFF" && !/-0[12]$/.test(u.username)) continue;
      if (u.role === "HELPER" && !/-01-[12]$/.test(u.username)) continue;
      showUsers.push({ username: u.username, role: u.role, areaCode: u.areaCode, areaName: u.areaName });
    }
    return {
      districts: districts.map((d) => ({ code: d.code, name: d.name, households: householdsOf.get(d.code) ?? 0 })),
      households: counters.households, members: counters.members, categories: counters.categories, designated: counters.designated,
      rolledBack: counters.rolledBack, openCases: counters.openCases, closedCases: counters.closedCases, casesByStage: counters.casesByStage,
      caseEvents: counters.caseEvents, auditEntries: counters.auditEntries, assistance: assistCounters, areas: areaCount, users: showUsers, userCount: userRows.length,
      password: BENCH_PASSWORD, seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await Promise.all(lanes.map((c) => c.end().catch(() => undefined)));
    await main.end().catch(() => undefined);
  }
}

const pad2 = (n: number) => String(n).padStart(2, "0");

type Buffers = { household: string[]; member: string[]; audit: string[]; cases: string[]; events: string[]; periods: string[]; assist: AssistanceBuffers };
const newBuffers = (): Buffers => ({ household: [], member: [], audit: [], cases: [], events: [], periods: [], assist: newAssistanceBuffers() });

type GenContext = {
  rng: Rng; uuid: () => string; calendar: WorkingDayCalendar; rules: LocalRules; today: string; todayDay: number; nowMs: number;
  counters: Counters; newCaseNo: (openedOn: string) => string;
  /** Open cases generated so far per procedure: the first ones walk through every open stage, so even a small run has them all. */
  coverage: Record<HouseholdCategory, number>;
  /** The audit chain's end so far: every entry is linked as it is generated. */
  chain: ChainLink;
  assist: AssistanceEnv;
};

/** One audit entry in COPY text, linked onto the chain (the application's chain writer does the same). */
function pushAudit(ctx: GenContext, buf: Buffers, e: AuditContent) {
  const [link] = extendChain(ctx.chain, [contentDigest(e)]);
  ctx.chain = { position: link!.position, hash: link!.hash };
  buf.audit.push(
    `${e.at.toISOString()}\t${t(e.actorId)}\t${t(e.actorName)}\t${t(e.actorRole)}\t${t(e.action)}\t${t(e.entityType)}\t${t(e.entityId)}\t` +
      `${t(e.householdId)}\t${j(e.before)}\t${j(e.after)}\t${t(e.reason)}\t${t(e.requestId)}\t${t(e.ip)}\t` +
      `${link!.position}\t\\\\x${link!.prev.toString("hex")}\t\\\\x${link!.hash.toString("hex")}\n`,
  );
  ctx.counters.auditEntries++;
}

type Plan = "none" | "open" | "designated-case" | "designated-registered" | "closed-other";

const INCOME_KEYS: [keyof IncomeFen, string][] = [
  ["wageIncomeFen", "wageIncome"], ["familyPlanningFen", "familyPlanning"], ["minimumLivingFen", "minimumLiving"],
  ["extremePovertySupportFen", "extremePovertySupport"], ["pensionFen", "pension"], ["ecologicalCompensationFen", "ecologicalCompensation"],
  ["otherTransferFen", "otherTransfer"], ["productionIncomeFen", "productionIncome"], ["assetDividendFen", "assetDividend"],
  ["otherPropertyFen", "otherProperty"], ["productionCostFen", "productionCost"],
];

/** An instant on `date` (China time) during office hours, after `after`, never after now. */
function instantOn(rng: Rng, date: string, after: number, nowMs: number, system: boolean): number {
  const midnight = Date.parse(`${date}T00:00:00+08:00`);
  let at = system ? midnight + 60_000 + rng.int(240_000) : midnight + (8.5 * 60 + rng.int(8 * 60)) * 60_000 + rng.int(60_000);
  if (at <= after) at = after + 30_000 + rng.int(600_000);
  if (at > nowMs - 1000) at = Math.max(after + 1000, nowMs - 1000 - rng.int(60_000));
  return at;
}

function generateHousehold(
  ctx: GenContext, buf: Buffers,
  place: { district: DistrictPlan; township: TownshipPlan; village: VillagePlan; ids: CitizenIdAllocator; householdNo: string },
) {
  const { rng, uuid, counters, today, todayDay, nowMs } = ctx;
  const { district, township, village } = place;
  const keys = dataKeys();
  let category: HouseholdCategory = rng.weighted([["ORDINARY", 95], ["LIFTED_WITH_POLICY", 4], ["LIFTED_WITHOUT_POLICY", 1]] as const);
  const r = rng.next();
  let plan: Plan = "none";
  // About 5 % end up designated (3.5 % of ORDINARY registered so, 1 % by a case; a fifth of LIFTED_WITH_POLICY; a tenth of the rest by a case).
  if (category === "ORDINARY") plan = r < 0.0397 ? "open" : r < 0.0497 ? "designated-case" : r < 0.0847 ? "designated-registered" : r < 0.0927 ? "closed-other" : "none";
  else if (category === "LIFTED_WITH_POLICY") plan = r < 0.22 ? "open" : r < 0.32 ? "designated-case" : r < 0.42 ? "designated-registered" : r < 0.45 ? "closed-other" : "none";
  else plan = r < 0.35 ? "open" : r < 0.45 ? "designated-case" : r < 0.5 ? "closed-other" : "none";
  // The first households of each category open a case in every open stage in turn, so that even a small run has them all.
  if (ctx.coverage[category] < OPEN_VARIANTS[category].length) plan = "open";
  const atRisk = plan !== "none";

  const members = generateMembers({ rng, ids: place.ids, todayDay, atRisk });
  const causes = atRisk ? pickRiskCauses(rng, members, plan === "open" ? 3 : 2) : category !== "ORDINARY" ? pickRiskCauses(rng, members, 1) : [];
  const income = generateIncome(rng, members, category, atRisk);
  const head = members[0]!;
  const householdId = uuid();
  const group = village.groups.length ? village.groups[rng.int(village.groups.length)]! : null;
  const createdDay = todayDay - rng.range(400, 720);
  const createdDate = new Date(createdDay * 86_400_000).toISOString().slice(0, 10);
  const createdMs = instantOn(rng, createdDate, 0, nowMs, false);
  const createdIso = new Date(createdMs).toISOString();
  const phone = rng.chance(0.9) ? `1${rng.pick(["3", "5", "8", "7", "9"])}${String(rng.int(1e9)).padStart(9, "0")}` : null;
  const addressDetail = `${village.name}${rng.range(1, 400)}号`;
  const difficulty = atRisk ? DIFFICULTY[causes[0] ?? "OTHER"] ?? null : null;
  const incomeYear = Number(today.slice(0, 4)) - 1;

  let designation: "MONITORED" | "INSTANT_ASSISTANCE" | null = null;
  let designatedAt: string | null = null;
  if (plan === "designated-registered") {
    designation = category === "ORDINARY" ? "INSTANT_ASSISTANCE" : "MONITORED";
    designatedAt = new Date((createdDay - rng.range(1, 1000)) * 86_400_000).toISOString().slice(0, 10);
  }

  const memberIds = members.map(() => uuid());
  const incomeYuan: Record<string, number> = {};
  for (const [fen, key] of INCOME_KEYS) incomeYuan[key] = income[fen] / 100;
  const snapshot = {
    householdNo: place.householdNo, category, designation, designatedAt, village: village.name, villageId: village.id,
    naturalVillage: group?.name ?? null, addressDetail, phone, riskCauses: causes, difficultyDescription: difficulty, incomeYear, income: incomeYuan,
    members: members.map((m, i) => ({
      id: memberIds[i], name: m.name, gender: m.gender, idType: m.idType, idNumber: m.idNumber + (m.disabilitySuffix ?? ""),
      idNumberSealed: keys.encrypt(m.idNumber + (m.disabilitySuffix ?? "")).toString("base64"), relation: m.relation,
      ethnicity: m.ethnicity, politicalStatus: m.politicalStatus, education: m.education, schoolStatus: m.schoolStatus, health: m.health,
      workRegion: m.workRegion, workMonths: m.workMonths,
    })),
  };
  const userOf = (who: Who) =>
    who === "VILLAGE_CADRE" ? { id: village.userId, name: village.username, role: who }
    : who === "TOWNSHIP_STAFF" ? { id: township.userId, name: township.username, role: who }
    : who === "DISTRICT_REVIEWER" ? { id: district.userId, name: district.username, role: who }
    : null;
  const registrar = userOf("TOWNSHIP_STAFF")!;
  pushAudit(ctx, buf, {
    at: new Date(createdIso), actorId: registrar.id, actorName: registrar.name, actorRole: "TOWNSHIP_STAFF", action: "household.create",
    entityType: "household", entityId: householdId, householdId, before: null, after: maskPersonalData(snapshot), reason: null, requestId: REQUEST_ID, ip: null,
  });

  // ---------------------------------------------------------------- the case
  let version = 1;
  let updatedIso = createdIso;
  let designatingCaseId: string | null = null;
  /** The day an open case went on the assist-first path (its household's assistance file opened then). */
  let assistFirstOn: string | null = null;
  if (plan === "open" || plan === "designated-case" || plan === "closed-other") {
    let variant: CaseVariant;
    const publicity = identificationFor(ctx.rules, { category, designation: null })!.steps.some((s) => s.stage === "PUBLICITY_PENDING");
    if (plan === "open") {
      const table = OPEN_VARIANTS[category];
      const seen = ctx.coverage[category]++;
      variant = seen < table.length ? table[seen]![0] : rng.weighted(table);
    } else if (plan === "designated-case") variant = "C_DESIGNATED";
    else variant = rng.weighted([["C_REJECTED", 50], ["C_WITHDRAWN", 30], ["C_UPHELD", publicity ? 20 : 0]] as const);

    // The case number's date is the opening date, which the plan decides: a provisional number, replaced below.
    const sim: SimCase = planAndSimulate(rng, { rules: ctx.rules, calendar: ctx.calendar, today }, category, variant, causes, "pending", village.name);
    const caseNo = ctx.newCaseNo(sim.lead.receivedOn);
    const caseId = uuid();
    let prev = Math.max(createdMs, Date.parse(`${sim.lead.receivedOn}T00:00:00+08:00`) - 1);
    let firstIso = "";
    let lastIso = "";
    for (const step of sim.steps) {
      const at = instantOn(rng, step.date, prev, nowMs, step.who === "SYSTEM");
      prev = at;
      const atIso = new Date(at).toISOString();
      if (!firstIso) firstIso = atIso;
      lastIso = atIso;
      const u = userOf(step.who);
      const auditAfter = step.action === "OPEN" ? { ...(step.auditAfter as object), caseNo } : step.auditAfter;
      buf.events.push(
        `${caseId}\t${step.seq}\t${step.action}\t${atIso}\t${step.date}\t${u ? u.id : "\\N"}\t${u ? u.name : "system"}\t${u ? u.role : "\\N"}\t` +
          `${step.fromStage}\t${step.toStage}\t${j(step.record)}\t${step.stageDeadline ?? "\\N"}\t${step.metDeadline === null ? "\\N" : step.metDeadline}\t${step.newDeadline ?? "\\N"}\n`,
      );
      pushAudit(ctx, buf, {
        at: new Date(atIso), actorId: u ? u.id : null, actorName: u ? u.name : "system", actorRole: u ? u.role : null,
        action: `case.${step.action === "OPEN" ? "open" : step.action}`, entityType: "case", entityId: caseId, householdId,
        before: step.auditBefore ?? null, after: auditAfter ?? null, reason: step.reason ?? null, requestId: u ? REQUEST_ID : "job", ip: null,
      });
      counters.caseEvents++;
      if (step.completes && sim.outcome) {
        // The procedure's result on the household, audited as household.designate (cases.service.ts applyHouseholdChange).
        const before = { category, designation, designatedAt };
        if (sim.outcome.designation) {
          designation = sim.outcome.designation;
          designatedAt = sim.outcome.on;
          designatingCaseId = caseId;
        } else if (sim.outcome.category) {
          category = sim.outcome.category;
          counters.rolledBack++;
        }
        version++;
        updatedIso = atIso;
        pushAudit(ctx, buf, {
          at: new Date(atIso), actorId: u ? u.id : null, actorName: u ? u.name : "system", actorRole: u ? u.role : null, action: "household.designate",
          entityType: "household", entityId: householdId, householdId, before, after: { category, designation, designatedAt }, reason: null,
          requestId: u ? REQUEST_ID : "job", ip: null,
        });
      }
    }
    const s = sim.state;
    if (!sim.closed && s.assistFirst) assistFirstOn = sim.steps.find((st) => st.action === "ASSIST_FIRST")?.date ?? s.openedOn;
    const opener = userOf(sim.opener)!;
    buf.cases.push(
      `${caseId}\t${caseNo}\t${householdId}\t${sim.closed ? "\\N" : householdId}\t${sim.category}\t${s.stage}\t${village.code}\t${s.openedOn}\t${s.stageStartedOn}\t` +
        `${s.stageDeadline ?? "\\N"}\t${sim.deadlineComplete}\t${s.returnCount}\t${s.assistFirst}\t${j({ ...sim.lead })}\t${j(s.roundRecords)}\t` +
        `${s.publicity?.postedOn ?? "\\N"}\t${s.publicity?.startsOn ?? "\\N"}\t${s.publicity?.endsOn ?? "\\N"}\t${sim.closed ? lastIso : "\\N"}\t` +
        `${sim.steps.length}\t${opener.id}\t${firstIso}\t${lastIso}\t${s.procedure}\t${s.ruleSet}\t${s.firstClueOn}\t${s.monitoringType ?? "\\N"}\n`,
    );
    if (sim.closed) counters.closedCases++;
    else counters.openCases++;
    counters.casesByStage[s.stage] = (counters.casesByStage[s.stage] ?? 0) + 1;
  }

  // ---------------------------------------------------------------- household and members
  counters.households++;
  counters.categories[category]++;
  if (designation) {
    counters.designated[designation]++;
    // The household's open designation period (decision 006), linked to the case that designated it when there is one.
    buf.periods.push(`${uuid()}\t${householdId}\t${village.code}\t${designation}\t${designatedAt}\t${designatingCaseId ?? "\\N"}\n`);
  }
  buf.household.push(
    `${householdId}\t${place.householdNo}\t${category}\t${designation ?? "\\N"}\t${designatedAt ?? "\\N"}\t${village.id}\t${village.code}\t${group ? group.id : "\\N"}\t` +
      `${t(addressDetail)}\t${phone ? `${b(keys.encrypt(phone))}\t${b(keys.blindIndex("phone", phone))}` : "\\N\t\\N"}\t{${causes.join(",")}}\t${t(difficulty)}\t${incomeYear}\t` +
      `${income.wageIncomeFen}\t${income.familyPlanningFen}\t${income.minimumLivingFen}\t${income.extremePovertySupportFen}\t${income.pensionFen}\t` +
      `${income.ecologicalCompensationFen}\t${income.otherTransferFen}\t${income.productionIncomeFen}\t${income.assetDividendFen}\t${income.otherPropertyFen}\t` +
      `${income.productionCostFen}\t${members.length}\t${t(head.name)}\t${version}\t${createdIso}\t${registrar.id}\t${updatedIso}\n`,
  );
  members.forEach((m: GenMember, i) => {
    buf.member.push(
      `${memberIds[i]}\t${householdId}\t${i}\t${t(m.name)}\t${m.gender}\t${m.idType}\t${idColumns(m.idNumber)}\t${m.disabilitySuffix ?? "\\N"}\t${m.relation}\t${m.ethnicity}\t` +
        `${m.politicalStatus}\t${m.education}\t${m.schoolStatus}\t${m.health}\t${m.workRegion}\t${m.workMonths}\t${createdIso}\t${createdIso}\n`,
    );
  });
  counters.members += members.length;

  // ---------------------------------------------------------------- the assistance file (after the household: its audit entries follow)
  const fileOpenedOn = designation && designatedAt ? designatedAt : assistFirstOn;
  if (fileOpenedOn) {
    const opened = generateAssistanceFile(ctx.assist, buf.assist, {
      householdId, villageCode: village.code, villageName: village.name, openedOn: fileOpenedOn, township: township.helpers!,
      townshipUser: { id: township.userId, username: township.username }, villageUser: { id: village.userId, username: village.username },
      members, riskCauses: causes, income, incomeYear,
    });
    // As syncAssistanceFiles audits the opening (the start-up sync or the case's own transaction).
    pushAudit(ctx, buf, {
      at: new Date(instantOn(ctx.assist.rng, fileOpenedOn, createdMs, nowMs, true)), actorId: null, actorName: "system", actorRole: null,
      action: "assistance.file_open", entityType: "assistance_file", entityId: householdId, householdId, before: null,
      after: { openedOn: fileOpenedOn, assignDue: opened.assignDue, nextVisitDue: opened.nextVisitDue },
      reason: designation ? "认定为监测帮扶对象，建立帮扶档案" : "先行帮扶，建立帮扶档案", requestId: "job", ip: null,
    });
  }
}

/** Stages in the order of the procedures, for printing. */
export const STAGE_ORDER: readonly CaseStage[] = CASE_STAGES;

// A deployment upgrading from before procedures were data (the schema up to
// 20261205205712_last_digits_index_only) with cases in every stage: after the
// remaining migrations and the start-up's adoption (server.ts), every case
// keeps its history, deadline and stage, runs the procedure its category chose
// under the deployment's rule set, and the open ones go on to their end; a
// designated household has its open designation period and can leave
// monitoring by risk elimination.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.ts";
import { configFromEnv, type AppConfig } from "../../config.ts";
import { migrateAndGrant } from "../../db/database.ts";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from "../../db/migrate.ts";
import { createPrisma, type PrismaClient } from "../../db/prisma.ts";
import { DEMO_AREA_TREE, DEMO_PASSWORD, DEMO_USERS, type DemoArea } from "../../demo/demo-areas.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import { hashPassword } from "../auth/password.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";
import { TestClock, type TestApp } from "../../../test/test-app.ts";
import { adoptLegacyCases } from "./cases.repository.ts";
import { syncAllAssistanceFiles } from "../assistance/assistance-files.service.ts";
import { ruleSet, type LocalRulePreset } from "@fanpin/domain/procedures/rules";

/** The first migration of issue 12: a deployment from before it has none of it. */
const FIRST_OF_ISSUE_12 = "20261205214642_procedures_as_data";
const LEVELS = ["PROVINCE", "CITY", "DISTRICT", "TOWNSHIP", "VILLAGE", "NATURAL_VILLAGE"];
const VILLAGE_CODE = "371002100201"; // 张村

type Legacy = {
  key: string;
  category: "LIFTED_WITH_POLICY" | "ORDINARY" | "LIFTED_WITHOUT_POLICY";
  stage: string;
  openedOn: string;
  stageStartedOn: string;
  deadline: string | null;
  publicity?: [posted: string, starts: string, ends: string];
  /** The records of the township's round so far. */
  round: ("verification" | "appraisal")[];
  events: [action: string, from: string, to: string][];
  /** The household is designated (a legacy DESIGNATED case's outcome). */
  designation?: string;
  procedure: string;
  /** Where an open case ends when walked on. */
  end?: { stage: string; category: string; designation: string | null };
};

const TV = "TOWNSHIP_VERIFICATION", DR = "DISTRICT_REVIEW", PP = "PUBLICITY_PENDING", PR = "PUBLICITY_RUNNING", PE = "PUBLICITY_ENDED";
const OPEN: [string, string, string] = ["OPEN", TV, TV];
const INSTANT_TO_REVIEW: [string, string, string][] = [OPEN, ["RECORD_VERIFICATION", TV, TV], ["RECORD_APPRAISAL", TV, TV], ["SUBMIT", TV, DR]];
const INSTANT = { category: "ORDINARY", procedure: "INSTANT_ASSISTANCE_IDENTIFICATION", end: { stage: "DESIGNATED", category: "ORDINARY", designation: "INSTANT_ASSISTANCE" } } as const;

// The test clock starts on Monday 2026-11-23.
const LEGACY: Legacy[] = [
  {
    key: "tv-monitored", category: "LIFTED_WITH_POLICY", procedure: "MONITORED_IDENTIFICATION", stage: TV, openedOn: "2026-11-20", stageStartedOn: "2026-11-20",
    deadline: "2026-11-27", round: [], events: [OPEN], end: { stage: "DESIGNATED", category: "LIFTED_WITH_POLICY", designation: "MONITORED" },
  },
  { key: "tv-instant", ...INSTANT, stage: TV, openedOn: "2026-11-19", stageStartedOn: "2026-11-19", deadline: "2026-11-26", round: ["verification"], events: [OPEN, ["RECORD_VERIFICATION", TV, TV]] },
  { key: "dr-instant", ...INSTANT, stage: DR, openedOn: "2026-11-16", stageStartedOn: "2026-11-19", deadline: "2026-11-24", round: ["verification", "appraisal"], events: INSTANT_TO_REVIEW },
  {
    key: "dr-monitored", category: "LIFTED_WITH_POLICY", procedure: "MONITORED_IDENTIFICATION", stage: DR, openedOn: "2026-11-16", stageStartedOn: "2026-11-20",
    deadline: "2026-11-25", round: ["verification"], events: [OPEN, ["RECORD_VERIFICATION", TV, TV], ["SUBMIT", TV, DR]],
    end: { stage: "DESIGNATED", category: "LIFTED_WITH_POLICY", designation: "MONITORED" },
  },
  {
    key: "pp-rollback", category: "LIFTED_WITHOUT_POLICY", procedure: "ROLLBACK", stage: PP, openedOn: "2026-11-12", stageStartedOn: "2026-11-20", deadline: "2026-11-24",
    round: ["appraisal"], events: [OPEN, ["RECORD_APPRAISAL", TV, TV], ["SUBMIT", TV, DR], ["APPROVE", DR, PP]],
    end: { stage: "DESIGNATED", category: "LIFTED_WITH_POLICY", designation: null },
  },
  {
    key: "pr-instant", ...INSTANT, stage: PR, openedOn: "2026-11-10", stageStartedOn: "2026-11-20", deadline: "2026-11-25", publicity: ["2026-11-20", "2026-11-21", "2026-11-25"],
    round: ["verification", "appraisal"], events: [...INSTANT_TO_REVIEW, ["APPROVE", DR, PP], ["POST_PUBLICITY", PP, PR]],
  },
  {
    key: "pe-instant", ...INSTANT, stage: PE, openedOn: "2026-11-04", stageStartedOn: "2026-11-20", deadline: "2026-11-24", publicity: ["2026-11-14", "2026-11-15", "2026-11-19"],
    round: ["verification", "appraisal"], events: [...INSTANT_TO_REVIEW, ["APPROVE", DR, PP], ["POST_PUBLICITY", PP, PR], ["END_PUBLICITY", PR, PE]],
  },
  {
    key: "or-instant", ...INSTANT, stage: "OBJECTION_REVIEW", openedOn: "2026-11-09", stageStartedOn: "2026-11-21", deadline: "2026-11-26",
    publicity: ["2026-11-19", "2026-11-20", "2026-11-24"], round: ["verification", "appraisal"],
    events: [...INSTANT_TO_REVIEW, ["APPROVE", DR, PP], ["POST_PUBLICITY", PP, PR], ["RAISE_OBJECTION", PR, "OBJECTION_REVIEW"]],
  },
  {
    key: "designated", category: "LIFTED_WITH_POLICY", procedure: "MONITORED_IDENTIFICATION", stage: "DESIGNATED", openedOn: "2026-11-02", stageStartedOn: "2026-11-10",
    deadline: null, round: ["verification"], events: [OPEN, ["RECORD_VERIFICATION", TV, TV], ["SUBMIT", TV, DR], ["APPROVE", DR, "DESIGNATED"]], designation: "MONITORED",
  },
  {
    key: "rejected", category: "ORDINARY", procedure: "INSTANT_ASSISTANCE_IDENTIFICATION", stage: "REJECTED", openedOn: "2026-11-02", stageStartedOn: "2026-11-09",
    deadline: null, round: ["verification", "appraisal"], events: [...INSTANT_TO_REVIEW, ["REJECT", DR, "REJECTED"]],
  },
  {
    key: "upheld", category: "ORDINARY", procedure: "INSTANT_ASSISTANCE_IDENTIFICATION", stage: "OBJECTION_UPHELD", openedOn: "2026-10-20", stageStartedOn: "2026-11-06",
    deadline: null, publicity: ["2026-11-02", "2026-11-03", "2026-11-07"], round: ["verification", "appraisal"],
    events: [...INSTANT_TO_REVIEW, ["APPROVE", DR, PP], ["POST_PUBLICITY", PP, PR], ["RAISE_OBJECTION", PR, "OBJECTION_REVIEW"], ["DECIDE_OBJECTION", "OBJECTION_REVIEW", "OBJECTION_UPHELD"]],
  },
  {
    key: "withdrawn", category: "LIFTED_WITHOUT_POLICY", procedure: "ROLLBACK", stage: "WITHDRAWN", openedOn: "2026-11-03", stageStartedOn: "2026-11-05",
    deadline: null, round: [], events: [OPEN, ["WITHDRAW", TV, "WITHDRAWN"]],
  },
];

const TERMINAL = ["DESIGNATED", "REJECTED", "OBJECTION_UPHELD", "WITHDRAWN"];
const verification = (on: string) => ({ visitedOn: on, verifiers: ["李专干"], findings: "入户核实，情况属实", riskConfirmed: true });
const appraisal = (on: string) => ({ heldOn: on, participants: 11, votesFor: 10, votesAgainst: 0, passed: true, minutesSummary: "同意" });

type Deployment = { db: TestDatabase; prisma: PrismaClient; h: Harness; ids: Record<string, { caseId: string; householdId: string }>; adopted: number; filesOpened: number; config: AppConfig; clock: TestClock; close(): Promise<void> };

/** A deployment's database from before issue 12, holding LEGACY, upgraded and started with LOCAL_RULES=`preset`. */
async function upgradedDeployment(preset: LocalRulePreset): Promise<Deployment> {
  const ids: Deployment["ids"] = {};
  const db = await createTestDatabase({ empty: true });
  const migrations = await mkdtemp(join(tmpdir(), "fanpin-migrations-"));
  for (const name of await readdir(DEFAULT_MIGRATIONS_DIR)) {
    if (name >= FIRST_OF_ISSUE_12 && name !== "migration_lock.toml") continue;
    await cp(join(DEFAULT_MIGRATIONS_DIR, name), join(migrations, name), { recursive: true });
  }
  await applyMigrations(db.ownerConnectionString, { migrationsDir: migrations });
  await rm(migrations, { recursive: true, force: true });
  // The deployment's data as the old schema holds it.
  const client = new pg.Client({ connectionString: db.ownerConnectionString });
  await client.connect();
  try {
    const insertArea = async (node: DemoArea, depth: number, parentId: number | null) => {
      const { rows: [a] } = await client.query(`INSERT INTO area (code, name, level, parent_id) VALUES ($1, $2, $3, $4) RETURNING id`, [node.code, node.name, LEVELS[depth], parentId]);
      for (const child of node.children ?? []) await insertArea(child, depth + 1, a.id);
    };
    await insertArea(DEMO_AREA_TREE, 0, null);
    const { rows: [village] } = await client.query(`SELECT id FROM area WHERE code = $1`, [VILLAGE_CODE]);
    for (const [i, l] of LEGACY.entries()) {
      const { rows: [hh] } = await client.query(
        `INSERT INTO household (id, household_no, category, designation, designated_at, village_id, village_code, risk_causes, head_name, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, '{SERIOUS_ILLNESS}', $7, now()) RETURNING id`,
        [`${VILLAGE_CODE}9${String(i).padStart(5, "0")}`, l.category, l.designation ?? null, l.designation ? l.stageStartedOn : null, village.id, VILLAGE_CODE, `旧户${i}`]);
      const round = {
        verification: l.round.includes("verification") ? verification(l.openedOn) : null,
        appraisal: l.round.includes("appraisal") ? appraisal(l.openedOn) : null,
      };
      const closed = TERMINAL.includes(l.stage);
      const { rows: [c] } = await client.query(
        `INSERT INTO "case" (id, case_no, household_id, open_household_id, category, stage, village_code, opened_on, stage_started_on, stage_deadline,
           lead, round_records, publicity_posted_on, publicity_starts_on, publicity_ends_on, closed_at, version, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, now()) RETURNING id`,
        [`20261101${String(900000 + i)}`, hh.id, closed ? null : hh.id, l.category, l.stage, VILLAGE_CODE, l.openedOn, l.stageStartedOn, l.deadline,
          JSON.stringify({ source: "DAILY_VISIT", receivedOn: l.openedOn, riskCauses: ["SERIOUS_ILLNESS"], description: "旧系统登记的线索" }),
          JSON.stringify(round), l.publicity?.[0] ?? null, l.publicity?.[1] ?? null, l.publicity?.[2] ?? null,
          closed ? `${l.stageStartedOn}T02:00:00Z` : null, l.events.length]);
      for (const [seq, [action, from, to]] of l.events.entries()) {
        const on = seq === 0 ? l.openedOn : l.stageStartedOn;
        await client.query(
          `INSERT INTO case_event (case_id, seq, action, at, acted_on, actor_name, actor_role, from_stage, to_stage, stage_deadline, new_deadline)
           VALUES ($1, $2, $3, $4, $5, 'township', 'TOWNSHIP_STAFF', $6, $7, $8, $8)`,
          [c.id, seq + 1, action, `${on}T02:00:00Z`, on, from, to, seq === l.events.length - 1 ? l.deadline : null]);
      }
      ids[l.key] = { caseId: c.id, householdId: hh.id };
    }
  } finally {
    await client.end();
  }

  // The upgrade, as the server starts (server.ts): migrations and grants, then the cases adopt the deployment's rule set.
  await migrateAndGrant({ connectionString: db.connectionString, ownerConnectionString: db.ownerConnectionString }, dataKeys(), () => undefined);
  const prisma = createPrisma(db.connectionString, { max: 5 });
  const adopted = await adoptLegacyCases(prisma, preset, new Date("2026-11-20T02:00:00Z"));
  // The demo accounts, to act over HTTP (the old deployment's users are not what this test is about).
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    const area = await prisma.area.findUniqueOrThrow({ where: { code: u.areaCode } });
    await prisma.user.create({ data: { username: u.username, displayName: u.displayName, role: u.role as never, areaId: area.id, passwordHash: hash } });
  }
  const clock = new TestClock();
  const config = configFromEnv({ rules: ruleSet(preset)! });
  // The start-up's next step (server.ts): households designated before the upgrade get their assistance files.
  const filesOpened = await syncAllAssistanceFiles({ prisma, config, clock: clock.now });
  const app = await buildApp({ prisma, config, clock: clock.now });
  const t: TestApp = {
    app, prisma, clock, config, connectionString: db.connectionString, ownerConnectionString: db.ownerConnectionString,
    close: async () => {
      await app.close();
      await prisma.$disconnect();
    },
  };
  const h = await procedureHarness(preset, t);
  return { db, prisma, h, ids, adopted, filesOpened, config, clock, close: async () => { await h.close(); await db.drop(); } };
}

describe("cases from before procedures were data (LOCAL_RULES=weihai)", () => {
  let d: Deployment;
  let prisma: PrismaClient;
  let h: Harness;
  let ids: Deployment["ids"];
  beforeAll(async () => {
    d = await upgradedDeployment("weihai");
    ({ prisma, h, ids } = d);
  }, 120_000);
  afterAll(() => d?.close());

  it("adopt the deployment's rule set once, and keep procedure by category, stage, deadline and history", async () => {
    expect(d.adopted).toBe(LEGACY.length);
    expect(await adoptLegacyCases(prisma, "weihai", new Date())).toBe(0);
    // The upgrade step is audited once, with what it did.
    const audits = await prisma.auditEntry.findMany({ where: { action: "case.rule_set_adopted" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ preset: "weihai", cases: LEGACY.length });
    for (const l of LEGACY) {
      const row = await prisma.case.findUniqueOrThrow({ where: { id: ids[l.key]!.caseId } });
      expect(row, l.key).toMatchObject({ procedure: l.procedure, ruleSet: "weihai", stage: l.stage });
      expect(row.firstClueOn.toISOString().slice(0, 10)).toBe(l.openedOn);
      const c = await h.getCase(ids[l.key]!.caseId);
      expect(c, l.key).toMatchObject({ procedure: l.procedure, ruleSet: "weihai", stage: l.stage, openedOn: l.openedOn, stageStartedOn: l.stageStartedOn, firstClueOn: l.openedOn });
      expect(c.events.map((e: Json) => [e.action, e.fromStage, e.toStage]), l.key).toEqual(l.events);
      if (TERMINAL.includes(l.stage)) {
        expect(c.deadline, l.key).toBeNull();
        expect(c.closedAt, l.key).not.toBeNull();
      } else {
        expect(c.deadline?.deadline, l.key).toBe(l.deadline);
        expect(c.availableActions.length, l.key).toBeGreaterThan(0);
      }
      if (l.publicity) expect(c.publicity, l.key).toEqual({ postedOn: l.publicity[0], startsOn: l.publicity[1], endsOn: l.publicity[2] });
    }
    // The open ones are in their queues.
    const review = await h.ok("district", "GET", "/api/queues/district-review?pageSize=100");
    expect(review.items.map((i: Json) => i.id)).toEqual(expect.arrayContaining([ids["dr-instant"]!.caseId, ids["dr-monitored"]!.caseId]));
  });

  it("the designated household has an open designation period from its case", async () => {
    const { householdId, caseId } = ids.designated!;
    expect(await h.household(householdId)).toMatchObject({ designation: "MONITORED", designatedAt: "2026-11-10" });
    const periods = await prisma.designationPeriod.findMany({ where: { householdId } });
    expect(periods).toHaveLength(1);
    expect(periods[0]).toMatchObject({ designation: "MONITORED", startCaseId: caseId, endedOn: null });
    expect(periods[0]!.startedOn.toISOString().slice(0, 10)).toBe("2026-11-10");
    expect(await prisma.designationPeriod.count()).toBe(1);
  });

  it("the household designated before the upgrade gets its assistance file at start-up, once", async () => {
    const { householdId } = ids.designated!;
    const file = await prisma.assistanceFile.findUniqueOrThrow({ where: { householdId } });
    expect(file.openedOn.toISOString().slice(0, 10)).toBe("2026-11-10");
    expect(file).toMatchObject({ closedOn: null, leadHelperId: null });
    expect(file.assignDue).not.toBeNull();
    expect(d.filesOpened).toBeGreaterThanOrEqual(1);
    expect(await prisma.auditEntry.count({ where: { action: "assistance.file_open", householdId } })).toBe(1);
    expect(await syncAllAssistanceFiles({ prisma, config: d.config, clock: d.clock.now })).toBe(0);
    const shown = await h.ok("township", "GET", `/api/assistance/${householdId}`);
    expect(shown).toMatchObject({ householdId, openedOn: "2026-11-10", closedOn: null });
  });

  it("every open case goes on to the end of its procedure", async () => {
    for (const l of LEGACY.filter((x) => x.end)) {
      let c = await h.getCase(ids[l.key]!.caseId);
      if (c.stage === "OBJECTION_REVIEW") {
        c = await h.step("district", c, "objection-decision", { decision: "DISMISS", handling: "经核实，异议不成立" });
        expect(c.stage).toMatch(/PUBLICITY_(RUNNING|ENDED)/);
      }
      const { c: done, stages } = await h.walk(c);
      expect(stages.at(-1), l.key).toBe(l.end!.stage);
      expect(done.events.slice(0, l.events.length).map((e: Json) => e.action), l.key).toEqual(l.events.map((e) => e[0]));
      const after = await h.household(ids[l.key]!.householdId);
      expect({ category: after.category, designation: after.designation }, l.key).toEqual({ category: l.end!.category, designation: l.end!.designation });
    }
    expect(await prisma.case.count({ where: { closedAt: null } })).toBe(0);
  });

  it("the household designated before the upgrade leaves monitoring by risk elimination", async () => {
    const { householdId } = ids.designated!;
    const opened = await h.openCase(householdId, "RISK_ELIMINATION");
    expect(opened).toMatchObject({ procedure: "RISK_ELIMINATION", ruleSet: "weihai" });
    const { c, stages } = await h.walk(opened);
    expect(stages).toEqual([TV, PP, PR, PE, "TOWNSHIP_REVIEW", DR, "ELIMINATED"]);
    expect(await h.household(householdId)).toMatchObject({ designation: null, monitoringType: null });
    const [period] = await prisma.designationPeriod.findMany({ where: { householdId } });
    expect(period).toMatchObject({ endCaseId: c.id });
    expect(period!.endedOn?.toISOString().slice(0, 10)).toBe(h.today());
    // Leaving monitoring closes the assistance file.
    const file = await prisma.assistanceFile.findUniqueOrThrow({ where: { householdId } });
    expect(file.closedOn?.toISOString().slice(0, 10)).toBe(h.today());
  });
});

describe("cases from before procedures were data, upgraded straight to LOCAL_RULES=national", () => {
  // Before issue 12 a deployment ran weihai or linyi; one that moves to the national model at the upgrade
  // still has open cases of the 2020 procedures, which the national rule set does not have.
  let d: Deployment;
  beforeAll(async () => {
    d = await upgradedDeployment("national");
  }, 120_000);
  afterAll(() => d?.close());

  it("every old case can still be read and the open ones finish under the 2020 procedure they were opened under", async () => {
    const { h, ids } = d;
    expect(d.adopted).toBe(LEGACY.length);
    for (const l of LEGACY) {
      const res = await h.call("district", "GET", `/api/cases/${ids[l.key]!.caseId}`);
      expect(res.statusCode, `${l.key}: ${res.body}`).toBe(200);
      expect(res.json(), l.key).toMatchObject({ procedure: l.procedure, stage: l.stage, ruleSet: "weihai" });
    }
    const list = await h.ok("district", "GET", "/api/cases?status=all&pageSize=100");
    expect(list.total).toBe(LEGACY.length);
    const { c } = await h.walk(await h.getCase(ids["dr-instant"]!.caseId));
    expect(c.stage).toBe("DESIGNATED");
    expect((await h.household(ids["dr-instant"]!.householdId)).designation).toBe("INSTANT_ASSISTANCE");
  });

  it("new cases open under the national model", async () => {
    const hh = await d.h.newHousehold("ORDINARY");
    const c = await d.h.openCase(hh.id);
    expect(c).toMatchObject({ procedure: "MONITORING_IDENTIFICATION", ruleSet: "national" });
  });
});

import { WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { TestSessions } from "../../../test/sessions.ts";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import type { Deps } from "../../lib/deps.ts";
import { JOB_SCHEMA, JOBS, startJobRunner, type JobLogger, type JobRunner } from "./job-runner.ts";

// pg-boss against this file's test database. The jobs take "today" from deps.clock (the TestClock), so an elapsed
// publicity is set up by moving the test clock; nothing here waits for a cron minute.
let t: TestApp;
let deps: Deps;
let sessions: TestSessions;
let zhangcun: number;
const running: JobRunner[] = [];

beforeAll(async () => {
  t = await createTestApp();
  deps = { prisma: t.prisma, clock: t.clock.now, config: t.config };
  sessions = new TestSessions(t);
  await sessions.signIn("township", "village", "district");
  zhangcun = await areaIdByName(t.prisma, "张村");
});
afterAll(async () => {
  for (const r of running) await r.stop();
  await t.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(user: string, method: "GET" | "POST", url: string, payload?: unknown): Promise<Json> {
  // Sessions end after 30 idle minutes and tests move the clock by days: TestSessions signs in again when the clock
  // says so, and an unexpected 401 fails.
  const res = await sessions.inject(user, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

const today = () => new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const step = (user: string, c: Json, path: string, record?: unknown) =>
  ok(user, "POST", `/api/cases/${c.id}/${path}`, { version: c.version, ...(record !== undefined ? { record } : {}) });

/** An ORDINARY case walked over HTTP to a publicity posted today. */
async function caseInPublicity(): Promise<Json> {
  const h = await ok("township", "POST", "/api/households", householdPayload(zhangcun, { category: "ORDINARY" }));
  let c = await ok("village", "POST", "/api/cases", {
    householdId: h.id, lead: { source: "DAILY_VISIT", receivedOn: today(), riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病" },
  });
  c = await step("township", c, "verification", { visitedOn: today(), verifiers: ["李专干"], findings: "情况属实", riskConfirmed: true });
  c = await step("village", c, "appraisal", { heldOn: today(), participants: 15, votesFor: 14, votesAgainst: 0, passed: true, minutesSummary: "同意" });
  c = await step("township", c, "submit");
  c = await step("district", c, "approve", {
    crossChecks: Object.fromEntries(Object.keys(WEIHAI_RULES.crossChecks).map((k) => [k, { result: "CLEAR" }])),
    exclusions: Object.fromEntries(Object.keys(WEIHAI_RULES.exclusions).map((k) => [k, false])),
  });
  c = await step("village", c, "publicity", { postedOn: today(), place: "村委会公示栏" });
  expect(c.stage).toBe("PUBLICITY_RUNNING");
  return c;
}

/** Publicity posted today ends at the end of today+5; the job moves it from today+6 on. */
const passPublicity = () => t.clock.advanceMinutes(6 * 24 * 60);

function collectingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const logger: JobLogger = {
    debug: (msg) => lines.push({ level: "debug", msg }),
    info: (msg) => lines.push({ level: "info", msg }),
    warn: (msg) => lines.push({ level: "warn", msg }),
    error: (_obj, msg) => lines.push({ level: "error", msg }),
  };
  return { logger, lines };
}

async function start(logger: JobLogger, pollingIntervalSeconds = 5) {
  const r = await startJobRunner(deps, t.connectionString, { logger, pollingIntervalSeconds });
  running.push(r);
  return r;
}
async function stop(r: JobRunner) {
  await r.stop();
  running.splice(running.indexOf(r), 1);
}

const stageOf = async (id: string) => (await t.prisma.case.findUniqueOrThrow({ where: { id }, select: { stage: true } })).stage;
const endEvents = (caseId: string) => t.prisma.caseEvent.count({ where: { caseId, action: "END_PUBLICITY" } });

describe("job runner (pg-boss)", () => {
  it("two runners started at once on a fresh database both install, start and stop cleanly; the case moves exactly once", async () => {
    // The schema is there (owned by the application role, decision 013) but pg-boss has not installed itself yet.
    expect(await t.prisma.$queryRaw`SELECT 1 FROM information_schema.tables WHERE table_schema = ${JOB_SCHEMA}`).toHaveLength(0);
    const c = await caseInPublicity();
    passPublicity();
    const a = collectingLogger();
    const b = collectingLogger();
    const [r1, r2] = await Promise.all([start(a.logger), start(b.logger)]);

    expect(await stageOf(c.id)).toBe("PUBLICITY_ENDED");
    expect(await endEvents(c.id)).toBe(1);
    expect(await t.prisma.auditEntry.count({ where: { entityId: c.id, action: "case.END_PUBLICITY" } })).toBe(1);
    // Both start-up runs looked at the case; exactly one of them moved it.
    const moved = [...a.lines, ...b.lines].filter((l) => l.msg.startsWith("publicity-end: 1 case(s)"));
    expect(moved).toHaveLength(1);
    expect([...a.lines, ...b.lines].filter((l) => l.level === "error")).toEqual([]);
    const schedules = await t.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${JOB_SCHEMA}.schedule`);
    expect(Number(schedules[0]!.n)).toBe(JOBS.length);
    await Promise.all([stop(r1), stop(r2)]);
    // Nothing of pg-boss stays connected to the database.
    const left = await t.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'fanpin-jobs'`;
    expect(Number(left[0]!.n)).toBe(0);
  });

  it("keeps pg-boss in its own schema, schedules both jobs every minute and runs them once at start with deps.clock", async () => {
    const c = await caseInPublicity();
    passPublicity();
    const { logger, lines } = collectingLogger();
    const runner = await start(logger);

    expect(await stageOf(c.id)).toBe("PUBLICITY_ENDED");
    expect(await endEvents(c.id)).toBe(1);
    const schemas = await t.prisma.$queryRaw<{ schema_name: string }[]>`SELECT schema_name FROM information_schema.schemata WHERE schema_name = ${JOB_SCHEMA}`;
    expect(schemas).toHaveLength(1);
    const publicTables = await t.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('job', 'queue', 'schedule', 'version')`;
    expect(Number(publicTables[0]!.n)).toBe(0);
    const schedules = await t.prisma.$queryRawUnsafe<{ name: string; cron: string; timezone: string }[]>(`SELECT name, cron, timezone FROM ${JOB_SCHEMA}.schedule ORDER BY name`);
    expect(schedules).toEqual([
      { name: "assistance-files", cron: "* * * * *", timezone: "Asia/Shanghai" },
      { name: "deadline-notifications", cron: "* * * * *", timezone: "Asia/Shanghai" },
      // 预警规则 over every household: nightly, not every minute, and not at start-up.
      { name: "early-warnings", cron: "0 2 * * *", timezone: "Asia/Shanghai" },
      { name: "household-imports", cron: "* * * * *", timezone: "Asia/Shanghai" },
      { name: "lead-digest", cron: "* * * * *", timezone: "Asia/Shanghai" },
      { name: "publicity-end", cron: "* * * * *", timezone: "Asia/Shanghai" },
      { name: "report-snapshots", cron: "* * * * *", timezone: "Asia/Shanghai" },
      { name: "session-cleanup", cron: "* * * * *", timezone: "Asia/Shanghai" },
      // 监测统计: every 10 minutes, not at start-up (the first GET computes what is missing).
      { name: "statistics-refresh", cron: "*/10 * * * *", timezone: "Asia/Shanghai" },
    ]);
    expect(lines.filter((l) => l.level === "info").map((l) => l.msg)).toContainEqual(expect.stringMatching(/^publicity-end: 1 case\(s\) moved .*\(start-up/));
    expect(lines.filter((l) => l.level === "error")).toEqual([]);
    expect(lines.some((l) => l.msg.startsWith("early-warnings:"))).toBe(false);
    expect(lines.some((l) => l.msg.startsWith("statistics-refresh:"))).toBe(false);
    await stop(runner);
    await runner.stop(); // idempotent
  });

  it("a worker runs a job sent through pg-boss (as the cron sends it)", async () => {
    const c = await caseInPublicity();
    passPublicity();
    const { logger } = collectingLogger();
    const runner = await start(logger, 0.5);
    const client = new PgBoss({ connectionString: t.connectionString, schema: JOB_SCHEMA, supervise: false, schedule: false, max: 1 });
    client.on("error", () => undefined);
    await client.start();
    try {
      // Started after the case's publicity elapsed, the runner's start-up run already moved it; so set up another one.
      expect(await stageOf(c.id)).toBe("PUBLICITY_ENDED");
      const d = await caseInPublicity();
      passPublicity();
      const sentAt = Date.now();
      expect(await client.send("publicity-end")).toBeTruthy();
      while ((await stageOf(d.id)) !== "PUBLICITY_ENDED" && Date.now() - sentAt < 15_000) await new Promise((r) => setTimeout(r, 100));
      expect(await stageOf(d.id)).toBe("PUBLICITY_ENDED");
      expect(await endEvents(d.id)).toBe(1);
    } finally {
      await client.stop();
      await stop(runner);
    }
  });

});

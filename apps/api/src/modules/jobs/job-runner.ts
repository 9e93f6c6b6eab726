import { PgBoss } from "pg-boss";
import { syncAllAssistanceFiles } from "../assistance/assistance-files.service.ts";
import type { Deps } from "../../lib/deps.ts";
import { generateDeadlineNotifications } from "../notifications/notifications.service.ts";
import { endElapsedPublicity } from "./publicity-end.ts";
import { runPendingImports } from "../imports/import-runner.ts";
import { deleteEndedAddressWindows, deleteExpiredSessions } from "../auth/auth.repository.ts";
import { deleteEndedPublicThrottles } from "../self-reports/self-reports.service.ts";
import { produceReportSnapshots } from "../reports/report-snapshots.ts";
import { JOB_SCHEMA } from "../../db/roles.ts";
import { sendLeadDigests } from "../leads/lead-digest.ts";
import { runEarlyWarningRules } from "../early-warnings/early-warnings.service.ts";
import { isDatabaseUnavailable } from "../../db/unavailable.ts";
import { refreshStatistics } from "../statistics/statistics.service.ts";

/**
 * Time-driven work of the system, run by pg-boss (a job queue kept in
 * PostgreSQL, schema `pgboss`, next to the application's tables).
 *
 * Every API process starts a runner. pg-boss sends each cron occurrence once
 * across all processes (a singleton slot per minute) and hands each job to one
 * worker, so a job normally runs once a minute in one process. The job
 * functions do not rely on that: they are safe when two processes run them at
 * once (the start-up runs below do exactly that when processes start
 * together):
 * - `publicity-end` moves each case with a versioned update
 *   (performSystemAction): of two concurrent moves one wins, the other finds
 *   the version changed and does nothing, so a case moves once and gets one
 *   END_PUBLICITY event.
 * - `deadline-notifications` inserts with NOT EXISTS and ON CONFLICT DO
 *   NOTHING on the unique key (case, stage, stageStartedOn, kind), or for the
 *   assistance notices (household, kind, deadline, role), so a notice is
 *   written once.
 * - `report-snapshots` inserts with skipDuplicates on the unique key (kind,
 *   department, area, report day), so each report day's file is stored once.
 * All take "today" from deps.clock, never from pg-boss.
 */
export type JobLogger = {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(obj: object, msg: string): void;
};

/**
 * `cron` (China time): when the job runs, if not every minute. A job with its own schedule is not run at
 * start-up: it is work for its hour (the nightly rules over every household hold their lock for a minute at 1M).
 */
type JobDef = { name: string; run: (deps: Deps) => Promise<number>; report: (n: number) => string; cron?: string };

export const JOBS: readonly JobDef[] = [
  { name: "publicity-end", run: endElapsedPublicity, report: (n) => `publicity-end: ${n} case(s) moved to PUBLICITY_ENDED` },
  { name: "deadline-notifications", run: generateDeadlineNotifications, report: (n) => `deadline-notifications: ${n} notice(s) created` },
  // Files of households designated by registration or import (cases open theirs in their own transaction).
  { name: "assistance-files", run: syncAllAssistanceFiles, report: (n) => `assistance-files: ${n} file(s) opened, closed or moved` },
  { name: "session-cleanup", run: deleteEndedSessions, report: (n) => `session-cleanup: ${n} ended session(s) removed` },
  { name: "report-snapshots", run: produceReportSnapshots, report: (n) => `report-snapshots: ${n} report file(s) stored` },
  // Imports start when uploaded; this picks up a job left waiting, or one whose process died (heartbeat stopped).
  { name: "household-imports", run: (deps) => runPendingImports(deps), report: (n) => `household-imports: ${n} import(s) run` },
  // 日汇总: leads gathered are handed to the townships on the next working day, with a notice.
  { name: "lead-digest", run: sendLeadDigests, report: (n) => `lead-digest: ${n} digest(s) sent` },
  // 预警规则 over every household, nightly at 02:00 (after each change they also run on the households changed).
  { name: "early-warnings", run: (deps) => runEarlyWarningRules(deps), report: (n) => `early-warnings: ${n} warning(s) raised`, cron: "0 2 * * *" },
  // 监测统计: every area's figures recomputed in one snapshot every 10 minutes (decision 020); GET /api/statistics reads them.
  { name: "statistics-refresh", run: (deps) => refreshStatistics(deps), report: (n) => `statistics-refresh: ${n} area(s) recomputed`, cron: "*/10 * * * *" },
];

/** Sessions past their hard limit or idle for too long are removed (they no longer work anyway). */
async function deleteEndedSessions(deps: Deps): Promise<number> {
  const now = deps.clock();
  const idleSince = new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000);
  // Sign-in windows of client addresses that have ended go with them.
  await deleteEndedAddressWindows(deps.prisma, new Date(now.getTime() - deps.config.signInAddressWindowMinutes * 60_000));
  // So do the self-report page's counts of earlier days.
  await deleteEndedPublicThrottles(deps);
  return (await deleteExpiredSessions(deps.prisma, now, idleSince)).count;
}

export { JOB_SCHEMA };
/** Every minute. Evaluated in China time (only matters for expressions naming hours). */
const EVERY_MINUTE = "* * * * *";

export type JobRunnerOptions = {
  logger: JobLogger;
  /** Run every job once before returning (default true). */
  runAtStart?: boolean;
  /** Seconds between a worker's polls for due jobs (default 5). */
  pollingIntervalSeconds?: number;
};

export type JobRunner = {
  /** Stops scheduling and polling, waits for a running job (up to 10 s) and closes pg-boss's pool. Idempotent. */
  stop(): Promise<void>;
  /** Runs one job now in this process (as the start-up run does); returns its count. */
  runNow(name: string): Promise<number>;
};

export async function startJobRunner(deps: Deps, connectionString: string, options: JobRunnerOptions): Promise<JobRunner> {
  const { logger } = options;
  const boss = new PgBoss({
    connectionString,
    schema: JOB_SCHEMA,
    // The schema is made at start-up by the owner role (db/database.ts): the application role may not create schemas.
    createSchema: false,
    application_name: "fanpin-jobs",
    max: 3,
    instanceName: "fanpin-api",
  });
  let stopping = false;
  // Without an "error" listener an EventEmitter throws: pg-boss reports background failures (lost connection, maintenance) here.
  // While stopping, a terminated connection is expected (the embedded PostgreSQL stops on the same signal): not an error then.
  // A database that is down (stopped, restarting, network cut) is a warning: pg-boss retries by itself and recovers when it is back.
  boss.on("error", (err) => {
    if (stopping) logger.debug(`pg-boss while stopping: ${err.message}`);
    else if (isDatabaseUnavailable(err)) logger.warn(`pg-boss: database unavailable (${err.message})`);
    else logger.error({ err }, `pg-boss: ${err.message}`);
  });
  boss.on("warning", (w) => logger.warn(`pg-boss: ${w.message}`));

  const run = async (job: JobDef, trigger: string): Promise<number> => {
    const started = Date.now();
    try {
      const n = await job.run(deps);
      const line = `${job.report(n)} (${trigger}, ${Date.now() - started} ms)`;
      if (n > 0) logger.info(line);
      else logger.debug(line);
      return n;
    } catch (err) {
      const message = `${job.name} failed (${trigger}): ${err instanceof Error ? err.message : String(err)}`;
      if (isDatabaseUnavailable(err)) logger.warn(message);
      else logger.error({ err }, message);
      throw err;
    }
  };

  await boss.start();
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await boss.stop({ graceful: true, timeout: 10_000 });
  };

  try {
    for (const job of JOBS) {
      // stately: at most one waiting and one running job per queue, so a slow run never lets minutes pile up.
      // No retries: the next minute's run is the retry. Finished jobs are kept a day for inspection.
      await boss.createQueue(job.name, { policy: "stately", retryLimit: 0, expireInSeconds: 15 * 60, retentionSeconds: 60 * 60, deleteAfterSeconds: 24 * 60 * 60 });
    }
    if (options.runAtStart !== false) {
      // In order: a publicity that just ended must not produce a notice for the stage it left.
      for (const job of JOBS) if (!job.cron) await run(job, "start-up").catch(() => undefined);
    }
    for (const job of JOBS) {
      await boss.schedule(job.name, job.cron ?? EVERY_MINUTE, null, { tz: "Asia/Shanghai" });
      await boss.work(job.name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 5 }, async (jobs) => {
        for (const _ of jobs) await run(job, "cron");
      });
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  return {
    stop,
    runNow: async (name) => {
      const job = JOBS.find((j) => j.name === name);
      if (!job) throw new Error(`Unknown job ${name}`);
      return run(job, "manual");
    },
  };
}

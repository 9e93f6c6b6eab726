// The system as the browser journeys see it: the real server (apps/api/src/server.ts)
// on a fresh embedded database, given a clock the journeys can move. Time passes for
// the server only through these two routes, which exist in this harness and never in
// production code:
//   POST /__e2e/clock      {"days": n}  moves the server's clock n days forward
//   POST /__e2e/run-jobs                runs the time-driven jobs now (publicity end, notices)
import { exitOnStartupFailure, startServer } from "../../apps/api/src/server.ts";
import { JOBS } from "../../apps/api/src/modules/jobs/job-runner.ts";

let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

startServer({
  clock,
  beforeListen: (app, deps) => {
    app.post("/__e2e/clock", { config: { public: true } }, async (req) => {
      const { days } = req.body as { days: number };
      offsetMs += days * 86_400_000;
      return { now: clock().toISOString() };
    });
    app.post("/__e2e/run-jobs", { config: { public: true } }, async () => {
      const results: Record<string, number> = {};
      for (const job of JOBS) results[job.name] = await job.run(deps);
      return results;
    });
  },
}).catch(exitOnStartupFailure);

// The system as the browser journeys see it: the real server (apps/api/src/server.ts)
// on a fresh embedded database, given a clock the journeys can move. Time passes for
// the server only through these two routes, which exist in this harness and never in
// production code:
//   POST /__e2e/clock      {"days": n}  moves the server's clock n days forward
//   POST /__e2e/run-jobs                runs the time-driven jobs now (publicity end, notices)
// and one set-up shortcut for journeys that need a helper before the helper screens exist:
//   POST /__e2e/assign-helper {"username", "householdId"}  links a helper register entry to the
//        user and assigns it as lead helper from today (e2e/assistance-visit-offline.spec.ts uses
//        it only when POST /api/helpers is not there)
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
    app.post("/__e2e/assign-helper", { config: { public: true } }, async (req) => {
      const { username, householdId } = req.body as { username: string; householdId: string };
      const user = await deps.prisma.user.findUniqueOrThrow({ where: { username }, include: { area: true } });
      const helper = await deps.prisma.helper.findUnique({ where: { userId: user.id } }) ?? await deps.prisma.helper.create({
        data: { name: user.displayName, unit: "区农业农村局", areaId: user.areaId, areaCode: user.area.code, userId: user.id },
      });
      const today = new Date(`${clock().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" })}T00:00:00Z`);
      await deps.prisma.helperAssignment.create({ data: { householdId, helperId: helper.id, role: "LEAD", startedOn: today } });
      return { helperId: helper.id };
    });
  },
}).catch(exitOnStartupFailure);

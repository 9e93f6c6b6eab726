import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import "@fanpin/domain/zod-zh";
import type { AppConfig } from "./config.ts";
import type { PrismaClient } from "./db/prisma.ts";
import { systemClock, type Clock } from "./lib/clock.ts";
import { SERVER_TODAY_HEADER } from "@fanpin/domain/server-today";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { Deps } from "./lib/deps.ts";
import { areasRoutes } from "./modules/areas/areas.routes.ts";
import { auditRoutes } from "./modules/audit/audit.routes.ts";
import { calendarRoutes } from "./modules/calendar/calendar.routes.ts";
import { casesRoutes } from "./modules/cases/cases.routes.ts";
import { queuesRoutes } from "./modules/queues/queues.routes.ts";
import { notificationsRoutes } from "./modules/notifications/notifications.routes.ts";
import { publicityRoutes } from "./modules/publicity/publicity.routes.ts";
import { authRoutes } from "./modules/auth/auth.routes.ts";
import { healthRoutes } from "./modules/health/health.routes.ts";
import { householdsRoutes } from "./modules/households/households.routes.ts";
import { importsRoutes } from "./modules/imports/imports.routes.ts";
import { usersRoutes } from "./modules/users/users.routes.ts";
import { reportsRoutes } from "./modules/reports/reports.routes.ts";
import { helpersRoutes } from "./modules/helpers/helpers.routes.ts";
import { plansRoutes } from "./modules/plans/plans.routes.ts";
import { visitsRoutes } from "./modules/visits/visits.routes.ts";
import { reviewsRoutes } from "./modules/reviews/reviews.routes.ts";
import { leadsRoutes } from "./modules/leads/leads.routes.ts";
import { selfReportsRoutes } from "./modules/self-reports/self-reports.routes.ts";
import { departmentWarningsRoutes } from "./modules/department-warnings/department-warnings.routes.ts";
import { earlyWarningsRoutes } from "./modules/early-warnings/early-warnings.routes.ts";
import { statisticsRoutes } from "./modules/statistics/statistics.routes.ts";
import { registerAuth } from "./plugins/auth.ts";
import { registerBrowserDefences } from "./plugins/browser-defences.ts";
import { clientErrorHandler, frameworkErrors, registerErrorHandling, sendNotFound } from "./plugins/errors.ts";
import { registerOpenApi } from "./plugins/openapi.ts";
import { registerReadYourWrites } from "./plugins/read-replica.ts";
import type { ReadReplica } from "./db/replica.ts";
import { registerRequestTextCheck } from "./plugins/request-text.ts";

export type BuildAppOptions = {
  prisma: PrismaClient;
  config: AppConfig;
  clock?: Clock;
  logger?: FastifyServerOptions["logger"];
  /** The read replica (DATABASE_READ_URL, decision 020): reads of statistics, ledgers, exports and lists go there when fit. */
  replica?: ReadReplica;
};

/**
 * Assembles the API from its parts in a fixed order: infrastructure
 * (validation, errors, browser defences, cookies, auth, docs), then the feature routes, then the
 * SPA. Everything the routes need arrives in `deps`; nothing is global.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { replica } = options;
  const deps: Deps = {
    prisma: options.prisma, config: options.config, clock: options.clock ?? systemClock,
    ...(replica ? { readDb: (req) => replica.readDb(req) } : {}),
  };
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: () => randomUUID(),
    trustProxy: options.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  // Only JSON bodies: a cross-site HTML form cannot send them (with SameSite cookies, the CSRF defence).
  app.removeContentTypeParser("text/plain");
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerRequestTextCheck(app);
  app.addHook("onSend", async (_req, reply) => {
    // Personal data must not linger in shared caches or the browser's history cache.
    if (!reply.hasHeader("cache-control")) void reply.header("cache-control", "no-store");
    // The server's calendar day decides what "today" is (deadlines, the latest date a record may carry); the SPA
    // bounds its date fields by it, not by the device's clock, which may be wrong.
    void reply.header(SERVER_TODAY_HEADER, todayInChina(deps.clock()));
  });

  await registerBrowserDefences(app, options.config);
  await app.register(cookie);
  if (replica) registerReadYourWrites(app, options.prisma, replica, options.config);
  registerAuth(app, deps);
  await registerOpenApi(app);

  await app.register(healthRoutes(deps, () => replica?.monitor.health ?? { status: "none", lagSeconds: null }));
  await app.register(authRoutes(deps));
  await app.register(areasRoutes(deps));
  await app.register(householdsRoutes(deps));
  await app.register(importsRoutes(deps));
  await app.register(usersRoutes(deps));
  await app.register(calendarRoutes(deps));
  await app.register(casesRoutes(deps));
  await app.register(queuesRoutes(deps));
  await app.register(notificationsRoutes(deps));
  await app.register(reportsRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(helpersRoutes(deps));
  await app.register(plansRoutes(deps));
  await app.register(visitsRoutes(deps));
  await app.register(reviewsRoutes(deps));
  await app.register(publicityRoutes(deps));
  await app.register(leadsRoutes(deps));
  await app.register(selfReportsRoutes(deps));
  await app.register(departmentWarningsRoutes(deps));
  await app.register(earlyWarningsRoutes(deps));
  await app.register(statisticsRoutes(deps));

  if (options.config.webDistDir && existsSync(join(options.config.webDistDir, "index.html"))) {
    await registerSpa(app, options.config.webDistDir);
  } else {
    app.setNotFoundHandler(sendNotFound);
  }
  return app;
}

/**
 * Serves the built SPA. Files are looked up on each request (a new build is
 * served without a restart); other non-API GETs get index.html so client-side
 * routes survive a reload; unknown assets and API paths get a 404.
 */
async function registerSpa(app: FastifyInstance, dir: string) {
  await app.register(fastifyStatic, {
    root: dir,
    setHeaders: (res, path) => {
      void res.header("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === "GET" && !req.url.startsWith("/api/") && !req.url.startsWith("/assets/");
    if (isPage) return reply.header("cache-control", "no-cache").sendFile("index.html");
    return sendNotFound(req, reply);
  });
}

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import { pingDatabase } from "./health.repository.ts";

export const healthRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/health", {
      config: { public: true },
      schema: {
        tags: ["system"],
        summary: "健康检查（含数据库状态）",
        security: [],
        response: {
          200: z.object({ status: z.literal("ok"), database: z.object({ status: z.literal("ok"), latencyMs: z.number() }) }),
          503: z.object({ status: z.literal("degraded"), database: z.object({ status: z.literal("unavailable") }) }),
        },
      },
    }, async (_req, reply) => {
      const started = performance.now();
      try {
        await pingDatabase(deps.prisma);
        return { status: "ok" as const, database: { status: "ok" as const, latencyMs: Math.round((performance.now() - started) * 10) / 10 } };
      } catch {
        return reply.status(503).send({ status: "degraded" as const, database: { status: "unavailable" as const } });
      }
    });
  };

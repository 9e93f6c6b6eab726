import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ReplicaHealth } from "../../db/replica.ts";
import type { Deps } from "../../lib/deps.ts";
import { pingDatabase } from "./health.repository.ts";

/**
 * The read replica (decision 020): ok, lagging (further behind than REPLICA_MAX_LAG_SECONDS), unavailable (down, or
 * not a standby), none (no DATABASE_READ_URL). Not ok means reads go to the primary: slower, still served, so the
 * answer stays 200 — a load balancer must not take every API process out because the shared replica is down.
 */
const ZReplicaHealth = z.object({
  status: z.enum(["ok", "lagging", "unavailable", "none"]),
  lagSeconds: z.number().nullable().describe("副本落后主库的秒数（未配置或不可用时为空）"),
});

export const healthRoutes = (deps: Deps, replica: () => ReplicaHealth = () => ({ status: "none", lagSeconds: null })): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/health", {
      config: { public: true },
      schema: {
        tags: ["system"],
        summary: "健康检查（含数据库和只读副本状态；副本不可用或落后时读取改由主库承担，仍返回 200）",
        security: [],
        response: {
          200: z.object({ status: z.literal("ok"), database: z.object({ status: z.literal("ok"), latencyMs: z.number() }), replica: ZReplicaHealth }),
          503: z.object({ status: z.literal("degraded"), database: z.object({ status: z.literal("unavailable") }), replica: ZReplicaHealth }),
        },
      },
    }, async (_req, reply) => {
      const started = performance.now();
      try {
        await pingDatabase(deps.prisma);
        return {
          status: "ok" as const,
          database: { status: "ok" as const, latencyMs: Math.round((performance.now() - started) * 10) / 10 },
          replica: replica(),
        };
      } catch {
        return reply.status(503).send({ status: "degraded" as const, database: { status: "unavailable" as const }, replica: replica() });
      }
    });
  };

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../lib/deps.ts";

/** 农户自主申报 (一键报贫): the public routes, without a session (/api/public/self-reports…). */
export const selfReportsRoutes = (_deps: Deps): FastifyPluginAsyncZod =>
  async () => {};

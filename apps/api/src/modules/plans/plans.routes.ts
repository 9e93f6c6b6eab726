import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../lib/deps.ts";

/** Assistance routes of this feature (contract: packages/domain/src/assistance-schemas.ts). */
export const plansRoutes = (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};

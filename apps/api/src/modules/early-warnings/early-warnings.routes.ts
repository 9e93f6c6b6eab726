import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../lib/deps.ts";

/** 预警规则: the warnings raised on households (read), and running the rules on demand. */
export const earlyWarningsRoutes = (_deps: Deps): FastifyPluginAsyncZod =>
  async () => {};

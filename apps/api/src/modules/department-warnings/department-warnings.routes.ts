import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../lib/deps.ts";

/** 部门筛查预警: uploads of departments' lists, their column mappings and reports. */
export const departmentWarningsRoutes = (_deps: Deps): FastifyPluginAsyncZod =>
  async () => {};

import { ZHouseholdEarlyWarning } from "@fanpin/domain/detection/early-warning-rules";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import { householdWarnings } from "./early-warnings.service.ts";

/** 预警规则: the warnings raised on a household (the rules run nightly and after each change; no route runs them). */
export const earlyWarningsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/households/:id/early-warnings", {
      config: { permission: "household.read" },
      schema: {
        tags: ["households"],
        summary: "该户的监测预警（预警规则触发的预警，含已不再满足的）",
        params: z.object({ id: z.uuid("户编号格式不正确") }),
        response: { 200: z.object({ items: z.array(ZHouseholdEarlyWarning) }) },
      },
    }, async (req) => ({ items: await householdWarnings(deps, req.actor!, req.params.id) }));
  };

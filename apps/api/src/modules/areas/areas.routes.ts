import { AREA_LEVELS } from "@fanpin/domain/areas";
import { ZAreaTreeResponse } from "@fanpin/domain/area-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import { listAreas } from "./areas.service.ts";

export const areasRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/areas", {
      config: { permission: "area.read" },
      schema: {
        tags: ["areas"],
        summary: "本人辖区内的行政区划（含本级）",
        querystring: z.object({ maxLevel: z.enum(AREA_LEVELS).optional() }),
        response: { 200: ZAreaTreeResponse },
      },
    }, async (req) => ({ areas: await listAreas(deps.prisma, req.actor!, req.query.maxLevel) }));
  };

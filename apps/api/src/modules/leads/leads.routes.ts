import { ZReceivedLead, ZReceiveLeadRequest } from "@fanpin/domain/detection/lead-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../lib/deps.ts";
import * as service from "./leads.service.ts";

export const leadsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post("/api/leads", {
      config: { permission: "lead.receive" },
      schema: {
        tags: ["leads"],
        summary: "登记线索（日常走访、热线、书记遍访、督查反馈）；同一户、同一身份证号或电话的线索并入办理中的线索",
        body: ZReceiveLeadRequest,
        response: { 201: ZReceivedLead },
      },
    }, async (req, reply) => {
      const r = await service.receiveLead(deps, req.actor!, req.body);
      return reply.status(201).send({ id: r.leadId, leadNo: r.leadNo, merged: r.merged });
    });
  };

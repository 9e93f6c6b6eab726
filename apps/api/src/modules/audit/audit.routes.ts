import { ZAuditChainReport } from "@fanpin/domain/audit-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../lib/deps.ts";
import { prismaQuery } from "./audit-chain.repository.ts";
import * as service from "./audit.service.ts";

export const auditRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/audit/chain", {
      config: { permission: "audit.verify" },
      schema: {
        tags: ["audit"],
        summary: "校验审计链：逐条重算 SM3 哈希，报告第一处断链（内容被改、链接断开、记录缺失或插入）",
        description: "Walks the whole audit trail (decision 014); on a large trail this takes a while (npm run audit:verify does the same from the command line).",
        response: { 200: ZAuditChainReport },
      },
    }, async () => service.verifyAuditChain(prismaQuery(deps.prisma), deps.clock));
  };

import type { AppConfig } from "../config.ts";
import type { FastifyRequest } from "fastify";
import type { Db, PrismaClient } from "../db/prisma.ts";
import type { Clock } from "./clock.ts";

/** What services need from the outside world, wired once in app.ts. */
export type Deps = {
  prisma: PrismaClient;
  clock: Clock;
  config: AppConfig;
  /**
   * The database a read may be served from: the read replica (DATABASE_READ_URL) when one is configured, answering,
   * not lagging more than its setting, and — given the request — has replayed the user's own last write; else the
   * primary (`prisma`). For statistics, ledgers, exports and lists only; writes always use `prisma`.
   */
  readDb?: (req?: FastifyRequest) => Db;
};

/** The database for a read of statistics, ledgers, exports or lists (see Deps.readDb): the one way to choose it. */
export function readDb(deps: Deps, req?: FastifyRequest): Db {
  return deps.readDb?.(req) ?? deps.prisma;
}

import type { AppConfig } from "../config.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { Clock } from "./clock.ts";

/** What services need from the outside world, wired once in app.ts. */
export type Deps = {
  prisma: PrismaClient;
  clock: Clock;
  config: AppConfig;
};

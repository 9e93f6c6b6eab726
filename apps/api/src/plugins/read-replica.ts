// Read-your-writes with a read replica (decision 020): after a user's
// successful write, the primary's WAL position goes into a short-lived cookie;
// Deps.readDb keeps that user's reads on the primary until the replica has
// replayed past it. A cookie, not process memory, so the next request may
// reach any API process behind the load balancer.
import type { FastifyInstance } from "fastify";
import type { AppConfig } from "../config.ts";
import type { PrismaClient } from "../db/prisma.ts";
import { formatLsn, primaryWalPosition, WAL_COOKIE, type ReadReplica } from "../db/replica.ts";

/** Past every possible position: the user reads from the primary until the cookie expires. */
const UNKNOWN_POSITION = (0xffffffffn << 32n) + 0xffffffffn;

export function registerReadYourWrites(app: FastifyInstance, primary: PrismaClient, replica: ReadReplica, config: AppConfig): void {
  app.addHook("onSend", async (req, reply, payload) => {
    const write = req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS";
    if (!write || reply.statusCode >= 400 || !req.url.startsWith("/api/")) return payload;
    const lsn = await primaryWalPosition(primary).catch(() => null);
    void reply.setCookie(WAL_COOKIE, formatLsn(lsn ?? UNKNOWN_POSITION), {
      path: "/api",
      httpOnly: true,
      sameSite: "strict",
      secure: config.cookieSecure || req.protocol === "https",
      maxAge: replica.walCookieMaxAgeSeconds,
    });
    return payload;
  });
}

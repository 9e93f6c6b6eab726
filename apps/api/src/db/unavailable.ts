// Whether an error means "the database cannot be reached right now" (stopped,
// restarting, shutting down, network cut, out of connections), as opposed to
// a fault of the request or of the code. Such errors answer 503
// DATABASE_UNAVAILABLE; the pools reconnect by themselves once the database
// is back (decision 013).
//
// They arrive in several shapes: node-postgres errors with a SQLSTATE, socket
// errors with an errno code, plain Errors from pg-pool ("Connection
// terminated", "timeout exceeded when trying to connect"), and Prisma's
// wrappers of all of these (driver adapter errors with a `cause`, P1001 …).
// The causes are walked, so each shape is recognised however deeply wrapped.

/** SQLSTATEs: class 08 connection exceptions, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections. */
const SQLSTATES = /^(08\d{3}|57P0[1-3]|53300)$/;
/** Socket errors of a server that is down or unreachable. */
const ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED"]);
/** Prisma: can't reach server, timed out, server closed the connection, pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** Prisma driver adapter error kinds for the same. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|Can't reach database server|Server has closed the connection|too many clients|Client has encountered a connection error and is not queryable/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { code, kind, name, message, originalCode } = e as { code?: unknown; kind?: unknown; name?: unknown; message?: unknown; originalCode?: unknown };
    if (name === "PrismaClientInitializationError") return true;
    for (const c of [code, originalCode]) {
      if (typeof c !== "string") continue;
      if (SQLSTATES.test(c) || ERRNOS.has(c) || PRISMA_CODES.has(c)) return true;
    }
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    if (typeof message === "string" && MESSAGES.test(message)) return true;
    // AggregateError (e.g. ECONNREFUSED on both ::1 and 127.0.0.1)
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}

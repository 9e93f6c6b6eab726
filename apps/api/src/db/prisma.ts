import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "../generated/prisma/client.ts";

export type { Prisma } from "../generated/prisma/client.ts";
export { PrismaClient };

/** The transaction client handed to data-access functions inside `$transaction`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** Either the root client or a transaction: data-access functions accept both. */
export type Db = PrismaClient | Tx;

/**
 * `preparedStatements` (default on; PG_PREPARED_STATEMENTS=off turns it off,
 * e.g. behind a connection pooler that cannot keep them): every distinct SQL
 * text gets a statement name, so each connection parses it once and
 * PostgreSQL may reuse its plan (decision 011).
 */
export function createPrisma(connectionString: string, options: PgAdapterOptions = {}): PrismaClient {
  return prismaOver(pgAdapter(connectionString, options));
}

export type PgAdapterOptions = { max?: number; preparedStatements?: boolean; connectionTimeoutMillis?: number };

/** The node-postgres driver adapter createPrisma uses (the read replica wraps two of them, db/replica.ts). */
export function pgAdapter(connectionString: string, options: PgAdapterOptions = {}): SqlDriverAdapterFactory {
  const prepared = options.preparedStatements ?? process.env.PG_PREPARED_STATEMENTS !== "off";
  return new PrismaPg(
    // A database that does not answer (stopped, network cut) fails a request after 5 s (503) instead of holding it.
    { connectionString, max: options.max ?? 20, connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000, keepAlive: true },
    prepared ? { statementNameGenerator: statementNames() } : {},
  );
}

/** A client over a driver adapter, with the transaction settings of the whole API. */
export function prismaOver(adapter: SqlDriverAdapterFactory): PrismaClient {
  // Audited transactions wait their turn on the audit chain's head (decision 014): Prisma's 5 s default is too short under load.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 30_000 } });
}

/** Most SQL texts a process names; texts beyond it (there should be none) run unnamed, as before. */
const MAX_NAMED_STATEMENTS = 2_000;

/** One name per distinct SQL text, the same on every connection of the pool. */
export function statementNames(limit = MAX_NAMED_STATEMENTS): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return (query) => {
    let name = names.get(query.sql);
    if (name === undefined && names.size < limit) {
      name = `fanpin_${names.size + 1}`;
      names.set(query.sql, name);
    }
    // pg treats a missing name as an unnamed statement.
    return name as string;
  };
}

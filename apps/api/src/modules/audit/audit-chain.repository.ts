// Reading the audit chain back (the check) and sealing the rows from before it (decision 014).
// Both run either through Prisma (the API's endpoint) or a plain pg connection (start-up, the
// command), so they take a query function rather than a client.
import pg from "pg";
import type { Db } from "../../db/prisma.ts";
import { contentDigest, extendChain, type AuditContent, type ChainLink } from "./audit-chain.ts";

/** Runs one statement with positional parameters and returns its rows. */
export type SqlQuery = <R>(sql: string, params?: unknown[]) => Promise<R[]>;

export const prismaQuery = (db: Db): SqlQuery => (sql, params = []) => db.$queryRawUnsafe(sql, ...params);
export const pgQuery = (client: pg.Client): SqlQuery => async <R>(sql: string, params: unknown[] = []) =>
  (await client.query(sql, params)).rows as R[];

/** An entry as the check reads it. */
export type ChainedEntry = { id: string; position: bigint | null; prev: Buffer | null; hash: Buffer | null; content: AuditContent };

// Every value as text (bigint, uuid, enum, jsonb), so that Prisma and pg read them alike.
const ENTRY_COLUMNS = `id::text AS id, chain_position::text AS position, encode(chain_prev, 'hex') AS prev, encode(chain_hash, 'hex') AS hash,
  at, actor_id::text AS actor_id, actor_name, actor_role::text AS actor_role, action, entity_type, entity_id, household_id::text AS household_id,
  before::text AS before, after::text AS after, reason, request_id, ip`;

type EntryRow = {
  id: string; position: string | null; prev: string | null; hash: string | null; at: Date; actor_id: string | null; actor_name: string | null;
  actor_role: string | null; action: string; entity_type: string; entity_id: string; household_id: string | null; before: string | null;
  after: string | null; reason: string | null; request_id: string | null; ip: string | null;
};

function toEntry(r: EntryRow): ChainedEntry {
  return {
    id: r.id,
    position: r.position === null ? null : BigInt(r.position),
    prev: r.prev === null ? null : Buffer.from(r.prev, "hex"),
    hash: r.hash === null ? null : Buffer.from(r.hash, "hex"),
    content: {
      at: r.at, actorId: r.actor_id, actorName: r.actor_name, actorRole: r.actor_role, action: r.action, entityType: r.entity_type,
      entityId: r.entity_id, householdId: r.household_id, before: r.before === null ? null : JSON.parse(r.before),
      after: r.after === null ? null : JSON.parse(r.after), reason: r.reason, requestId: r.request_id, ip: r.ip,
    },
  };
}

export async function readChainHead(q: SqlQuery): Promise<ChainLink> {
  const [head] = await q<{ position: string; hash: string }>(`SELECT position::text AS position, encode(hash, 'hex') AS hash FROM audit_chain_head WHERE id = 1`);
  return { position: BigInt(head!.position), hash: Buffer.from(head!.hash, "hex") };
}

/** Chained entries after position `after`, up to `upTo`, in chain order. */
export async function readChainedEntries(q: SqlQuery, after: bigint, upTo: bigint, take: number): Promise<ChainedEntry[]> {
  const rows = await q<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM audit_entry WHERE chain_position > $1::bigint AND chain_position <= $2::bigint ORDER BY chain_position LIMIT $3::int`,
    [after.toString(), upTo.toString(), take],
  );
  return rows.map(toEntry);
}

/** The first entry with a position past the head, read in one snapshot with the head (so a concurrent writer's commit is not one). */
export async function findEntryBeyondHead(q: SqlQuery): Promise<{ id: string; position: bigint } | null> {
  const [row] = await q<{ id: string; position: string }>(
    `SELECT e.id::text AS id, e.chain_position::text AS position FROM audit_entry e, audit_chain_head h
     WHERE h.id = 1 AND e.chain_position > h.position ORDER BY e.chain_position LIMIT 1`,
  );
  return row ? { id: row.id, position: BigInt(row.position) } : null;
}

/** The first entry outside the chain (none once sealed: new rows cannot be inserted without chain columns). */
export async function findUnchainedEntry(q: SqlQuery): Promise<string | null> {
  const [row] = await q<{ id: string }>(`SELECT id::text AS id FROM audit_entry WHERE chain_position IS NULL ORDER BY audit_entry.id LIMIT 1`);
  return row?.id ?? null;
}

/**
 * Seals the entries written before the chain existed: links them, in id
 * order, onto the chain's end. Run after migrating, before the application
 * serves (server.ts); idempotent (nothing to do once sealed). Each batch is
 * one transaction under the chain's lock, so two processes starting at once
 * take turns and the second finds nothing left. The append-only trigger lets
 * exactly this through: chain columns set once, from NULL, nothing else
 * changed; and since every row inserted after the migration must carry its
 * chain columns, only rows from before it can ever be sealed.
 */
export async function sealAuditChain(connectionString: string, options: { batch?: number } = {}): Promise<{ sealed: number }> {
  const batch = options.batch ?? 2_000;
  const client = new pg.Client({ connectionString, application_name: "fanpin-audit-seal" });
  client.on("error", () => undefined); // a lost connection surfaces through the next query
  await client.connect();
  const q = pgQuery(client);
  let sealed = 0;
  let after = "0";
  try {
    for (;;) {
      await client.query("BEGIN");
      try {
        const [head] = await q<{ position: string; hash: string }>(
          `SELECT position::text AS position, encode(hash, 'hex') AS hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
        );
        // Walked by id (the primary key), not by a scan for NULLs: millions of rows are sealed in batches.
        const rows = (await q<EntryRow>(
          `SELECT ${ENTRY_COLUMNS} FROM audit_entry WHERE id > $1::bigint AND chain_position IS NULL ORDER BY audit_entry.id LIMIT $2::int`, [after, batch],
        )).map(toEntry);
        if (rows.length) {
          const links = extendChain({ position: BigInt(head!.position), hash: Buffer.from(head!.hash, "hex") }, rows.map((r) => contentDigest(r.content)));
          await client.query(
            `WITH sealed AS (
               UPDATE audit_entry a SET chain_position = l.position, chain_prev = decode(l.prev, 'hex'), chain_hash = decode(l.hash, 'hex')
               FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS l(id, position, prev, hash)
               WHERE a.id = l.id AND a.chain_position IS NULL)
             UPDATE audit_chain_head SET position = $5::bigint, hash = decode($6, 'hex') WHERE id = 1`,
            [rows.map((r) => r.id), links.map((l) => l.position.toString()), links.map((l) => l.prev.toString("hex")),
              links.map((l) => l.hash.toString("hex")), links.at(-1)!.position.toString(), links.at(-1)!.hash.toString("hex")],
          );
        }
        await client.query("COMMIT");
        sealed += rows.length;
        if (rows.length < batch) return { sealed };
        after = rows.at(-1)!.id;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

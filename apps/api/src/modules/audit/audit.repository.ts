import type { Role } from "@fanpin/domain/roles";
import { BULK_COLUMNS, bulkInsertSql, type BulkRow } from "../../db/bulk-insert.ts";
import type { Db, Tx } from "../../db/prisma.ts";
import type { Actor } from "../../lib/actor.ts";
import { contentDigest, extendChain, type AuditContent, type ChainLink } from "./audit-chain.ts";

export type AuditRecord = {
  action: string;
  entityType: string;
  entityId: string;
  householdId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/** Who acts: a signed-in user, or the system itself (time-driven work, demo data) with id and role null. */
export type AuditActor = Pick<Actor, "username" | "requestId" | "ip"> & { id: string | null; role: Role | null };
export const SYSTEM_AUDIT_ACTOR = (requestId: string): AuditActor => ({ id: null, username: "system", role: null, requestId, ip: null });

/** An entry's stored content from who acted, what they did and when. */
export function auditContent(actor: AuditActor | null, record: AuditRecord, at: Date): AuditContent {
  return {
    at,
    actorId: actor?.id ?? null,
    actorName: actor?.username ?? null,
    actorRole: actor?.role ?? null,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    householdId: record.householdId ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
    reason: record.reason ?? null,
    requestId: actor?.requestId ?? null,
    ip: actor?.ip ?? null,
  };
}

/**
 * Appends one entry to the audit trail. Called with a transaction, it must be
 * that transaction's LAST write: it takes the chain's lock, held until commit
 * (decision 014), and a lock taken after it could deadlock with a writer that
 * holds that row and waits for the chain. Called with the root client, it
 * runs in a transaction of its own.
 */
export async function appendAudit(db: Db, actor: AuditActor | null, record: AuditRecord, at: Date): Promise<void> {
  await appendChained(db, [auditContent(actor, record, at)]);
}

/** Several entries at once (same rules as appendAudit). */
export async function appendAuditMany(db: Db, actor: AuditActor | null, records: AuditRecord[], at: Date): Promise<void> {
  await appendChained(db, records.map((r) => auditContent(actor, r, at)));
}

// ---------------------------------------------------------------- the chain writer (decision 014)
//
// The only code that inserts into audit_entry (the bulk generator in scale/
// writes its own COPY stream with the same functions of audit-chain.ts). Every
// writer ends its transaction with: content digests (computed before locking),
// lock the head row, link, insert with the chain columns and move the head,
// commit. The head's row lock serialises the chain across every connection and
// process; it is held for one statement and the commit.

/** Links entries onto the chain and inserts them, in the caller's transaction (or a new one), as its last write. */
export async function appendChained(db: Db, entries: AuditContent[]): Promise<void> {
  if (!entries.length) return;
  const digests = entries.map(contentDigest);
  const write = async (tx: Tx) => insertChained(tx, await lockChainHead(tx), entries, digests);
  if ("$transaction" in db) await db.$transaction(write);
  else await write(db);
}

/** Locks the chain's head until the transaction ends and returns it. */
export async function lockChainHead(tx: Tx): Promise<ChainLink> {
  const [head] = await tx.$queryRaw<{ position: bigint; hash: string }[]>`
    SELECT position, encode(hash, 'hex') AS hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`;
  return { position: BigInt(head!.position), hash: Buffer.from(head!.hash, "hex") };
}

const insertChainedSql = `WITH entries AS (${bulkInsertSql("audit_entry")})
  UPDATE audit_chain_head SET position = $2::bigint, hash = decode($3, 'hex') WHERE id = 1`;

/** Inserts entries after `head`, which the transaction has locked, and moves the head past them. */
export async function insertChained(tx: Tx, head: ChainLink, entries: AuditContent[], digests = entries.map(contentDigest)): Promise<void> {
  const links = extendChain(head, digests);
  const rows: BulkRow<"audit_entry">[] = entries.map((e, i) => ({
    ...bulkColumns(e), chain_position: links[i]!.position.toString(), chain_prev: `\\x${links[i]!.prev.toString("hex")}`,
    chain_hash: `\\x${links[i]!.hash.toString("hex")}`,
  }));
  const last = links.at(-1)!;
  await tx.$executeRawUnsafe(insertChainedSql, JSON.stringify(rows), last.position.toString(), last.hash.toString("hex"));
}

function bulkColumns(e: AuditContent): Omit<BulkRow<"audit_entry">, "chain_position" | "chain_prev" | "chain_hash"> {
  return {
    at: e.at.toISOString(), actor_id: e.actorId, actor_name: e.actorName, actor_role: e.actorRole, action: e.action, entity_type: e.entityType,
    entity_id: e.entityId, household_id: e.householdId, before: e.before ?? null, after: e.after ?? null, reason: e.reason, request_id: e.requestId, ip: e.ip,
  };
}

// A long transaction (an all-or-nothing import holds one for the whole file) must not hold the chain
// for minutes: its entries wait in a temporary table, digested as they come, and are linked in one
// statement just before commit (chainStagedAudit).

/** Opens the staging table for the transaction's entries (dropped at its end). */
export async function beginAuditStaging(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE audit_stage (seq int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, entry jsonb NOT NULL, digest bytea NOT NULL) ON COMMIT DROP`,
  );
}

/** Adds entries to the transaction's staging table (beginAuditStaging first). */
export async function stageAudit(tx: Tx, entries: AuditContent[]): Promise<void> {
  if (!entries.length) return;
  const staged = entries.map((e) => ({ entry: bulkColumns(e), digest: contentDigest(e).toString("hex") }));
  await tx.$executeRawUnsafe(
    `INSERT INTO audit_stage (entry, digest) SELECT a.x -> 'entry', decode(a.x ->> 'digest', 'hex')
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS a(x, n) ORDER BY a.n`,
    JSON.stringify(staged),
  );
}

/** Links the staged entries onto the chain: the transaction's last write; the chain is locked from here to commit. */
export async function chainStagedAudit(tx: Tx): Promise<void> {
  const staged = await tx.$queryRawUnsafe<{ seq: number; digest: string }[]>(`SELECT seq, encode(digest, 'hex') AS digest FROM audit_stage ORDER BY seq`);
  if (!staged.length) return;
  const head = await lockChainHead(tx);
  const links = extendChain(head, staged.map((s) => Buffer.from(s.digest, "hex")));
  const columns = BULK_COLUMNS.audit_entry.filter((c) => !c.startsWith("chain_")).map((c) => `"${c}"`);
  const last = links.at(-1)!;
  await tx.$executeRawUnsafe(
    `WITH entries AS (
       INSERT INTO audit_entry (${columns.join(", ")}, chain_position, chain_prev, chain_hash)
       SELECT ${columns.map((c) => `r.${c}`).join(", ")}, l.position, decode(l.prev, 'hex'), decode(l.hash, 'hex')
       FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[]) AS l(seq, position, prev, hash)
       JOIN audit_stage s ON s.seq = l.seq
       CROSS JOIN LATERAL jsonb_populate_record(NULL::audit_entry, s.entry) AS r
       ORDER BY l.position)
     UPDATE audit_chain_head SET position = $5::bigint, hash = decode($6, 'hex') WHERE id = 1`,
    staged.map((s) => s.seq), links.map((l) => l.position.toString()), links.map((l) => l.prev.toString("hex")),
    links.map((l) => l.hash.toString("hex")), last.position.toString(), last.hash.toString("hex"),
  );
}

export async function findHouseholdHistory(db: Db, householdId: string, skip: number, take: number) {
  const where = { householdId };
  const [items, total] = await Promise.all([
    db.auditEntry.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip, take }),
    db.auditEntry.count({ where }),
  ]);
  return { items, total };
}

/** Display names of the given users, for history screens (the trail stores the username). */
export async function findDisplayNames(db: Db, userIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((id): id is string => !!id))];
  if (!ids.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

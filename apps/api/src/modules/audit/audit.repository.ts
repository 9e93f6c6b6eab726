import type { Role } from "@fanpin/domain/roles";
import { BULK_COLUMNS, bulkInsertSql, type BulkRow } from "../../db/bulk-insert.ts";
import type { Db, Tx } from "../../db/prisma.ts";
import type { Actor } from "../../lib/actor.ts";
import { contentDigest, extendChain, type AuditContent, type ChainLink } from "./audit-chain.ts";
import { maskPersonalData } from "../../lib/personal-data.ts";

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
    before: maskPersonalData(record.before ?? null),
    after: maskPersonalData(record.after ?? null),
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
// writer ends its transaction with one statement that takes the chain's
// head (a row lock, held until commit: it serialises the chain across every
// connection and process), inserts the entries linked after it and moves it.
//
// The hashes need the head before the statement is sent (PostgreSQL has no
// SM3), so the statement links after the head this process saw last and
// moves the head only if that is still the head; otherwise it returns the
// real head, which it has locked, and a second statement links after that.
// Writers of one process take turns to send that statement (a queue in
// memory, released when the statement returns): the next one's guess is then
// the head its predecessor left, and its statement waits in PostgreSQL for
// the predecessor's commit and runs at once. The lock is held for one
// statement's execution and the commit, and no round trip to this process
// happens in between.

/** Links entries onto the chain and inserts them, in the caller's transaction (or a new one), as its last write. */
export async function appendChained(db: Db, entries: AuditContent[]): Promise<void> {
  if (!entries.length) return;
  const digests = entries.map(contentDigest);
  if (!("$transaction" in db)) return insertChained(db, entries, digests);
  // On their own, the entries need no transaction: one statement, whose lock on the head lasts only while
  // PostgreSQL runs and commits it. A wrong guess writes nothing; try again with the head it returned.
  // (In turn it may wait for a pool connection that queued transactions hold: they stop queuing after TURN_WAIT_MS.)
  const linked = await inTurn(async () => {
    for (let attempt = 0; attempt < 3; attempt++) if (!(await linkAfterGuess(db, entries, digests))) return true;
    return false;
  });
  if (!linked) await db.$transaction((tx) => insertChained(tx, entries, digests));
}

/** Locks the chain's head until the transaction ends and returns it. */
async function lockChainHead(tx: Tx): Promise<ChainLink> {
  const [head] = await tx.$queryRaw<{ position: bigint; hash: string }[]>`
    SELECT position, encode(hash, 'hex') AS hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`;
  return { position: BigInt(head!.position), hash: Buffer.from(head!.hash, "hex") };
}

/** The head as this process last left or saw it: the guess of the next write. */
let lastHead: ChainLink = { position: 0n, hash: Buffer.alloc(32) };
let turn: Promise<void> = Promise.resolve();

/** How long a writer waits for its turn before it goes ahead anyway. */
const TURN_WAIT_MS = 1_000;

/**
 * Runs `fn` when the previous writer of this process has had its statement
 * answered, or after TURN_WAIT_MS. The turn only makes the guess right; the
 * head's row lock alone keeps the chain correct, so going ahead is always
 * safe, and no writer can wait for one that waits for it (a transaction that
 * appends twice holds the head while its second append queues).
 */
async function inTurn<T>(fn: () => Promise<T>): Promise<T> {
  const previous = turn;
  let release!: () => void;
  turn = new Promise<void>((resolve) => (release = resolve));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([previous, new Promise<void>((resolve) => (timer = setTimeout(resolve, TURN_WAIT_MS)))]);
  clearTimeout(timer);
  try {
    return await fn();
  } finally {
    release();
  }
}

// $1 entries (JSON), $2/$3 the guessed head, $4/$5 the head after the entries. The UPDATE always locks the
// head; it moves it (and the entries are inserted) only if the guess was right; it returns the head as it then is.
const AUDIT_COLUMNS = BULK_COLUMNS.audit_entry.map((c) => `"${c}"`).join(", ");
const LINK_AFTER_GUESS_SQL = `WITH head AS (
    UPDATE audit_chain_head h SET
      position = CASE WHEN h.position = $2::bigint AND h.hash = decode($3, 'hex') THEN $4::bigint ELSE h.position END,
      hash = CASE WHEN h.position = $2::bigint AND h.hash = decode($3, 'hex') THEN decode($5, 'hex') ELSE h.hash END
    WHERE h.id = 1
    RETURNING h.position::text AS position, encode(h.hash, 'hex') AS hash),
  entries AS (
    INSERT INTO audit_entry (${AUDIT_COLUMNS})
    SELECT ${AUDIT_COLUMNS} FROM jsonb_populate_recordset(NULL::audit_entry, $1::jsonb)
    WHERE EXISTS (SELECT 1 FROM head WHERE head.hash = $5))
  SELECT position, hash FROM head`;

const insertChainedSql = `WITH entries AS (${bulkInsertSql("audit_entry")})
  UPDATE audit_chain_head SET position = $2::bigint, hash = decode($3, 'hex') WHERE id = 1`;

/** Inserts entries linked onto the chain and moves its head past them, in the caller's transaction (its last write). */
export async function insertChained(tx: Tx, entries: AuditContent[], digests = entries.map(contentDigest)): Promise<void> {
  await inTurn(async () => {
    const actual = await linkAfterGuess(tx, entries, digests);
    if (!actual) return;
    // Another process (or a rolled-back transaction) moved the head: it is locked now, link after it.
    const links = extendChain(actual, digests);
    const end = links.at(-1)!;
    await tx.$executeRawUnsafe(insertChainedSql, JSON.stringify(chainedRows(entries, links)), end.position.toString(), end.hash.toString("hex"));
    lastHead = { position: end.position, hash: end.hash };
  });
}

/** The statement that links after the guessed head (call in turn): null when written, else the real head, which it locked. */
async function linkAfterGuess(db: Db, entries: AuditContent[], digests: Buffer[]): Promise<ChainLink | null> {
  const guess = lastHead;
  const links = extendChain(guess, digests);
  const last = links.at(-1)!;
  const [head] = await db.$queryRawUnsafe<{ position: string; hash: string }[]>(
    LINK_AFTER_GUESS_SQL, JSON.stringify(chainedRows(entries, links)), guess.position.toString(), guess.hash.toString("hex"),
    last.position.toString(), last.hash.toString("hex"),
  );
  lastHead = { position: BigInt(head!.position), hash: Buffer.from(head!.hash, "hex") };
  return lastHead.hash.equals(last.hash) ? null : lastHead;
}

function chainedRows(entries: AuditContent[], links: { position: bigint; prev: Buffer; hash: Buffer }[]): BulkRow<"audit_entry">[] {
  return entries.map((e, i) => ({
    ...bulkColumns(e), chain_position: links[i]!.position.toString(), chain_prev: `\\x${links[i]!.prev.toString("hex")}`,
    chain_hash: `\\x${links[i]!.hash.toString("hex")}`,
  }));
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
  lastHead = { position: last.position, hash: last.hash };
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

// The audit trail's hash chain (decision 014): how an entry's hash is computed.
// Pure functions, no database: the writers (audit.repository.ts), the check,
// the sealing of old rows and the bulk generator all hash through this file.
//
//   content  = canonical JSON of [at, actor_id, actor_name, actor_role, action, entity_type,
//              entity_id, household_id, before, after, reason, request_id, ip]
//   digest   = SM3(UTF-8 of content)
//   hash     = SM3(prev_hash (32 bytes) ‖ position (8 bytes, big-endian) ‖ digest)
//
// The chain starts at position 0 with 32 zero bytes; the first entry is position 1.
// Canonical JSON: object keys sorted by UTF-16 code units (as RFC 8785), no spaces,
// strings and numbers as JSON.stringify writes them, undefined members dropped, a
// value's toJSON applied (Dates become ISO strings); `at` as ISO 8601 in UTC with
// milliseconds (the column keeps milliseconds); UUIDs in lower case; SQL NULL and a
// JSON null are both null. These are exactly what PostgreSQL gives back, so the
// check recomputes from the stored row what the writer hashed before storing it.
import { createHash } from "node:crypto";

export const HASH_BYTES = 32;
/** The hash "before" the first entry. */
export const GENESIS_HASH: Buffer = Buffer.alloc(HASH_BYTES);

/** One row of audit_entry, as written and as read back. */
export type AuditContent = {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  householdId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
};

/** A place in the chain: the last entry's position and hash (the head), or an entry's own. */
export type ChainLink = { position: bigint; hash: Buffer };

/** The canonical serialisation of an entry's content (see the top of this file). */
export function canonicalContent(c: AuditContent): string {
  return canonicalJson([
    c.at.toISOString(), lowerOrNull(c.actorId), c.actorName, c.actorRole, c.action, c.entityType, c.entityId, lowerOrNull(c.householdId),
    c.before ?? null, c.after ?? null, c.reason, c.requestId, c.ip,
  ]);
}

/** SM3 of the canonical content: computed before the chain is locked (it does not depend on the chain). */
export function contentDigest(c: AuditContent): Buffer {
  return createHash("sm3").update(canonicalContent(c), "utf8").digest();
}

/** The entry's hash from its predecessor's hash, its position and its content digest. */
export function linkHash(prev: Buffer, position: bigint, digest: Buffer): Buffer {
  const pos = Buffer.alloc(8);
  pos.writeBigUInt64BE(position);
  return createHash("sm3").update(prev).update(pos).update(digest).digest();
}

/** Links content digests onto the chain after `head`, in order. */
export function extendChain(head: ChainLink, digests: Buffer[]): { position: bigint; prev: Buffer; hash: Buffer }[] {
  let { position, hash } = head;
  return digests.map((digest) => {
    const prev = hash;
    position += 1n;
    hash = linkHash(prev, position, digest);
    return { position, prev, hash };
  });
}

/** JSON with sorted keys and no whitespace; strings made well-formed as PostgreSQL stores them (UTF-8). */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(wellFormed(value));
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === "function" ? "null" : canonicalJson(v))).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value).filter((k) => {
      const v = (value as Record<string, unknown>)[k];
      return v !== undefined && typeof v !== "function";
    });
    keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(wellFormed(k))}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  throw new TypeError(`audit content cannot hold a ${typeof value}`);
}

/** A lone surrogate becomes U+FFFD, as it does on its way to PostgreSQL as UTF-8. */
function wellFormed(s: string): string {
  return /[\uD800-\uDFFF]/.test(s) ? Buffer.from(s, "utf8").toString("utf8") : s;
}

function lowerOrNull(s: string | null): string | null {
  return s === null ? null : s.toLowerCase();
}

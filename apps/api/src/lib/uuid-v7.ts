import { randomFillSync } from "node:crypto";

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then 74
 * random bits. Rows created in bulk (an import) get ids that grow with time,
 * so their primary-key and foreign-key index entries go to the right end of
 * each index instead of a random page: version 4 ids made every inserted
 * household and member touch (and write to the WAL) pages all over the
 * indexes. The ids stay opaque: nothing reads the time back.
 */
const pool = Buffer.alloc(16 * 256);
let used = pool.length;

export function uuidV7(now: number = Date.now()): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const b = pool.subarray(used, used + 16);
  used += 16;
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f); // version 7
  b[8] = 0x80 | (b[8]! & 0x3f); // variant 10
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

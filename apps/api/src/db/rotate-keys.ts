import { randomBytes } from "node:crypto";
import pg from "pg";
import { DataKeyring, keyVersionOf } from "../lib/data-crypto.ts";
import { keyringFromFile, type KeyFile } from "../lib/data-keys.ts";
import { departmentRowKeyInput } from "../modules/department-warnings/row-key.ts";

/**
 * Key rotation (`npm run keys:rotate`, docs/decisions/015-personal-data-encryption.md).
 * Run it with the API stopped: a running process knows only the keys it
 * loaded at start-up. Both rotations are resumable: the key file records a
 * rotation under way (`pending`, `previous`) and a second run finishes it
 * instead of starting another.
 */

/** Every column holding sealed values that may be rewritten (the audit trail's sealed copies are immutable: see the decision). */
const SEALED_COLUMNS = [
  { table: "member", column: "id_number_enc", key: ["id"] },
  { table: "household", column: "phone_enc", key: ["id"] },
  { table: "report_snapshot", column: "content", key: ["id"] },
  { table: "import_job", column: "rejected_file", key: ["id"] },
  { table: "import_file_chunk", column: "data", key: ["job_id", "seq"] },
  { table: "lead", column: "phone_enc", key: ["id"] },
  { table: "lead", column: "id_number_enc", key: ["id"] },
  { table: "lead_clue", column: "phone_enc", key: ["id"] },
] as const;

const BATCH = 500;

export type SaveKeyFile = (file: KeyFile) => Promise<void>;

/**
 * A new encryption key version becomes current (saved before any row is
 * touched), then every sealed value of another version is re-encrypted in
 * batches. Older versions stay in the file: they still open the sealed
 * copies in the append-only audit trail.
 */
export async function rotateEncryptionKey(connectionString: string, file: KeyFile, save: SaveKeyFile, log: (s: string) => void = () => {}): Promise<KeyFile> {
  let next = file;
  if (!file.encryption.pending) {
    const version = Math.max(...Object.keys(file.encryption.keys).map(Number)) + 1;
    next = { ...file, encryption: { current: version, keys: { ...file.encryption.keys, [version]: randomBytes(32).toString("base64") }, pending: true } };
    await save(next);
    log(`Encryption key version ${version} is now current; re-encrypting …`);
  } else {
    log(`Resuming the rotation to encryption key version ${file.encryption.current} …`);
  }
  const keys = keyringFromFile(next);
  const client = new pg.Client({ connectionString, application_name: "fanpin-keys-rotate" });
  await client.connect();
  try {
    for (const c of SEALED_COLUMNS) {
      const n = await reencrypt(client, keys, c);
      if (n) log(`  ${c.table}.${c.column}: ${n} re-encrypted`);
    }
  } finally {
    await client.end();
  }
  const { pending: _, ...encryption } = next.encryption;
  const done = { ...next, encryption };
  await save(done);
  log("Done.");
  return done;
}

async function reencrypt(client: pg.Client, keys: DataKeyring, c: (typeof SEALED_COLUMNS)[number]): Promise<number> {
  const version = Buffer.from([keys.currentEncryptionVersion >> 8, keys.currentEncryptionVersion & 0xff]);
  const match = c.key.map((k, i) => `${k} = $${i + 2}`).join(" AND ");
  let count = 0;
  for (;;) {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT ${c.key.join(", ")}, ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL AND substring(${c.column} FROM 2 FOR 2) <> $1 LIMIT ${BATCH}`,
      [version],
    );
    if (!rows.length) return count;
    await client.query("BEGIN");
    try {
      for (const row of rows) {
        const value = row.v as Buffer;
        if (keyVersionOf(value) === keys.currentEncryptionVersion) continue;
        await client.query(`UPDATE ${c.table} SET ${c.column} = $1 WHERE ${match}`, [keys.encrypt(keys.decrypt(value)), ...c.key.map((k) => row[k])]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    count += rows.length;
  }
}

/**
 * A new blind-index key: saved as current with the old one kept as
 * `previous` (searches look for both meanwhile), every index recomputed in
 * batches, then the old key dropped from the file.
 */
export async function rotateIndexKey(connectionString: string, file: KeyFile, save: SaveKeyFile, log: (s: string) => void = () => {}): Promise<KeyFile> {
  let next = file;
  if (file.index.previous === undefined) {
    const version = Math.max(...Object.keys(file.index.keys).map(Number)) + 1;
    next = { ...file, index: { current: version, keys: { ...file.index.keys, [version]: randomBytes(32).toString("base64") }, previous: file.index.current } };
    await save(next);
    log(`Index key version ${version} is now current; recomputing the blind indexes …`);
  } else {
    log(`Resuming the rotation to index key version ${file.index.current} …`);
  }
  const keys = keyringFromFile(next);
  const client = new pg.Client({ connectionString, application_name: "fanpin-keys-rotate" });
  await client.connect();
  try {
    let members = 0;
    for (let after = "00000000-0000-0000-0000-000000000000"; ;) {
      const { rows } = await client.query<{ id: string; id_number_enc: Buffer }>(
        "SELECT id, id_number_enc FROM member WHERE id > $1 ORDER BY id LIMIT 2000", [after]);
      if (!rows.length) break;
      const ids = rows.map((r) => keys.decryptText(r.id_number_enc));
      await client.query(
        `UPDATE member m SET id_number_bidx = v.b, id_last4_bidx = v.l4, id_last6_bidx = v.l6
         FROM unnest($1::uuid[], $2::bytea[], $3::bytea[], $4::bytea[]) AS v(id, b, l4, l6) WHERE m.id = v.id`,
        [rows.map((r) => r.id), ids.map((n) => keys.blindIndex("id", n)), ids.map((n) => keys.blindIndex("id-last4", n.slice(-4))),
          ids.map((n) => keys.blindIndex("id-last6", n.slice(-6)))],
      );
      members += rows.length;
      after = rows.at(-1)!.id;
    }
    let households = 0;
    for (let after = "00000000-0000-0000-0000-000000000000"; ;) {
      const { rows } = await client.query<{ id: string; phone_enc: Buffer }>(
        "SELECT id, phone_enc FROM household WHERE id > $1 AND phone_enc IS NOT NULL ORDER BY id LIMIT 2000", [after]);
      if (!rows.length) break;
      await client.query(
        "UPDATE household h SET phone_bidx = v.b FROM unnest($1::uuid[], $2::bytea[]) AS v(id, b) WHERE h.id = v.id",
        [rows.map((r) => r.id), rows.map((r) => keys.blindIndex("phone", keys.decryptText(r.phone_enc)))],
      );
      households += rows.length;
      after = rows.at(-1)!.id;
    }
    // Leads: the phone and ID number they merge by; a self-report's clue: its phone's last 4 digits (the status page's check).
    const leads = await reindex(client, "lead", ["phone_enc", "id_number_enc"], (r) => ({
      phone_bidx: r.phone_enc ? keys.blindIndex("phone", keys.decryptText(r.phone_enc)) : null,
      id_number_bidx: r.id_number_enc ? keys.blindIndex("id", keys.decryptText(r.id_number_enc)) : null,
    }));
    const clues = await reindex(client, "lead_clue", ["phone_enc"], (r) => ({
      phone_last4_bidx: r.phone_enc ? keys.blindIndex("phone-last4", keys.decryptText(r.phone_enc).slice(-4)) : null,
    }), "reference IS NOT NULL");
    // 部门预警 row keys: a blind index of department, kind, ID number, date and amount. The ID number is not stored
    // with the warning; it is the member's (member_id), decrypted here. A warning whose member was since removed
    // keeps its old key: it can no longer match a new upload's row, so at worst that row is raised once more.
    let warnings = 0;
    for (let after = "00000000-0000-0000-0000-000000000000"; ;) {
      const { rows } = await client.query<{ id: string; department: string; kind: string; occurred_on: string | null; amount_fen: string | null; id_number_enc: Buffer }>(
        `SELECT w.id, w.department, w.kind, to_char(w.occurred_on, 'YYYY-MM-DD') AS occurred_on, w.amount_fen::text AS amount_fen, m.id_number_enc
         FROM department_warning w JOIN member m ON m.id = w.member_id WHERE w.id > $1 ORDER BY w.id LIMIT 2000`, [after]);
      if (!rows.length) break;
      await client.query(
        "UPDATE department_warning w SET row_key = v.k FROM unnest($1::uuid[], $2::bytea[]) AS v(id, k) WHERE w.id = v.id",
        [rows.map((r) => r.id), rows.map((r) => keys.blindIndex("department-row",
          departmentRowKeyInput(r.department, { kind: r.kind, idNumber: keys.decryptText(r.id_number_enc), occurredOn: r.occurred_on, amountFen: r.amount_fen === null ? null : BigInt(r.amount_fen) })))],
      );
      warnings += rows.length;
      after = rows.at(-1)!.id;
    }
    log(`  ${members} members, ${households} phone numbers, ${leads} leads, ${clues} self-reported clues, ${warnings} department warnings re-indexed`);
  } finally {
    await client.end();
  }
  const { previous, ...index } = next.index;
  const remaining = Object.fromEntries(Object.entries(index.keys).filter(([v]) => Number(v) !== previous));
  const done = { ...next, index: { current: index.current, keys: remaining } };
  await save(done);
  log("Done.");
  return done;
}

/**
 * Recomputes blind-index columns of `table` from its sealed columns, 2,000
 * rows at a time (rows with none of them sealed, or not matching `where`,
 * are left alone). Returns the number of rows.
 */
async function reindex(
  client: pg.Client, table: string, sealed: string[], compute: (row: Record<string, Buffer | null>) => Record<string, Buffer | null>, where = "TRUE",
): Promise<number> {
  let count = 0;
  for (let after = "00000000-0000-0000-0000-000000000000"; ;) {
    const { rows } = await client.query<Record<string, Buffer | null> & { id: string }>(
      `SELECT id, ${sealed.join(", ")} FROM ${table}
       WHERE id > $1 AND (${sealed.map((c) => `${c} IS NOT NULL`).join(" OR ")}) AND ${where} ORDER BY id LIMIT 2000`, [after]);
    if (!rows.length) return count;
    const computed = rows.map(compute);
    const columns = Object.keys(computed[0]!);
    await client.query(
      `UPDATE ${table} t SET ${columns.map((c) => `${c} = v.${c}`).join(", ")}
       FROM unnest($1::uuid[], ${columns.map((_, i) => `$${i + 2}::bytea[]`).join(", ")}) AS v(id, ${columns.join(", ")}) WHERE t.id = v.id`,
      [rows.map((r) => r.id), ...columns.map((c) => computed.map((x) => x[c]))],
    );
    count += rows.length;
    after = rows.at(-1)!.id;
  }
}

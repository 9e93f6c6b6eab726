import pg from "pg";
import { dataKeys, idNumberColumns, phoneColumns, type DataKeyring } from "../lib/data-crypto.ts";

const BATCH = 2_000;

/**
 * The post-migration step of migration 20261205190000_personal_data_encryption
 * (SQL has no key): moves ID numbers and phone numbers still in the clear
 * columns into their encrypted and blind-index columns, in batches of its own
 * transactions (resumable: a row is done once its clear value is NULL), then,
 * in one transaction, drops the clear columns and makes the member columns
 * NOT NULL. Idempotent: with the clear columns gone it does nothing. Run it
 * with the owner's connection right after applyMigrations.
 */
export async function encryptClearPersonalData(connectionString: string, keys: DataKeyring = dataKeys()): Promise<{ members: number; households: number; files: number }> {
  const client = new pg.Client({ connectionString, application_name: "fanpin-encrypt-personal-data" });
  await client.connect();
  try {
    const columns = await clearColumns(client);
    let members = 0;
    let households = 0;
    if (columns.has("member.id_number")) {
      for (;;) {
        const { rows } = await client.query<{ id: string; id_number: string }>(
          "SELECT id, id_number FROM member WHERE id_number IS NOT NULL LIMIT $1", [BATCH]);
        if (!rows.length) break;
        const cols = rows.map((r) => idNumberColumns(r.id_number, keys));
        await client.query(
          `UPDATE member m SET id_number_enc = v.enc, id_number_bidx = v.bidx, id_last4_bidx = v.l4, id_last6_bidx = v.l6, id_number = NULL
           FROM unnest($1::uuid[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bytea[]) AS v(id, enc, bidx, l4, l6) WHERE m.id = v.id`,
          [rows.map((r) => r.id), cols.map((c) => c.idNumberEnc), cols.map((c) => c.idNumberBidx), cols.map((c) => c.idLast4Bidx), cols.map((c) => c.idLast6Bidx)],
        );
        members += rows.length;
      }
    }
    if (columns.has("household.phone")) {
      for (;;) {
        const { rows } = await client.query<{ id: string; phone: string }>(
          "SELECT id, phone FROM household WHERE phone IS NOT NULL LIMIT $1", [BATCH]);
        if (!rows.length) break;
        const cols = rows.map((r) => phoneColumns(r.phone, keys));
        await client.query(
          `UPDATE household h SET phone_enc = v.enc, phone_bidx = v.bidx, phone = NULL
           FROM unnest($1::uuid[], $2::bytea[], $3::bytea[]) AS v(id, enc, bidx) WHERE h.id = v.id`,
          [rows.map((r) => r.id), cols.map((c) => c.phoneEnc), cols.map((c) => c.phoneBidx)],
        );
        households += rows.length;
      }
    }
    // Files are sealed once, in the same upgrade (later ones are written sealed): not scanned on every start.
    const files = columns.size ? await sealStoredFiles(client, keys) : 0;
    if (columns.size) {
      await client.query("BEGIN");
      // Nothing may have been written in clear since the loop (no app runs during start-up); checked anyway.
      if (columns.has("member.id_number")) {
        const { rows } = await client.query("SELECT 1 FROM member WHERE id_number IS NOT NULL LIMIT 1");
        if (rows.length) throw new Error("member.id_number still holds clear values; run the step again");
        await client.query(`ALTER TABLE member DROP COLUMN id_number,
          ALTER COLUMN id_number_enc SET NOT NULL, ALTER COLUMN id_number_bidx SET NOT NULL,
          ALTER COLUMN id_last4_bidx SET NOT NULL, ALTER COLUMN id_last6_bidx SET NOT NULL`);
      }
      if (columns.has("household.phone")) {
        const { rows } = await client.query("SELECT 1 FROM household WHERE phone IS NOT NULL LIMIT 1");
        if (rows.length) throw new Error("household.phone still holds clear values; run the step again");
        await client.query("ALTER TABLE household DROP COLUMN phone");
      }
      await client.query("COMMIT");
    }
    return { members, households, files };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Stored files that hold full ID numbers (report snapshots, uploads waiting
 * for their import, rejected rows) written before encryption: sealed in place.
 * A sealed value starts with its format byte 0x01, which neither an .xlsx
 * (PK…) nor a text upload does; so a run interrupted midway resumes.
 */
async function sealStoredFiles(client: pg.Client, keys: DataKeyring): Promise<number> {
  const targets = [
    { table: "report_snapshot", column: "content", key: ["id"] },
    { table: "import_job", column: "rejected_file", key: ["id"] },
    { table: "import_file_chunk", column: "data", key: ["job_id", "seq"] },
  ];
  let sealed = 0;
  for (const t of targets) {
    const where = `${t.column} IS NOT NULL AND (length(${t.column}) = 0 OR get_byte(${t.column}, 0) <> 1)`;
    const match = t.key.map((k, i) => `${k} = $${i + 2}`).join(" AND ");
    for (;;) {
      // One file at a time: a snapshot can be megabytes.
      const { rows } = await client.query<Record<string, unknown>>(`SELECT ${t.key.join(", ")}, ${t.column} AS v FROM ${t.table} WHERE ${where} LIMIT 1`);
      const row = rows[0];
      if (!row) break;
      await client.query(`UPDATE ${t.table} SET ${t.column} = $1 WHERE ${match}`, [keys.encrypt(row.v as Buffer), ...t.key.map((k) => row[k])]);
      sealed++;
    }
  }
  return sealed;
}

async function clearColumns(client: pg.Client): Promise<Set<string>> {
  const { rows } = await client.query<{ c: string }>(
    `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
     WHERE table_schema = current_schema() AND ((table_name = 'member' AND column_name = 'id_number') OR (table_name = 'household' AND column_name = 'phone'))`);
  return new Set(rows.map((r) => r.c));
}

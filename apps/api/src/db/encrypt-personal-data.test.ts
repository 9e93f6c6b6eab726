// The upgrade of a deployment that holds ID numbers and phones in clear: the
// migration adds the encrypted columns and masks the trail, the post-migration
// step (with the key) encrypts, seals the stored files and drops the clear columns.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { dataKeys } from "../lib/data-crypto.ts";
import { encryptClearPersonalData } from "./encrypt-personal-data.ts";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from "./migrate.ts";

const MIGRATION = "20261205190000_personal_data_encryption";
/** The first migration of issue 11: a deployment upgrading from before it has none of them. */
const BEFORE_ISSUE_11 = "20261205";
const ID = "371002199001011234";
const PHONE = "13812345678";

describe("encrypting a deployment's clear personal data", () => {
  let db: TestDatabase;
  let client: pg.Client;
  let before: string;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    // The migrations of a deployment from before this issue (the audit chain's migration came with it:
    // the old rows are masked by this one and sealed onto the chain at start-up afterwards).
    before = await mkdtemp(join(tmpdir(), "fanpin-migrations-"));
    for (const name of await readdir(DEFAULT_MIGRATIONS_DIR)) {
      if (name >= BEFORE_ISSUE_11 && name !== "migration_lock.toml") continue;
      await cp(join(DEFAULT_MIGRATIONS_DIR, name), join(before, name), { recursive: true });
    }
    await applyMigrations(db.ownerConnectionString, { migrationsDir: before });
    client = new pg.Client({ connectionString: db.ownerConnectionString });
    await client.connect();
    const { rows: [v] } = await client.query(`INSERT INTO area (code, name, level) VALUES ('371002001001', '张村', 'VILLAGE') RETURNING id`);
    const { rows: [h] } = await client.query(
      `INSERT INTO household (id, household_no, category, village_id, village_code, phone, risk_causes, head_name, updated_at)
       VALUES (gen_random_uuid(), '371002001001000001', 'ORDINARY', $1, '371002001001', $2, '{}', '王一', now()) RETURNING id`, [v.id, PHONE]);
    // More members than one batch of the step (ID numbers need not be valid here).
    await client.query(
      `INSERT INTO member (id, household_id, position, name, gender, id_type, id_number, relation, ethnicity, political_status, education, school_status, health, work_region, updated_at)
       SELECT gen_random_uuid(), $1, i, '王一', 'MALE', 'RESIDENT_ID', CASE WHEN i = 0 THEN $2 ELSE '371002199001' || (100000 + i)::text END,
              'HEAD', 'HAN', 'MASSES', 'PRIMARY', 'NOT_STUDENT', 'HEALTHY', 'IN_COUNTY', now()
       FROM generate_series(0, 2499) i`, [h.id, ID]);
    await client.query(`INSERT INTO audit_entry (action, entity_type, entity_id, household_id, after) VALUES ('household.create', 'household', $1::text, $1::uuid, $2)`,
      [h.id, JSON.stringify({ phone: PHONE, members: [{ name: "王一", idNumber: ID }] })]);
    await client.query(`INSERT INTO report_snapshot (id, kind, area_code, report_date, as_of, file_name, content, sha256, byte_size, row_count)
      VALUES (gen_random_uuid(), 'LEDGER', '371002', '2026-11-15', '2026-11-15', 'a.xlsx', $1, repeat('0', 64), 20, 1)`, [Buffer.from(`PK…${ID}`)]);
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
    await rm(before, { recursive: true, force: true });
  });

  it("masks the trail in the migration, then encrypts, seals files and drops the clear columns in the step; a second run does nothing", async () => {
    await applyMigrations(db.ownerConnectionString);
    const { rows: [audit] } = await client.query("SELECT after FROM audit_entry");
    expect(audit.after).toEqual({ phone: "138****5678", members: [{ name: "王一", idNumber: "371002********1234" }] });
    // The trail is append-only again after the migration.
    await expect(client.query("UPDATE audit_entry SET reason = 'x'")).rejects.toThrow(/append-only/);

    expect(await encryptClearPersonalData(db.ownerConnectionString)).toEqual({ members: 2_500, households: 1, files: 1 });
    const { rows: columns } = await client.query(
      `SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE column_name IN ('id_number', 'phone') AND table_schema = 'public'`);
    expect(columns).toEqual([]);
    const { rows: [m] } = await client.query(`SELECT * FROM member WHERE id_number_bidx = $1`, [dataKeys().blindIndex("id", ID)]);
    expect(dataKeys().decryptText(m.id_number_enc)).toBe(ID);
    expect(m.id_last4_bidx).toEqual(dataKeys().blindIndex("id-last4", "1234"));
    const { rows: [h] } = await client.query("SELECT phone_enc, phone_bidx FROM household");
    expect(dataKeys().decryptText(h.phone_enc)).toBe(PHONE);
    const { rows: [s] } = await client.query("SELECT content FROM report_snapshot");
    expect(dataKeys().decrypt(s.content).toString()).toBe(`PK…${ID}`);
    const { rows: nulls } = await client.query(
      "SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = 'member' AND (column_name LIKE 'id_%bidx' OR column_name = 'id_number_enc')");
    expect(nulls.every((r) => r.is_nullable === "NO")).toBe(true);

    expect(await encryptClearPersonalData(db.ownerConnectionString)).toEqual({ members: 0, households: 0, files: 0 });
  });
});

import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/db.ts";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { householdsXlsx, importSheet, makeHouseholds, sheetRows } from "../../../test/household-sheets.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from "../../db/migrate.ts";
import { canonicalJson, contentDigest, extendChain, GENESIS_HASH, linkHash } from "./audit-chain.ts";
import { pgQuery, prismaQuery, sealAuditChain } from "./audit-chain.repository.ts";
import { verifyAuditChain } from "./audit.service.ts";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function withClient<T>(connectionString: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Runs statements with the append-only triggers off, as the database owner could (the application's role cannot). */
const asOwner = (t: TestApp, sql: string, params: unknown[] = []) =>
  withClient(t.ownerConnectionString, async (c) => {
    await c.query("BEGIN");
    await c.query("ALTER TABLE audit_entry DISABLE TRIGGER USER");
    const r = await c.query(sql, params);
    await c.query("ALTER TABLE audit_entry ENABLE TRIGGER USER");
    await c.query("COMMIT");
    return r;
  });

const verify = (t: TestApp) => verifyAuditChain(prismaQuery(t.prisma));

describe("hashing (GB/T 32905 SM3)", () => {
  it("is SM3: the standard's example 'abc'", () => {
    expect(createHash("sm3").update("abc").digest("hex")).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  });

  it("serialises content canonically: sorted keys, no undefined, Dates as ISO, lower-case UUIDs", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], c: undefined, d: new Date("2026-01-02T03:04:05.006Z") }))
      .toBe('{"a":[true,null,"x"],"b":1,"d":"2026-01-02T03:04:05.006Z"}');
    const base = {
      at: new Date("2026-12-05T00:00:00.000Z"), actorId: "0190A0B0-0000-7000-8000-000000000001", actorName: "admin", actorRole: "ADMIN",
      action: "user.create", entityType: "user", entityId: "u1", householdId: null, before: null, after: { z: 1, a: 2 }, reason: null,
      requestId: "r1", ip: "127.0.0.1",
    };
    expect(contentDigest(base)).toEqual(contentDigest({ ...base, actorId: base.actorId.toLowerCase(), after: { a: 2, z: 1 } }));
    expect(contentDigest(base)).not.toEqual(contentDigest({ ...base, reason: "" }));
    const [one, two] = extendChain({ position: 0n, hash: GENESIS_HASH }, [contentDigest(base), contentDigest(base)]);
    expect(one!.position).toBe(1n);
    expect(one!.prev).toEqual(GENESIS_HASH);
    expect(two!.prev).toEqual(one!.hash);
    expect(two!.hash).toEqual(linkHash(one!.hash, 2n, contentDigest(base)));
    expect(two!.hash).not.toEqual(one!.hash); // the position is part of the hash
  });
});

describe("the audit chain", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("holds after many concurrent writers: case actions, household edits and an all-or-nothing import", async () => {
    t = await createTestApp();
    const [township, village, district] = (await Promise.all(["township", "village", "district"].map((u) => signIn(t.app, u)))) as [string, string, string];
    const zhangcun = await areaIdByName(t.prisma, "张村");
    const call = async (cookie: string, method: "POST" | "PUT", url: string, payload: unknown) => {
      const res = await t.app.inject({ method, url, headers: { cookie }, payload: payload as object });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.json() as Json;
    };
    const today = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const lead = { source: "DAILY_VISIT", receivedOn: today, riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病，医疗支出大" };
    const verification = { visitedOn: today, verifiers: ["李专干", "陈书记"], findings: "入户核实，情况属实", riskConfirmed: true };

    // Households with open cases, and households to edit.
    const households = await Promise.all(Array.from({ length: 12 }, () => call(township, "POST", "/api/households", householdPayload(zhangcun, { category: "LIFTED_WITH_POLICY" }))));
    const cases = await Promise.all(households.slice(0, 6).map((h) => call(village, "POST", "/api/cases", { householdId: h.id, lead })));
    const villages = await t.prisma.area.findMany({ where: { parent: { name: "张村镇" }, level: "VILLAGE" }, select: { code: true, name: true }, orderBy: { code: "asc" } });
    const file = await householdsXlsx(sheetRows(makeHouseholds(40, villages, "C")));

    const before = await t.prisma.auditEntry.count();
    // All at once: each case goes verification → submit → approve (designation: the household changes too), the
    // other households are edited twice, and an import of 40 households runs in one transaction.
    await Promise.all([
      ...cases.map(async (c0) => {
        let c = await call(township, "POST", `/api/cases/${c0.id}/verification`, { version: c0.version, record: verification });
        c = await call(township, "POST", `/api/cases/${c.id}/submit`, { version: c.version });
        await call(district, "POST", `/api/cases/${c.id}/approve`, { version: c.version, record: {} });
      }),
      ...households.slice(6).map(async (h0) => {
        let h = h0;
        for (const difficultyDescription of ["因病致贫", "因病致贫，已就医"]) {
          const members = h.members.map((m: Json) => ({ ...m, idNumber: undefined }));
          h = await call(township, "PUT", `/api/households/${h.id}`, {
            ...householdPayload(zhangcun, { category: "LIFTED_WITH_POLICY" }), members, version: h.version, difficultyDescription,
          });
        }
      }),
      importSheet(t.app, township, file, "concurrent.xlsx", "all-or-nothing").then((job) => expect({ status: job.status, created: job.created, problems: job.problems.slice(0, 2) }).toEqual({ status: "SUCCEEDED", created: 40, problems: [] })),
    ]);

    const entries = await t.prisma.auditEntry.count();
    expect(entries - before).toBeGreaterThanOrEqual(6 * 4 + 6 * 2 + 40);
    const report = await verify(t);
    expect(report).toMatchObject({ ok: true, verified: entries, headPosition: entries, problem: null });
    // Positions are 1..n without gaps, in commit order, whatever the ids.
    const positions = await t.prisma.auditEntry.findMany({ select: { chainPosition: true }, orderBy: { chainPosition: "asc" } });
    expect(positions.map((p) => Number(p.chainPosition))).toEqual(Array.from({ length: entries }, (_, i) => i + 1));
  }, 120_000);

  it("reports an entry altered as the owner, with its position and id", async () => {
    t = await createTestApp();
    const [target] = await t.prisma.$queryRaw<{ id: bigint; chain_position: bigint }[]>`
      SELECT id, chain_position FROM audit_entry ORDER BY chain_position OFFSET 5 LIMIT 1`;
    await asOwner(t, `UPDATE audit_entry SET reason = '改过的理由' WHERE id = $1`, [target!.id.toString()]);
    const report = await verify(t);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind: "CONTENT_ALTERED", position: Number(target!.chain_position), entryId: target!.id.toString() });
    expect(report.problem!.message).toContain(`第 ${target!.chain_position} 条记录`);
    expect(report.verified).toBe(Number(target!.chain_position) - 1);
  });

  it("reports a deleted entry as missing", async () => {
    t = await createTestApp();
    await asOwner(t, `DELETE FROM audit_entry WHERE chain_position = 3`);
    expect((await verify(t)).problem).toMatchObject({ kind: "ENTRY_MISSING", position: 3 });


    // The last entry deleted: the head still says how many there were.
    await t.close();
    t = await createTestApp();
    const head = await t.prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
    await asOwner(t, `DELETE FROM audit_entry WHERE chain_position = $1`, [head.position.toString()]);
    expect((await verify(t)).problem).toMatchObject({ kind: "ENTRY_MISSING", position: Number(head.position), entryId: null });
  });

  it("reports forged entries: one replacing an entry, one appended past the head, one outside the chain", async () => {
    t = await createTestApp();
    // A forger who knows the algorithm replaces entry 4 with their own, correctly hashed on entry 3:
    // entry 5 still names the real entry 4 as its predecessor.
    const [e3] = await t.prisma.$queryRaw<{ hash: string }[]>`SELECT encode(chain_hash, 'hex') AS hash FROM audit_entry WHERE chain_position = 3`;
    const forged = {
      at: new Date("2026-11-23T02:00:00.000Z"), actorId: null, actorName: "admin", actorRole: "ADMIN", action: "user.create", entityType: "user",
      entityId: "forged", householdId: null, before: null, after: { username: "ghost" }, reason: null, requestId: null, ip: null,
    };
    const [link4] = extendChain({ position: 3n, hash: Buffer.from(e3!.hash, "hex") }, [contentDigest(forged)]);
    const insertForged = (position: bigint, prev: Buffer, hash: Buffer) =>
      asOwner(t, `INSERT INTO audit_entry (at, actor_name, actor_role, action, entity_type, entity_id, after, chain_position, chain_prev, chain_hash)
                  VALUES ($1, 'admin', 'ADMIN', 'user.create', 'user', 'forged', '{"username":"ghost"}', $2, $3, $4) RETURNING id`,
      [forged.at, position.toString(), prev, hash]);
    await asOwner(t, `DELETE FROM audit_entry WHERE chain_position = 4`);
    const { rows: [replaced] } = await insertForged(4n, link4!.prev, link4!.hash);
    const report = await verify(t);
    expect(report.problem).toMatchObject({ kind: "LINK_BROKEN", position: 5 });
    expect(report.verified).toBe(4); // the forged entry 4 itself hashes right: only its successor gives it away
    expect(replaced.id).toBeTruthy();

    // Appended past the head, correctly hashed (a fresh copy of the database).
    await t.close();
    t = await createTestApp();
    const head = await t.prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
    const [next] = extendChain({ position: head.position, hash: Buffer.from(head.hash) }, [contentDigest(forged)]);
    const { rows: [appended] } = await insertForged(next!.position, next!.prev, next!.hash);
    expect((await verify(t)).problem).toMatchObject({ kind: "ENTRY_INSERTED", position: Number(next!.position), entryId: String(appended.id) });

    // Outside the chain altogether (the owner also switched off the trigger that demands chain columns).
    await t.close();
    t = await createTestApp();
    const { rows: [outside] } = await asOwner(t,
      `INSERT INTO audit_entry (action, entity_type, entity_id) VALUES ('user.create', 'user', 'forged') RETURNING id`);
    expect((await verify(t)).problem).toMatchObject({ kind: "ENTRY_UNCHAINED", position: null, entryId: String(outside.id) });
  });

  it("seals entries from before the chain, once, even with two processes starting at once", async () => {
    t = await createTestApp();
    const headBefore = await t.prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
    // Entries as the trail held them before the chain existed (the migration's trigger is what refuses them now).
    await asOwner(t, `INSERT INTO audit_entry (at, actor_name, action, entity_type, entity_id, before, after, reason)
      SELECT now() - (g || ' days')::interval, 'township', 'household.update', 'household', 'h' || g, '{"a":1}', jsonb_build_object('n', g), '旧记录'
      FROM generate_series(1, 2500) AS g`);
    expect((await verify(t)).problem).toMatchObject({ kind: "ENTRY_UNCHAINED" });

    const [a, b] = await Promise.all([sealAuditChain(t.ownerConnectionString, { batch: 700 }), sealAuditChain(t.ownerConnectionString, { batch: 700 })]);
    expect(a.sealed + b.sealed).toBe(2500);
    expect(await sealAuditChain(t.ownerConnectionString)).toEqual({ sealed: 0 });
    const report = await verify(t);
    expect(report).toMatchObject({ ok: true, headPosition: Number(headBefore.position) + 2500, verified: Number(headBefore.position) + 2500 });

    // Sealed entries are as append-only as any other: neither their content nor their chain columns change again.
    await withClient(t.ownerConnectionString, async (c) => {
      await expect(c.query(`UPDATE audit_entry SET chain_hash = chain_prev WHERE reason = '旧记录'`)).rejects.toThrow(/append-only/);
      await expect(c.query(`UPDATE audit_chain_head SET position = 0`)).rejects.toThrow(/only moves forward/);
      await expect(c.query(`DELETE FROM audit_chain_head`)).rejects.toThrow(/only moves forward/);
    });
    // And the command's path (a plain pg connection) agrees with the endpoint's (Prisma).
    expect(await withClient(t.ownerConnectionString, (c) => verifyAuditChain(pgQuery(c)))).toMatchObject({ ok: true, verified: report.verified });
  });
});

describe("sealing at the migration", () => {
  it("seals the entries of a database migrated before the chain existed, and only those", async () => {
    // The database as it was: every migration before the chain's, with entries written the old way.
    const db = await createTestDatabase({ empty: true });
    const before = await mkdtemp(join(tmpdir(), "fanpin-migrations-"));
    try {
      await cp(DEFAULT_MIGRATIONS_DIR, before, { recursive: true });
      for (const name of await readdir(before)) if (name.endsWith("_audit_chain")) await rm(join(before, name), { recursive: true });
      await applyMigrations(db.ownerConnectionString, { migrationsDir: before });
      await withClient(db.ownerConnectionString, (c) => c.query(`INSERT INTO audit_entry (at, actor_name, action, entity_type, entity_id, after, reason)
        SELECT '2026-11-01T00:00:00Z'::timestamptz + (g || ' minutes')::interval, 'township', 'household.create', 'household', 'h' || g,
               jsonb_build_object('householdNo', 'H' || g, 'members', jsonb_build_array(jsonb_build_object('name', '张三', 'idNumber', null))), NULL
        FROM generate_series(1, 30) AS g`));

      const { applied } = await applyMigrations(db.ownerConnectionString);
      expect(applied).toEqual([expect.stringMatching(/_audit_chain$/)]);
      await withClient(db.ownerConnectionString, async (c) => {
        expect((await verifyAuditChain(pgQuery(c))).problem).toMatchObject({ kind: "ENTRY_UNCHAINED" });
        // Before sealing, the old rows' content is as append-only as ever.
        await expect(c.query(`UPDATE audit_entry SET reason = 'x' WHERE entity_id = 'h1'`)).rejects.toThrow(/append-only/);
      });
      expect(await sealAuditChain(db.ownerConnectionString)).toEqual({ sealed: 30 });
      expect(await sealAuditChain(db.ownerConnectionString)).toEqual({ sealed: 0 });
      await withClient(db.ownerConnectionString, async (c) => {
        expect(await verifyAuditChain(pgQuery(c))).toMatchObject({ ok: true, verified: 30, headPosition: 30 });
        // Sealed in id order: position 1 is the oldest entry.
        expect((await c.query(`SELECT entity_id FROM audit_entry WHERE chain_position = 1`)).rows).toEqual([{ entity_id: "h1" }]);
      });
    } finally {
      await rm(before, { recursive: true, force: true });
      await db.drop();
    }
  }, 120_000);
});

describe("GET /api/audit/chain", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("answers administrators only", async () => {
    const admin = await signIn(t.app, "admin");
    const res = await t.app.inject({ method: "GET", url: "/api/audit/chain", headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, problem: null });
    expect(body.verified).toBeGreaterThan(0);
    expect(body.headHash).toMatch(/^[0-9a-f]{64}$/);
    for (const user of ["city", "district", "township", "village"]) {
      const r = await t.app.inject({ method: "GET", url: "/api/audit/chain", headers: { cookie: await signIn(t.app, user) } });
      expect(r.statusCode, user).toBe(403);
    }
    expect((await t.app.inject({ method: "GET", url: "/api/audit/chain" })).statusCode).toBe(401);
  });
});

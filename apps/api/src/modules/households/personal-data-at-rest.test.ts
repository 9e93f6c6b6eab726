// Issue 11, point 7: ID numbers and phone numbers are encrypted at rest. After
// the demo data and a few actions, no column of any table and no stored file
// holds one of them in clear; uniqueness and search work through the blind indexes.
import ExcelJS from "../../lib/exceljs.ts";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload, newCitizenId } from "../../../test/fixtures.ts";
import { householdsXlsx, importSheet, makeHouseholds, sheetRows } from "../../../test/household-sheets.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import type { Deps } from "../../lib/deps.ts";
import { produceReportSnapshots } from "../reports/report-snapshots.ts";
import { sendLeadDigests } from "../leads/lead-digest.ts";

let t: TestApp;
let township: string;
let zhangcun: number;

beforeAll(async () => {
  t = await createTestApp();
  township = await signIn(t.app, "township");
  zhangcun = await areaIdByName(t.prisma, "张村");
});
afterAll(() => t.close());

const post = (cookie: string, url: string, payload: unknown) => t.app.inject({ method: "POST", url, headers: { cookie }, payload: payload as object });
const get = (cookie: string, url: string) => t.app.inject({ method: "GET", url, headers: { cookie } });

describe("uniqueness through the blind index", () => {
  it("refuses a second household with a registered ID number, also when the requests race", async () => {
    const first = householdPayload(zhangcun);
    expect((await post(township, "/api/households", first)).statusCode).toBe(201);
    const again = householdPayload(zhangcun, { members: [{ ...first.members[0]!, name: "另一人" }] });
    const res = await post(township, "/api/households", again);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("ID_NUMBER_TAKEN");

    const id = newCitizenId(true);
    const racing = await Promise.all(Array.from({ length: 6 }, () =>
      post(township, "/api/households", householdPayload(zhangcun, { members: [{ ...first.members[0]!, idNumber: id }] }))));
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await t.prisma.member.count({ where: { idNumberBidx: dataKeys().blindIndex("id", id) } })).toBe(1);
  });

  it("finds a household by the full number, its last 4 and last 6, and the reveal decrypts and is audited", async () => {
    const payload = householdPayload(zhangcun);
    const created = (await post(township, "/api/households", payload)).json();
    const id = payload.members[1]!.idNumber;
    for (const q of [id, id.slice(-4), id.slice(-6)]) {
      const found = (await get(township, `/api/households?q=${q}&pageSize=100`)).json().items.map((h: { id: string }) => h.id);
      expect(found, q).toContain(created.id);
    }
    const member = created.members[1];
    expect(member.idNumberMasked).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
    const revealed = await post(township, `/api/households/${created.id}/members/${member.id}/reveal-id-number`, { reason: "核对" });
    expect(revealed.json()).toEqual({ idNumber: id });
    expect(await t.prisma.auditEntry.count({ where: { action: "member.revealIdNumber", entityId: member.id } })).toBe(1);
    // The stored row holds no clear number.
    const stored = await t.prisma.member.findUniqueOrThrow({ where: { id: member.id } });
    expect(Buffer.from(stored.idNumberEnc).toString("latin1")).not.toContain(id);
  });
});

describe("the acceptance scan", () => {
  it("finds no demo, registered or imported ID number or phone number in clear in any column of any table", async () => {
    // Actions: an import (with a rejected row that repeats a registered number), a ledger day, an export.
    const villages = [{ code: (await t.prisma.area.findUniqueOrThrow({ where: { id: zhangcun } })).code, name: "张村" }];
    const households = makeHouseholds(3, villages, "S");
    const registered = await t.prisma.member.findFirstOrThrow({ select: { idNumberEnc: true } });
    households[2]!.members[0]!.idNumber = dataKeys().decryptText(registered.idNumberEnc);
    const job = await importSheet(t.app, township, await householdsXlsx(sheetRows(households)), "扫描.xlsx", "valid-only");
    expect(job, JSON.stringify(job)).toMatchObject({ status: "SUCCEEDED", created: 2, rejected: 1, hasRejectedFile: true });
    const rejected = await get(township, `/api/households/imports/${job.id}/rejected.xlsx`);
    expect(rejected.statusCode).toBe(200);
    expect(await xlsxText(rejected.rawPayload)).toContain(households[2]!.members[1]!.idNumber);

    t.clock.advanceMinutes(8 * 24 * 60); // 2026-12-01: the ledger of 29 November and the lists of 30 November
    const deps: Deps = { prisma: t.prisma, clock: t.clock.now, config: t.config };
    expect(await produceReportSnapshots(deps)).toBeGreaterThan(0);
    // A lead on a person not registered, with phone and ID number, then the detection job (its screening reports of 25 November).
    const leadPhone = "13698765432";
    const leadId = newCitizenId(false);
    const lead = await post(await signIn(t.app, "township"), "/api/leads", {
      source: "HOTLINE", receivedOn: "2026-11-24", personName: "来电人", villageId: zhangcun, phone: leadPhone, idNumber: leadId,
      riskCauses: ["SERIOUS_ILLNESS"], description: "来电反映家中困难",
    });
    expect(lead.statusCode, lead.body).toBe(201);
    expect(await sendLeadDigests(deps)).toBeGreaterThan(0);

    // Every ID number and phone number the system holds, read the only way they can be: decrypted.
    const members = await t.prisma.member.findMany({ select: { idNumberEnc: true } });
    const phones = await t.prisma.household.findMany({ where: { phoneEnc: { not: null } }, select: { phoneEnc: true } });
    const secrets = new Set([
      ...members.map((m) => dataKeys().decryptText(m.idNumberEnc)),
      ...phones.map((h) => dataKeys().decryptText(h.phoneEnc!)),
      ...households.flatMap((h) => [h.phone!, ...h.members.map((m) => m.idNumber)]),
      leadPhone, leadId,
    ]);
    expect(members.length).toBeGreaterThan(100);
    expect(phones.length).toBeGreaterThan(50);

    // The ledger files do carry the numbers (once decrypted): a scan of them would find numbers if they were in clear.
    const ledger = await t.prisma.reportSnapshot.findFirstOrThrow({ where: { kind: "LEDGER" }, select: { id: true } });
    const file = await get(await signIn(t.app, "district"), `/api/report-snapshots/${ledger.id}/file`);
    expect(file.statusCode, file.body).toBe(200);
    const ledgerText = await xlsxText(file.rawPayload);
    expect([...secrets].filter((s) => s.length === 18 && ledgerText.includes(s)).length).toBeGreaterThan(0);

    const found = await scanDatabase(t.connectionString, secrets);
    expect(found).toEqual([]);

    // The scan does find a number written in clear (here straight into a free-text column, past the writers).
    const sample = households[0]!.members[0]!.idNumber;
    await t.prisma.$executeRaw`INSERT INTO calendar_override (date, is_working_day, note, updated_at) VALUES ('2031-01-02', false, ${`号码${sample}`}, now())`;
    expect(await scanDatabase(t.connectionString, secrets)).toEqual([`public.calendar_override.note: ${sample}`]);
  });
});

async function xlsxText(buffer: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const parts: string[] = [];
  for (const sheet of workbook.worksheets) sheet.eachRow((row) => parts.push(JSON.stringify(row.values)));
  return parts.join("\n");
}

/** The secrets found in clear, as "table.column: value": every text, JSON, array and bytea column of every table, zip files opened. */
async function scanDatabase(connectionString: string, secrets: Set<string>): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const found: string[] = [];
  try {
    const { rows: columns } = await client.query<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_schema, c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
         AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED')`);
    expect(columns.length).toBeGreaterThan(50);
    const check = (where: string, text: string) => {
      // Every run of digits (an X may end an ID number): each 18- and 11-character window is looked up.
      for (const run of text.match(/[0-9X]{11,}/g) ?? []) {
        for (const len of [18, 11]) {
          for (let i = 0; i + len <= run.length; i++) if (secrets.has(run.slice(i, i + len))) found.push(`${where}: ${run.slice(i, i + len)}`);
        }
      }
    };
    for (const c of columns) {
      const where = `${c.table_schema}.${c.table_name}.${c.column_name}`;
      const select = c.data_type === "bytea" ? `"${c.column_name}"` : `"${c.column_name}"::text`;
      const { rows } = await client.query({ text: `SELECT ${select} AS v FROM "${c.table_schema}"."${c.table_name}" WHERE "${c.column_name}" IS NOT NULL`, rowMode: "array" });
      for (const [v] of rows as [unknown][]) {
        if (Buffer.isBuffer(v)) {
          check(where, v.toString("latin1"));
          check(where, v.toString("utf8"));
          if (v.subarray(0, 2).toString() === "PK") check(`${where} (xlsx)`, await xlsxText(v).catch(() => ""));
        } else check(where, String(v));
      }
    }
  } finally {
    await client.end();
  }
  return found;
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_KEY_FILE } from "../../test/data-keys.ts";
import { areaIdByName, householdPayload, newCitizenId } from "../../test/fixtures.ts";
import { receiveClue } from "../modules/leads/leads.service.ts";
import { createTestApp, signIn, type TestApp } from "../../test/test-app.ts";
import { keyVersionOf, useDataKeys } from "../lib/data-crypto.ts";
import { keyringFromFile, type KeyFile } from "../lib/data-keys.ts";
import { produceReportSnapshots } from "../modules/reports/report-snapshots.ts";
import { rotateEncryptionKey, rotateIndexKey } from "./rotate-keys.ts";

let t: TestApp;
let file: KeyFile = TEST_KEY_FILE;
const saved: KeyFile[] = [];
const save = async (f: KeyFile) => {
  saved.push(f);
  file = f;
};

beforeAll(async () => {
  t = await createTestApp();
  t.clock.advanceMinutes(8 * 24 * 60);
  expect(await produceReportSnapshots({ prisma: t.prisma, clock: t.clock.now, config: t.config })).toBeGreaterThan(0);
});
afterAll(async () => {
  useDataKeys(keyringFromFile(TEST_KEY_FILE));
  await t.close();
});

const LEAD_PHONE = "13812349876";
const LEAD_ID = newCitizenId();
let lead: { id: string };
/** A self-reported clue on a person not registered (phone, ID number, reference): a second one merges into the first's lead. */
async function newLead() {
  const village = await t.prisma.area.findFirstOrThrow({ where: { name: "张村", level: "VILLAGE" } });
  const r = await receiveClue({ prisma: t.prisma, clock: t.clock.now, config: t.config }, null, {
    source: "SELF_REPORT", receivedOn: new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10), description: "申报",
    riskCauses: [], person: { name: "申报人", villageId: village.id, villageCode: village.code }, phone: LEAD_PHONE, idNumber: LEAD_ID,
    reference: `R${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
  });
  return { id: r.leadId };
}

describe("key rotation", () => {
  it("re-encrypts every sealed value under a new version, resumably, and the app reads them with the new key file", async () => {
    const household = householdPayload(await areaIdByName(t.prisma, "张村"));
    const created = (await t.app.inject({ method: "POST", url: "/api/households", headers: { cookie: await signIn(t.app, "township") }, payload: household })).json();
    lead = await newLead();

    // A rotation interrupted after saving the new version resumes without adding another.
    await rotateEncryptionKey(t.connectionString, { ...file, encryption: { ...file.encryption, current: 1, pending: true } }, save);
    expect(saved.at(-1)!.encryption).toEqual({ current: 1, keys: TEST_KEY_FILE.encryption.keys });
    await rotateEncryptionKey(t.connectionString, file, save);
    expect(saved.at(-2)!.encryption).toMatchObject({ current: 2, pending: true });
    expect(file.encryption.current).toBe(2);
    expect(file.encryption.pending).toBeUndefined();
    expect(Object.keys(file.encryption.keys)).toEqual(["1", "2"]);

    const members = await t.prisma.member.findMany({ select: { idNumberEnc: true } });
    expect(members.every((m) => keyVersionOf(m.idNumberEnc) === 2)).toBe(true);
    const leads = await t.prisma.lead.findMany({ select: { phoneEnc: true, idNumberEnc: true, clues: { select: { phoneEnc: true } } } });
    expect(leads.length).toBeGreaterThan(0);
    // Leads the early-warning rules raised carry no phone or ID number of their own.
    const sealedOfLeads = leads.flatMap((l) => [l.phoneEnc, l.idNumberEnc, ...l.clues.map((c) => c.phoneEnc)]).filter((v) => v !== null);
    expect(sealedOfLeads.length).toBeGreaterThan(0);
    expect(sealedOfLeads.every((v) => keyVersionOf(v) === 2)).toBe(true);
    const snapshots = await t.prisma.reportSnapshot.findMany({ select: { content: true } });
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots.every((s) => keyVersionOf(s.content) === 2)).toBe(true);

    // Keys of version 2 alone open every rewritten value; the app works with the rotated file.
    const onlyNew = keyringFromFile({ ...file, encryption: { current: 2, keys: { 2: file.encryption.keys[2]! } } });
    expect(members.every((m) => /^\d{17}[\dX]$/.test(onlyNew.decryptText(m.idNumberEnc)))).toBe(true);
    useDataKeys(keyringFromFile(file));
    const township = await signIn(t.app, "township");
    const detail = await t.app.inject({ method: "POST", url: `/api/households/${created.id}/members/${created.members[0].id}/reveal-id-number`, headers: { cookie: township }, payload: {} });
    expect(detail.json()).toEqual({ idNumber: household.members[0]!.idNumber });
  });

  it("recomputes the blind indexes under a new index key, after which the old key finds nothing", async () => {
    const before = keyringFromFile(file);
    const member = await t.prisma.member.findFirstOrThrow({ select: { idNumberEnc: true, idNumberBidx: true } });
    const id = before.decryptText(member.idNumberEnc);
    await rotateIndexKey(t.connectionString, file, save);
    expect(saved.at(-2)!.index).toMatchObject({ current: 2, previous: 1 });
    expect(file.index).toEqual({ current: 2, keys: { 2: expect.any(String) } });
    const after = keyringFromFile(file);
    useDataKeys(after);
    expect(await t.prisma.member.count({ where: { idNumberBidx: before.blindIndex("id", id) } })).toBe(0);
    expect(await t.prisma.member.count({ where: { idNumberBidx: after.blindIndex("id", id) } })).toBe(1);
    const res = await t.app.inject({ method: "GET", url: `/api/households?q=${id.slice(-6)}`, headers: { cookie: await signIn(t.app, "admin") } });
    expect(res.json().total).toBeGreaterThan(0);
    // Leads: re-indexed by phone and ID number (a new clue still merges), and the self-report clue's last 4 digits.
    const row = await t.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(Buffer.from(row.phoneBidx!)).toEqual(Buffer.from(after.blindIndex("phone", LEAD_PHONE)));
    expect(Buffer.from(row.idNumberBidx!)).toEqual(Buffer.from(after.blindIndex("id", LEAD_ID)));
    const clue = await t.prisma.leadClue.findFirstOrThrow({ where: { leadId: lead.id, reference: { not: null } } });
    expect(Buffer.from(clue.phoneLast4Bidx!)).toEqual(Buffer.from(after.blindIndex("phone-last4", LEAD_PHONE.slice(-4))));
    expect((await newLead()).id).toBe(lead.id);
  });
});

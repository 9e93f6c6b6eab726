// Importing a household file through the API: an .xlsx made from the import
// template with `count` households in the district user's villages, uploaded
// as that user (valid-only) and polled until the job ends.
import { computeCheckCharacter } from "@fanpin/domain/citizen-id";
import pg from "pg";
import { dataKeys } from "../apps/api/src/lib/data-crypto.ts";
import { householdsXlsx, makeHouseholds, sheetRows } from "../apps/api/test/household-sheets.ts";
import type { ApiProcess } from "./system.ts";

export type ImportResult = {
  households: number;
  created: number;
  problems: number;
  fileMb: number;
  seconds: number;
  householdsPerSecond: number;
  peakRssMb: number;
  status: string;
};

/**
 * ID numbers must be unique in the deployment and this file is imported into
 * the same database run after run: give each run an address code (9xxxxx,
 * only checked for shape) under which none of the file's numbers is
 * registered yet (looked up by their blind index: the numbers are encrypted).
 */
async function withUnusedAddressCode(client: pg.Client, households: ReturnType<typeof makeHouseholds>): Promise<void> {
  const original = households.flatMap((h) => h.members.map((m) => m.idNumber));
  for (;;) {
    const address = `9${String(Math.floor(Math.random() * 100_000)).padStart(5, "0")}`;
    const ids = original.map((id) => {
      const first17 = address + id.slice(6, 17);
      return first17 + computeCheckCharacter(first17);
    });
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM member WHERE id_number_bidx = ANY($1::bytea[])", [ids.map((id) => dataKeys().blindIndex("id", id))]);
    if (rows[0]!.n > 0) continue;
    let i = 0;
    for (const h of households) for (const m of h.members) m.idNumber = ids[i++]!;
    return;
  }
}

export async function buildImportFile(connectionString: string, scope: string, count: number): Promise<{ file: Buffer; households: number }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const villages = (await client.query<{ code: string; name: string }>(
      `SELECT code, name FROM area WHERE level = 'VILLAGE' AND code LIKE $1 ORDER BY code`, [`${scope}%`],
    )).rows;
    if (!villages.length) throw new Error(`no villages under ${scope}`);
    // 户编号 village code + I + run stamp + serial: never the generator's (digits only), never an earlier run's.
    const households = makeHouseholds(count, villages, `I${Date.now().toString(36).toUpperCase()}`);
    await withUnusedAddressCode(client, households);
    return { file: await householdsXlsx(sheetRows(households)), households: count };
  } finally {
    await client.end();
  }
}

export async function runImport(api: ApiProcess, cookie: string, file: Buffer, households: number, log: (s: string) => void): Promise<ImportResult> {
  api.resetPeak();
  const started = performance.now();
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file)]), `bench-${households}.xlsx`);
  const upload = await fetch(`${api.baseUrl}/api/households/import?mode=valid-only`, { method: "POST", headers: { cookie }, body: form });
  if (upload.status !== 202) throw new Error(`import upload: ${upload.status} ${await upload.text()}`);
  const { id } = (await upload.json()) as { id: string };
  type Job = { status: string; progress: number; created: number; problemCount: number; householdsDone: number };
  let job: Job;
  let lastLog = 0;
  for (;;) {
    job = (await (await fetch(`${api.baseUrl}/api/households/imports/${id}`, { headers: { cookie } })).json()) as Job;
    if (job.status === "SUCCEEDED" || job.status === "FAILED") break;
    if (api.child.exitCode !== null) throw new Error("the API process died during the import");
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      log(`  import ${job.status} ${job.progress}% (${job.householdsDone ?? 0} households)`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    households, created: job.created, problems: job.problemCount, status: job.status,
    fileMb: Math.round((file.length / 1048576) * 10) / 10,
    seconds: Math.round(seconds * 10) / 10,
    householdsPerSecond: Math.round(job.created / seconds),
    peakRssMb: api.resetPeak(),
  };
}

// Matching a department's list (部门筛查预警) through the API: an .xlsx of `rows` rows in a department's own shape
// (a title row, its own headers), 90 % ID numbers of members registered in the district user's area and 10 %
// unknown ones, uploaded with a column mapping as that user and polled until the job ends. Target: 100,000 rows
// matched in ≤ 30 s with the API's memory flat (its peak RSS is reported, like the household import's).
import { computeCheckCharacter } from "@fanpin/domain/citizen-id";
import pg from "pg";
import { dataKeys } from "../apps/api/src/lib/data-crypto.ts";
import { xlsxBuffer, type XlsxCell } from "../apps/api/src/lib/xlsx.ts";
import type { ApiProcess } from "./system.ts";

export type DepartmentResult = {
  rows: number;
  matched: number;
  duplicates: number;
  unmatched: number;
  outOfArea: number;
  problems: number;
  fileMb: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  status: string;
  targetMet: boolean;
};

export const DEPARTMENT_TARGET = { rows: 100_000, seconds: 30 };

const MAPPING = {
  columns: { idNumber: "公民身份号码", name: "姓名", kind: "救助类别", amount: "救助金额（元）", occurredOn: "发放日期", note: "备注" },
  kindValues: { 城市低保: "NEW_MINIMUM_LIVING", 农村低保: "NEW_MINIMUM_LIVING", 特困供养: "EXTREME_POVERTY", 临时救助: "TEMPORARY_RELIEF" },
};
const KINDS = Object.keys(MAPPING.kindValues);

/**
 * The list: members of the scope (their ID numbers decrypted, as the department would have them), reused with
 * another amount when the area has fewer members than rows; amounts carry the run's stamp so every run raises
 * new warnings (the same rows again would all be duplicates).
 */
export async function buildDepartmentFile(connectionString: string, scope: string, rows: number): Promise<Buffer> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  let ids: string[];
  try {
    const known = Math.ceil(rows * 0.9);
    const { rows: members } = await client.query<{ v: Buffer }>(
      `SELECT m.id_number_enc AS v FROM member m JOIN household h ON h.id = m.household_id
       WHERE h.village_code LIKE $1 ORDER BY m.id LIMIT $2`, [`${scope}%`, known]);
    if (!members.length) throw new Error(`no members under ${scope}`);
    ids = members.map((m) => dataKeys().decryptText(m.v));
  } finally {
    await client.end();
  }
  const stamp = Date.now() % 100_000;
  async function* sheetRows(): AsyncGenerator<XlsxCell[]> {
    for (let i = 0; i < rows; i++) {
      let id: string;
      if (i % 10 === 9) {
        // Unknown: address code 9xxxxx (only checked for shape), never registered.
        const first17 = `9${String(i % 100_000).padStart(5, "0")}19800101${String(i % 1000).padStart(3, "0")}`;
        id = first17 + computeCheckCharacter(first17);
      } else {
        id = ids[i % ids.length]!;
      }
      yield [i + 1, `对象${i}`, id, KINDS[i % KINDS.length]!, (stamp + i) / 100 + 100, "2026-11-20", ""];
    }
  }
  const { buffer } = await xlsxBuffer([{
    name: "救助名单",
    titleLines: ["2026年11月社会救助发放名单"],
    columns: [
      { header: "序号", width: 8 }, { header: "姓名", width: 10 }, { header: "公民身份号码", width: 20, text: true }, { header: "救助类别", width: 10 },
      { header: "救助金额（元）", width: 12 }, { header: "发放日期", width: 12, text: true }, { header: "备注", width: 10 },
    ],
    rows: sheetRows(),
  }]);
  return buffer;
}

export async function runDepartmentMatch(api: ApiProcess, cookie: string, file: Buffer, rows: number, log: (s: string) => void): Promise<DepartmentResult> {
  api.resetPeak();
  const started = performance.now();
  const form = new FormData();
  form.append("mapping", JSON.stringify(MAPPING));
  form.append("file", new Blob([new Uint8Array(file)]), `bench-${rows}.xlsx`);
  const upload = await fetch(`${api.baseUrl}/api/department-warnings/jobs?department=CIVIL_AFFAIRS`, { method: "POST", headers: { cookie }, body: form });
  if (upload.status !== 202) throw new Error(`department upload: ${upload.status} ${await upload.text()}`);
  const { id } = (await upload.json()) as { id: string };
  type Job = { status: string; progress: number; rowsRead: number; matched: number; duplicates: number; unmatched: number; outOfArea: number; problems: number };
  let job: Job;
  let lastLog = 0;
  for (;;) {
    job = (await (await fetch(`${api.baseUrl}/api/department-warnings/jobs/${id}`, { headers: { cookie } })).json()) as Job;
    if (job.status === "SUCCEEDED" || job.status === "FAILED") break;
    if (api.child.exitCode !== null) throw new Error("the API process died during the matching");
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      log(`  department list ${job.status} ${job.progress}% (${job.rowsRead ?? 0} rows)`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = Math.round(((performance.now() - started) / 1000) * 10) / 10;
  const handled = job.matched + job.duplicates + job.unmatched + job.outOfArea;
  return {
    rows, matched: job.matched, duplicates: job.duplicates, unmatched: job.unmatched, outOfArea: job.outOfArea, problems: job.problems, status: job.status,
    fileMb: Math.round((file.length / 1048576) * 10) / 10,
    seconds,
    rowsPerSecond: Math.round(handled / seconds),
    peakRssMb: api.resetPeak(),
    // Scaled to the target's 100,000 rows when run smaller.
    targetMet: job.status === "SUCCEEDED" && handled === rows && seconds * (DEPARTMENT_TARGET.rows / rows) <= DEPARTMENT_TARGET.seconds,
  };
}

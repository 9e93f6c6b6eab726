import { afterAll, beforeAll, expect, it } from "vitest";
import { signInOver, startApiProcess, type ApiProcess } from "../../../test/api-process.ts";
import { householdsCsv, makeHouseholds, SHEET_HEADERS, sheetRows } from "../../../test/household-sheets.ts";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { deflateRepeated, inlineRow, packageParts, SHEET_HEAD, SHEET_TAIL, SST_HEAD, zipArchive } from "../../../test/xlsx-parts.ts";

// Hostile files (import bombs), one per limit, sent to a real API process
// started as `npm run serve` starts it, with its heap capped at 256 MB: each
// job fails with a message naming the limit and the row, the process stays
// alive and keeps answering other requests while it reads, its memory stays
// bounded, and nothing is written.
const HEAP_LIMIT_MB = 256;
let t: TestApp;
let api: ApiProcess;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  // Limits as shipped, except a smaller part size and row count, so the zip bomb and the long file stay quick to make.
  api = await startApiProcess({
    databaseUrl: t.connectionString,
    migrationDatabaseUrl: t.ownerConnectionString,
    env: { JOBS: "off", IMPORT_MAX_ENTRY_MB: "128", IMPORT_MAX_ROWS: "1000" },
    nodeArgs: [`--max-old-space-size=${HEAP_LIMIT_MB}`],
  });
  cookie = await signInOver(api.base, "township");
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await t?.close();
});

type Job = { status: string; created: number; error: { code: string; message: string } | null };

/** Uploads the file and follows its job to the end, asking /api/health all along; the slowest answer (logged, not asserted) and the peak RSS are returned. */
async function importHostile(file: Buffer, fileName: string) {
  const base = api.base;
  let peakRssMb = await api.residentMb();
  let slowestHealthMs = 0;
  let running = true;
  const health = (async () => {
    while (running) {
      const started = performance.now();
      // A reader that blocks the event loop leaves this unanswered: that fails by the timeout, not by a measured speed.
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(30_000) });
      expect(res.status).toBe(200);
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - started);
      peakRssMb = Math.max(peakRssMb, await api.residentMb());
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(file)]), fileName);
    const upload = await fetch(`${base}/api/households/import?mode=all-or-nothing`, { method: "POST", headers: { cookie }, body: form });
    expect(upload.status, await upload.clone().text()).toBe(202);
    const { id } = (await upload.json()) as { id: string };
    for (;;) {
      const job = (await (await fetch(`${base}/api/households/imports/${id}`, { headers: { cookie } })).json()) as Job & { status: string };
      if (job.status === "SUCCEEDED" || job.status === "FAILED") return { job, peakRssMb, slowestHealthMs };
      expect(api.exited(), "the API process died").toBe(false);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    running = false;
    await health;
  }
}

const header = inlineRow(1, SHEET_HEADERS);
const xlsx = (sheet: Buffer | string, sharedStrings?: Buffer) =>
  zipArchive([
    ...packageParts({ sharedStrings: !!sharedStrings }),
    typeof sheet === "string" ? { name: "xl/worksheets/sheet1.xml", data: sheet } : { name: "xl/worksheets/sheet1.xml", deflated: sheet, claimedSize: 4096 },
    ...(sharedStrings ? [{ name: "xl/sharedStrings.xml", deflated: sharedStrings, claimedSize: 1000 }] : []),
  ]);

it("fails every hostile file cleanly, naming the limit and the row, while the API stays alive, responsive and under its heap cap", async () => {
  const villages = await t.prisma.area.findMany({ where: { code: { startsWith: "371002100" }, level: "VILLAGE" }, select: { code: true, name: true } });
  const before = await t.prisma.household.count();
  const files: [string, Buffer, RegExp][] = [
    // ~300 KB whose one shared string inflates to 300 MB (the file that took the service down).
    ["共享文本炸弹.xlsx", xlsx(SHEET_HEAD + header + SHEET_TAIL, await deflateRepeated(`${SST_HEAD}<si><t>`, "A", 300 * 1024 * 1024, "</t></si></sst>")),
      /^文件的共享文本第 1 项：单元格内容超过 32767 个字符的上限/],
    // A sheet part that inflates to 512 MB while its zip headers claim 4 KB.
    ["压缩炸弹.xlsx", xlsx(await deflateRepeated(SHEET_HEAD + header, " ", 512 * 1024 * 1024, SHEET_TAIL)),
      /^读到第 1 行时，文件中的 xl\/worksheets\/sheet1\.xml 解压后超过 128 MB 的上限/],
    ["行数过多.csv", householdsCsv(sheetRows(makeHouseholds(400, villages, "H"))), /^第 1001 行：数据行数超过 1000 行的上限/],
    ["列数过多.xlsx", xlsx(SHEET_HEAD + header + `<row r="2"><c r="A2" t="inlineStr"><is><t>1</t></is></c><c r="XFD2" t="inlineStr"><is><t>2</t></is></c></row>` + SHEET_TAIL),
      /^第 2 行：列数超过 1024 列的上限/],
    ["单元格过长.xlsx", xlsx(SHEET_HEAD + header + inlineRow(2, ["1", "长".repeat(40_000)]) + SHEET_TAIL), /^第 2 行：单元格内容超过 32767 个字符的上限/],
    ["字段过长.csv", householdsCsv([["1", "长".repeat(40_000)]], "gb18030"), /^第 2 行：单元格内容超过 32767 个字符的上限/],
    ["行过长.csv", Buffer.concat([householdsCsv([]), Buffer.from(`"${"x".repeat(4 * 1024 * 1024)}`)]), /^第 2 行：一行的内容超过 1048576 个字符的上限/],
  ];
  for (const [name, file, message] of files) {
    const { job, peakRssMb, slowestHealthMs } = await importHostile(file, name);
    console.log(`${name} (${(file.length / 1024).toFixed(0)} KB): ${job.status} in a process of peak RSS ${peakRssMb.toFixed(0)} MB; slowest /api/health ${slowestHealthMs.toFixed(0)} ms`);
    expect(job, name).toMatchObject({ status: "FAILED", created: 0, error: { code: "IMPORT_LIMIT_EXCEEDED", message: expect.stringMatching(message) } });
    expect(api.exited(), `the API process died on ${name}`).toBe(false);
    expect((await fetch(`${api.base}/api/health`)).status).toBe(200);
    expect(peakRssMb, name).toBeLessThan(HEAP_LIMIT_MB + 200);
  }
  expect(await t.prisma.household.count()).toBe(before);
}, 300_000);

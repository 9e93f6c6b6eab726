// Household import files for tests: households generated in bulk with
// unique, valid ID numbers, written as the template's .xlsx or as CSV.
import { INCOME_ITEM_KEYS, type IncomeItem } from "@fanpin/domain/collection-form";
import { HOUSEHOLD_SHEET_COLUMNS, householdSheetRows, TEXT_COLUMN_KEYS, type SheetCell, type SheetHouseholdData } from "@fanpin/domain/import/household-sheet";
import type { ImportJobView } from "@fanpin/domain/import-schemas";
import type { FastifyInstance } from "fastify";
import iconv from "iconv-lite";
import { xlsxBuffer } from "../src/lib/xlsx.ts";
import { independentCheckCharacter } from "@fanpin/domain/testing/id-numbers";

let serial = 0;

/**
 * A unique valid ID number (乳山 371083, born 2010 onwards — fixtures.newCitizenId
 * uses earlier years, so the two never meet). `tag` keeps files of one test
 * database apart.
 */
export function sequentialCitizenId(male: boolean): string {
  const n = serial++;
  const birth = new Date(Date.UTC(2010, 0, 1) + Math.floor(n / 500) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replaceAll("-", "");
  const seq = (n % 500) * 2 + (male ? 1 : 0);
  const first17 = `371083${ymd}${String(seq).padStart(3, "0")}`;
  return first17 + independentCheckCharacter(first17); // not the production code under test
}

let householdSerial = 0;

const member = { idType: "RESIDENT_ID", ethnicity: "01", politicalStatus: "MASSES", education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL", health: "HEALTHY", workRegion: "IN_COUNTY", workMonths: 6 };

/** `count` households spread over the given villages: 2–4 members each, a few with designation and risk causes. */
export function makeHouseholds(count: number, villages: { code: string; name: string }[], prefix = "T"): SheetHouseholdData[] {
  return Array.from({ length: count }, (_, i) => {
    const village = villages[i % villages.length]!;
    const n = ++householdSerial;
    const size = 2 + (n % 3);
    const income = Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, 0])) as Record<IncomeItem, number>;
    income.wageIncome = 6000 + (n % 50) * 100;
    income.minimumLiving = n % 7 === 0 ? 1200.5 : 0;
    const members = [
      { ...member, name: `${prefix}户主${n}`, gender: "MALE", idNumber: sequentialCitizenId(true), relation: "HEAD" },
      { ...member, name: `${prefix}配偶${n}`, gender: "FEMALE", idNumber: sequentialCitizenId(false), relation: "SPOUSE", health: n % 5 === 0 ? "CHRONIC_DISEASE" : "HEALTHY" },
      ...(size > 2 ? [{ ...member, name: `${prefix}之子${n}`, gender: "MALE", idNumber: sequentialCitizenId(true), relation: "SON", education: "PRIMARY", schoolStatus: "PRIMARY", workRegion: "NONE", workMonths: 0 }] : []),
      ...(size > 3 ? [{ ...member, name: `${prefix}之女${n}`, gender: "FEMALE", idNumber: sequentialCitizenId(false), relation: "DAUGHTER", education: "PRESCHOOL_CHILD", schoolStatus: "PRESCHOOL", workRegion: "NONE", workMonths: 0 }] : []),
    ];
    return {
      // 18 digits (packages/domain household-no): the village code, one digit from the prefix (keeps batches of different
      // prefixes apart where a database outlives one process, as in e2e), a 5-digit serial.
      householdNo: `${village.code}${prefix.charCodeAt(0) % 10}${String(n % 100_000).padStart(5, "0")}`,
      villageCode: village.code,
      villageName: village.name,
      naturalVillage: null,
      category: n % 10 === 0 ? "LIFTED_WITH_POLICY" : "ORDINARY",
      designation: null,
      designatedAt: null,
      phone: `138${String(n).padStart(8, "0")}`,
      addressDetail: `${village.name}${n}号`,
      riskCauses: n % 4 === 0 ? ["SERIOUS_ILLNESS"] : [],
      incomeYear: 2025,
      income,
      difficultyDescription: null,
      members,
    };
  });
}

export const SHEET_HEADERS = HOUSEHOLD_SHEET_COLUMNS.map((c) => c.header);

export function sheetRows(households: SheetHouseholdData[]): SheetCell[][] {
  return households.flatMap(householdSheetRows);
}

/** The template's .xlsx with these rows (as the system's own export writes it). */
export async function householdsXlsx(rows: SheetCell[][]): Promise<Buffer> {
  const columns = HOUSEHOLD_SHEET_COLUMNS.map((c) => ({ header: c.header, width: c.width, text: TEXT_COLUMN_KEYS.has(c.key) }));
  return (await xlsxBuffer([{ name: "户档案", columns, rows }])).buffer;
}

export function householdsCsv(rows: SheetCell[][], encoding: "utf8" | "utf8-bom" | "gb18030" = "utf8"): Buffer {
  const quote = (v: SheetCell) => {
    const s = v === null ? "" : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const text = [SHEET_HEADERS, ...rows].map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
  if (encoding === "gb18030") return iconv.encode(text, "gb18030");
  return Buffer.concat([encoding === "utf8-bom" ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, "utf8")]);
}

/** A multipart/form-data body with the file in field `file`, as a browser sends it. */
export async function multipartBody(file: Buffer, fileName: string): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file)]), fileName);
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { "content-type": request.headers.get("content-type")! } };
}

/** Uploads a sheet through the API (as a browser would) and returns the answer, unchecked. */
export async function uploadSheet(app: FastifyInstance, cookie: string, file: Buffer, fileName: string, mode = "all-or-nothing") {
  const { payload, headers } = await multipartBody(file, fileName);
  return app.inject({ method: "POST", url: `/api/households/import?mode=${mode}`, headers: { ...headers, cookie }, payload });
}

/** Follows an import job until it has ended. */
export async function waitForImport(app: FastifyInstance, cookie: string, id: string): Promise<ImportJobView> {
  for (let i = 0; i < 1200; i++) {
    const res = await app.inject({ method: "GET", url: `/api/households/imports/${id}`, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`import ${id}: ${res.statusCode} ${res.body}`);
    const job = res.json() as ImportJobView;
    if (job.status === "SUCCEEDED" || job.status === "FAILED") return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`import ${id} did not finish`);
}

/** Uploads a sheet, expects it queued, and waits for the job's end. */
export async function importSheet(app: FastifyInstance, cookie: string, file: Buffer, fileName: string, mode = "all-or-nothing"): Promise<ImportJobView> {
  const res = await uploadSheet(app, cookie, file, fileName, mode);
  if (res.statusCode !== 202) throw new Error(`upload of ${fileName}: ${res.statusCode} ${res.body}`);
  return waitForImport(app, cookie, res.json().id);
}

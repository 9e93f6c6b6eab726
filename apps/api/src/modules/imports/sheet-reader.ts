import { isUtf8 } from "node:buffer";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { columnHeader } from "@fanpin/domain/import/household-sheet";
import type { ImportLimits } from "../../config.ts";
import { AppError } from "../../lib/app-error.ts";
import { limitExceeded, LIMIT_MESSAGES } from "./import-limits.ts";
import { openXlsxRows, zipPartNames, type XlsxRawRow } from "./xlsx-rows.ts";

/**
 * Reads the rows of an uploaded sheet one at a time (streaming), whatever
 * wrote it: .xlsx from Excel, WPS or LibreOffice, or .csv in UTF-8 (with or
 * without BOM) or GB18030 (what Chinese Excel writes as "CSV"). The header
 * row is the first row that has 户编号 within the first rows (a title may
 * sit above it). Values are as the file holds them: numbers stay numbers (so
 * an ID number that became a number can be recognised), dates stay dates.
 */
export type SheetFormat = "xlsx" | "csv";
export type SheetRow = { row: number; cells: Record<string, unknown> };
/** `fraction()`: how much of the file has been read (0–1), for the progress bar. */
export type SheetStream = { headers: string[]; rows: AsyncGenerator<SheetRow>; fraction: () => number };

const HEADER_MARK = columnHeader("householdNo");
const HEADER_SEARCH_ROWS = 10;

/**
 * The file's type by its content, not its name. An .xlsx is a zip archive with a workbook under xl/; other zips
 * (.ods, .xlsb, .docx) are refused at upload with what to do; an old binary .xls (or WPS .et) starts with the OLE
 * signature D0 CF 11 E0. A damaged zip passes here and is reported as unreadable by the job.
 */
export function detectFormat(file: Buffer, fileName: string): SheetFormat {
  if (file.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const parts = zipPartNames(file);
    if (!parts || parts.some((p) => p === "xl/workbook.xml" || /^xl\/worksheets\/[^/]+\.xml$/.test(p))) return "xlsx";
    if (parts.includes("mimetype") || parts.includes("content.xml")) {
      throw new AppError("IMPORT_FILE_TYPE", { message: "这是 OpenDocument 表格（.ods）文件，不能直接导入。请在 WPS、LibreOffice 或 Excel 中“另存为” Excel 工作簿（.xlsx）后导入" });
    }
    if (parts.includes("xl/workbook.bin")) {
      throw new AppError("IMPORT_FILE_TYPE", { message: "这是 Excel 二进制工作簿（.xlsb），不能直接导入。请在表格软件中“另存为” Excel 工作簿（.xlsx）后导入" });
    }
    throw new AppError("IMPORT_FILE_TYPE", { message: "该文件是压缩包或其他文档，不是 Excel 工作簿。只能导入 .xlsx 或 .csv 文件" });
  }
  if (file.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) throw new AppError("IMPORT_FILE_TYPE");
  if (/\.(csv|txt)$/i.test(fileName) && !file.subarray(0, 4096).includes(0)) return "csv";
  throw new AppError("IMPORT_FILE_TYPE");
}

/** CSV encodings: a BOM or valid UTF-8 means UTF-8; anything else is read as GB18030 (a superset of GBK/GB2312). */
export function detectCsvEncoding(file: Buffer): "utf8" | "gb18030" {
  if (file.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return "utf8";
  return isUtf8(file) ? "utf8" : "gb18030";
}

/** The file as a stream of chunks (the parsers take streams). */
function chunked(file: Buffer, progress: { done: number }): Readable {
  const size = 64 * 1024;
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= file.length) return void this.push(null);
      const end = Math.min(offset + size, file.length);
      this.push(file.subarray(offset, end));
      offset = end;
      progress.done = offset;
    },
  });
}

/**
 * Which row is the header: by default the household template's (it has 户编号); a department's list names its own
 * (the row holding the mapped ID-number column), with its own message when none of the first rows is.
 */
export type HeaderRule = { isHeader: (texts: string[]) => boolean; missingMessage: string };
const HOUSEHOLD_HEADER: HeaderRule = {
  isHeader: (texts) => texts.includes(HEADER_MARK),
  missingMessage: `没有找到表头：前 ${HEADER_SEARCH_ROWS} 行中没有“${HEADER_MARK}”列。请使用导入模板，数据放在第一个（未隐藏的）工作表`,
};

export async function openSheet(file: Buffer, format: SheetFormat, limits: ImportLimits, header: HeaderRule = HOUSEHOLD_HEADER): Promise<SheetStream> {
  const { rows: raw, fraction } = format === "xlsx" ? xlsxRows(file, limits) : csvRows(file, limits);
  // Find the header row, then hand out data rows keyed by header.
  let headers: string[] | null = null;
  for (let i = 0; i < HEADER_SEARCH_ROWS; i++) {
    const next = await raw.next();
    if (next.done) break;
    const texts = next.value.values.map((v) => cellText(v).trim());
    if (header.isHeader(texts)) {
      headers = texts;
      break;
    }
  }
  if (!headers) {
    await raw.return(undefined);
    throw new AppError("IMPORT_COLUMNS_MISSING", { message: header.missingMessage });
  }
  const keys = headers;
  async function* rows(): AsyncGenerator<SheetRow> {
    for await (const { row, values } of raw) {
      const cells: Record<string, unknown> = {};
      let any = false;
      values.forEach((v, i) => {
        const header = keys[i];
        if (!header || v === null || v === undefined || v === "") return;
        cells[header] = v;
        any = true;
      });
      if (any) yield { row, cells };
    }
  }
  return { headers: keys, rows: rows(), fraction };
}

type RawRow = XlsxRawRow;

/**
 * The first `maxRows` rows of a file as text (for a preview of its columns): the same bounded reader, stopped
 * after those rows, so a huge file costs no more than its first rows.
 */
export async function readSheetHead(file: Buffer, format: SheetFormat, limits: ImportLimits, maxRows: number): Promise<{ row: number; texts: string[] }[]> {
  const { rows: raw } = format === "xlsx" ? xlsxRows(file, limits) : csvRows(file, limits);
  const out: { row: number; texts: string[] }[] = [];
  try {
    for (;;) {
      if (out.length >= maxRows) break;
      const next = await raw.next();
      if (next.done) break;
      out.push({ row: next.value.row, texts: next.value.values.map((v) => cellText(v).trim()) });
    }
  } finally {
    await raw.return(undefined);
  }
  return out;
}

export const SHEET_HEADER_SEARCH_ROWS = HEADER_SEARCH_ROWS;

/** The first visible worksheet's rows (xlsx-rows.ts); an unreadable file is reported as such. */
function xlsxRows(file: Buffer, limits: ImportLimits): { rows: AsyncGenerator<RawRow>; fraction: () => number } {
  let opened: ReturnType<typeof openXlsxRows>;
  try {
    opened = openXlsxRows(file, limits);
  } catch {
    return { rows: unreadable(), fraction: () => 0 };
  }
  async function* rows(): AsyncGenerator<RawRow> {
    try {
      yield* opened.rows;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError("IMPORT_FILE_UNREADABLE");
    }
  }
  return { rows: rows(), fraction: opened.fraction };
}

// eslint-disable-next-line require-yield
async function* unreadable(): AsyncGenerator<RawRow> {
  throw new AppError("IMPORT_FILE_UNREADABLE");
}

function csvRows(file: Buffer, limits: ImportLimits): { rows: AsyncGenerator<RawRow>; fraction: () => number } {
  const progress = { done: 0 };
  return { rows: csvRowsOf(file, progress, limits), fraction: () => (file.length ? progress.done / file.length : 1) };
}

/**
 * CSV records, bounded while parsing: csv-parse stops a record (line) longer than the row limit as it grows
 * (max_record_size), so a field is never longer than that either; fields over the cell limit, columns and rows are
 * counted per record.
 */
async function* csvRowsOf(file: Buffer, progress: { done: number }, limits: ImportLimits): AsyncGenerator<RawRow> {
  const encoding = detectCsvEncoding(file);
  const parser = chunked(file, progress)
    .pipe(iconv.decodeStream(encoding, { stripBOM: true }))
    .pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: limits.rowChars }));
  let row = 0;
  let dataRows = 0;
  try {
    for await (const values of parser as AsyncIterable<string[]>) {
      row++;
      if (values.length > limits.columns && values.slice(limits.columns).some((v) => v !== "")) throw limitExceeded(LIMIT_MESSAGES.columns(row, limits.columns));
      if (values.some((v) => v.length > limits.cellChars)) throw limitExceeded(LIMIT_MESSAGES.cell(row, limits.cellChars));
      if (values.some((v) => v !== "") && ++dataRows > limits.rows) throw limitExceeded(LIMIT_MESSAGES.rows(row, limits.rows));
      yield { row, values };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === "CSV_MAX_RECORD_SIZE") {
      // The parser is ahead of the rows handed out: its count of records says where it stopped.
      throw limitExceeded(LIMIT_MESSAGES.rowChars(((error as { records?: number }).records ?? row) + 1, limits.rowChars));
    }
    throw new AppError("IMPORT_FILE_UNREADABLE", { message: `第 ${row + 1} 行附近无法按 CSV 读取（${(error as Error).message.slice(0, 100)}），请检查引号和分隔符` });
  }
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

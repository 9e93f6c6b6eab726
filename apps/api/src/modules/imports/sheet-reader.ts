import { isUtf8 } from "node:buffer";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import ExcelJS, { type Cell, type Row } from "../../lib/exceljs.ts";
import iconv from "iconv-lite";
import JSZip from "jszip";
import { columnHeader } from "@fanpin/domain/import/household-sheet";
import { AppError } from "../../lib/app-error.ts";

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
export type SheetStream = { headers: string[]; rows: AsyncGenerator<SheetRow> };

const HEADER_MARK = columnHeader("householdNo");
const HEADER_SEARCH_ROWS = 10;

export function detectFormat(file: Buffer, fileName: string): SheetFormat {
  // An .xlsx is a zip archive; an old binary .xls starts with the OLE signature D0 CF 11 E0.
  if (file.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return "xlsx";
  if (file.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) throw new AppError("IMPORT_FILE_TYPE");
  if (/\.(csv|txt)$/i.test(fileName) && !file.subarray(0, 4096).includes(0)) return "csv";
  throw new AppError("IMPORT_FILE_TYPE");
}

/** CSV encodings: a BOM or valid UTF-8 means UTF-8; anything else is read as GB18030 (a superset of GBK/GB2312). */
export function detectCsvEncoding(file: Buffer): "utf8" | "gb18030" {
  if (file.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return "utf8";
  return isUtf8(file) ? "utf8" : "gb18030";
}

/**
 * How many rows the sheet has, for the progress bar: a quick pass before the
 * real reading (exceljs may first copy the whole sheet to a temporary file,
 * so bytes consumed say nothing about rows done). For .xlsx the first
 * worksheet is inflated as a stream and its <row> elements counted; for CSV,
 * line breaks (0x0A is never part of a multi-byte GB18030 character).
 */
export async function countRows(file: Buffer, format: SheetFormat): Promise<number> {
  if (format === "csv") {
    let n = 0;
    for (let i = file.indexOf(0x0a); i !== -1; i = file.indexOf(0x0a, i + 1)) n++;
    return n + (file.length && file[file.length - 1] !== 0x0a ? 1 : 0);
  }
  try {
    const zip = await JSZip.loadAsync(file);
    const sheet = Object.values(zip.files).find((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f.name));
    if (!sheet) return 0;
    let n = 0;
    let carry = "";
    const decoder = new TextDecoder();
    const count = (text: string, end: number) => {
      for (let i = text.indexOf("<row"); i !== -1 && i < end; i = text.indexOf("<row", i + 4)) {
        if (text[i + 4] === " " || text[i + 4] === ">") n++;
      }
    };
    // jszip hands out an old-style stream: wrapped, it can be iterated.
    const inflated = new Readable().wrap(sheet.nodeStream("nodebuffer") as unknown as NodeJS.ReadableStream);
    for await (const chunk of inflated as AsyncIterable<Buffer>) {
      const text = carry + decoder.decode(chunk, { stream: true });
      // Matches starting in the last 4 characters may be cut off: they are counted with the next chunk.
      count(text, text.length - 4);
      carry = text.slice(-4);
    }
    count(carry, carry.length);
    return n;
  } catch {
    return 0; // the real reading reports the unreadable file
  }
}

/** The file as a stream of chunks (the parsers take streams). */
function chunked(file: Buffer): Readable {
  const size = 64 * 1024;
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= file.length) return void this.push(null);
      const end = Math.min(offset + size, file.length);
      this.push(file.subarray(offset, end));
      offset = end;
    },
  });
}

export async function openSheet(file: Buffer, format: SheetFormat): Promise<SheetStream> {
  const raw = format === "xlsx" ? xlsxRows(file) : csvRows(file);
  // Find the header row, then hand out data rows keyed by header.
  let headers: string[] | null = null;
  for (let i = 0; i < HEADER_SEARCH_ROWS; i++) {
    const next = await raw.next();
    if (next.done) break;
    const texts = next.value.values.map((v) => cellText(v).trim());
    if (texts.includes(HEADER_MARK)) {
      headers = texts;
      break;
    }
  }
  if (!headers) {
    await raw.return(undefined);
    throw new AppError("IMPORT_COLUMNS_MISSING", {
      message: `没有找到表头：前 ${HEADER_SEARCH_ROWS} 行中没有“${HEADER_MARK}”列。请使用导入模板，数据放在第一个工作表`,
    });
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
  return { headers: keys, rows: rows() };
}

type RawRow = { row: number; values: unknown[] };

async function* xlsxRows(file: Buffer): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(chunked(file), {
    worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "emit",
  });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<Row>) {
        const values: unknown[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          values[col - 1] = xlsxValue(cell);
        });
        yield { row: row.number, values };
      }
      return; // the data sheet is the first one; others (instructions, option lists) are ignored
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("IMPORT_FILE_UNREADABLE");
  }
}

/** A cell's value as people see it; numbers and dates kept as such. Rich text (LibreOffice writes it for mixed scripts) becomes its text. */
function xlsxValue(cell: Cell): unknown {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object" && "result" in v) return (v as { result?: unknown }).result ?? null; // formula
  if (typeof v === "object" && "error" in v) return null;
  return cell.text;
}

async function* csvRows(file: Buffer): AsyncGenerator<RawRow> {
  const encoding = detectCsvEncoding(file);
  const parser = chunked(file)
    .pipe(iconv.decodeStream(encoding, { stripBOM: true }))
    .pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
  let row = 0;
  try {
    for await (const values of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, values };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("IMPORT_FILE_UNREADABLE", { message: `第 ${row + 1} 行附近无法按 CSV 读取（${(error as Error).message.slice(0, 100)}），请检查引号和分隔符` });
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

import { PassThrough, type Writable } from "node:stream";
import { writeSheets, type SheetLayout } from "./xlsx-writer.ts";
import type { Borders, PageSetup, Style } from "exceljs";
import type { FastifyReply } from "fastify";

/**
 * Writing .xlsx files the way offices expect them: Chinese headers in a bold,
 * frozen first row, sensible column widths, and text columns (ID numbers,
 * codes, household numbers) stored as text so that no spreadsheet program
 * turns them into numbers. Rows are streamed (exceljs WorkbookWriter), so a
 * district's whole list never sits in memory as a workbook.
 */
export type XlsxColumn = { header: string; width: number; text?: boolean };
export type XlsxCell = string | number | Date | null | undefined;
export type XlsxSheet = {
  name: string;
  columns: readonly XlsxColumn[];
  rows: Iterable<XlsxCell[]> | AsyncIterable<XlsxCell[]>;
  /** Optional lines above the header (a title, "截至 2026-11-15"); the header row stays frozen under them. */
  titleLines?: string[];
};

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A thin black line on all four sides: a printed table with its grid, as offices file them. */
export const THIN_BORDER = {
  top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" },
} as const satisfies Partial<Borders>;

/**
 * How every list prints (Excel and LibreOffice read it from the file): A4
 * (paperSize 9) landscape, all columns scaled onto the page width and as many
 * pages down as the rows need, the header row repeated on every page, margins
 * in inches (~1.3 cm sides, ~1.5 cm top and bottom), page numbers in the footer.
 */
export function printSetup(headerRow: number): Partial<PageSetup> {
  return {
    paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${headerRow}:${headerRow}`,
  };
}
export const PRINT_FOOTER = { oddFooter: "&C第 &P 页，共 &N 页" };

/**
 * The header row's look and the data cells' styles, one shared object per
 * column (exceljs caches a style id per object, so streaming a million rows
 * adds no style work or memory per row).
 */
export function tableStyles(columns: readonly XlsxColumn[]) {
  const header: Partial<Style> = {
    font: { bold: true }, alignment: { vertical: "middle", horizontal: "center", wrapText: true }, border: THIN_BORDER,
    fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF7" } },
  };
  const cells = columns.map((c): Partial<Style> => ({ ...(c.text ? { numFmt: "@" } : {}), alignment: { vertical: "middle", wrapText: true }, border: THIN_BORDER }));
  const date: Partial<Style> = { numFmt: "yyyy-mm-dd", alignment: { vertical: "middle" }, border: THIN_BORDER };
  return { header, cells, date };
}

/** Every sheet's page layout: printSetup and PRINT_FOOTER as the writer puts them in the file. */
const LAYOUT: SheetLayout = {
  paperSize: 9, landscape: true, horizontalCentered: true,
  margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }, oddFooter: PRINT_FOOTER.oddFooter,
};

/**
 * Writes the workbook into `stream` row by row as the rows come, and ends it.
 * The writer is our own (lib/xlsx-writer.ts, decision 011): exceljs's made a
 * city's ledger and a district's export wait for it.
 */
export async function writeXlsx(stream: Writable, sheets: XlsxSheet[]): Promise<{ rowCount: number }> {
  const result = await writeSheets(stream, sheets, LAYOUT, "防返贫动态监测帮扶系统");
  stream.end();
  return result;
}

/** The whole file in memory: for stored report snapshots and the rejected-rows file. */
export async function xlsxBuffer(sheets: XlsxSheet[]): Promise<{ buffer: Buffer; rowCount: number }> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  const { rowCount } = await writeXlsx(sink, sheets);
  return { buffer: Buffer.concat(chunks), rowCount };
}

/** Content-Disposition with the Chinese file name (RFC 6266/5987) and an ASCII fallback. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Streams a workbook as the response. */
export function sendXlsx(reply: FastifyReply, fileName: string, sheets: XlsxSheet[]) {
  const stream = new PassThrough();
  writeXlsx(stream, sheets).catch((error: unknown) => stream.destroy(error as Error));
  return reply.header("content-type", XLSX_CONTENT_TYPE).header("content-disposition", attachment(fileName)).send(stream);
}

/**
 * A workbook written row by row as rows come (push style), kept compressed
 * in memory until `finish`: for files produced along the way, such as an
 * import's rejected rows.
 */
export function createXlsxCollector(sheet: Omit<XlsxSheet, "rows">) {
  const rows: XlsxCell[][] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  async function* pull(): AsyncGenerator<XlsxCell[]> {
    for (;;) {
      // Take everything waiting at once (shifting one by one would be quadratic in a long queue).
      while (rows.length) yield* rows.splice(0);
      if (closed) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  const done = xlsxBuffer([{ ...sheet, rows: pull() }]);
  return {
    addRow(values: XlsxCell[]) {
      rows.push(values);
      wake?.();
    },
    async finish(): Promise<{ buffer: Buffer; rowCount: number }> {
      closed = true;
      wake?.();
      return done;
    },
  };
}

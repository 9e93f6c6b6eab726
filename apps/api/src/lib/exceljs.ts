import { createRequire, Module } from "node:module";
import { PassThrough } from "node:stream";

/**
 * exceljs, with one fix: its XML reader decodes every chunk of a stream on
 * its own (lib/utils/parse-sax.js), so a Chinese character whose three UTF-8
 * bytes straddle two chunks turns into "��" — in real files, a few names in
 * every thousand rows. The replacement below decodes with one streaming
 * TextDecoder per parse. It must be in place before exceljs is first loaded,
 * so every module imports exceljs from here (the API's vitest set-up loads
 * this file first too).
 */
const require = createRequire(import.meta.url);
const fromExceljs = createRequire(require.resolve("exceljs/package.json"));
const saxPath = fromExceljs.resolve("./lib/utils/parse-sax.js");
const { SaxesParser } = fromExceljs("saxes") as { SaxesParser: new () => SaxParser };

type SaxParser = { on(event: string, listener: (value: unknown) => void): void; write(text: string): void; close(): void };
type SaxEvent = { eventType: string; value: unknown };

async function* parseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  let source: AsyncIterable<Buffer | string> = iterable;
  if (typeof iterable.pipe === "function" && !(Symbol.asyncIterator in iterable)) {
    source = (iterable as unknown as NodeJS.ReadableStream).pipe(new PassThrough());
  }
  const parser = new SaxesParser();
  let error: unknown;
  let events: SaxEvent[] = [];
  parser.on("error", (err) => (error = err));
  for (const eventType of ["opentag", "text", "closetag"]) parser.on(eventType, (value) => events.push({ eventType, value }));
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of source) {
    parser.write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

const FIXED = Symbol.for("fanpin.exceljs.parseSax");
(parseSax as unknown as Record<symbol, boolean>)[FIXED] = true;
if (!fromExceljs.cache[saxPath]) {
  const fixed = new Module(saxPath);
  fixed.filename = saxPath;
  fixed.loaded = true;
  fixed.exports = parseSax;
  fromExceljs.cache[saxPath] = fixed;
} else if (!(fromExceljs.cache[saxPath]!.exports as Record<symbol, boolean>)[FIXED]) {
  throw new Error("exceljs was loaded before apps/api/src/lib/exceljs.ts: import exceljs from there, first");
}

const ExcelJS = fromExceljs("exceljs") as typeof import("exceljs");
export default ExcelJS;

/**
 * exceljs's rules for number cells (a number format with date parts makes the
 * number a date, and how a serial number becomes one), for the import's own
 * sheet reader (modules/imports/xlsx-rows.ts), so that it reads dates as the
 * rest of the system's exceljs does.
 */
export const exceljsStyles = {
  isDateFmt: (fromExceljs("./lib/utils/utils.js") as { isDateFmt(fmt: string | undefined): boolean }).isDateFmt,
  excelToDate: (fromExceljs("./lib/utils/utils.js") as { excelToDate(v: number, date1904: boolean): Date }).excelToDate,
};
export type { Cell, Row, DataValidation } from "exceljs";

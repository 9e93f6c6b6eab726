import { Readable } from "node:stream";
import { createInflateRaw, inflateRawSync } from "node:zlib";
import { exceljsStyles, type ExcelStyles } from "../../lib/exceljs.ts";

/**
 * The rows of an .xlsx file's first worksheet, read as a stream straight from
 * the file in memory: the zip's central directory gives where each part is,
 * the sheet is inflated with zlib piece by piece and its rows cut out of the
 * XML text as they come. Cell values follow exceljs's streaming reader
 * (shared and inline strings, rich text as its text, numbers, booleans,
 * formula results, numbers in a date format as dates, errors as null), except
 * where it was wrong: ISO date cells (t="d", which it read as a number) are
 * calendar dates, and text is unescaped once. It avoids exceljs's detours: it copies a sheet that comes before
 * the shared strings in the zip (every file exceljs writes, and Excel's) to a
 * temporary file and back, and builds a generic XML event, a Row and a Cell
 * object per cell. For a 100,000-household file (a 377 MB sheet) that was
 * 31 s of the import's time; this reads it in a few seconds.
 *
 * `fraction()` is how much of the sheet has been read (compressed bytes
 * consumed), for the progress bar: no counting pass is needed.
 */
export type XlsxRawRow = { row: number; values: unknown[] };
class XlsxUnreadable extends Error {}

type ZipEntry = { name: string; method: number; compressedSize: number; localHeader: number };

const INFLATE_CHUNK = 256 * 1024;
const FEED_CHUNK = 64 * 1024;

export function openXlsxRows(file: Buffer): { rows: AsyncGenerator<XlsxRawRow>; fraction: () => number } {
  const entries = zipEntries(file);
  const sheet = firstWorksheet(file, entries);
  const progress = { done: 0, total: sheet.compressedSize || 1 };
  async function* rows(): AsyncGenerator<XlsxRawRow> {
    const workbook = entries.get("xl/workbook.xml");
    const date1904 = workbook ? /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(await entryText(file, workbook)) : false;
    const styles = await readStyles(file, entries.get("xl/styles.xml"));
    const shared = await readSharedStrings(file, entries.get("xl/sharedStrings.xml"));
    const cells = new CellReader(styles, shared, date1904);
    yield* cells.rows(entryChunks(file, sheet, progress));
  }
  return { rows: rows(), fraction: () => Math.min(1, progress.done / progress.total) };
}

// ------------------------------------------------------------------ zip

function zipEntries(file: Buffer): Map<string, ZipEntry> {
  const eocd = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > file.length) throw new XlsxUnreadable("no zip directory");
  let count = file.readUInt16LE(eocd + 10);
  let offset = file.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || count === 0xffff) {
    // ZIP64: the locator sits just before the end record.
    const locator = eocd - 20;
    if (locator < 0 || file.readUInt32LE(locator) !== 0x07064b50) throw new XlsxUnreadable("bad zip64 locator");
    const record = Number(file.readBigUInt64LE(locator + 8));
    if (file.readUInt32LE(record) !== 0x06064b50) throw new XlsxUnreadable("bad zip64 record");
    count = Number(file.readBigUInt64LE(record + 32));
    offset = Number(file.readBigUInt64LE(record + 48));
  }
  const entries = new Map<string, ZipEntry>();
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > file.length || file.readUInt32LE(p) !== 0x02014b50) throw new XlsxUnreadable("bad zip directory entry");
    const flags = file.readUInt16LE(p + 8);
    const method = file.readUInt16LE(p + 10);
    let compressedSize = file.readUInt32LE(p + 20);
    const uncompressedSize = file.readUInt32LE(p + 24);
    const nameLength = file.readUInt16LE(p + 28);
    const extraLength = file.readUInt16LE(p + 30);
    const commentLength = file.readUInt16LE(p + 32);
    let localHeader = file.readUInt32LE(p + 42);
    const name = file.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLength);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeader === 0xffffffff) {
      // ZIP64 extra field: the 64-bit values, in this order, of those that are 0xFFFFFFFF.
      for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength;) {
        const id = file.readUInt16LE(x);
        const size = file.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let v = x + 4;
          if (uncompressedSize === 0xffffffff) v += 8;
          if (compressedSize === 0xffffffff) (compressedSize = Number(file.readBigUInt64LE(v))), (v += 8);
          if (localHeader === 0xffffffff) localHeader = Number(file.readBigUInt64LE(v));
        }
        x += 4 + size;
      }
    }
    if (flags & 0x1) throw new XlsxUnreadable("encrypted zip entry");
    entries.set(name, { name, method, compressedSize, localHeader });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryData(file: Buffer, entry: ZipEntry): Buffer {
  const h = entry.localHeader;
  if (h + 30 > file.length || file.readUInt32LE(h) !== 0x04034b50) throw new XlsxUnreadable("bad local header");
  const start = h + 30 + file.readUInt16LE(h + 26) + file.readUInt16LE(h + 28);
  if (start + entry.compressedSize > file.length) throw new XlsxUnreadable("truncated zip entry");
  return file.subarray(start, start + entry.compressedSize);
}

/** An entry's text, decoded as UTF-8, in pieces of about 256 KB (characters are never split between pieces). */
async function* entryChunks(file: Buffer, entry: ZipEntry, progress?: { done: number }): AsyncGenerator<string> {
  const data = entryData(file, entry);
  const decoder = new TextDecoder("utf-8");
  if (entry.method === 0) {
    for (let at = 0; at < data.length; at += INFLATE_CHUNK) {
      const piece = data.subarray(at, at + INFLATE_CHUNK);
      if (progress) progress.done = at + piece.length;
      yield decoder.decode(piece, { stream: true });
    }
  } else if (entry.method === 8) {
    const feed = Readable.from((function* () {
      for (let at = 0; at < data.length; at += FEED_CHUNK) {
        if (progress) progress.done = at;
        yield data.subarray(at, at + FEED_CHUNK);
      }
      if (progress) progress.done = data.length;
    })());
    const inflater = feed.pipe(createInflateRaw({ chunkSize: INFLATE_CHUNK }));
    feed.on("error", (error) => inflater.destroy(error));
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new XlsxUnreadable("bad deflate data");
    }
  } else {
    throw new XlsxUnreadable(`zip method ${entry.method}`);
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

async function entryText(file: Buffer, entry: ZipEntry): Promise<string> {
  let text = "";
  for await (const piece of entryChunks(file, entry)) text += piece;
  return text;
}

/** The workbook's first sheet (workbook.xml's order, through its relationships), else the first sheetN.xml in the zip, as exceljs takes it. */
function firstWorksheet(file: Buffer, entries: Map<string, ZipEntry>): ZipEntry {
  const fallback = [...entries.values()].find((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  try {
    const workbook = entries.get("xl/workbook.xml");
    const rels = entries.get("xl/_rels/workbook.xml.rels");
    if (workbook && rels) {
      const wb = inflateSmall(file, workbook);
      const sheetTag = /<(?:\w+:)?sheet\b[^>]*>/.exec(wb)?.[0];
      const rid = sheetTag && /\br:id\s*=\s*["']([^"']+)["']/.exec(sheetTag)?.[1];
      if (rid) {
        for (const rel of inflateSmall(file, rels).match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
          if (attribute(rel, "Id") !== rid) continue;
          const target = decodeText(attribute(rel, "Target") ?? "");
          const path = target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
          const entry = entries.get(path);
          if (entry) return entry;
        }
      }
    }
  } catch {
    // fall back to the zip's order
  }
  if (!fallback) throw new XlsxUnreadable("no worksheet");
  return fallback;
}

function inflateSmall(file: Buffer, entry: ZipEntry): string {
  const data = entryData(file, entry);
  if (entry.method === 0) return data.toString("utf8");
  if (entry.method !== 8) throw new XlsxUnreadable(`zip method ${entry.method}`);
  return inflateRawSync(data).toString("utf8");
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[1] ?? m[2]) : undefined;
}

// ------------------------------------------------------------------ parts

async function readStyles(file: Buffer, entry: ZipEntry | undefined): Promise<ExcelStyles> {
  const styles = exceljsStyles.create();
  if (entry) await styles.parseStream(entryChunks(file, entry));
  else styles.init();
  return styles;
}

/** Shared strings: plain or rich text (its runs joined), phonetic guides left out. */
async function readSharedStrings(file: Buffer, entry: ZipEntry | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let carry = "";
  const take = (text: string, final: boolean) => {
    let i = 0;
    for (;;) {
      const start = findTag(text, "si", i);
      if (start === -1) return text.length;
      const open = text.indexOf(">", start);
      if (open === -1) return start;
      if (text.charCodeAt(open - 1) === 47 /* / */) {
        strings.push("");
        i = open + 1;
        continue;
      }
      const end = findClose(text, "si", open + 1);
      if (end === -1) return final ? text.length : start;
      strings.push(runText(text.slice(open + 1, end)));
      i = end + 5;
    }
  };
  for await (const piece of entryChunks(file, entry)) {
    const text = carry + piece;
    carry = text.slice(take(text, false));
  }
  take(carry, true);
  return strings;
}

// ------------------------------------------------------------------ sheet XML

class CellReader {
  private dateStyle = new Map<number, boolean | null>();

  constructor(private styles: ExcelStyles, private shared: string[], private date1904: boolean) {}

  async *rows(chunks: AsyncIterable<string>): AsyncGenerator<XlsxRawRow> {
    let carry = "";
    let lastRow = 0;
    for await (const piece of chunks) {
      const text = carry + piece;
      // Whole rows only: what follows the last complete row waits for the next piece.
      let end = text.lastIndexOf("</row>");
      end = end === -1 ? 0 : end + 6;
      const out: XlsxRawRow[] = [];
      lastRow = this.scan(text, 0, end, lastRow, out);
      carry = text.slice(end);
      yield* out;
    }
    const out: XlsxRawRow[] = [];
    this.scan(carry, 0, carry.length, lastRow, out);
    yield* out;
  }

  /** Rows in text[from, to); returns the last row number seen. */
  private scan(text: string, from: number, to: number, lastRow: number, out: XlsxRawRow[]): number {
    let i = from;
    for (;;) {
      const start = findTag(text, "row", i);
      if (start === -1 || start >= to) return lastRow;
      const open = text.indexOf(">", start);
      if (open === -1 || open >= to) return lastRow;
      const attrs = parseAttributes(text, start + 4, open);
      const rowNumber = attrs.r ? parseInt(attrs.r, 10) : lastRow + 1;
      lastRow = rowNumber;
      const rowDate = attrs.s ? this.isDateStyle(parseInt(attrs.s, 10)) : false;
      if (text.charCodeAt(open - 1) === 47 /* / */) {
        out.push({ row: rowNumber, values: [] });
        i = open + 1;
        continue;
      }
      const close = text.indexOf("</row>", open);
      if (close === -1) throw new XlsxUnreadable("unterminated row");
      out.push({ row: rowNumber, values: this.cells(text, open + 1, close, rowDate === true) });
      i = close + 6;
    }
  }

  private cells(text: string, from: number, to: number, rowDate: boolean): unknown[] {
    const values: unknown[] = [];
    let col = 0;
    let i = from;
    for (;;) {
      const start = findTag(text, "c", i);
      if (start === -1 || start >= to) return values;
      const open = text.indexOf(">", start);
      const attrs = parseAttributes(text, start + 2, open);
      col = attrs.r ? columnOf(attrs.r) : col + 1;
      if (text.charCodeAt(open - 1) === 47 /* / */) {
        i = open + 1;
        continue;
      }
      const close = text.indexOf("</c>", open);
      if (close === -1 || close > to) throw new XlsxUnreadable("unterminated cell");
      i = close + 4;
      const value = this.cellValue(text, open + 1, close, attrs, rowDate);
      if (value !== undefined) values[col - 1] = value;
    }
  }

  /** A cell's value as exceljs's reader gives it, then as sheet-reader's xlsx reading turned it into what people see. */
  private cellValue(text: string, from: number, to: number, attrs: Attributes, rowDate: boolean): unknown {
    // Children in order: <f> (formula), <v> (value or cached result), <is> (inline string); anything else is skipped.
    let v: string | undefined;
    let inline: string | undefined;
    let formula = false;
    for (let p = from; p < to;) {
      const lt = text.indexOf("<", p);
      if (lt === -1 || lt >= to) break;
      let q = lt + 1;
      while (q < to && !isNameEnd(text.charCodeAt(q))) q++;
      const name = text.slice(lt + 1, q);
      const gt = text.indexOf(">", q);
      if (gt === -1 || gt >= to) throw new XlsxUnreadable("bad cell");
      if (text.charCodeAt(gt - 1) === 47 /* / */) {
        if (name === "f") formula = true;
        else if (name === "v") v = "";
        else if (name === "is") inline = "";
        p = gt + 1;
        continue;
      }
      const close = text.indexOf(`</${name}>`, gt + 1);
      if (close === -1 || close > to) throw new XlsxUnreadable(`unterminated <${name}>`);
      if (name === "f") formula = true;
      else if (name === "v") v = decodeText(text.slice(gt + 1, close));
      else if (name === "is") inline = runText(text.slice(gt + 1, close));
      p = close + name.length + 3;
    }
    const t = attrs.t;
    if (formula) {
      // Its cached result (text for t="str", none for an error, else a number); nothing when none was saved.
      // As in exceljs, a result of 0 or "" counts as none (the cell reads as empty).
      if (v === undefined || t === "e") return undefined;
      const result = t === "str" ? v : parseFloat(v);
      return result || undefined;
    }
    if (t === "inlineStr" && inline !== undefined) return inline;
    if (v === undefined) return undefined;
    switch (t) {
      case "s":
        return this.shared[parseInt(v, 10)];
      case "str":
      case "inlineStr":
        return v;
      case "e":
        return null;
      case "b":
        return parseInt(v, 10) !== 0;
      case "d": {
        // ISO 8601; without a zone it is a calendar date, read as UTC like every other date here.
        const d = new Date(/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(v) || v.length === 10 ? v : `${v}Z`);
        return Number.isNaN(d.getTime()) ? v : d;
      }
      default: {
        const n = parseFloat(v);
        const s = attrs.s ? parseInt(attrs.s, 10) : 0;
        const styleDate = s ? this.isDateStyle(s) : null;
        return (styleDate ?? rowDate) ? exceljsStyles.excelToDate(n, this.date1904) : n;
      }
    }
  }

  /** Whether style s has a date format; null when there is no such style (then the row's style counts, as in exceljs). */
  private isDateStyle(s: number): boolean | null {
    let known = this.dateStyle.get(s);
    if (known === undefined) {
      const model = this.styles.getStyleModel(s);
      known = model ? exceljsStyles.isDateFmt(model.numFmt ?? "") : null;
      this.dateStyle.set(s, known);
    }
    return known;
  }
}

type Attributes = { r?: string; s?: string; t?: string };

/** The r, s and t attributes of the tag whose attributes are text[from, to). */
function parseAttributes(text: string, from: number, to: number): Attributes {
  const attrs: Attributes = {};
  let i = from;
  while (i < to) {
    const eq = text.indexOf("=", i);
    if (eq === -1 || eq >= to) break;
    let q = eq + 1;
    while (q < to && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9 || text.charCodeAt(q) === 10 || text.charCodeAt(q) === 13)) q++;
    const quote = text[q];
    if (quote !== '"' && quote !== "'") break;
    const endQuote = text.indexOf(quote, q + 1);
    if (endQuote === -1 || endQuote >= to) break;
    const name = text.slice(i, eq).trim();
    if (name === "r" || name === "s" || name === "t") attrs[name] = text.slice(q + 1, endQuote);
    i = endQuote + 1;
  }
  return attrs;
}

/** "AB12" → 28. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return col;
}

/** Start of the next <name …> or <name/> tag (not <nameX…>) at or after `from`, or -1. */
function findTag(text: string, name: string, from: number): number {
  for (let i = text.indexOf(`<${name}`, from); i !== -1; i = text.indexOf(`<${name}`, i + 1)) {
    const c = text.charCodeAt(i + 1 + name.length);
    if (c === 62 /* > */ || c === 47 /* / */ || c === 32 || c === 9 || c === 10 || c === 13) return i;
    if (Number.isNaN(c)) return i; // cut off at the end of the text: the caller waits for more
  }
  return -1;
}

function findClose(text: string, name: string, from: number): number {
  return text.indexOf(`</${name}>`, from);
}

/** The text of a string item (<si> or <is> content): its <t> elements, direct or in runs, joined; phonetic guides (<rPh>) left out. */
function runText(item: string): string {
  const text = item.includes("<rPh") ? item.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "") : item;
  let out = "";
  for (let i = 0; ;) {
    const t = findTag(text, "t", i);
    if (t === -1) return out;
    const open = text.indexOf(">", t);
    if (open === -1) throw new XlsxUnreadable("bad <t>");
    if (text.charCodeAt(open - 1) === 47) {
      i = open + 1;
      continue;
    }
    const close = findClose(text, "t", open + 1);
    if (close === -1) throw new XlsxUnreadable("unterminated <t>");
    out += decodeText(text.slice(open + 1, close));
    i = close + 4;
  }
}

function isNameEnd(c: number): boolean {
  return c === 62 /* > */ || c === 47 /* / */ || c === 32 || c === 9 || c === 10 || c === 13;
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML character data as a parser gives it: line ends normalised, CDATA unwrapped, entities and character references decoded. */
function decodeText(raw: string): string {
  let s = raw;
  if (s.includes("\r")) s = s.replace(/\r\n?/g, "\n");
  if (s.includes("<![CDATA[")) {
    return s.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/).map((part) => (part.startsWith("<![CDATA[") ? part.slice(9, -3) : decodeEntities(part))).join("");
  }
  return decodeEntities(s);
}

function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, named: string | undefined) =>
    named ? NAMED[named]! : String.fromCodePoint(parseInt(hex ?? dec!, hex ? 16 : 10)));
}

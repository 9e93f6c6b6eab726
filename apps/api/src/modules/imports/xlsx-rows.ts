import { Readable } from "node:stream";
import { createInflateRaw } from "node:zlib";
import { UnreadableCell } from "@fanpin/domain/import/unreadable-cell";
import type { ImportLimits } from "../../config.ts";
import { exceljsStyles } from "../../lib/exceljs.ts";
import { limitExceeded, LIMIT_MESSAGES } from "./import-limits.ts";

/**
 * The rows of an .xlsx file's first visible worksheet, read as a stream
 * straight from the file in memory: the zip's central directory gives where
 * each part is, the sheet is inflated with zlib piece by piece and its rows
 * cut out of the XML text as they come. Cell values: shared and inline
 * strings (rich text as its text), numbers, booleans, formula results,
 * numbers in a date format as dates (Excel's and WPS's built-in Chinese date
 * formats included), ISO date cells (t="d") as calendar dates; a formula
 * without a trustworthy saved result and an error value are UnreadableCell,
 * reported by the import, never read as empty or 0. Element names may carry
 * a namespace prefix (<x:row>, as the OpenXML SDK writes).
 *
 * Every read is bounded before memory is spent (config.ts ImportLimits):
 * inflated bytes are counted per part and per file while inflating (the zip
 * headers' sizes are not trusted), a shared string, cell or row longer than
 * its limit stops the read as soon as that much text has come, and columns
 * and rows are counted as they are cut. Shared strings are kept as UTF-8 in
 * one buffer outside the JS heap.
 *
 * `fraction()` is how much of the sheet has been read (compressed bytes
 * consumed), for the progress bar: no counting pass is needed.
 */
export type XlsxRawRow = { row: number; values: unknown[] };
class XlsxUnreadable extends Error {}

type ZipEntry = { name: string; method: number; compressedSize: number; localHeader: number };

const INFLATE_CHUNK = 256 * 1024;
const FEED_CHUNK = 64 * 1024;
/** An .xlsx has a few dozen parts; a directory of thousands is not a spreadsheet (and would cost memory to list). */
const MAX_ZIP_ENTRIES = 10_000;
/** The parts read whole besides the shared strings (workbook, its relationships, styles): a few KB in real files. */
const INDEX_PART_BYTES = 8 * 1024 * 1024;
/** Structural bounds of the styles part (Excel allows 64,000 cell formats and a few hundred number formats). */
const MAX_CELL_FORMATS = 256_000;

/** Built-in number formats that are dates or times: Excel's, and those of Chinese Excel and WPS (27–36, 50–58, e.g. yyyy"年"m"月"d"日"). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function openXlsxRows(file: Buffer, limits: ImportLimits): { rows: AsyncGenerator<XlsxRawRow>; fraction: () => number } {
  const zip = new XlsxZip(file, limits);
  const progress = { done: 0, total: 1 };
  async function* rows(): AsyncGenerator<XlsxRawRow> {
    const workbook = await zip.readWorkbook();
    progress.total = workbook.sheet.compressedSize || 1;
    const styles = await zip.readStyles();
    const shared = await zip.readSharedStrings();
    const cells = new CellReader(styles, shared, workbook, limits, zip);
    yield* cells.rows(zip.chunks(workbook.sheet, limits.entryBytes, progress));
  }
  return { rows: rows(), fraction: () => Math.min(1, progress.done / progress.total) };
}

/** The names of a zip's parts, or null when the file is not a readable zip (for the upload's type check). */
export function zipPartNames(file: Buffer): string[] | null {
  try {
    return [...zipEntries(file).keys()];
  } catch {
    return null;
  }
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
    if (record + 56 > file.length || file.readUInt32LE(record) !== 0x06064b50) throw new XlsxUnreadable("bad zip64 record");
    count = Number(file.readBigUInt64LE(record + 32));
    offset = Number(file.readBigUInt64LE(record + 48));
  }
  if (count > MAX_ZIP_ENTRIES) throw new XlsxUnreadable("too many zip entries");
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
    if (p + 46 + nameLength + extraLength > file.length) throw new XlsxUnreadable("bad zip directory entry");
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

type Workbook = { sheet: ZipEntry; date1904: boolean; recalculate: boolean };
type Styles = { xfFormats: number[]; dateFormats: Set<number> };

/** One .xlsx being read: its parts, and the uncompressed bytes inflated so far (bounded per part and per file). */
class XlsxZip {
  private entries: Map<string, ZipEntry>;
  private inflated = 0;
  /** The sheet row last read, for the messages of the size limits. */
  lastRow = 0;

  constructor(private file: Buffer, private limits: ImportLimits) {
    this.entries = zipEntries(file);
  }

  /** A part's text, decoded as UTF-8, in pieces of about 256 KB (characters are never split between pieces). */
  async *chunks(entry: ZipEntry, maxBytes: number, progress?: { done: number }): AsyncGenerator<string> {
    const data = entryData(this.file, entry);
    const decoder = new TextDecoder("utf-8");
    let bytes = 0;
    const count = (n: number) => {
      // Counted as the bytes come out of zlib: the zip headers' sizes may lie.
      bytes += n;
      this.inflated += n;
      if (bytes > maxBytes) throw limitExceeded(LIMIT_MESSAGES.part(entry.name, maxBytes, this.lastRow));
      if (this.inflated > this.limits.fileBytes) throw limitExceeded(LIMIT_MESSAGES.file(this.limits.fileBytes, this.lastRow));
    };
    if (entry.method === 0) {
      for (let at = 0; at < data.length; at += INFLATE_CHUNK) {
        const piece = data.subarray(at, at + INFLATE_CHUNK);
        count(piece.length);
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
      const iterator = (inflater as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      try {
        for (;;) {
          let next: IteratorResult<Buffer>;
          try {
            next = await iterator.next();
          } catch {
            throw new XlsxUnreadable("bad deflate data");
          }
          if (next.done) break;
          count(next.value.length);
          yield decoder.decode(next.value, { stream: true });
        }
      } finally {
        inflater.destroy();
        feed.destroy();
      }
    } else {
      throw new XlsxUnreadable(`zip method ${entry.method}`);
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  private async text(entry: ZipEntry): Promise<string> {
    let text = "";
    for await (const piece of this.chunks(entry, Math.min(INDEX_PART_BYTES, this.limits.entryBytes))) text += piece;
    return text;
  }

  /**
   * The data sheet: the first visible worksheet in the workbook's tab order (workbook.xml, through its relationships;
   * a hidden first sheet is often a leftover or a code list), else the first sheetN.xml in the zip.
   */
  async readWorkbook(): Promise<Workbook> {
    const workbook = this.entries.get("xl/workbook.xml");
    const rels = this.entries.get("xl/_rels/workbook.xml.rels");
    if (!workbook || !rels) {
      const fallback = [...this.entries.values()].find((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
      if (!fallback) throw new XlsxUnreadable("no worksheet");
      return { sheet: fallback, date1904: false, recalculate: false };
    }
    const wb = await this.text(workbook);
    const targets = new Map<string, string>();
    for (const rel of (await this.text(rels)).match(/<(?:[\w.-]+:)?Relationship\b[^>]{0,4096}>/g) ?? []) {
      const id = attribute(rel, "Id");
      // Worksheets only: a chart sheet may come first in the tabs.
      if (id && /\/worksheet$/.test(attribute(rel, "Type") ?? "")) targets.set(id, decodeText(attribute(rel, "Target") ?? ""));
    }
    let sheet: ZipEntry | undefined;
    for (const tag of wb.match(/<(?:[\w.-]+:)?sheet\b[^>]{0,4096}>/g) ?? []) {
      if (/^(hidden|veryHidden)$/.test(attribute(tag, "state") ?? "")) continue;
      const rid = /\s[\w.-]+:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag);
      const target = rid && targets.get(rid[1] ?? rid[2]!);
      if (!target) continue;
      sheet = this.entries.get(target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`);
      if (sheet) break;
    }
    if (!sheet) throw new XlsxUnreadable("no visible worksheet");
    return {
      sheet,
      date1904: /<(?:[\w.-]+:)?workbookPr\b[^>]{0,4096}?\bdate1904\s*=\s*["'](?:1|true)["']/.test(wb),
      // Set by writers that cannot calculate (xlsxwriter, openpyxl): the saved formula results are placeholders.
      recalculate: /<(?:[\w.-]+:)?calcPr\b[^>]{0,4096}?\bfullCalcOnLoad\s*=\s*["'](?:1|true)["']/.test(wb),
    };
  }

  /** The number format of each cell format (cellXfs) and which number formats are dates. */
  async readStyles(): Promise<Styles> {
    const styles: Styles = { xfFormats: [], dateFormats: new Set(BUILT_IN_DATE_FORMATS) };
    const entry = this.entries.get("xl/styles.xml");
    if (!entry) return styles;
    const xml = await this.text(entry);
    for (const tag of xml.match(/<(?:[\w.-]+:)?numFmt\b[^>]{0,4096}>/g) ?? []) {
      const id = Number(attribute(tag, "numFmtId"));
      if (!Number.isInteger(id)) continue;
      // A custom format replaces the built-in one of its id.
      if (exceljsStyles.isDateFmt(decodeText(attribute(tag, "formatCode") ?? ""))) styles.dateFormats.add(id);
      else styles.dateFormats.delete(id);
    }
    const xfs = /<((?:[\w.-]+:)?)cellXfs\b[^>]{0,4096}>([\s\S]*?)<\/\1cellXfs>/.exec(xml)?.[2] ?? "";
    for (const tag of xfs.match(/<(?:[\w.-]+:)?xf\b[^>]{0,4096}>/g) ?? []) {
      if (styles.xfFormats.length >= MAX_CELL_FORMATS) throw new XlsxUnreadable("too many cell formats");
      styles.xfFormats.push(Number(attribute(tag, "numFmtId") ?? 0) || 0);
    }
    return styles;
  }

  /** Shared strings: plain or rich text (its runs joined), phonetic guides left out; one over the cell limit stops the read. */
  async readSharedStrings(): Promise<SharedStrings> {
    const strings = new SharedStrings();
    const entry = this.entries.get("xl/sharedStrings.xml");
    if (!entry) return strings;
    const max = this.limits.cellChars;
    // An item's XML may be longer than its text (markup of rich text runs, &#x…; references), but not without bound.
    const maxItemXml = max * 8 + 65_536;
    let prefix: string | null = null;
    let carry = "";
    const take = (text: string, final: boolean): number => {
      let i = 0;
      for (;;) {
        const start = findTag(text, `${prefix}si`, i);
        if (start === -1) return Math.max(i, text.length - 16); // keep what may be the start of a cut-off tag
        const open = text.indexOf(">", start);
        if (open === -1) return start;
        if (text.charCodeAt(open - 1) === 47 /* / */) {
          strings.add("");
          i = open + 1;
          continue;
        }
        const end = text.indexOf(`</${prefix}si>`, open + 1);
        if (end === -1) {
          if (text.length - start > maxItemXml) throw limitExceeded(LIMIT_MESSAGES.sharedString(strings.count + 1, max));
          if (final) throw new XlsxUnreadable("unterminated <si>");
          return start;
        }
        const value = runText(text.slice(open + 1, end), prefix!);
        if (value.length > max) throw limitExceeded(LIMIT_MESSAGES.sharedString(strings.count + 1, max));
        strings.add(value);
        i = end + prefix!.length + 5;
      }
    };
    for await (const piece of this.chunks(entry, Math.min(this.limits.sharedStringsBytes, this.limits.entryBytes))) {
      const text = carry + piece;
      prefix ??= rootPrefix(text);
      if (prefix === null && text.length > maxItemXml) throw new XlsxUnreadable("no root element");
      carry = prefix === null ? text : text.slice(take(text, false));
    }
    if (prefix !== null) take(carry, true);
    return strings;
  }
}

/** The shared strings as UTF-8 in one growing buffer (outside the JS heap), each made a string when a cell uses it. */
class SharedStrings {
  count = 0;
  private bytes = Buffer.allocUnsafeSlow(64 * 1024);
  private used = 0;
  private ends = new Uint32Array(4096);
  /** The strings used lately, by index (direct-mapped): code-list labels such as 男 or 汉族 repeat on every row. */
  private cache = new Array<string | undefined>(4096);
  private cached = new Int32Array(4096).fill(-1);

  add(s: string) {
    const length = Buffer.byteLength(s);
    if (this.used + length > this.bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(s, this.used);
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = this.used;
  }

  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.count)) return undefined;
    const slot = i & 4095;
    if (this.cached[slot] === i) return this.cache[slot];
    const s = this.bytes.toString("utf8", i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
    this.cached[slot] = i;
    this.cache[slot] = s;
    return s;
  }
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * The namespace prefix of the root element ("x:" for <x:worksheet …>, "" for none); null while the root tag has not
 * come. Declarations and comments before it are skipped in one pass (no pattern that rescans a hostile text).
 */
function rootPrefix(text: string): string | null {
  for (let i = 0; ;) {
    const lt = text.indexOf("<", i);
    if (lt === -1) return null;
    const next = text[lt + 1];
    if (next === "?" || next === "!") {
      const end = text.indexOf(next === "?" ? "?>" : text.startsWith("<!--", lt) ? "-->" : ">", lt + 2);
      if (end === -1) return null;
      i = end + 1;
      continue;
    }
    const m = /^<([\w.-]+:)?[\w.-]+[\s/>]/.exec(text.slice(lt, lt + 256));
    return m ? (m[1] ?? "") : null;
  }
}

// ------------------------------------------------------------------ sheet XML

class CellReader {
  private dateStyle = new Map<number, boolean | null>();
  private dataRows = 0;
  private row = "row";
  private cell = "c";
  private prefix = "";

  constructor(
    private styles: Styles, private shared: SharedStrings, private workbook: Workbook, private limits: ImportLimits, private zip: { lastRow: number },
  ) {}

  async *rows(chunks: AsyncIterable<string>): AsyncGenerator<XlsxRawRow> {
    let carry = "";
    let prefixKnown = false;
    for await (const piece of chunks) {
      let text = carry + piece;
      if (!prefixKnown) {
        const prefix = rootPrefix(text);
        if (prefix === null) {
          if (text.length > this.limits.rowChars) throw new XlsxUnreadable("no root element");
          carry = text;
          continue;
        }
        [this.prefix, this.row, this.cell, prefixKnown] = [prefix, `${prefix}row`, `${prefix}c`, true];
      }
      // Whole rows only: a row that has begun waits for the next piece.
      const out: XlsxRawRow[] = [];
      carry = text.slice(this.scan(text, false, out));
      text = "";
      if (carry.length > this.limits.rowChars) {
        const r = /^<[\w.:-]+\s[^>]*?\br\s*=\s*["'](\d+)/.exec(carry)?.[1];
        throw limitExceeded(LIMIT_MESSAGES.rowChars(r ? parseInt(r, 10) : this.lastRow + 1, this.limits.rowChars));
      }
      yield* out;
    }
    const out: XlsxRawRow[] = [];
    this.scan(carry, true, out);
    yield* out;
  }

  private lastRow = 0;

  /**
   * The complete rows of text, into `out`; returns where the first row not yet complete begins (or, without one,
   * where what may be the start of a cut-off tag begins). `final`: the text is all there is.
   */
  private scan(text: string, final: boolean, out: XlsxRawRow[]): number {
    let i = 0;
    const closeTag = `</${this.row}>`;
    for (;;) {
      const start = findTag(text, this.row, i);
      if (start === -1) return final ? text.length : Math.max(i, text.length - 16);
      const open = text.indexOf(">", start);
      if (open === -1) {
        if (final) throw new XlsxUnreadable("unterminated row");
        return start;
      }
      const selfClosing = text.charCodeAt(open - 1) === 47; /* / */
      const close = selfClosing ? open : text.indexOf(closeTag, open);
      if (close === -1) {
        if (final) throw new XlsxUnreadable("unterminated row");
        return start;
      }
      const attrs = parseAttributes(text, start + this.row.length + 1, open);
      const rowNumber = attrs.r ? parseInt(attrs.r, 10) : this.lastRow + 1;
      this.lastRow = rowNumber;
      this.zip.lastRow = rowNumber;
      if (selfClosing) {
        i = open + 1;
        continue;
      }
      if (close - start > this.limits.rowChars) throw limitExceeded(LIMIT_MESSAGES.rowChars(rowNumber, this.limits.rowChars));
      const rowDate = attrs.s ? this.isDateStyle(parseInt(attrs.s, 10)) : false;
      const values = this.cells(text, open + 1, close, rowDate === true, rowNumber);
      if (values.length && ++this.dataRows > this.limits.rows) throw limitExceeded(LIMIT_MESSAGES.rows(rowNumber, this.limits.rows));
      out.push({ row: rowNumber, values });
      i = close + closeTag.length;
    }
  }

  private cells(text: string, from: number, to: number, rowDate: boolean, rowNumber: number): unknown[] {
    const values: unknown[] = [];
    let col = 0;
    let i = from;
    const closeTag = `</${this.cell}>`;
    for (;;) {
      const start = findTag(text, this.cell, i);
      if (start === -1 || start >= to) return values;
      const open = text.indexOf(">", start);
      const attrs = parseAttributes(text, start + this.cell.length + 1, open);
      col = attrs.r ? columnOf(attrs.r) : col + 1;
      if (text.charCodeAt(open - 1) === 47 /* / */) {
        i = open + 1;
        continue;
      }
      const close = text.indexOf(closeTag, open);
      if (close === -1 || close > to) throw new XlsxUnreadable("unterminated cell");
      i = close + closeTag.length;
      const value = this.cellValue(text, open + 1, close, attrs, rowDate);
      if (value === undefined) continue;
      // Only cells with a value count: writers leave styled empty cells far to the right.
      if (col > this.limits.columns) throw limitExceeded(LIMIT_MESSAGES.columns(rowNumber, this.limits.columns));
      if (typeof value === "string" && value.length > this.limits.cellChars) throw limitExceeded(LIMIT_MESSAGES.cell(rowNumber, this.limits.cellChars));
      values[col - 1] = value;
    }
  }

  /** A cell's value: what people see in it (a number in a date format is a date). */
  private cellValue(text: string, from: number, to: number, attrs: Attributes, rowDate: boolean): unknown {
    // Children in order: <f> (formula), <v> (value or cached result), <is> (inline string); anything else is skipped.
    let v: string | undefined;
    let inline: string | undefined;
    let formula: string | undefined;
    for (let p = from; p < to;) {
      const lt = text.indexOf("<", p);
      if (lt === -1 || lt >= to) break;
      let q = lt + 1;
      while (q < to && !isNameEnd(text.charCodeAt(q))) q++;
      const name = text.slice(lt + 1, q);
      const local = name.slice(name.indexOf(":") + 1);
      const gt = text.indexOf(">", q);
      if (gt === -1 || gt >= to) throw new XlsxUnreadable("bad cell");
      if (text.charCodeAt(gt - 1) === 47 /* / */) {
        if (local === "f") formula ??= "";
        else if (local === "v") v = "";
        else if (local === "is") inline = "";
        p = gt + 1;
        continue;
      }
      const close = text.indexOf(`</${name}>`, gt + 1);
      if (close === -1 || close > to) throw new XlsxUnreadable(`unterminated <${name}>`);
      if (local === "f") formula = decodeText(text.slice(gt + 1, close));
      else if (local === "v") v = decodeText(text.slice(gt + 1, close));
      else if (local === "is") inline = runText(text.slice(gt + 1, close), this.prefix);
      p = close + name.length + 3;
    }
    const t = attrs.t;
    if (formula !== undefined) {
      // Its saved result, unless there is none or the writer asked for everything to be recalculated on opening
      // (its results are placeholders, usually 0): then the cell is reported, never read as empty or 0.
      if (v === undefined || this.workbook.recalculate) return new UnreadableCell("formula", formula ? `=${formula}` : "（公式）");
      if (t === "e") return new UnreadableCell("error", v);
      if (t === "str" || t === "inlineStr") return v;
      if (t === "b") return parseInt(v, 10) !== 0;
      return this.number(v, attrs, rowDate);
    }
    if (t === "inlineStr" && inline !== undefined) return inline;
    if (v === undefined) return undefined;
    switch (t) {
      case "s":
        return this.shared.get(parseInt(v, 10));
      case "str":
      case "inlineStr":
        return v;
      case "e":
        return new UnreadableCell("error", v);
      case "b":
        return parseInt(v, 10) !== 0;
      case "d": {
        // ISO 8601; without a zone it is a calendar date, read as UTC like every other date here.
        const d = new Date(/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(v) || v.length === 10 ? v : `${v}Z`);
        return Number.isNaN(d.getTime()) ? v : d;
      }
      default:
        return this.number(v, attrs, rowDate);
    }
  }

  private number(v: string, attrs: Attributes, rowDate: boolean): number | Date {
    const n = parseFloat(v);
    const s = attrs.s ? parseInt(attrs.s, 10) : 0;
    const styleDate = s ? this.isDateStyle(s) : null;
    return (styleDate ?? rowDate) && Number.isFinite(n) ? exceljsStyles.excelToDate(n, this.workbook.date1904) : n;
  }

  /** Whether cell format s has a date format; null when there is no such format (then the row's format counts, as in exceljs). */
  private isDateStyle(s: number): boolean | null {
    let known = this.dateStyle.get(s);
    if (known === undefined) {
      const format = this.styles.xfFormats[s];
      known = format === undefined ? null : this.styles.dateFormats.has(format);
      if (this.dateStyle.size < 10_000) this.dateStyle.set(s, known);
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

/** "AB12" → 28 (at most 4 letters: beyond any real sheet, and the number stays small). */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length && i < 4; i++) {
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

/** The text of a string item (<si> or <is> content): its <t> elements, direct or in runs, joined; phonetic guides (<rPh>) left out. */
function runText(item: string, prefix: string): string {
  const text = item.includes("rPh") ? withoutPhonetics(item, prefix) : item;
  const tag = `${prefix}t`;
  let out = "";
  for (let i = 0; ;) {
    const t = findTag(text, tag, i);
    if (t === -1) return out;
    const open = text.indexOf(">", t);
    if (open === -1) throw new XlsxUnreadable("bad <t>");
    if (text.charCodeAt(open - 1) === 47) {
      i = open + 1;
      continue;
    }
    const close = text.indexOf(`</${tag}>`, open + 1);
    if (close === -1) throw new XlsxUnreadable("unterminated <t>");
    out += decodeText(text.slice(open + 1, close));
    i = close + tag.length + 3;
  }
}

/** The item without its phonetic guides (<rPh>…</rPh>), in one pass. */
function withoutPhonetics(item: string, prefix: string): string {
  const close = `</${prefix}rPh>`;
  let out = "";
  let i = 0;
  for (let start = findTag(item, `${prefix}rPh`, 0); start !== -1; start = findTag(item, `${prefix}rPh`, i)) {
    const end = item.indexOf(close, start);
    if (end === -1) break;
    out += item.slice(i, start);
    i = end + close.length;
  }
  return out + item.slice(i);
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
  if (!s.includes("<![CDATA[")) return decodeEntities(s);
  // In one pass: an unterminated section is left as text.
  let out = "";
  let i = 0;
  for (let start = s.indexOf("<![CDATA[", 0); start !== -1; start = s.indexOf("<![CDATA[", i)) {
    const end = s.indexOf("]]>", start + 9);
    if (end === -1) break;
    out += decodeEntities(s.slice(i, start)) + s.slice(start + 9, end);
    i = end + 3;
  }
  return out + decodeEntities(s.slice(i));
}

function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return NAMED[named]!;
    const code = parseInt(hex ?? dec!, hex ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

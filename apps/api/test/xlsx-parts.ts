// .xlsx files put together part by part, for the reader's edge cases and for
// hostile files (import bombs). A bomb is made in the test: the deflate of a
// huge repetitive text is tiny, so no big file is committed, and the text is
// never held in memory here either (it is deflated piece by piece).
import { crc32, createDeflateRaw, deflateRawSync, inflateRawSync } from "node:zlib";

export type ZipPart = { name: string; data: Buffer | string } | { name: string; deflated: Buffer; claimedSize: number };

/** A zip archive of the parts (deflated). A pre-deflated part carries the uncompressed size its headers claim, true or not. */
export function zipArchive(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, "utf8");
    const raw = "data" in part ? Buffer.from(part.data) : null;
    const body = raw ? deflateRawSync(raw) : (part as { deflated: Buffer }).deflated;
    const size = raw ? raw.length : (part as { claimedSize: number }).claimedSize;
    const crc = raw ? crc32(raw) : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The raw deflate of head + unit × times + tail, made piece by piece (the text itself may be gigabytes). */
export async function deflateRepeated(head: string, unit: string, times: number, tail: string): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve, reject) => deflate.on("end", resolve).on("error", reject));
  const write = (data: Buffer) => new Promise<void>((resolve) => (deflate.write(data) ? resolve() : deflate.once("drain", resolve)));
  await write(Buffer.from(head));
  const perPiece = Math.max(1, Math.floor((1 << 20) / Buffer.byteLength(unit)));
  const piece = Buffer.from(unit.repeat(perPiece));
  let left = times;
  for (; left >= perPiece; left -= perPiece) await write(piece);
  if (left > 0) await write(Buffer.from(unit.repeat(left)));
  deflate.end(Buffer.from(tail));
  await done;
  return Buffer.concat(out);
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The package parts around a worksheet (content types, relationships, workbook), for a hand-made .xlsx. */
export function packageParts(options: { sharedStrings?: boolean; styles?: boolean } = {}): ZipPart[] {
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`,
    `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ];
  const rels = [`<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`];
  if (options.sharedStrings) rels.push(`<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (options.styles) rels.push(`<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/>`);
  return [
    {
      name: "[Content_Types].xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join("")}</Types>`,
    },
    { name: "_rels/.rels", data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: "xl/workbook.xml", data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="户档案" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: "xl/_rels/workbook.xml.rels", data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>` },
  ];
}

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
export const SHEET_TAIL = "</sheetData></worksheet>";
export const SST_HEAD = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">`;

/** An inline-string row: <row r="n"><c t="inlineStr"><is><t>…</t></is></c>…</row>. */
export function inlineRow(n: number, values: string[]): string {
  const escape = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
  return `<row r="${n}">${values.map((v) => `<c t="inlineStr"><is><t>${escape(v)}</t></is></c>`).join("")}</row>`;
}

/** The parts of a zip archive (an .xlsx) as text, read from its central directory (sizes there are final even when the writer streamed). */
export function readZipParts(zip: Buffer): Map<string, string> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip archive");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const parts = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8").replace(/^\//, "");
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressed);
    parts.set(name, (method === 8 ? inflateRawSync(body) : body).toString("utf8"));
    at += 46 + nameLength + extra + comment;
  }
  return parts;
}

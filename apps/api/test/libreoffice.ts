// LibreOffice (headless) as the real office suite in tests: it opens the
// .xlsx files the system exports and writes the files offices import.
// Each call gets its own profile directory, so test files may run it in parallel.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

async function soffice(args: string[], input: { name: string; content: Buffer | string }): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "fanpin-lo-"));
  try {
    const source = join(dir, input.name);
    await writeFile(source, input.content);
    const out = join(dir, "out");
    await run("soffice", [`-env:UserInstallation=file://${dir}/profile`, "--headless", ...args, "--outdir", out, source], { timeout: 120_000 });
    const [file] = await readdir(out);
    if (!file) throw new Error(`LibreOffice produced nothing for ${basename(source)}`);
    return await readFile(join(out, file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first sheet of an .xlsx as CSV text (UTF-8, comma, quoted), as LibreOffice reads it. */
export async function xlsxToCsv(xlsx: Buffer): Promise<string> {
  const csv = await soffice(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false"], { name: "in.xlsx", content: xlsx });
  return csv.toString("utf8");
}

/**
 * CSV text → .xlsx written by LibreOffice. `textColumns` (1-based) are typed
 * as text; any other column is detected as a spreadsheet program would, so
 * 18-digit ID numbers in them become numbers with lost digits.
 */
export async function csvToXlsx(csv: string, options: { textColumns?: number[]; columnCount: number }): Promise<Buffer> {
  const types = Array.from({ length: options.columnCount }, (_, i) => `${i + 1}/${options.textColumns?.includes(i + 1) ? 2 : 1}`).join("/");
  return soffice(["--infilter=CSV:44,34,76,1," + types, "--convert-to", "xlsx:Calc MS Excel 2007 XML"], { name: "in.csv", content: csv });
}

/** CSV text → another format LibreOffice writes (e.g. "ods", "xls"), as an office might send instead of .xlsx. */
export async function csvConvert(csv: string, format: "ods" | "xls"): Promise<Buffer> {
  return soffice(["--infilter=CSV:44,34,76,1", "--convert-to", format], { name: "in.csv", content: csv });
}

/** Parses CSV text (as LibreOffice writes it) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** An .xlsx opened in LibreOffice and saved again as .xlsx (what an office does before sending a file back). */
export async function resaveXlsx(xlsx: Buffer): Promise<Buffer> {
  return soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML"], { name: "in.xlsx", content: xlsx });
}

/** An .xlsx printed to PDF by LibreOffice, with the sheet's own page setup (paper, orientation, fit, print titles). */
export async function xlsxToPdf(xlsx: Buffer): Promise<Buffer> {
  return soffice(["--convert-to", "pdf:calc_pdf_Export"], { name: "in.xlsx", content: xlsx });
}

/** Each page of a PDF: its size in points and its text in drawing order, white space removed (poppler's pdfinfo / pdftotext -raw). */
export async function pdfPages(pdf: Buffer): Promise<{ width: number; height: number; text: string }[]> {
  const dir = await mkdtemp(join(tmpdir(), "fanpin-pdf-"));
  try {
    const path = join(dir, "in.pdf");
    await writeFile(path, pdf);
    const { stdout: info } = await run("pdfinfo", ["-f", "1", "-l", "9999", path]);
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
    return await Promise.all(sizes.map(async (size, i) => {
      // -raw keeps a cell's wrapped lines together, so a header reads whole once spaces and breaks are gone.
      const { stdout } = await run("pdftotext", ["-raw", "-enc", "UTF-8", "-f", String(i + 1), "-l", String(i + 1), path, "-"]);
      return { ...size, text: stdout.replace(/\s+/g, "") };
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

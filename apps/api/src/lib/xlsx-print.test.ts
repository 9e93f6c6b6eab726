import { DEPARTMENT_CODES } from "@fanpin/domain/reports/departments";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importSheet, householdsXlsx, makeHouseholds, sheetRows } from "../../test/household-sheets.ts";
import { pdfPages, xlsxToPdf } from "../../test/libreoffice.ts";
import { readZipParts } from "../../test/xlsx-parts.ts";
import { createTestApp, signIn, type TestApp } from "../../test/test-app.ts";
import { produceReportSnapshots } from "../modules/reports/report-snapshots.ts";

// Every .xlsx the API writes prints as offices file paper: A4 landscape, all
// columns on the page width, the header row on every page, a grid on the table.
let t: TestApp;
let township: string;
let district: string;

beforeAll(async () => {
  t = await createTestApp();
  [township, district] = (await Promise.all(["township", "district"].map((u) => signIn(t.app, u)))) as [string, string];
});
afterAll(() => t.close());

async function download(cookie: string, url: string): Promise<Buffer> {
  const res = await t.app.inject({ method: "GET", url, headers: { cookie } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  expect(res.headers["content-type"]).toContain("spreadsheetml");
  return res.rawPayload;
}

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

/** The print setup of each table sheet of the file, checked part by part. */
function expectPrintable(file: Buffer, label: string, tableSheets?: string[]) {
  const parts = readZipParts(file);
  const workbook = parts.get("xl/workbook.xml")!;
  const sheets = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => attr(m[0], "name")!);
  const styles = parts.get("xl/styles.xml")!;
  const borders = [...styles.match(/<borders\b[\s\S]*?<\/borders>/)![0].matchAll(/<border\b[^>]*?(?:\/>|>[\s\S]*?<\/border>)/g)].map((m) => m[0]);
  const xfs = [...styles.match(/<cellXfs\b[\s\S]*?<\/cellXfs>/)![0].matchAll(/<xf\b[^>]*>/g)].map((m) => m[0]);
  const boxed = (styleId: number) => {
    const border = borders[Number(attr(xfs[styleId]!, "borderId") ?? 0)] ?? "";
    return ["left", "right", "top", "bottom"].every((side) => new RegExp(`<${side} style="thin"`).test(border));
  };
  const checked = (tableSheets ?? sheets).map((name) => sheets.indexOf(name));
  expect(checked.length, label).toBeGreaterThan(0);
  for (const index of checked) {
    const where = `${label} / ${sheets[index]}`;
    const xml = parts.get(`xl/worksheets/sheet${index + 1}.xml`)!;
    const setup = xml.match(/<pageSetup\b[^>]*>/)?.[0] ?? "";
    expect({ paperSize: attr(setup, "paperSize"), orientation: attr(setup, "orientation"), fitToWidth: attr(setup, "fitToWidth"), fitToHeight: attr(setup, "fitToHeight") }, where)
      .toEqual({ paperSize: "9", orientation: "landscape", fitToWidth: "1", fitToHeight: "0" });
    expect(xml, where).toMatch(/<pageSetUpPr\b[^>]*fitToPage="1"/);
    const margins = xml.match(/<pageMargins\b[^>]*>/)?.[0] ?? "";
    for (const side of ["left", "right", "top", "bottom"]) expect(Number(attr(margins, side)), `${where} margin ${side}`).toBeGreaterThanOrEqual(0.4);
    const titles = new RegExp(`<definedName name="_xlnm.Print_Titles" localSheetId="${index}">([^<]*)</definedName>`).exec(workbook)?.[1]?.replaceAll("&apos;", "'");
    const headerRow = Number(/\$(\d+):\$\d+$/.exec(titles ?? "")?.[1]);
    expect(titles, where).toMatch(/^'[^']+'!\$(\d+):\$\1$/);
    // The header row and every row under it: each cell of the table's width has a thin border on all sides.
    const rows = [...xml.matchAll(/<row\b[^>]*\br="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)].filter((m) => Number(m[1]) >= headerRow);
    const width = [...rows[0]![2]!.matchAll(/<c\b/g)].length;
    expect(width, where).toBeGreaterThan(1);
    for (const [, r, cells] of rows) {
      const styled = [...cells!.matchAll(/<c\b[^>]*>/g)].map((c) => Number(attr(c[0], "s") ?? 0));
      expect(styled.length, `${where} row ${r}: cells`).toBe(width);
      expect(styled.every(boxed), `${where} row ${r}: borders`).toBe(true);
    }
  }
}

/** The texts of the first sheet's print-title (header) row. */
function headerOf(file: Buffer): string[] {
  const parts = readZipParts(file);
  const row = /<definedName name="_xlnm.Print_Titles" localSheetId="0">[^<]*\$(\d+)<\/definedName>/.exec(parts.get("xl/workbook.xml")!)![1];
  const cells = new RegExp(`<row\\b[^>]*\\br="${row}"[^>]*>([\\s\\S]*?)</row>`).exec(parts.get("xl/worksheets/sheet1.xml")!)![1]!;
  return [...cells.matchAll(/<c\b[^>]*>(?:<v>|<is><t[^>]*>)([^<]*)/g)].map((m) => m[1]!);
}

describe("every .xlsx the API writes", () => {
  it("has A4 landscape, fit to width, the header row as print titles, thin borders on the table", async () => {
    // An import with a rejected row, for the rejected-rows file.
    const villages = await t.prisma.area.findMany({ where: { parent: { name: "张村镇" }, level: "VILLAGE" }, select: { code: true, name: true } });
    const households = makeHouseholds(3, villages, "A");
    households[1]!.householdNo = "IMP-A";
    const job = await importSheet(t.app, township, await householdsXlsx(sheetRows(households)), "打印.xlsx", "valid-only");
    expect(job.rejected).toBe(1);
    expect(await produceReportSnapshots({ prisma: t.prisma, clock: t.clock.now, config: t.config })).toBeGreaterThan(0);
    const snapshot = await t.prisma.reportSnapshot.findFirstOrThrow({ where: { areaCode: { startsWith: "371002" } } });

    const files: [string, string, string[]?][] = [
      [township, "/api/households/import/template.xlsx", ["户档案"]],
      [township, `/api/households/imports/${job.id}/rejected.xlsx`],
      [township, "/api/households/export.xlsx"],
      [township, "/api/queues/township-leads/export.xlsx"],
      [district, "/api/queues/district-review/export.xlsx"],
      [district, "/api/ledgers/monitoring.xlsx"],
      [district, "/api/ledgers/exits.xlsx"],
      [district, "/api/ledgers/assistance.xlsx"],
      ...DEPARTMENT_CODES.map((d): [string, string] => [district, `/api/ledgers/departments/${d}.xlsx`]),
      [district, `/api/report-snapshots/${snapshot.id}/file`],
      [district, "/api/statistics/charts/children.xlsx"],
    ];
    for (const [cookie, url, sheets] of files) expectPrintable(await download(cookie, url), url, sheets);
  }, 120_000);

  it("prints through LibreOffice as A4 landscape pages with every column on the page width and the header on each page", async () => {
    // Enough designated households for a ledger of several pages.
    const villages = await t.prisma.area.findMany({ where: { parent: { name: "张村镇" }, level: "VILLAGE" }, select: { code: true, name: true } });
    const households = makeHouseholds(120, villages, "B").map((h) => ({ ...h, designation: "MONITORED", designatedAt: "2025-03-15" }));
    await importSheet(t.app, township, await householdsXlsx(sheetRows(households)), "一百二十户.xlsx", "valid-only");
    for (const [cookie, url] of [[district, "/api/ledgers/monitoring.xlsx"], [township, "/api/households/export.xlsx"]] as const) {
      const file = await download(cookie, url);
      const pages = await pdfPages(await xlsxToPdf(file));
      expect(pages.length, url).toBeGreaterThanOrEqual(2);
      for (const p of pages) expect([Math.round(p.width), Math.round(p.height)], url).toEqual([842, 595]);
      // Every column's header on page 1 (no column split off to pages of its own) and again on page 2.
      const header = headerOf(file);
      expect(header.length, url).toBeGreaterThan(5);
      for (const page of pages.slice(0, 2)) for (const h of header) expect(page.text, `${url}: ${h}`).toContain(h.replace(/\s+/g, ""));
    }
  }, 400_000);
});

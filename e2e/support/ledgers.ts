import { readFile } from "node:fs/promises";
import { expect, type Download, type Page } from "@playwright/test";
import ExcelJS from "../../apps/api/src/lib/exceljs.ts";

/** The rows of a downloaded ledger's first sheet below its header row (序号 …), as texts, and the header. */
export async function readLedger(download: Download): Promise<{ header: string[]; rows: string[][] }> {
  const path = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const all: string[][] = [];
  ws.eachRow((row) => all.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
  const at = all.findIndex((r) => r[0] === "序号");
  expect(at, "header row").toBeGreaterThan(0);
  return { header: all[at]!, rows: all.slice(at + 1) };
}

export async function openReports(page: Page) {
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "报表" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/reports");
  await expect(page.getByRole("heading", { name: "报表", level: 4 })).toBeVisible();
}

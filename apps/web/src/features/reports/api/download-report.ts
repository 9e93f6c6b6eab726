import type { DepartmentCode } from "@fanpin/domain/reports/departments";
import { useMutation } from "@tanstack/react-query";
import { downloadFile } from "@/lib/download.ts";

export type ReportDownload =
  | { kind: "ledger"; asOf: string }
  | { kind: "exits"; asOf: string }
  | { kind: "assistance"; asOf: string }
  | { kind: "rolledBack"; asOf: string }
  | { kind: "policyPopulation"; asOf: string }
  | { kind: "department"; department: DepartmentCode; asOf: string }
  | { kind: "snapshot"; id: string };

/** Fetches the file and hands it to the browser under the name the server gave it; resolves with that name. */
export function downloadReport(d: ReportDownload): Promise<string> {
  switch (d.kind) {
    case "ledger":
      return downloadFile("/api/ledgers/monitoring.xlsx", { asOf: d.asOf }, `台账_${d.asOf}.xlsx`);
    case "exits":
      return downloadFile("/api/ledgers/exits.xlsx", { asOf: d.asOf }, `退出台账_${d.asOf}.xlsx`);
    case "assistance":
      return downloadFile("/api/ledgers/assistance.xlsx", { asOf: d.asOf }, `帮扶台账_${d.asOf}.xlsx`);
    case "rolledBack":
      return downloadFile("/api/ledgers/rolled-back.xlsx", { asOf: d.asOf }, `回退户名单_${d.asOf}.xlsx`);
    case "policyPopulation":
      return downloadFile("/api/ledgers/policy-population.xlsx", { asOf: d.asOf }, `享受政策人口名单_${d.asOf}.xlsx`);
    case "department":
      return downloadFile(`/api/ledgers/departments/${encodeURIComponent(d.department)}.xlsx`, { asOf: d.asOf }, `部门名单_${d.asOf}.xlsx`);
    case "snapshot":
      return downloadFile(`/api/report-snapshots/${encodeURIComponent(d.id)}/file`, {}, "报表.xlsx");
  }
}

export function useDownloadReport(options: { onError?: (error: unknown) => void; onSuccess?: (fileName: string) => void } = {}) {
  return useMutation({ mutationFn: downloadReport, ...options });
}

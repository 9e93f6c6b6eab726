import type { ReportSnapshot } from "@fanpin/domain/report-schemas";
import type { DepartmentCode } from "@fanpin/domain/reports/departments";
import type { SnapshotKind } from "@fanpin/domain/reports/report-calendar";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import { reportKeys } from "@/lib/query-keys.ts";

export type ReportSnapshotPage = { items: ReportSnapshot[]; total: number; page: number; pageSize: number };
export type ReportSnapshotQuery = { page: number; pageSize: number; kind?: SnapshotKind; department?: DepartmentCode };

export function getReportSnapshots(query: ReportSnapshotQuery, signal?: AbortSignal): Promise<ReportSnapshotPage> {
  return api.get<ReportSnapshotPage>("/api/report-snapshots", query, signal);
}

export const getReportSnapshotsQueryOptions = (query: ReportSnapshotQuery) =>
  queryOptions({
    queryKey: reportKeys.list(query),
    queryFn: ({ signal }) => getReportSnapshots(query, signal),
    placeholderData: keepPreviousData,
  });

export function useReportSnapshots(query: ReportSnapshotQuery) {
  return useQuery(getReportSnapshotsQueryOptions(query));
}

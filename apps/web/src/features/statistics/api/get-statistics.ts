import type { Statistics, StatisticsChart } from "@fanpin/domain/statistics/statistics-schemas";
import { keepPreviousData, queryOptions, useMutation, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import { downloadFile } from "@/lib/download.ts";
import { statisticsKeys } from "@/lib/query-keys.ts";

/** GET /api/statistics: the user's area, or `areaId` (a sub-area, down to a village). */
export function getStatistics(areaId: number | null, signal?: AbortSignal): Promise<Statistics> {
  return api.get<Statistics>("/api/statistics", { areaId }, signal);
}

export const getStatisticsQueryOptions = (areaId: number | null) =>
  queryOptions({
    queryKey: statisticsKeys.area(areaId),
    queryFn: ({ signal }) => getStatistics(areaId, signal),
    // While the next level loads, the current one stays on screen (drill-down, back).
    placeholderData: keepPreviousData,
  });

export function useStatistics(areaId: number | null) {
  return useQuery(getStatisticsQueryOptions(areaId));
}

/** 下载数据: one chart's numbers as .xlsx (the same rows as its 数据表). */
export function useDownloadChart(options: { onError?: (error: unknown) => void; onSuccess?: (fileName: string) => void } = {}) {
  return useMutation({
    mutationFn: ({ chart, areaId, fallbackName }: { chart: StatisticsChart; areaId: number | null; fallbackName: string }) =>
      downloadFile(`/api/statistics/charts/${encodeURIComponent(chart)}.xlsx`, { areaId }, fallbackName),
    ...options,
  });
}

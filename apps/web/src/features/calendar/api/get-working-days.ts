import type { ZWorkingDaysResponse } from "@fanpin/domain/calendar-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { calendarKeys } from "@/lib/query-keys.ts";

export type WorkingDaysResult = z.infer<typeof ZWorkingDaysResponse>;
export type WorkingDaysQuery = { from: string; days: number };

/** The `days`-th working day after `from` (`from` itself not counted); `complete` false when a year without data is crossed. */
export function getWorkingDays(query: WorkingDaysQuery, signal?: AbortSignal): Promise<WorkingDaysResult> {
  return api.get<WorkingDaysResult>("/api/calendar/working-days", query, signal);
}

export const getWorkingDaysQueryOptions = (query: WorkingDaysQuery) =>
  queryOptions({
    queryKey: [...calendarKeys.all, "working-days", query],
    queryFn: ({ signal }) => getWorkingDays(query, signal),
  });

/** Runs once a query is given (the trial tool sets it on submit). */
export function useWorkingDays(query: WorkingDaysQuery | null) {
  return useQuery({ ...getWorkingDaysQueryOptions(query ?? { from: "", days: 0 }), enabled: query !== null });
}

import type { ZCalendarCoverage } from "@fanpin/domain/calendar-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { calendarKeys } from "@/lib/query-keys.ts";

export type CalendarCoverage = z.infer<typeof ZCalendarCoverage>;

/** Years with holiday data (package / administrators) and the warning about years still to be entered. */
export function getCalendarCoverage(signal?: AbortSignal): Promise<CalendarCoverage> {
  return api.get<CalendarCoverage>("/api/calendar/coverage", undefined, signal);
}

export const getCalendarCoverageQueryOptions = () =>
  queryOptions({
    queryKey: [...calendarKeys.all, "coverage"],
    queryFn: ({ signal }) => getCalendarCoverage(signal),
    // The warning concerns the coming weeks: a few minutes old is fresh enough for the banner.
    staleTime: 5 * 60_000,
  });

export function useCalendarCoverage(options: { enabled?: boolean } = {}) {
  return useQuery({ ...getCalendarCoverageQueryOptions(), enabled: options.enabled ?? true });
}

import type { ZCalendarOverride } from "@fanpin/domain/calendar-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { calendarKeys } from "@/lib/query-keys.ts";

export type CalendarOverride = z.infer<typeof ZCalendarOverride>;

/** The days administrators set to 上班 or 放假 (they beat the data package). */
export function getCalendarOverrides(signal?: AbortSignal): Promise<{ items: CalendarOverride[] }> {
  return api.get<{ items: CalendarOverride[] }>("/api/calendar/overrides", undefined, signal);
}

export const getCalendarOverridesQueryOptions = () =>
  queryOptions({
    queryKey: [...calendarKeys.all, "overrides"],
    queryFn: ({ signal }) => getCalendarOverrides(signal),
  });

export function useCalendarOverrides() {
  return useQuery(getCalendarOverridesQueryOptions());
}

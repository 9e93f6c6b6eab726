import type { ZDayResponse } from "@fanpin/domain/calendar-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { calendarKeys } from "@/lib/query-keys.ts";

export type DayInfo = z.infer<typeof ZDayResponse>;

/** Whether a day is a working day, and why (holiday / make-up name), as the API computes it. */
export function getDay(date: string, signal?: AbortSignal): Promise<DayInfo> {
  return api.get<DayInfo>(`/api/calendar/days/${encodeURIComponent(date)}`, undefined, signal);
}

export const getDayQueryOptions = (date: string) =>
  queryOptions({
    queryKey: [...calendarKeys.all, "day", date],
    queryFn: ({ signal }) => getDay(date, signal),
  });

/** One day (the override form shows what the day is before it is changed). */
export function useDay(date: string | null) {
  return useQuery({ ...getDayQueryOptions(date ?? ""), enabled: date !== null });
}

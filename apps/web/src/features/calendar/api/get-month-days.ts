import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { getDay, type DayInfo } from "./get-day.ts";
import { calendarKeys } from "@/lib/query-keys.ts";

/** "2027-01" → every date of that month, YYYY-MM-DD. */
export function datesOfMonth(month: string): string[] {
  const [year, mm] = month.split("-").map(Number) as [number, number];
  const count = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}

/**
 * One month's days as the API computes them (package + years entered + overrides).
 * The API answers one day per call; a month is at most 31 small calls, cached as one entry.
 */
export async function getMonthDays(month: string, signal?: AbortSignal): Promise<Record<string, DayInfo>> {
  const days = await Promise.all(datesOfMonth(month).map((date) => getDay(date, signal)));
  return Object.fromEntries(days.map((d) => [d.date, d]));
}

export const getMonthDaysQueryOptions = (month: string) =>
  queryOptions({
    queryKey: [...calendarKeys.all, "month", month],
    queryFn: ({ signal }) => getMonthDays(month, signal),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });

export function useMonthDays(month: string) {
  return useQuery(getMonthDaysQueryOptions(month));
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { calendarKeys } from "@/lib/query-keys.ts";

/** Withdraws "entered in full": deadlines crossing the year are again computed Monday–Friday and flagged. */
export function withdrawCalendarYear(year: number): Promise<{ ok: true }> {
  return apiRequest<{ ok: true }>(`/api/calendar/years/${year}`, { method: "DELETE" });
}

export function useWithdrawCalendarYear(config: MutationConfig<typeof withdrawCalendarYear> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: withdrawCalendarYear,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: calendarKeys.all });
      return onSuccess?.(...args);
    },
  });
}

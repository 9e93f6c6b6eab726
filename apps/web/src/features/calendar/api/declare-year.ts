import type { ZCalendarYearInput } from "@fanpin/domain/calendar-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { calendarKeys } from "@/lib/query-keys.ts";

export type DeclareYearBody = z.output<typeof ZCalendarYearInput>;

/** "The year's holidays are now entered in full" (per the State Council notice `source`); audited. */
export function declareCalendarYear(body: DeclareYearBody): Promise<{ ok: true }> {
  return api.post<{ ok: true }>("/api/calendar/years", body);
}

export function useDeclareCalendarYear(config: MutationConfig<typeof declareCalendarYear> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: declareCalendarYear,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: calendarKeys.all });
      return onSuccess?.(...args);
    },
  });
}

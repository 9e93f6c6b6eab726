import type { Conditions, Measure, Plan, ZConditionInput, ZMeasureInput, ZMeasureStateRequest, ZYearExpenseInput, ZYearIncomeInput } from "@fanpin/domain/assistance-schemas";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { assistanceKeys } from "@/lib/query-keys.ts";

/** The plan (一户一策) and the conditions tracked over time: GET and the writes of modules/plans. */

const base = (householdId: string) => `/api/assistance/${householdId}`;

export const planQueryOptions = (householdId: string) =>
  queryOptions({ queryKey: assistanceKeys.plan(householdId), queryFn: ({ signal }) => api.get<Plan>(`${base(householdId)}/plan`, undefined, signal), retry: false });

export const conditionsQueryOptions = (householdId: string) =>
  queryOptions({
    queryKey: assistanceKeys.conditions(householdId),
    queryFn: ({ signal }) => api.get<Conditions>(`${base(householdId)}/conditions`, undefined, signal),
    retry: false,
  });

export const usePlan = (householdId: string) => useQuery(planQueryOptions(householdId));
export const useConditions = (householdId: string, enabled = true) => useQuery({ ...conditionsQueryOptions(householdId), enabled });

export function useUpdatePlan(householdId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { summary: string; version: number }) => api.put<Plan>(`${base(householdId)}/plan`, body),
    // The plan's version is the file's: both move.
    onSuccess: (plan) => {
      qc.setQueryData(assistanceKeys.plan(householdId), plan);
      void qc.invalidateQueries({ queryKey: assistanceKeys.file(householdId) });
    },
  });
}

export function useAddMeasure(householdId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ZMeasureInput>) => api.post<Measure>(`${base(householdId)}/measures`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: assistanceKeys.plan(householdId) }),
  });
}

export function useMeasureState(householdId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: z.input<typeof ZMeasureStateRequest> & { id: string }) =>
      api.post<Measure>(`${base(householdId)}/measures/${id}/state`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: assistanceKeys.plan(householdId) }),
  });
}

function useConditionsWrite<T>(householdId: string, send: (body: T) => Promise<Conditions>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (c) => qc.setQueryData(assistanceKeys.conditions(householdId), c),
  });
}

export const useRecordCondition = (householdId: string) =>
  useConditionsWrite(householdId, (body: z.input<typeof ZConditionInput>) => api.post<Conditions>(`${base(householdId)}/conditions`, body));

export const usePutIncome = (householdId: string) =>
  useConditionsWrite(householdId, ({ year, ...body }: z.input<typeof ZYearIncomeInput> & { year: number }) =>
    api.put<Conditions>(`${base(householdId)}/incomes/${year}`, body));

export const usePutExpense = (householdId: string) =>
  useConditionsWrite(householdId, ({ year, ...body }: z.input<typeof ZYearExpenseInput> & { year: number }) =>
    api.put<Conditions>(`${base(householdId)}/expenses/${year}`, body));

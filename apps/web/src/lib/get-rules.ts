import type { RulesProcedure, RulesResponse, RulesStep } from "@fanpin/domain/rules-schemas";
import type { CaseStage } from "@fanpin/domain/procedures/stages";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./api-client.ts";

export type { RulesProcedure, RulesResponse, RulesStep };

/**
 * GET /api/rules: the deployment's rule set (procedures, steps, deadlines,
 * cross-checks, exclusions, monitoring types, queues). The SPA compiles no
 * rule set in; every rule it shows or enforces comes from here. It changes
 * only with a redeployment, so it is read once per session.
 */
export function getRules(signal?: AbortSignal): Promise<RulesResponse> {
  return api.get<RulesResponse>("/api/rules", undefined, signal);
}

export const rulesQueryKeys = {
  all: ["rules"] as const,
};

export const getRulesQueryOptions = () =>
  queryOptions({
    queryKey: rulesQueryKeys.all,
    queryFn: ({ signal }) => getRules(signal),
    staleTime: Infinity,
    gcTime: Infinity,
  });

export function useRules() {
  return useQuery(getRulesQueryOptions());
}

export function procedureOf(rules: RulesResponse, kind: string): RulesProcedure | undefined {
  return rules.procedures.find((p) => p.kind === kind);
}

export function stepOf(procedure: RulesProcedure | undefined, stage: CaseStage): RulesStep | undefined {
  return procedure?.steps.find((s) => s.code === stage);
}

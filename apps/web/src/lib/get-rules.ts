import type { RulesProcedure, RulesResponse, RulesStep } from "@fanpin/domain/rules-schemas";
import type { CaseStage } from "@fanpin/domain/procedures/stages";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./api-client.ts";
import { rulesKeys } from "@/lib/query-keys.ts";

export type { RulesProcedure, RulesResponse, RulesStep };

/**
 * GET /api/rules: the deployment's rule set (procedures, steps, deadlines,
 * cross-checks, exclusions, monitoring types, queues), or with `preset` the
 * rule set a case started under (a case keeps it when the deployment changes
 * LOCAL_RULES). The SPA compiles no rule set in; every rule it shows or
 * enforces comes from here. It changes only with a redeployment, so it is
 * read once per session.
 */
export function getRules(preset: string | undefined, signal?: AbortSignal): Promise<RulesResponse> {
  return api.get<RulesResponse>("/api/rules", preset ? { preset } : undefined, signal);
}

export const getRulesQueryOptions = (preset?: string) =>
  queryOptions({
    queryKey: rulesKeys.preset(preset),
    queryFn: ({ signal }) => getRules(preset, signal),
    staleTime: Infinity,
    gcTime: Infinity,
  });

/** `preset`: the rule set of the case shown (undefined while it loads, or for the deployment's own). */
export function useRules(preset?: string) {
  return useQuery(getRulesQueryOptions(preset));
}

export function procedureOf(rules: RulesResponse, kind: string): RulesProcedure | undefined {
  return rules.procedures.find((p) => p.kind === kind);
}

export function stepOf(procedure: RulesProcedure | undefined, stage: CaseStage): RulesStep | undefined {
  return procedure?.steps.find((s) => s.code === stage);
}

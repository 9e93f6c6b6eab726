import type { AuditChainReport } from "@fanpin/domain/audit-schemas";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import { auditKeys } from "@/lib/query-keys.ts";

/** Walks the whole audit chain on the server (decision 014): run on demand only, never cached. */
export function verifyAuditChain(signal?: AbortSignal): Promise<AuditChainReport> {
  return api.get<AuditChainReport>("/api/audit/chain", undefined, signal);
}

export function useAuditChainCheck() {
  return useQuery({
    queryKey: auditKeys.chain(),
    queryFn: ({ signal }) => verifyAuditChain(signal),
    enabled: false,
    gcTime: 0,
    retry: false,
  });
}

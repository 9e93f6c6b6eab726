import type { ImportJobView, ImportModeName } from "@fanpin/domain/import-schemas";
import { useEffect } from "react";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, failedResponseError, NETWORK_ERROR } from "@/lib/api-client.ts";
import { householdKeys, importKeys } from "@/lib/query-keys.ts";

export type ImportJob = ImportJobView;
export type ImportJobSummary = Omit<ImportJobView, "problems">;

const UPLOAD_PATH = "/api/households/import";

/** Uploads the sheet as multipart (field `file`); the answer is the queued job. */
export async function uploadHouseholdSheet(file: File, mode: ImportModeName): Promise<ImportJob> {
  const form = new FormData();
  form.append("file", file, file.name);
  let response: Response;
  try {
    response = await fetch(`${UPLOAD_PATH}?mode=${mode}`, { method: "POST", credentials: "same-origin", body: form });
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR, message: "无法连接到服务器，请检查网络连接后重试" });
  }
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) throw failedResponseError(UPLOAD_PATH, response.status, data);
  return data as ImportJob;
}

const finished = (job: ImportJob | ImportJobSummary | undefined) => job?.status === "SUCCEEDED" || job?.status === "FAILED";

export const importJobQueryOptions = (id: string) =>
  queryOptions({
    queryKey: importKeys.job(id),
    queryFn: ({ signal }) => api.get<ImportJob>(`/api/households/imports/${encodeURIComponent(id)}`, undefined, signal),
    // Follow the job while it runs (progress bar), then stop asking.
    refetchInterval: (query) => (finished(query.state.data) ? false : 1000),
  });

export function useImportJob(id: string | null) {
  return useQuery({ ...importJobQueryOptions(id ?? ""), enabled: id !== null });
}

export function useImportJobs() {
  return useQuery({
    queryKey: importKeys.mine(),
    queryFn: ({ signal }) => api.get<{ items: ImportJobSummary[] }>("/api/households/imports", undefined, signal),
    refetchInterval: (query) => (query.state.data?.items.some((j) => !finished(j)) ? 2000 : false),
  });
}

export function useUploadHouseholdSheet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, mode }: { file: File; mode: ImportModeName }) => uploadHouseholdSheet(file, mode),
    onSuccess: (job) => {
      queryClient.setQueryData(importJobQueryOptions(job.id).queryKey, job);
      void queryClient.invalidateQueries({ queryKey: importKeys.mine() });
    },
  });
}

/**
 * When a job finishes, the household lists and "我最近的导入" are stale: the
 * finished job's figures go into the recent list at once (it may have last
 * been read while the job was still queued), then the list is read again.
 */
export function useRefreshHouseholdsWhenDone(job: ImportJob | undefined) {
  const queryClient = useQueryClient();
  const done = finished(job);
  useEffect(() => {
    if (!done || !job) return;
    const { problems: _problems, ...summary } = job;
    queryClient.setQueryData<{ items: ImportJobSummary[] }>(importKeys.mine(), (list) =>
      list && { ...list, items: list.items.map((j) => (j.id === summary.id ? { ...j, ...summary } : j)) });
    void queryClient.invalidateQueries({ queryKey: importKeys.mine() });
    void queryClient.invalidateQueries({ queryKey: householdKeys.lists() });
    // Only the moment the job turns finished matters, not each re-render with the same job.
  }, [done, job?.id, queryClient]);
}

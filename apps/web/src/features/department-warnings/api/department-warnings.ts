import type {
  DepartmentJob, DepartmentMapping, DepartmentMappingView, DepartmentPreview, HouseholdDepartmentWarning, WarningDepartment,
} from "@fanpin/domain/detection/department-lists";
import { useEffect } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, failedResponseError, NETWORK_ERROR } from "@/lib/api-client.ts";
import { departmentWarningKeys, householdKeys } from "@/lib/query-keys.ts";

/** Sends a file (and fields) as multipart, as the household import does; the answer is JSON. */
async function postForm<T>(path: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: "POST", credentials: "same-origin", body: form });
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR, message: "无法连接到服务器，请检查网络连接后重试" });
  }
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) throw failedResponseError(path, response.status, data);
  return data as T;
}

export function previewDepartmentFile(department: WarningDepartment, file: File): Promise<DepartmentPreview> {
  const form = new FormData();
  form.append("file", file, file.name);
  return postForm(`/api/department-warnings/preview?department=${department}`, form);
}

export function uploadDepartmentFile(department: WarningDepartment, mapping: DepartmentMapping, file: File): Promise<DepartmentJob> {
  const form = new FormData();
  form.append("mapping", JSON.stringify(mapping));
  form.append("file", file, file.name);
  return postForm(`/api/department-warnings/jobs?department=${department}`, form);
}

const finished = (job: DepartmentJob | undefined) => job?.status === "SUCCEEDED" || job?.status === "FAILED";

export function useDepartmentMapping(department: WarningDepartment | null) {
  return useQuery({
    queryKey: departmentWarningKeys.mapping(department ?? ""),
    queryFn: ({ signal }) => api.get<DepartmentMappingView>(`/api/department-warnings/mappings/${department}`, undefined, signal),
    enabled: department !== null,
  });
}

export function usePreviewDepartmentFile() {
  return useMutation({ mutationFn: ({ department, file }: { department: WarningDepartment; file: File }) => previewDepartmentFile(department, file) });
}

export function useUploadDepartmentFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ department, mapping, file }: { department: WarningDepartment; mapping: DepartmentMapping; file: File }) =>
      uploadDepartmentFile(department, mapping, file),
    onSuccess: (job) => {
      queryClient.setQueryData(departmentWarningKeys.job(job.id), job);
      void queryClient.invalidateQueries({ queryKey: departmentWarningKeys.mine() });
      void queryClient.invalidateQueries({ queryKey: departmentWarningKeys.mapping(job.department) });
    },
  });
}

export function useDepartmentJob(id: string | null) {
  return useQuery({
    queryKey: departmentWarningKeys.job(id ?? ""),
    queryFn: ({ signal }) => api.get<DepartmentJob>(`/api/department-warnings/jobs/${encodeURIComponent(id!)}`, undefined, signal),
    enabled: id !== null,
    // Follow the job while it runs, then stop asking.
    refetchInterval: (query) => (finished(query.state.data) ? false : 1000),
  });
}

export function useDepartmentJobs() {
  return useQuery({
    queryKey: departmentWarningKeys.mine(),
    queryFn: ({ signal }) => api.get<{ items: DepartmentJob[] }>("/api/department-warnings/jobs", undefined, signal),
    refetchInterval: (query) => (query.state.data?.items.some((j) => !finished(j)) ? 2000 : false),
  });
}

/** When a job finishes, the recent list and households' warnings are stale. */
export function useRefreshWhenDone(job: DepartmentJob | undefined) {
  const queryClient = useQueryClient();
  const done = finished(job);
  useEffect(() => {
    if (!done || !job) return;
    queryClient.setQueryData<{ items: DepartmentJob[] }>(departmentWarningKeys.mine(), (list) =>
      list && { ...list, items: list.items.map((j) => (j.id === job.id ? job : j)) });
    void queryClient.invalidateQueries({ queryKey: departmentWarningKeys.mine() });
    void queryClient.invalidateQueries({ queryKey: [...departmentWarningKeys.all, "household"] });
    void queryClient.invalidateQueries({ queryKey: householdKeys.lists() });
    // Only the moment the job turns finished matters.
  }, [done, job?.id, queryClient]);
}

export function useHouseholdDepartmentWarnings(householdId: string) {
  return useQuery({
    queryKey: departmentWarningKeys.household(householdId),
    queryFn: ({ signal }) =>
      api.get<{ items: HouseholdDepartmentWarning[] }>(`/api/households/${encodeURIComponent(householdId)}/department-warnings`, undefined, signal),
  });
}

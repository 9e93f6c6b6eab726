import { CLUE_SOURCE_CODES, LEAD_STATES, type ClueSource, type LeadState } from "@fanpin/domain/detection/lead-schemas";
import { DEADLINE_BUCKETS, deadlineText, type DeadlineBucket } from "@fanpin/domain/queues";
import type { DeadlineStatus } from "@fanpin/domain/case-schemas";
import { DEFAULT_PAGE_SIZE, oneOf, pageSizeFrom, positiveInt } from "@/lib/search-params.ts";

export const LEAD_VIEWS = ["list", "backlog", "figures"] as const;
export type LeadView = (typeof LEAD_VIEWS)[number];

/** The filters of 线索核实, as they live in the URL (shareable, kept on reload). */
export type LeadFilters = {
  view?: LeadView;
  status?: "open" | "closed" | "all";
  bucket?: DeadlineBucket;
  source?: ClueSource;
  state?: LeadState;
  areaId?: number;
  q?: string;
  page: number;
  pageSize: number;
};

/** Anything unknown in a hand-edited URL is ignored rather than sent to the API. */
export function leadFiltersFromSearch(search: URLSearchParams): LeadFilters {
  return {
    view: oneOf(LEAD_VIEWS, search.get("view")),
    status: oneOf(["open", "closed", "all"] as const, search.get("status")),
    bucket: oneOf(DEADLINE_BUCKETS, search.get("bucket")),
    source: oneOf(CLUE_SOURCE_CODES, search.get("source")),
    state: oneOf(LEAD_STATES, search.get("state")),
    areaId: positiveInt(search.get("areaId")),
    q: search.get("q")?.trim().slice(0, 50) || undefined,
    page: positiveInt(search.get("page")) ?? 1,
    pageSize: pageSizeFrom(search),
  };
}

export function searchFromLeadFilters(f: LeadFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (f.view && f.view !== "list") search.set("view", f.view);
  if (f.status) search.set("status", f.status);
  if (f.bucket) search.set("bucket", f.bucket);
  if (f.source) search.set("source", f.source);
  if (f.state) search.set("state", f.state);
  if (f.areaId) search.set("areaId", String(f.areaId));
  if (f.q) search.set("q", f.q);
  if (f.page !== 1) search.set("page", String(f.page));
  if (f.pageSize !== DEFAULT_PAGE_SIZE) search.set("pageSize", String(f.pageSize));
  return search;
}

/** Why a lead is red, in words: its verification deadline and how far past it (phones show no colour legend). */
export function leadDeadlineReason(deadline: Pick<DeadlineStatus, "deadline" | "remainingDays" | "unit"> | null): string | null {
  if (!deadline) return null;
  const text = deadlineText(deadline);
  return deadline.remainingDays < 0 ? `应于 ${deadline.deadline} 前核实，已${text}` : `核实期限 ${deadline.deadline}，${text}`;
}

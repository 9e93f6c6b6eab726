import type { ZCaseListQuery } from "@fanpin/domain/case-schemas";
import type { z } from "zod";
import { DEADLINE_BUCKETS, type DeadlineBucket } from "@fanpin/domain/queues";
import { HOUSEHOLD_CATEGORIES, MONITORING_TYPES, type HouseholdCategory, type MonitoringType } from "@fanpin/domain/categories";
import { CASE_STAGES, type CaseStage } from "@fanpin/domain/procedures/stages";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { DEFAULT_PAGE_SIZE, oneOf, pageSizeFrom, PAGE_SIZES, positiveInt } from "@/lib/search-params.ts";

type RiskCause = (typeof RISK_CAUSE.codes)[number];
type ProcedureKind = NonNullable<z.output<typeof ZCaseListQuery>["procedure"]>;

/** The kinds the API knows (the rule set in force offers some of them; the filter lists those). */
const PROCEDURE_KIND_CODES = [
  "MONITORED_IDENTIFICATION", "INSTANT_ASSISTANCE_IDENTIFICATION", "MONITORING_IDENTIFICATION", "ROLLBACK", "RISK_ELIMINATION",
] as const satisfies readonly ProcedureKind[];

/** The filters of a work queue or of the case search, as they live in the URL (shareable, kept on reload). */
export type CaseFilters = {
  tab?: string;
  bucket?: DeadlineBucket;
  areaId?: number;
  category?: HouseholdCategory;
  riskCause?: RiskCause;
  /** A procedure kind of the rule set (GET /api/rules); the API refuses an unknown one. */
  procedure?: ProcedureKind;
  monitoringType?: MonitoringType;
  stage?: CaseStage;
  status?: "open" | "closed" | "all";
  q?: string;
  page: number;
  pageSize: number;
};


export { DEFAULT_PAGE_SIZE, PAGE_SIZES };



/** Anything unknown in a hand-edited URL is ignored rather than sent to the API. */
export function filtersFromSearch(search: URLSearchParams): CaseFilters {
  return {
    tab: search.get("tab") ?? undefined,
    bucket: oneOf(DEADLINE_BUCKETS, search.get("bucket")),
    areaId: positiveInt(search.get("areaId")),
    category: oneOf(HOUSEHOLD_CATEGORIES, search.get("category")),
    riskCause: oneOf(RISK_CAUSE.codes, search.get("riskCause")),
    procedure: oneOf(PROCEDURE_KIND_CODES, search.get("procedure")),
    monitoringType: oneOf(MONITORING_TYPES, search.get("monitoringType")),
    stage: oneOf(CASE_STAGES, search.get("stage")),
    status: oneOf(["open", "closed", "all"] as const, search.get("status")),
    q: search.get("q")?.trim().slice(0, 50) || undefined,
    page: positiveInt(search.get("page")) ?? 1,
    pageSize: pageSizeFrom(search),
  };
}

export function searchFromFilters(f: CaseFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (f.tab) search.set("tab", f.tab);
  if (f.bucket) search.set("bucket", f.bucket);
  if (f.areaId) search.set("areaId", String(f.areaId));
  if (f.category) search.set("category", f.category);
  if (f.riskCause) search.set("riskCause", f.riskCause);
  if (f.procedure) search.set("procedure", f.procedure);
  if (f.monitoringType) search.set("monitoringType", f.monitoringType);
  if (f.stage) search.set("stage", f.stage);
  if (f.status) search.set("status", f.status);
  if (f.q) search.set("q", f.q);
  if (f.page !== 1) search.set("page", String(f.page));
  if (f.pageSize !== DEFAULT_PAGE_SIZE) search.set("pageSize", String(f.pageSize));
  return search;
}

/** Every path of the SPA in one place; screens build links only through these. */
export const paths = {
  /** The workbench: the signed-in role's queues (or overview). */
  home: {
    path: "/",
    getHref: (search?: URLSearchParams | string) => {
      const qs = search?.toString();
      return qs ? `/?${qs}` : "/";
    },
  },
  signIn: {
    path: "/sign-in",
    getHref: (options: { redirectTo?: string | null; reason?: "expired" | "signed-out" } = {}) => {
      const params = new URLSearchParams();
      if (options.redirectTo && options.redirectTo !== "/") params.set("redirectTo", options.redirectTo);
      if (options.reason) params.set("reason", options.reason);
      const qs = params.toString();
      return qs ? `/sign-in?${qs}` : "/sign-in";
    },
  },
  changePassword: { path: "/change-password", getHref: () => "/change-password" },
  households: {
    path: "/households",
    getHref: (search?: URLSearchParams | string) => {
      const qs = search?.toString();
      return qs ? `/households?${qs}` : "/households";
    },
  },
  /**
   * 登记家庭. From a lead (线索 of a person not registered yet): the person's
   * name and village prefilled, and back to the lead (`lead`) with the new
   * household once saved. No phone or ID number in the URL (it stays in history).
   */
  householdNew: {
    path: "/households/new",
    getHref: (fromLead?: { leadId: string; name?: string; villageId?: number }) => {
      if (!fromLead) return "/households/new";
      const params = new URLSearchParams({ lead: fromLead.leadId });
      if (fromLead.name) params.set("name", fromLead.name);
      if (fromLead.villageId) params.set("villageId", String(fromLead.villageId));
      return `/households/new?${params.toString()}`;
    },
  },
  /** 批量导入: upload a sheet, follow the job, read the report; `job` shows one import. */
  householdImport: {
    path: "/households/import",
    getHref: (jobId?: string) => (jobId ? `/households/import?job=${encodeURIComponent(jobId)}` : "/households/import"),
  },
  household: {
    path: "/households/:householdId",
    getHref: (id: string, tab?: "history" | "assistance") => `/households/${encodeURIComponent(id)}${tab ? `?tab=${tab}` : ""}`,
  },
  /** 帮扶档案 of one household (the helper's way in; desk roles also reach it as the household's 帮扶 tab). */
  assistanceFile: { path: "/assistance/:householdId", getHref: (id: string) => `/assistance/${encodeURIComponent(id)}` },
  /** 登记走访: the visit form, phone first, kept on the device until sent. */
  visitNew: { path: "/assistance/:householdId/visits/new", getHref: (id: string) => `/assistance/${encodeURIComponent(id)}/visits/new` },
  /** 帮扶手册: the household's A4 handbook to print (outside the app frame). */
  assistanceHandbook: { path: "/assistance/:householdId/handbook", getHref: (id: string) => `/assistance/${encodeURIComponent(id)}/handbook` },
  /** 帮扶责任人 register. */
  helpers: { path: "/helpers", getHref: () => "/helpers" },
  householdEdit: {
    path: "/households/:householdId/edit",
    getHref: (id: string) => `/households/${encodeURIComponent(id)}/edit`,
  },
  cases: {
    path: "/cases",
    getHref: (search?: URLSearchParams | string) => {
      const qs = search?.toString();
      return qs ? `/cases?${qs}` : "/cases";
    },
  },
  case: { path: "/cases/:caseId", getHref: (id: string) => `/cases/${encodeURIComponent(id)}` },
  /** 村内公示: the notices the user can print. */
  publicityNotices: { path: "/publicity", getHref: () => "/publicity" },
  /** One notice as an A4 page to print (outside the app frame); `period` is the posting date or "pending". */
  publicityNotice: {
    path: "/publicity/:villageId/:period",
    getHref: (villageId: number, period: string, postedOn?: string) =>
      `/publicity/${villageId}/${encodeURIComponent(period)}${postedOn ? `?postedOn=${postedOn}` : ""}`,
  },
  users: { path: "/users", getHref: () => "/users" },
  /** 工作日历 (administrators): holidays, make-up working days, years entered. */
  calendar: { path: "/calendar", getHref: () => "/calendar" },
  /** 监测统计: the user's area, or a sub-area (`areaId`: the drill-down, kept in the URL so back goes up). */
  statistics: {
    path: "/statistics",
    getHref: (areaId?: number) => (areaId ? `/statistics?areaId=${areaId}` : "/statistics"),
  },
  /** 报表: ledger and department lists for a date, and the files stored on report days. */
  reports: { path: "/reports", getHref: () => "/reports" },
  /** 线索核实: leads (and the warnings that raised them) to verify, with their deadline buckets; the district's backlog by township. */
  leads: {
    path: "/leads",
    getHref: (search?: URLSearchParams | string) => {
      const qs = search?.toString();
      return qs ? `/leads?${qs}` : "/leads";
    },
  },
  /** One lead; `household`: the household just registered for it (the 立案 dialog opens with it). */
  lead: {
    path: "/leads/:leadId",
    getHref: (id: string, household?: string) => `/leads/${encodeURIComponent(id)}${household ? `?household=${encodeURIComponent(household)}` : ""}`,
  },
  /** 部门筛查预警: the district uploads a department's list and follows the matching job. */
  departmentWarnings: {
    path: "/department-warnings",
    getHref: (jobId?: string) => (jobId ? `/department-warnings?job=${encodeURIComponent(jobId)}` : "/department-warnings"),
  },
  /** 申报二维码: each village's QR poster for the public self-report page. */
  selfReportPosters: { path: "/self-report-posters", getHref: () => "/self-report-posters" },
  /** One village's poster as an A4 page to print (outside the app frame). */
  selfReportPoster: { path: "/self-report-posters/:villageId", getHref: (villageId: number) => `/self-report-posters/${villageId}` },
  /** Public, without sign-in: 农户自主申报 (一键报贫), the village preset by the QR code. */
  selfReport: {
    path: "/self-report",
    getHref: (villageCode?: string) => (villageCode ? `/self-report?village=${encodeURIComponent(villageCode)}` : "/self-report"),
  },
  /** Public: the progress of a self-report, for its reference and the phone's last 4 digits. */
  selfReportStatus: {
    path: "/self-report/status",
    getHref: (reference?: string) => (reference ? `/self-report/status?ref=${encodeURIComponent(reference)}` : "/self-report/status"),
  },
} as const;

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeRedirectTarget(value: string | null): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith(paths.signIn.path)) {
    return paths.home.getHref();
  }
  return value;
}

import type { RulesProcedure, RulesResponse, RulesStep } from "@/lib/get-rules.ts";

/**
 * A small hand-written answer of GET /api/rules for the SPA's unit tests (the
 * SPA gets its rules from the server; these tests do not load a rule set).
 */
const deadline = (days: number, unit: "WORKING_DAYS" | "CALENDAR_DAYS" = "WORKING_DAYS") =>
  ({ days, unit, from: "STAGE_START", text: `${days} 个${unit === "WORKING_DAYS" ? "工作日" : "自然日"}内` }) as const;

const step = (code: RulesStep["code"], label: string, role: RulesStep["role"], extra: Partial<RulesStep> = {}): RulesStep => ({
  code, label, role, deadline: deadline(3), records: [], crossCheck: false, announcement: false, actions: [], ...extra,
});

const labels = (steps: RulesStep[], ends: Record<string, string>) => ({
  ...Object.fromEntries(steps.map((s) => [s.code, s.label])),
  ...ends,
});

const ENDS = { DESIGNATED: "已认定", ELIMINATED: "已标注风险消除", REJECTED: "不予纳入", WITHDRAWN: "已撤回", OBJECTION_UPHELD: "异议成立终止" };

const identificationSteps = [
  step("TOWNSHIP_VERIFICATION", "入户核实与民主评议", "TOWNSHIP_STAFF", { deadline: deadline(5), records: ["CONSENT", "VERIFICATION", "APPRAISAL"] }),
  step("PUBLICITY_PENDING", "待村内公示", "VILLAGE_CADRE", { deadline: deadline(1) }),
  step("PUBLICITY_RUNNING", "公示中", "VILLAGE_CADRE", { deadline: null }),
  step("PUBLICITY_ENDED", "公示期满待确认", "VILLAGE_CADRE", { deadline: deadline(1) }),
  step("OBJECTION_REVIEW", "异议待区县裁定", "DISTRICT_REVIEWER"),
  step("TOWNSHIP_REVIEW", "乡镇初审", "TOWNSHIP_STAFF", { deadline: deadline(2) }),
  step("DISTRICT_REVIEW", "县级审定", "DISTRICT_REVIEWER", { crossCheck: true }),
];

export const IDENTIFICATION: RulesProcedure = {
  kind: "MONITORING_IDENTIFICATION",
  label: "识别认定为监测对象",
  purpose: "IDENTIFICATION",
  appliesTo: { categories: ["ORDINARY", "LIFTED_WITH_POLICY", "LIFTED_WITHOUT_POLICY"], designations: [null] },
  outcome: { type: "DESIGNATE", label: "认定", designation: "MONITORING_TARGET" },
  limit: { days: 15, unit: "CALENDAR_DAYS", from: "FIRST_CLUE", text: "自首次发现线索起 15 天内" },
  steps: identificationSteps,
  stageLabels: labels(identificationSteps, ENDS),
};

const rollbackSteps = [
  step("TOWNSHIP_VERIFICATION", "村级民主评议", "TOWNSHIP_STAFF", { deadline: deadline(5), records: ["APPRAISAL"] }),
  step("DISTRICT_REVIEW", "区县审核", "DISTRICT_REVIEWER"),
];

export const ROLLBACK: RulesProcedure = {
  kind: "ROLLBACK",
  label: "回退为脱贫享受政策户",
  purpose: "IDENTIFICATION",
  appliesTo: { categories: ["LIFTED_WITHOUT_POLICY"], designations: [null] },
  outcome: { type: "CHANGE_CATEGORY", label: "变更户类别", category: "LIFTED_WITH_POLICY" },
  limit: null,
  steps: rollbackSteps,
  stageLabels: labels(rollbackSteps, ENDS),
};

const eliminationSteps = [
  step("TOWNSHIP_VERIFICATION", "入户核实评估与民主评议", "TOWNSHIP_STAFF", { deadline: deadline(5), records: ["ASSESSMENT", "APPRAISAL"] }),
  step("DISTRICT_REVIEW", "县级审定并公告", "DISTRICT_REVIEWER", { announcement: true }),
];

export const ELIMINATION: RulesProcedure = {
  kind: "RISK_ELIMINATION",
  label: "风险消除",
  purpose: "ELIMINATION",
  appliesTo: { categories: ["ORDINARY", "LIFTED_WITH_POLICY", "LIFTED_WITHOUT_POLICY"], designations: ["MONITORING_TARGET"] },
  outcome: { type: "END_DESIGNATION", label: "标注风险消除" },
  limit: null,
  steps: eliminationSteps,
  stageLabels: labels(eliminationSteps, ENDS),
};

export const RULES: Pick<RulesResponse, "monitoringTypes" | "recordKinds" | "publicity"> = {
  monitoringTypes: [
    { code: "UNSTABLE_LIFTED", label: "脱贫不稳定户" },
    { code: "EDGE_AT_RISK", label: "边缘易致贫户" },
  ],
  recordKinds: [
    { code: "CONSENT", label: "农户授权承诺" },
    { code: "VERIFICATION", label: "入户核实" },
    { code: "APPRAISAL", label: "民主评议" },
    { code: "ASSESSMENT", label: "风险消除入户核实评估" },
  ],
  publicity: { days: 5, endsOnWorkingDay: false },
};

import type { Role } from "../roles.ts";

/**
 * Stages a case passes through (DOMAIN.md "The three procedures"). Which of
 * them a case visits depends on its procedure; the terminal ones end it.
 */
export const CASE_STAGES = [
  "TOWNSHIP_VERIFICATION",
  "DISTRICT_REVIEW",
  "PUBLICITY_PENDING",
  "PUBLICITY_RUNNING",
  "PUBLICITY_ENDED",
  "OBJECTION_REVIEW",
  "TOWNSHIP_REVIEW",
  "DESIGNATED",
  "ELIMINATED",
  "REJECTED",
  "OBJECTION_UPHELD",
  "WITHDRAWN",
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const TERMINAL_STAGES: readonly CaseStage[] = ["DESIGNATED", "ELIMINATED", "REJECTED", "OBJECTION_UPHELD", "WITHDRAWN"];
export const isTerminal = (stage: CaseStage) => TERMINAL_STAGES.includes(stage);

export const CASE_STAGE_LABELS: Record<CaseStage, string> = {
  TOWNSHIP_VERIFICATION: "乡镇核实",
  DISTRICT_REVIEW: "区县审核",
  PUBLICITY_PENDING: "待村内公示",
  PUBLICITY_RUNNING: "公示中",
  PUBLICITY_ENDED: "公示期满待确认",
  OBJECTION_REVIEW: "异议待区县裁定",
  TOWNSHIP_REVIEW: "乡镇审核",
  DESIGNATED: "已完成认定",
  ELIMINATED: "已标注风险消除",
  REJECTED: "不予纳入",
  OBJECTION_UPHELD: "异议成立，终止",
  WITHDRAWN: "已撤回",
};

/** Who works on a case while it is in a stage (whose queue it is in). */
export const STAGE_OWNER: Partial<Record<CaseStage, Role>> = {
  TOWNSHIP_VERIFICATION: "TOWNSHIP_STAFF",
  DISTRICT_REVIEW: "DISTRICT_REVIEWER",
  PUBLICITY_PENDING: "VILLAGE_CADRE",
  PUBLICITY_RUNNING: "VILLAGE_CADRE",
  PUBLICITY_ENDED: "VILLAGE_CADRE",
  OBJECTION_REVIEW: "DISTRICT_REVIEWER",
  TOWNSHIP_REVIEW: "TOWNSHIP_STAFF",
};

import { z } from "zod";
import { DESIGNATIONS, HOUSEHOLD_CATEGORIES, MONITORING_TYPE_LABELS, MONITORING_TYPES } from "./categories.ts";
import { CASE_ACTION_CODES, CASE_ACTIONS } from "./procedures/actions.ts";
import { deadlineText, OUTCOME_LABELS, PROCEDURE_KINDS, RECORD_KIND_LABELS, RECORD_KINDS, type DeadlineRule } from "./procedures/procedure.ts";
import { queuesOf } from "./procedures/queue-membership.ts";
import { LOCAL_RULE_PRESETS, type LocalRules } from "./procedures/rules.ts";
import { CASE_STAGE_LABELS, CASE_STAGES } from "./procedures/stages.ts";
import { QUEUE_NAMES, QUEUES } from "./queues.ts";
import { ROLES } from "./roles.ts";
import { ASSISTANCE_QUEUE_NAMES, ASSISTANCE_QUEUES } from "./assistance-schemas.ts";
import {
  MEASURE_DEPARTMENT_CODES, MEASURE_DEPARTMENTS, MEASURE_PERIOD_CODES, MEASURE_TYPE_CODES, MEASURE_TYPES, RISK_CLASS_CODES,
} from "./assistance/rules.ts";

/**
 * GET /api/rules: everything the SPA needs to know of the deployment's rule
 * set — procedures with their steps, deadlines, records and actions, the
 * monitoring types, cross-check items and exclusions. The SPA compiles no
 * rule set in; it renders what this says.
 */
const ZDeadlineRuleView = z.object({
  days: z.number().int(),
  unit: z.enum(["WORKING_DAYS", "CALENDAR_DAYS"]),
  from: z.enum(["STAGE_START", "FIRST_CLUE"]),
  /** "5 个工作日内", "自首次发现线索起 15 天内" */
  text: z.string(),
});
const ZCodeLabel = <T extends readonly [string, ...string[]]>(codes: T) => z.object({ code: z.enum(codes), label: z.string() });

export const ZRulesResponse = z.object({
  preset: z.enum(LOCAL_RULE_PRESETS),
  name: z.string(),
  procedures: z.array(z.object({
    kind: z.enum(PROCEDURE_KINDS),
    label: z.string(),
    purpose: z.enum(["IDENTIFICATION", "ELIMINATION"]),
    appliesTo: z.object({ categories: z.array(z.enum(HOUSEHOLD_CATEGORIES)), designations: z.array(z.enum(DESIGNATIONS).nullable()) }),
    outcome: z.object({
      type: z.enum(["DESIGNATE", "CHANGE_CATEGORY", "END_DESIGNATION"]),
      label: z.string(),
      designation: z.enum(DESIGNATIONS).optional(),
      category: z.enum(HOUSEHOLD_CATEGORIES).optional(),
    }),
    limit: ZDeadlineRuleView.nullable(),
    steps: z.array(z.object({
      code: z.enum(CASE_STAGES),
      label: z.string(),
      role: z.enum(ROLES),
      deadline: ZDeadlineRuleView.nullable(),
      records: z.array(z.enum(RECORD_KINDS)),
      crossCheck: z.boolean(),
      announcement: z.boolean(),
      actions: z.array(z.object({
        action: z.enum(CASE_ACTION_CODES),
        label: z.string(),
        /** POST /api/cases/:id/<path>; null: the system takes it when time passes. */
        path: z.string().nullable(),
        roles: z.array(z.string()),
        to: z.string(),
        completes: z.boolean(),
      })),
    })),
    /** Every stage's label in this procedure, end stages included. */
    stageLabels: z.record(z.string(), z.string()),
  })),
  monitoringTypes: z.array(ZCodeLabel(MONITORING_TYPES)),
  crossChecks: z.array(z.object({ code: z.string(), label: z.string() })),
  exclusions: z.array(z.object({ code: z.string(), label: z.string() })),
  publicity: z.object({ days: z.number().int(), endsOnWorkingDay: z.boolean() }),
  monitoringLines: z.array(z.object({ year: z.number().int(), areaCode: z.string(), perCapitaYuan: z.number(), source: z.string() })),
  recordKinds: z.array(ZCodeLabel(RECORD_KINDS)),
  queues: z.array(z.object({ name: z.enum(QUEUE_NAMES), label: z.string(), role: z.enum(ROLES) })),
  reportCalendar: z.object({ name: z.string(), days: z.record(z.string(), z.array(z.number().int())) }),
  /** Assistance rules (assistance/rules.ts), with labels for the SPA. */
  assistance: z.object({
    assignWithinWorkingDays: z.number().int(),
    villageContactRequired: z.boolean(),
    leadMinimumRank: z.string().nullable(),
    visitEveryDays: z.number().int(),
    visitDueOnWorkingDay: z.boolean(),
    riskClasses: z.array(z.object({ code: z.enum(RISK_CLASS_CODES), label: z.string(), meaning: z.string(), visitEveryDays: z.number().int() })),
    initialRiskClass: z.enum(RISK_CLASS_CODES).nullable(),
    reviewDueWorkingDaysAfterQuarter: z.number().int(),
    measureCatalogue: z.array(z.object({
      code: z.string(), name: z.string(), type: z.enum(MEASURE_TYPE_CODES), department: z.enum(MEASURE_DEPARTMENT_CODES),
      amountYuan: z.number().nullable(), period: z.enum(MEASURE_PERIOD_CODES).nullable(), note: z.string().nullable(),
    })),
    measureTypes: z.array(z.object({ code: z.enum(MEASURE_TYPE_CODES), label: z.string() })),
    departments: z.array(z.object({ code: z.enum(MEASURE_DEPARTMENT_CODES), label: z.string() })),
    queues: z.array(z.object({ name: z.enum(ASSISTANCE_QUEUE_NAMES), label: z.string(), roles: z.array(z.enum(ROLES)) })),
  }),
  /** Detection rules (detection/detection-rules.ts): 日汇总、周核实, merging, the monthly screening report day, early-warning thresholds. */
  detection: z.object({
    handOver: z.literal("NEXT_WORKING_DAY"),
    /** Counted from the day the lead is handed to the township; `text` e.g. "移交乡镇后 5 个工作日内". */
    verifyWithin: ZDeadlineRuleView,
    mergeWithinDays: z.number().int(),
    screeningReportDay: z.number().int(),
    earlyWarnings: z.array(z.object({
      year: z.number().int(), incomeLineFactor: z.number(), rigidExpenseShareOfIncome: z.number(), incomeDropPercent: z.number(),
    })),
  }),
});
export type RulesResponse = z.infer<typeof ZRulesResponse>;
export type RulesProcedure = RulesResponse["procedures"][number];
export type RulesStep = RulesProcedure["steps"][number];

const view = (rule: DeadlineRule | null) => (rule ? { ...rule, text: deadlineText(rule) } : null);

export function describeRules(rules: LocalRules): RulesResponse {
  return {
    preset: rules.preset,
    name: rules.name,
    procedures: rules.procedures.map((p) => ({
      kind: p.kind,
      label: p.label,
      purpose: p.purpose,
      appliesTo: { categories: [...p.appliesTo.categories], designations: [...p.appliesTo.designations] },
      outcome: {
        type: p.outcome.type,
        label: OUTCOME_LABELS[p.outcome.type],
        ...(p.outcome.type === "DESIGNATE" ? { designation: p.outcome.designation } : {}),
        ...(p.outcome.type === "CHANGE_CATEGORY" ? { category: p.outcome.category } : {}),
      },
      limit: view(p.limit),
      steps: p.steps.map((s) => ({
        code: s.stage,
        label: s.label,
        role: s.role,
        deadline: view(s.deadline),
        records: [...(s.records ?? [])],
        crossCheck: s.crossCheck ?? false,
        announcement: s.announcement ?? false,
        actions: p.transitions.filter((t) => t.from.includes(s.stage)).map((t) => ({
          action: t.action, label: CASE_ACTIONS[t.action].label, path: CASE_ACTIONS[t.action].path, roles: [...t.roles], to: t.to, completes: !!t.completes,
        })),
      })),
      stageLabels: Object.fromEntries(CASE_STAGES.map((stage) => [stage, p.steps.find((s) => s.stage === stage)?.label ?? p.endLabels?.[stage] ?? CASE_STAGE_LABELS[stage]])),
    })),
    monitoringTypes: rules.monitoringTypes.map((code) => ({ code, label: MONITORING_TYPE_LABELS[code] })),
    crossChecks: Object.entries(rules.crossChecks).map(([code, label]) => ({ code, label })),
    exclusions: Object.entries(rules.exclusions).map(([code, label]) => ({ code, label })),
    publicity: rules.publicity,
    monitoringLines: rules.monitoringLines.map((l) => ({ ...l })),
    recordKinds: RECORD_KINDS.map((code) => ({ code, label: RECORD_KIND_LABELS[code] })),
    queues: queuesOf(rules.preset).map((name) => ({ name, label: QUEUES[name].label, role: QUEUES[name].role })),
    reportCalendar: { name: rules.reportCalendar.name, days: Object.fromEntries(Object.entries(rules.reportCalendar.days).map(([k, v]) => [k, [...v]])) },
    assistance: {
      ...rules.assistance,
      riskClasses: rules.assistance.riskClasses.map((c) => ({ ...c })),
      measureCatalogue: rules.assistance.measureCatalogue.map((m) => ({ ...m })),
      measureTypes: MEASURE_TYPE_CODES.map((code) => ({ code, label: MEASURE_TYPES[code] })),
      departments: MEASURE_DEPARTMENT_CODES.map((code) => ({ code, label: MEASURE_DEPARTMENTS[code] })),
      queues: ASSISTANCE_QUEUE_NAMES.map((name) => ({ name, label: ASSISTANCE_QUEUES[name].label, roles: [...ASSISTANCE_QUEUES[name].roles] })),
    },
    detection: {
      handOver: rules.detection.handOver,
      verifyWithin: { ...rules.detection.verifyWithin, text: `移交乡镇后 ${deadlineText(rules.detection.verifyWithin)}` },
      mergeWithinDays: rules.detection.mergeWithinDays,
      screeningReportDay: rules.detection.screeningReportDay,
      earlyWarnings: rules.detection.earlyWarnings.map((t) => ({ ...t })),
    },
  };
}

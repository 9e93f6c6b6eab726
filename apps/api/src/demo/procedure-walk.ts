import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { CaseDetail } from "@fanpin/domain/case-schemas";
import type { MonitoringType } from "@fanpin/domain/categories";
import type { CaseAction } from "@fanpin/domain/procedures/actions";
import { stepOf, type Procedure, type RecordKind } from "@fanpin/domain/procedures/procedure";
import { procedureIn, type LocalRules } from "@fanpin/domain/procedures/rules";
import { isTerminal, type CaseStage } from "@fanpin/domain/procedures/stages";
import type { Role } from "@fanpin/domain/roles";
import type { Actor } from "../lib/actor.ts";
import type { Deps } from "../lib/deps.ts";
import { performAction, performSystemAction, getCase } from "../modules/cases/cases.service.ts";

/**
 * Takes a case along its procedure's usual path (every record favourable,
 * every review approving) up to a stage, one step a day, read from the
 * procedure's data — so the demo data of every rule set has cases in its
 * own stages, whatever its procedures look like.
 */
export type Walk = {
  /** The API's dependencies as of `daysAgo` days before now. */
  depsOn: (daysAgo: number) => Deps;
  /** The demo user who acts in a role. */
  actorFor: (role: Role, c: CaseDetail) => Actor;
  rules: LocalRules;
};

export async function walkCase(w: Walk, start: CaseDetail, target: CaseStage | "END", startDaysAgo: number): Promise<CaseDetail> {
  let c = start;
  let day = startDaysAgo;
  const procedure = procedureIn(w.rules, c.procedure)!;
  const act = async (action: CaseAction, role: Role, record: unknown) => {
    const deps = w.depsOn(day);
    c = await performAction(deps, w.actorFor(role, c), c.id, action, c.version, fillDates(record, todayInChina(deps.clock())));
    day = Math.max(day - 1, 0);
  };
  while (!isTerminal(c.stage) && c.stage !== target) {
    const step = stepOf(procedure, c.stage)!;
    const from = (action: CaseAction) => procedure.transitions.find((t) => t.action === action && t.from.includes(c.stage));
    if (c.stage === procedure.steps[0]!.stage) {
      for (const kind of step.records ?? []) {
        const action = RECORD_ACTIONS[kind];
        await act(action, from(action)!.roles[0] as Role, defaultRecord(kind, procedure, w.rules, c));
      }
      await act("SUBMIT", step.role, null);
    } else if (c.stage === "PUBLICITY_PENDING") {
      await act("POST_PUBLICITY", step.role, { place: "村委会公示栏" });
    } else if (c.stage === "PUBLICITY_RUNNING") {
      // The period runs its days; the system ends it on the first day after.
      day = Math.max(day - w.rules.publicity.days, 0);
      if (!(await performSystemAction(w.depsOn(day), c.id, "END_PUBLICITY"))) return c;
      c = await getCase(w.depsOn(day), w.actorFor(step.role, c), c.id);
    } else if (c.stage === "PUBLICITY_ENDED") {
      await act("CONFIRM_OUTCOME", step.role, {});
    } else if (from("APPROVE")) {
      await act("APPROVE", step.role, approval(procedure, w.rules, step.crossCheck ?? false, step.announcement ?? false, c));
    } else {
      return c;
    }
  }
  return c;
}

const RECORD_ACTIONS: Record<RecordKind, CaseAction> = {
  CONSENT: "RECORD_CONSENT", VERIFICATION: "RECORD_VERIFICATION", APPRAISAL: "RECORD_APPRAISAL", ASSESSMENT: "RECORD_ASSESSMENT",
};

/** The type a demo verification proposes: what the household's category suggests, within the rule set's types. */
function proposedType(rules: LocalRules, c: CaseDetail): MonitoringType | undefined {
  const preferred: MonitoringType = c.category === "ORDINARY" ? "EDGE_AT_RISK" : "UNSTABLE_LIFTED";
  return rules.monitoringTypes.includes(preferred) ? preferred : rules.monitoringTypes[0];
}

const designatesTarget = (p: Procedure) => p.outcome.type === "DESIGNATE" && p.outcome.designation === "MONITORING_TARGET";

function defaultRecord(kind: RecordKind, procedure: Procedure, rules: LocalRules, c: CaseDetail): unknown {
  switch (kind) {
    case "CONSENT": return { signedBy: c.household.headName, note: "户主签署授权承诺书，同意核查家庭经济状况" };
    case "VERIFICATION": return {
      verifiers: ["李专干", "陈书记"], findings: "入户核实，家庭成员患病，医疗支出较大，情况属实", riskConfirmed: true,
      ...(designatesTarget(procedure) ? { monitoringType: proposedType(rules, c) } : {}),
    };
    case "APPRAISAL": return { participants: 11, votesFor: 10, votesAgainst: 0, passed: true, minutesSummary: "村民代表会议评议，同意" };
    case "ASSESSMENT": {
      const year = Math.max(...rules.monitoringLines.map((l) => l.year), 2025);
      return {
        verifiers: ["李专干", "陈书记"],
        income: { year, perCapitaYuan: 15_000, stableMonths: 8 },
        rigidExpensesResolved: { met: true }, basicNeedsSecured: { met: true }, originalRiskGone: { met: true, note: "户主病愈返岗" }, noNewRisk: { met: true },
        noLabourCapacityCoveredBySocialSecurity: false,
        findings: "入户核实：家庭收入稳定，医疗支出已由医保和大病保险解决，无新的风险",
      };
    }
  }
}

function approval(procedure: Procedure, rules: LocalRules, crossCheck: boolean, announcement: boolean, c: CaseDetail): unknown {
  return {
    ...(crossCheck ? {
      crossChecks: Object.fromEntries(Object.keys(rules.crossChecks).map((k) => [k, { result: "CLEAR" }])),
      exclusions: Object.fromEntries(Object.keys(rules.exclusions).map((k) => [k, false])),
    } : {}),
    ...(announcement ? { announcement: `经审定，${c.household.headName}户风险已消除，予以公告。` } : {}),
    ...(designatesTarget(procedure) && !c.monitoringType ? { monitoringType: proposedType(rules, c) } : {}),
  };
}

/** Dates in a record are the day the step is taken. */
export function fillDates(record: unknown, today: string): unknown {
  if (!record || typeof record !== "object") return record;
  const r = record as Record<string, unknown>;
  if ("signedBy" in r) return { ...r, signedOn: today };
  if ("verifiers" in r) return { ...r, visitedOn: today };
  if ("participants" in r) return { ...r, heldOn: today };
  if ("place" in r) return { ...r, postedOn: today };
  return r;
}

// Cases for the scale data generator: a plan of dated steps for each case
// (anchored so that the current stage's deadline lies around today), run
// through the procedures' own engine (packages/domain/src/procedures) with
// the deployment's rules and the working-day calendar, so that stages,
// deadlines, round records and publicity dates are exactly what the API
// would have stored had officials taken these steps on these days.
import type { WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";
import { addCalendarDays } from "@fanpin/domain/calendar/working-days";
import type { HouseholdCategory } from "@fanpin/domain/categories";
import type { CaseAction } from "@fanpin/domain/procedures/actions";
import { decideAction, openCase, type CaseState, type Decision } from "@fanpin/domain/procedures/engine";
import { stepOf, type Procedure } from "@fanpin/domain/procedures/procedure";
import type { LeadRecord } from "@fanpin/domain/procedures/records";
import { identificationFor, type LocalRules } from "@fanpin/domain/procedures/rules";
import type { CaseStage } from "@fanpin/domain/procedures/stages";
import { DIFFICULTY, type Rng } from "./scale-people.ts";

export type Who = "VILLAGE_CADRE" | "TOWNSHIP_STAFF" | "DISTRICT_REVIEWER" | "SYSTEM";

/** Where a case stands now: an open stage (with its variant) or how it ended. */
export type CaseVariant =
  | "TV_FRESH" | "TV_VERIFIED" | "TV_APPRAISED" | "TV_RETURNED" | "DR" | "PP" | "PR" | "PE" | "OR"
  | "C_DESIGNATED" | "C_REJECTED" | "C_WITHDRAWN" | "C_UPHELD";

/** Open stages by weight; the first households of a run take them in this order, so every stage occurs even in a small run. */
export const OPEN_VARIANTS: Record<HouseholdCategory, readonly (readonly [CaseVariant, number])[]> = {
  LIFTED_WITH_POLICY: [["TV_FRESH", 25], ["TV_VERIFIED", 20], ["TV_RETURNED", 10], ["DR", 45]],
  ORDINARY: [["TV_FRESH", 14], ["DR", 20], ["PP", 8], ["PR", 18], ["PE", 12], ["OR", 4], ["TV_RETURNED", 6], ["TV_VERIFIED", 10], ["TV_APPRAISED", 8]],
  LIFTED_WITHOUT_POLICY: [["TV_FRESH", 14], ["DR", 20], ["PP", 8], ["PR", 18], ["PE", 12], ["OR", 4], ["TV_RETURNED", 6], ["TV_VERIFIED", 10], ["TV_APPRAISED", 8]],
};

export type SimStep = {
  seq: number;
  action: CaseAction | "OPEN";
  date: string;
  who: Who;
  record: unknown;
  fromStage: CaseStage;
  toStage: CaseStage;
  /** Deadline of the stage the action was taken in, and whether it was met. */
  stageDeadline: string | null;
  metDeadline: boolean | null;
  newDeadline: string | null;
  /** Audit entry's before/after (as cases.service.ts writes them). */
  auditBefore: unknown;
  auditAfter: unknown;
  reason: string | null;
  completes: boolean;
};

export type SimCase = {
  category: HouseholdCategory;
  state: CaseState;
  deadlineComplete: boolean;
  lead: LeadRecord;
  steps: SimStep[];
  opener: Who;
  /** The procedure's outcome, when the case reached DESIGNATED: on this date. */
  outcome: { designation?: "MONITORED" | "INSTANT_ASSISTANCE"; category?: HouseholdCategory; on: string } | null;
  closed: boolean;
};

type PlannedStep = { action: CaseAction; date: string; who: Who; record: unknown };

type Env = { rules: LocalRules; calendar: WorkingDayCalendar; today: string };

/**
 * The generator plans the 2020 procedures' paths (weihai, linyi: one
 * identification procedure per category, verification → district review →
 * publicity); what it needs of them is read from the procedure's data.
 */
function plannedProcedure(rules: LocalRules, category: HouseholdCategory) {
  const procedure: Procedure = identificationFor(rules, { category, designation: null })!;
  const days = (stage: CaseStage) => stepOf(procedure, stage)?.deadline?.days ?? 0;
  return {
    procedure,
    townshipRecords: procedure.steps[0]!.records ?? [],
    publicity: procedure.steps.some((s) => s.stage === "PUBLICITY_PENDING"),
    crossCheck: stepOf(procedure, "DISTRICT_REVIEW")?.crossCheck ?? false,
    townshipDays: days("TOWNSHIP_VERIFICATION"),
    districtDays: days("DISTRICT_REVIEW"),
    postingDays: days("PUBLICITY_PENDING"),
    /** Who records that publicity ended without objection (Weihai: the district enters the designation). */
    outcomeBy: (stepOf(procedure, "PUBLICITY_ENDED")?.role ?? "VILLAGE_CADRE") as Who,
  };
}

const VERIFIER_NAMES = ["李专干", "王专干", "张干事", "刘干事", "陈书记", "赵主任", "孙委员", "周专干", "吴干事", "郑书记"];

export function planAndSimulate(
  rng: Rng, env: Env, category: HouseholdCategory, variant: CaseVariant, riskCauses: string[], caseNo: string, villageName: string,
): SimCase {
  const { calendar, today, rules } = env;
  const back = (date: string, wd: number) => {
    let d = date;
    for (let i = 0; i < wd; i++) d = calendar.previousWorkingDay(d);
    return d;
  };
  const fwd = (date: string, wd: number) => {
    let d = date;
    for (let i = 0; i < wd; i++) d = calendar.nextWorkingDay(d);
    return d;
  };
  const procRules = plannedProcedure(rules, category);
  const needs = procRules.townshipRecords;
  const publicity = procRules.publicity;
  const crossCheck = procRules.crossCheck;
  const publicityDays = rules.publicity.days;
  const publicityRule = { extendEndToWorkingDay: rules.publicity.endsOnWorkingDay };

  // ------------------------------------------------------------ records
  const verification = (date: string, confirmed = true) => ({
    visitedOn: date,
    verifiers: [rng.pick(VERIFIER_NAMES), rng.pick(VERIFIER_NAMES)].filter((v, i, a) => a.indexOf(v) === i),
    findings: confirmed ? `入户核实：${DIFFICULTY[riskCauses[0] ?? "OTHER"] ?? DIFFICULTY.OTHER}，情况属实` : "入户核实：家庭收入稳定，风险已基本消除",
    riskConfirmed: confirmed,
  });
  const appraisal = (date: string) => {
    const participants = rng.range(9, 25);
    const votesAgainst = rng.int(3);
    return {
      heldOn: date, participants, votesFor: participants - votesAgainst - rng.int(2), votesAgainst, passed: true,
      minutesSummary: "村民代表会议民主评议，多数同意纳入",
    };
  };
  const checks = () => ({
    crossChecks: Object.fromEntries(Object.keys(rules.crossChecks).map((k) => [k, { result: "CLEAR" }])),
    exclusions: Object.fromEntries(Object.keys(rules.exclusions).map((k) => [k, false])),
  });
  const approveRecord = () => (crossCheck ? checks() : { note: "经审核，返贫风险属实，同意认定" });
  const rejectRecord = () => {
    if (!crossCheck) return { reason: "经审核，家庭收入稳定，不存在返贫风险，不予纳入" };
    const c = checks();
    (c.crossChecks as Record<string, unknown>).VEHICLE = { result: "HIT", note: "比对发现家庭成员名下登记小轿车一辆" };
    (c.exclusions as Record<string, boolean>).CAR = true;
    return { ...c, reason: "家庭拥有非生产经营必需的小轿车，属于“十不纳入”情形，不予纳入" };
  };
  const place = `${villageName}村委会公示栏`;

  /** The township round: the records the rules need (and sometimes an optional verification), then SUBMIT, `gap` working days apart. */
  const roundSteps = (): { action: CaseAction; who: Who; record: (d: string) => unknown }[] => {
    const out: { action: CaseAction; who: Who; record: (d: string) => unknown }[] = [];
    if (needs.includes("VERIFICATION") || rng.chance(0.3)) out.push({ action: "RECORD_VERIFICATION", who: "TOWNSHIP_STAFF", record: (d) => verification(d) });
    if (needs.includes("APPRAISAL")) out.push({ action: "RECORD_APPRAISAL", who: rng.chance(0.6) ? "VILLAGE_CADRE" : "TOWNSHIP_STAFF", record: appraisal });
    return out;
  };
  const gapTownship = () => rng.weighted([[0, 20], [1, 35], [2, 25], [3, 12], [4, 5], [6, 3]] as const);
  const gapDistrict = () => rng.weighted([[0, 15], [1, 40], [2, 30], [3, 10], [5, 5]] as const);

  /** A deadline around today: overdue, due today, due on the next working day, or later (within `n` working days). */
  const anchoredStart = (n: number): string => {
    const bucket = rng.weighted([["overdue", 14], ["today", 8], ["next", 12], ["later", 66]] as const);
    let deadline: string;
    if (bucket === "overdue") deadline = back(today, rng.range(1, 6));
    else if (bucket === "today" && calendar.isWorkingDay(today)) deadline = today;
    else if (bucket === "later" && n >= 2) deadline = fwd(today, rng.range(2, n));
    else deadline = calendar.nextWorkingDay(today);
    return back(deadline, n);
  };

  // Steps are planned backwards from the anchor (the start of the current stage), as [action, gap before it].
  type Back = { action: CaseAction; who: Who; record: (d: string) => unknown; gap: number };
  const before: Back[] = []; // in forward order, the anchor last
  const after: PlannedStep[] = [];
  let anchor = today;
  const opener: Who = rng.weighted([["VILLAGE_CADRE", 40], ["TOWNSHIP_STAFF", 55], ["DISTRICT_REVIEWER", 5]] as const);
  let openGap = 0;

  const round = (gapAfterOpen: boolean) => {
    const steps = roundSteps();
    steps.forEach((s, i) => before.push({ ...s, gap: i === 0 && !gapAfterOpen ? 0 : rng.int(2) }));
    before.push({ action: "SUBMIT", who: "TOWNSHIP_STAFF", record: () => null, gap: steps.length ? rng.int(2) : gapTownship() });
  };
  const districtThen = (action: CaseAction, who: Who, record: (d: string) => unknown) => before.push({ action, who, record, gap: gapDistrict() });

  const isClosed = variant.startsWith("C_");
  if (!isClosed) {
    switch (variant) {
      case "TV_FRESH":
      case "TV_VERIFIED":
      case "TV_APPRAISED": {
        anchor = anchoredStart(procRules.townshipDays);
        // The lead was received on the anchor: nothing before it.
        const span = Math.max(0, workingDaysBetween(calendar, anchor, today));
        const recordDate = () => fwd(anchor, rng.int(span + 1));
        if (variant === "TV_VERIFIED") after.push({ action: "RECORD_VERIFICATION", date: recordDate(), who: "TOWNSHIP_STAFF", record: null });
        if (variant === "TV_APPRAISED" && procRules.procedure.transitions.some((t) => t.action === "RECORD_APPRAISAL")) {
          after.push({ action: "RECORD_APPRAISAL", date: recordDate(), who: rng.chance(0.6) ? "VILLAGE_CADRE" : "TOWNSHIP_STAFF", record: null });
        }
        break;
      }
      case "TV_RETURNED": {
        anchor = anchoredStart(procRules.townshipDays);
        round(true);
        districtThen("RETURN", "DISTRICT_REVIEWER", () => ({ reason: rng.pick(RETURN_REASONS) }));
        if (rng.chance(0.4)) {
          const span = Math.max(0, workingDaysBetween(calendar, anchor, today));
          if (needs.includes("VERIFICATION")) after.push({ action: "RECORD_VERIFICATION", date: fwd(anchor, rng.int(span + 1)), who: "TOWNSHIP_STAFF", record: null });
        }
        break;
      }
      case "DR":
        anchor = anchoredStart(procRules.districtDays);
        round(true);
        break;
      case "PP":
        anchor = anchoredStart(procRules.postingDays);
        round(true);
        districtThen("APPROVE", "DISTRICT_REVIEWER", approveRecord);
        break;
      case "PR":
      case "PE":
      case "OR": {
        // Posted on P (calendar days before today); the earlier steps hang off the approval before it.
        let posted = addCalendarDays(today, variant === "PR" ? -rng.int(publicityDays + 1) : -rng.range(publicityDays + 1, publicityDays + 9));
        let period = calendar.publicityPeriod(posted, publicityDays, publicityRule);
        if (variant === "PR") {
          while (period.endsOn < today) {
            posted = addCalendarDays(posted, 1);
            period = calendar.publicityPeriod(posted, publicityDays, publicityRule);
          }
        } else if (variant === "PE") {
          while (addCalendarDays(period.endsOn, 1) > today) {
            posted = addCalendarDays(posted, -1);
            period = calendar.publicityPeriod(posted, publicityDays, publicityRule);
          }
        } else {
          posted = addCalendarDays(today, -rng.range(1, publicityDays + 2));
          period = calendar.publicityPeriod(posted, publicityDays, publicityRule);
        }
        const approvedOn = back(posted, rng.int(3));
        anchor = approvedOn;
        round(true);
        // The approval is the anchor of the backward plan; the posting and what follows are forward.
        districtThen("APPROVE", "DISTRICT_REVIEWER", approveRecord);
        after.push({ action: "POST_PUBLICITY", date: posted, who: "VILLAGE_CADRE", record: { postedOn: posted, place } });
        if (variant === "PE") after.push({ action: "END_PUBLICITY", date: addCalendarDays(period.endsOn, 1), who: "SYSTEM", record: null });
        if (variant === "OR") {
          const last = period.endsOn < today ? period.endsOn : today;
          const span = daysBetween(posted, last);
          const received = addCalendarDays(posted, rng.int(span + 1));
          after.push({
            action: "RAISE_OBJECTION", date: received, who: rng.chance(0.5) ? "VILLAGE_CADRE" : "TOWNSHIP_STAFF",
            record: { receivedOn: received, content: rng.pick(OBJECTIONS), raisedBy: "村民（实名）" },
          });
        }
        break;
      }
    }
    if (rng.chance(0.03)) {
      // 先帮扶、后认定, decided at a township meeting right after the lead came in.
      before.unshift({
        action: "ASSIST_FIRST", who: "TOWNSHIP_STAFF",
        record: (d) => ({ meetingOn: d, minutesSummary: "镇级会议研究，该户情况紧急，先行帮扶", measures: "落实临时救助，协调医疗救助" }),
        gap: 0,
      });
    }
    openGap = rng.int(2);
  } else {
    // A closed case: planned forwards from its opening day, 45–330 days ago.
    const opened = addCalendarDays(today, -rng.range(60, 330));
    const steps: PlannedStep[] = [];
    let d = opened;
    const at = (gap: number) => (d = fwd(d, gap));
    const forwardRound = () => {
      for (const s of roundSteps()) {
        at(rng.int(3));
        steps.push({ action: s.action, date: d, who: s.who, record: s.record(d) });
      }
      at(rng.int(2));
      steps.push({ action: "SUBMIT", date: d, who: "TOWNSHIP_STAFF", record: null });
    };
    if (variant === "C_WITHDRAWN") {
      at(rng.range(0, 3));
      if (procRules.procedure.transitions.some((t) => t.action === "RECORD_VERIFICATION")) {
        steps.push({ action: "RECORD_VERIFICATION", date: d, who: "TOWNSHIP_STAFF", record: verification(d, false) });
        at(rng.int(2));
      }
      steps.push({ action: "WITHDRAW", date: d, who: "TOWNSHIP_STAFF", record: { reason: "经入户核实，家庭收入稳定，风险已消除，撤回线索" } });
    } else {
      forwardRound();
      if (rng.chance(0.15)) {
        at(gapDistrict());
        steps.push({ action: "RETURN", date: d, who: "DISTRICT_REVIEWER", record: { reason: rng.pick(RETURN_REASONS) } });
        forwardRound();
      }
      at(gapDistrict());
      if (variant === "C_REJECTED") {
        steps.push({ action: "REJECT", date: d, who: "DISTRICT_REVIEWER", record: rejectRecord() });
      } else {
        steps.push({ action: "APPROVE", date: d, who: "DISTRICT_REVIEWER", record: approveRecord() });
        if (publicity) {
          at(rng.int(2));
          const posted = d;
          steps.push({ action: "POST_PUBLICITY", date: posted, who: "VILLAGE_CADRE", record: { postedOn: posted, place } });
          const period = calendar.publicityPeriod(posted, publicityDays, publicityRule);
          if (variant === "C_UPHELD") {
            const received = addCalendarDays(posted, rng.range(1, publicityDays));
            steps.push({
              action: "RAISE_OBJECTION", date: received, who: "VILLAGE_CADRE",
              record: { receivedOn: received, content: rng.pick(OBJECTIONS), raisedBy: "村民（实名）" },
            });
            d = fwd(received, rng.range(1, 3));
            steps.push({
              action: "DECIDE_OBJECTION", date: d, who: "DISTRICT_REVIEWER",
              record: { decision: "UPHOLD_AND_CLOSE", handling: "经调查核实，异议反映情况属实，该户不符合纳入条件，终止认定" },
            });
          } else {
            const ended = addCalendarDays(period.endsOn, 1);
            steps.push({ action: "END_PUBLICITY", date: ended, who: "SYSTEM", record: null });
            d = fwd(ended, rng.int(2));
            steps.push({ action: "CONFIRM_OUTCOME", date: d, who: procRules.outcomeBy, record: { note: "公示期满，无异议" } });
          }
        }
      }
    }
    return simulate(env, category, riskCauses, caseNo, opener, opened, steps, true, rng.pick(LEAD_SOURCE_PICK));
  }

  // Open case: dates backwards from the anchor.
  const dates: string[] = new Array(before.length);
  let cursor = anchor;
  for (let i = before.length - 1; i >= 0; i--) {
    dates[i] = cursor;
    cursor = back(cursor, before[i]!.gap);
  }
  const openedOn = back(cursor, openGap);
  const steps: PlannedStep[] = before.map((b, i) => ({ action: b.action, date: dates[i]!, who: b.who, record: b.record(dates[i]!) }));
  for (const s of after.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    const record = s.record ?? (s.action === "RECORD_VERIFICATION" ? verification(s.date) : s.action === "RECORD_APPRAISAL" ? appraisal(s.date) : null);
    steps.push({ ...s, record });
  }
  if (!before.length) {
    // A fresh lead: received on the anchor itself.
    return simulate(env, category, riskCauses, caseNo, opener, anchor, steps, false, rng.pick(LEAD_SOURCE_PICK));
  }
  return simulate(env, category, riskCauses, caseNo, opener, openedOn, steps, false, rng.pick(LEAD_SOURCE_PICK));
}

function simulate(
  env: Env, category: HouseholdCategory, riskCauses: string[], caseNo: string, opener: Who, openedOn: string, planned: PlannedStep[], closed: boolean,
  source: LeadRecord["source"],
): SimCase {
  const lead: LeadRecord = {
    source,
    receivedOn: openedOn,
    riskCauses: riskCauses as LeadRecord["riskCauses"],
    description: `${DIFFICULTY[riskCauses[0] ?? "OTHER"] ?? DIFFICULTY.OTHER}，申请纳入监测帮扶`,
  };
  const procedure = identificationFor(env.rules, { category, designation: null })!;
  const opened = openCase(procedure.kind, { category, designation: null, villageCode: "" }, lead, opener === "SYSTEM" ? "TOWNSHIP_STAFF" : opener, { ...env, today: openedOn });
  if (!opened.ok) throw new Error(`seed-scale: could not open case ${caseNo}: ${opened.violation.message}`);
  const { deadline, ...initial } = opened.value;
  let state: CaseState = initial;
  let deadlineComplete = deadline?.complete ?? true;
  const steps: SimStep[] = [{
    seq: 1, action: "OPEN", date: openedOn, who: opener, record: lead, fromStage: state.stage, toStage: state.stage,
    stageDeadline: null, metDeadline: null, newDeadline: deadline?.date ?? null,
    auditBefore: null, auditAfter: { caseNo, procedure: state.procedure, ruleSet: state.ruleSet, stage: state.stage, deadline: deadline?.date ?? null, lead }, reason: null, completes: false,
  }];
  let outcome: SimCase["outcome"] = null;
  for (const p of planned) {
    if (p.date > env.today) throw new Error(`seed-scale: case ${caseNo} planned ${p.action} after today (${p.date})`);
    const result = decideAction(state, p.action, p.who, p.record, { ...env, today: p.date });
    if (!result.ok) throw new Error(`seed-scale: case ${caseNo} ${state.stage} → ${p.action} on ${p.date}: ${result.violation.message}`);
    const d: Decision = result.value;
    const version = steps.length;
    steps.push({
      seq: version + 1, action: p.action, date: p.date, who: p.who, record: p.record, fromStage: state.stage, toStage: d.toStage,
      stageDeadline: state.stageDeadline, metDeadline: d.metDeadline,
      newDeadline: d.stageStarted && d.stageDeadline ? d.stageDeadline.date : null,
      auditBefore: { stage: state.stage, version, deadline: state.stageDeadline },
      auditAfter: { stage: d.toStage, version: version + 1, deadline: d.stageDeadline?.date ?? null, record: p.record ?? null },
      reason: p.record && typeof p.record === "object" && "reason" in p.record && typeof p.record.reason === "string" ? p.record.reason : null,
      completes: d.householdChange !== null,
    });
    if (d.householdChange?.type === "DESIGNATE") outcome = { designation: d.householdChange.designation as "MONITORED" | "INSTANT_ASSISTANCE", on: p.date };
    if (d.householdChange?.type === "CHANGE_CATEGORY") outcome = { category: d.householdChange.category, on: p.date };
    state = {
      ...state, stage: d.toStage, stageStartedOn: d.stageStartedOn, stageDeadline: d.stageDeadline?.date ?? null, roundRecords: d.roundRecords,
      publicity: d.publicity, assistFirst: d.assistFirst, returnCount: d.returnCount, monitoringType: d.monitoringType,
    };
    deadlineComplete = d.stageDeadline?.complete ?? true;
  }
  return { category, state, deadlineComplete, lead, steps, opener, outcome, closed };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Working days in (from, to]. */
function workingDaysBetween(calendar: WorkingDayCalendar, from: string, to: string): number {
  let n = 0;
  for (let d = calendar.nextWorkingDay(from); d <= to; d = calendar.nextWorkingDay(d)) n++;
  return n;
}

const LEAD_SOURCE_PICK = ["DAILY_VISIT", "DAILY_VISIT", "DAILY_VISIT", "DEPARTMENT_WARNING", "DEPARTMENT_WARNING", "HOTLINE", "SELF_REPORT", "SECRETARY_VISIT", "INSPECTION"] as const;

const RETURN_REASONS = [
  "家庭成员收入未填写完整，请补充工资性收入后重新报送",
  "入户核实情况描述过于简单，请补充医疗支出凭证",
  "民主评议记录缺少参会人员签字，请补充后重新报送",
  "家庭成员信息与户籍信息不一致，请核对后重新报送",
];
const OBJECTIONS = [
  "反映该户有子女在城区购房，家庭经济条件较好",
  "反映该户家庭成员长期在外务工，收入较高",
  "反映该户经营养殖场，收入情况与申报不符",
];

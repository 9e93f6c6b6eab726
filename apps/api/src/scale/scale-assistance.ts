// Assistance (帮扶) for the scale data generator (seed-scale.ts): for every
// household whose assistance file is open (designated, or on an open
// assist-first case) the file with its deadlines computed by the domain's own
// functions (assignmentDeadline, nextVisitDue) on the working-day calendar,
// a lead helper of the township (a few left unassigned for the assign queue),
// a plan with 2–3 measures of the catalogue in mixed states, the five
// tracked conditions, the year's income and a year of visits (some
// households overdue). Helpers are made as they are needed, about one per
// eight files of a township; the first two of each township sign in through
// HELPER accounts.
import { assignmentDeadline, nextVisitDue } from "@fanpin/domain/assistance/deadlines";
import { catalogueItem, riskClassRule, type AssistanceRules, type MeasureCatalogueItem } from "@fanpin/domain/assistance/rules";
import { addCalendarDays, type WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";
import { t } from "./scale-copy.ts";
import { personName, type GenMember, type IncomeFen, type Rng } from "./scale-people.ts";

/** The tables written, with their COPY columns. */
export const ASSISTANCE_COLUMNS = {
  helper: [
    "id", "name", "unit", "position", "rank", "phone_enc", "phone_bidx", "area_id", "area_code", "user_id", "is_active", "version", "created_by_id",
    "created_at", "updated_at",
  ],
  assistance_file: [
    "household_id", "village_code", "opened_on", "closed_on", "assign_due", "lead_helper_id", "risk_class", "risk_class_on", "last_visit_on",
    "next_visit_due", "last_review_quarter", "plan_summary", "plan_updated_at", "version", "created_at", "updated_at",
  ],
  helper_assignment: ["id", "household_id", "helper_id", "role", "started_on", "ended_on", "end_reason", "assigned_by_id", "assigned_by_name", "created_at"],
  assistance_measure: [
    "id", "household_id", "village_code", "catalogue_code", "name", "type", "department", "amount_fen", "period", "starts_on", "ends_on", "member_name",
    "state", "delivered_on", "stopped_on", "stop_reason", "note", "version", "created_by_id", "created_at", "updated_at",
  ],
  condition_record: ["id", "household_id", "kind", "value", "observed_on", "note", "source", "visit_id", "recorded_by_id", "recorded_by_name", "created_at"],
  household_income_year: [
    "household_id", "year", "member_count", "a28_wage_income_fen", "a29a_family_planning_fen", "a29b_minimum_living_fen", "a29c_extreme_poverty_support_fen",
    "a29d_pension_fen", "a29e_ecological_compensation_fen", "a29f_other_transfer_fen", "a30_production_income_fen", "a31a_asset_dividend_fen",
    "a31b_other_property_fen", "a32_production_cost_fen", "note", "updated_at",
  ],
  visit: [
    "id", "household_id", "village_code", "kind", "visited_on", "mode", "visitor_id", "visitor_name", "helper_id", "met_with", "findings", "next_steps",
    "changes", "created_at",
  ],
} as const;
export type AssistanceTable = keyof typeof ASSISTANCE_COLUMNS;
/** The order the tables are loaded in (helpers before the assignments that name them). */
export const ASSISTANCE_TABLES = Object.keys(ASSISTANCE_COLUMNS) as AssistanceTable[];

export type AssistanceBuffers = Record<AssistanceTable, string[]>;
export const newAssistanceBuffers = (): AssistanceBuffers =>
  ({ helper: [], assistance_file: [], helper_assignment: [], assistance_measure: [], condition_record: [], household_income_year: [], visit: [] });

export type AssistanceCounters = {
  files: number; helpers: number; helperAccounts: number; unassigned: number; assignments: number; measures: number; conditions: number;
  incomeYears: number; visits: number; overdue: number; byRiskClass: Record<string, number>;
};
export const newAssistanceCounters = (): AssistanceCounters => ({
  files: 0, helpers: 0, helperAccounts: 0, unassigned: 0, assignments: 0, measures: 0, conditions: 0, incomeYears: 0, visits: 0, overdue: 0, byRiskClass: {},
});

type Helper = { id: string; name: string; userId: string | null; left: number };
/** A township's helpers so far; the next files go to `current` until it has its share. */
export type TownshipHelpers = {
  areaId: number;
  areaCode: string;
  /** HELPER accounts of the township, linked to its first helpers. */
  accounts: string[];
  pool: Helper[];
  current: Helper | null;
};
export const newTownshipHelpers = (areaId: number, areaCode: string, accounts: string[]): TownshipHelpers => ({ areaId, areaCode, accounts, pool: [], current: null });

export type AssistanceEnv = {
  rng: Rng;
  uuid: () => string;
  /** The working-day calendar, best wrapped in rememberingCalendar. */
  calendar: ScaleCalendar;
  rules: AssistanceRules;
  today: string;
  nowMs: number;
  counters: AssistanceCounters;
  /** The encrypted phone and its blind index in COPY text (as households' are sealed). */
  phoneColumns: (phone: string) => string;
};

export type FileInput = {
  householdId: string;
  villageCode: string;
  villageName: string;
  openedOn: string;
  township: TownshipHelpers;
  townshipUser: { id: string; username: string };
  villageUser: { id: string; username: string };
  members: readonly GenMember[];
  riskCauses: readonly string[];
  income: IncomeFen;
  incomeYear: number;
};

const UNITS = [
  "区农业农村局", "区民政局", "区人力资源和社会保障局", "区卫生健康局", "区教育和体育局", "区住房和城乡建设局", "区水利局", "区财政局", "区自然资源局",
  "区医疗保障局", "区残疾人联合会", "区供销社", "镇政府", "镇农业综合服务中心", "镇社会事务办公室", "区税务局", "区市场监督管理局", "区信访局",
];
const POSITIONS = [["科员", "科员", 40], ["副科长", "副科级", 25], ["科长", "正科级", 15], ["站长", "副科级", 8], ["干部", "", 12]] as const;

const MEASURES_BY_CAUSE: Record<string, readonly string[]> = {
  SERIOUS_ILLNESS: ["MEDICAL_AID", "SERIOUS_ILLNESS_INSURANCE", "BASIC_INSURANCE_SUBSIDY", "DIBAO"],
  DISABILITY: ["DISABILITY_SUBSIDIES", "DIBAO", "PUBLIC_WELFARE_JOB"],
  EDUCATION: ["RAIN_DEW", "EDUCATION_AID", "DROPOUT_CONTROL"],
  UNSTABLE_EMPLOYMENT: ["EMPLOYMENT", "PUBLIC_WELFARE_JOB", "POVERTY_WORKSHOP"],
  DISASTER: ["DISASTER_RELIEF", "DANGEROUS_HOUSE", "TEMPORARY_RELIEF"],
  EMERGENCY: ["TEMPORARY_RELIEF", "CHARITY"],
  BUSINESS_FAILURE: ["MICRO_CREDIT", "INDUSTRY_DIVIDEND", "EMPLOYMENT"],
  ACCIDENT: ["MEDICAL_AID", "TEMPORARY_RELIEF"],
  OTHER: ["DIBAO", "TEMPORARY_RELIEF", "CHARITY"],
};
const GENERAL_MEASURES = ["SPECIAL_INSURANCE", "INDUSTRY_DIVIDEND", "PUBLIC_WELFARE_JOB", "TEMPORARY_RELIEF"];
/** Amounts (yuan per period) where the catalogue gives none: [low, high]. */
const AMOUNTS: Record<string, readonly [number, number]> = {
  DIBAO: [450, 900], TEKUN: [900, 1300], TEMPORARY_RELIEF: [1000, 5000], MEDICAL_AID: [2000, 20000], DISABILITY_SUBSIDIES: [90, 200],
  PUBLIC_WELFARE_JOB: [800, 1200], MICRO_CREDIT: [30000, 50000], INDUSTRY_DIVIDEND: [300, 1500], EDUCATION_AID: [500, 2500],
  BASIC_INSURANCE_SUBSIDY: [200, 380], DANGEROUS_HOUSE: [15000, 30000], DISASTER_RELIEF: [2000, 8000], CHARITY: [1000, 3000],
};
const STOP_REASONS = ["家庭收入增加，已不符合享受条件", "已外出稳定务工，申请退出公益岗位", "政策到期", "家庭成员已毕业"];
const FINDINGS = [
  "入户走访，家庭成员身体状况稳定，帮扶措施正常落实，收入无明显变化。",
  "户主在家，了解近期就医和用药情况，医疗报销已按政策落实。",
  "家中子女在校就读正常，教育资助已发放，家庭生活基本稳定。",
  "了解务工情况，家庭主要劳动力已在县内稳定务工，工资按月发放。",
  "查看住房和饮水情况，房屋安全，自来水供应正常。",
  "电话随访，户主反映近期生活正常，无新增困难。",
  "宣讲防返贫政策，告知家庭遇到困难及时向村里反映。",
  "核对家庭收支情况，本月有一笔较大医疗支出，已协助申请医疗救助。",
];
const NEXT_STEPS = ["继续跟踪家庭收入变化", "协助办理临时救助申请", "下次走访核实务工收入", "联系镇里落实公益岗位", "跟进医疗救助报销进度"];
const VISIT_CHANGES = t(JSON.stringify({ income: null, conditions: [], newRiskCauses: [], riskClass: null }));

// The same few thousand dates come up for every household: the calendar's answers and date sums are remembered.
type ScaleCalendar = Pick<WorkingDayCalendar, "isWorkingDay" | "nextWorkingDay" | "addWorkingDays">;
/** The calendar with its answers remembered (the generator asks the same questions for each of its households). */
export function rememberingCalendar(cal: WorkingDayCalendar): ScaleCalendar {
  const working = new Map<string, boolean>();
  const next = new Map<string, string>();
  const added = new Map<string, ReturnType<WorkingDayCalendar["addWorkingDays"]>>();
  return {
    isWorkingDay: (d) => {
      let v = working.get(d);
      if (v === undefined) working.set(d, (v = cal.isWorkingDay(d)));
      return v;
    },
    nextWorkingDay: (d) => {
      let v = next.get(d);
      if (v === undefined) next.set(d, (v = cal.nextWorkingDay(d)));
      return v;
    },
    addWorkingDays: (d, n) => {
      const key = `${d}|${n}`;
      let v = added.get(key);
      if (v === undefined) added.set(key, (v = cal.addWorkingDays(d, n)));
      return v;
    },
  };
}
const dayNumbers = new Map<string, number>();
const isoOfDay = new Map<number, string>();
/** `date` + n calendar days, on day numbers (addCalendarDays validates and formats each time). */
function addDays(date: string, n: number): string {
  let day = dayNumbers.get(date);
  if (day === undefined) dayNumbers.set(date, (day = Date.parse(`${date}T00:00:00Z`) / 86_400_000));
  let iso = isoOfDay.get(day + n);
  if (iso === undefined) {
    iso = addCalendarDays(date, n);
    isoOfDay.set(day + n, iso);
    dayNumbers.set(iso, day + n);
  }
  return iso;
}
const midnights = new Map<string, number>();

/** An instant on `date` (China time) during office hours, never after now. */
function stamp(env: AssistanceEnv, date: string): string {
  let midnight = midnights.get(date);
  if (midnight === undefined) midnights.set(date, (midnight = Date.parse(`${date}T00:00:00+08:00`)));
  const at = midnight + (8.5 * 60 + env.rng.int(8 * 60)) * 60_000;
  return new Date(Math.min(at, env.nowMs - 1000)).toISOString();
}

/** The helper the township's next file goes to: the current one until its share is full, then a new one. */
function nextHelper(env: AssistanceEnv, buf: AssistanceBuffers, tw: TownshipHelpers, openedOn: string): Helper {
  if (tw.current && tw.current.left > 0) return tw.current;
  const { rng } = env;
  const male = rng.chance(0.6);
  const [position, rank] = rng.weighted(POSITIONS.map(([p, r, w]) => [[p, r], w] as const));
  const userId = tw.accounts[tw.pool.length] ?? null;
  const helper: Helper = { id: env.uuid(), name: personName(rng, male), userId, left: rng.range(5, 11) };
  const phone = `1${rng.pick(["3", "5", "8", "7", "9"])}${String(rng.int(1e9)).padStart(9, "0")}`;
  const created = stamp(env, openedOn);
  buf.helper.push(
    `${helper.id}\t${t(helper.name)}\t${rng.pick(UNITS)}\t${position}\t${rank}\t${env.phoneColumns(phone)}\t${tw.areaId}\t${tw.areaCode}\t` +
      `${userId ?? "\\N"}\ttrue\t1\t\\N\t${created}\t${created}\n`,
  );
  tw.pool.push(helper);
  tw.current = helper;
  env.counters.helpers++;
  if (userId) env.counters.helperAccounts++;
  return helper;
}


/** The household's assistance file and everything under it; returns the deadlines the file opened with (for its audit entry). */
export function generateAssistanceFile(env: AssistanceEnv, buf: AssistanceBuffers, f: FileInput): { assignDue: string; nextVisitDue: string } {
  const { rng, calendar, rules, today, counters } = env;
  const openedOn = f.openedOn;
  const initial = { assignDue: assignmentDeadline(openedOn, rules, calendar), nextVisitDue: nextVisitDue(null, openedOn, null, rules, calendar) };
  counters.files++;

  // ------------------------------------------------------------ the lead helper
  // A few percent are still waiting for one (the township's assign queue); the rest got one within the deadline.
  const assigned = rng.chance(0.965);
  let helper: Helper | null = null;
  let assignedOn: string | null = null;
  /** Who led before a reassignment, and from when the present lead leads. */
  let earlierLead: Helper | null = null;
  let leadFrom: string | null = null;
  if (assigned) {
    helper = nextHelper(env, buf, f.township, openedOn);
    helper.left--;
    assignedOn = calendar.addWorkingDays(openedOn, rng.int(rules.assignWithinWorkingDays + 1)).date;
    if (assignedOn > today) assignedOn = today;
    const earlier = f.township.pool.length > 1 && rng.chance(0.05) ? f.township.pool[rng.int(f.township.pool.length - 1)]! : null;
    leadFrom = assignedOn;
    if (earlier && earlier !== helper) {
      // Reassigned once: the earlier helper's assignment ended (its history stays).
      const changedOn = addDays(assignedOn, rng.range(30, 300));
      if (changedOn < today) {
        buf.helper_assignment.push(
          `${env.uuid()}\t${f.householdId}\t${earlier.id}\tLEAD\t${assignedOn}\t${changedOn}\t工作调整，更换帮扶责任人\t${f.townshipUser.id}\t${f.townshipUser.username}\t${stamp(env, assignedOn)}\n`,
        );
        counters.assignments++;
        leadFrom = changedOn;
        earlierLead = earlier;
      }
    }
    buf.helper_assignment.push(
      `${env.uuid()}\t${f.householdId}\t${helper.id}\tLEAD\t${leadFrom}\t\\N\t\\N\t${f.townshipUser.id}\t${f.townshipUser.username}\t${stamp(env, leadFrom)}\n`,
    );
    counters.assignments++;
  } else counters.unassigned++;

  // ------------------------------------------------------------ risk class and visits
  const riskClass = rng.weighted([["A", 10], ["B", 55], ["C", 25], [null, 10]] as const);
  const riskClassOn = riskClass ? addDays(openedOn, rng.range(3, 20)) : null;
  counters.byRiskClass[riskClass ?? "-"] = (counters.byRiskClass[riskClass ?? "-"] ?? 0) + 1;
  const every = riskClassRule(rules, riskClass)?.visitEveryDays ?? rules.visitEveryDays;
  const windowStart = addDays(today, -365);
  const dates: string[] = [];
  let d = openedOn >= windowStart ? addDays(openedOn, rng.range(2, Math.max(3, every - 3))) : addDays(windowStart, rng.int(every));
  for (;;) {
    if (!calendar.isWorkingDay(d)) d = calendar.nextWorkingDay(d);
    if (d > today) break;
    dates.push(d);
    d = addDays(d, every - rng.int(Math.min(8, Math.floor(every / 2))));
  }
  // Some households have not been visited for a while: their visit is overdue.
  if (rng.chance(0.08)) {
    while (dates.length && nextVisitDue(dates.at(-1)!, openedOn, riskClass, rules, calendar) >= today) dates.pop();
  }
  const lastVisitOn = dates.at(-1) ?? null;
  const due = nextVisitDue(lastVisitOn, openedOn, riskClass, rules, calendar);
  if (due < today) counters.overdue++;
  const head = f.members[0]!;
  const visitIds: string[] = [];
  for (const on of dates) {
    // The lead helper of the day visits, mostly; else a village cadre or the township.
    const lead = helper && leadFrom && on >= leadFrom ? helper : earlierLead && assignedOn && on >= assignedOn ? earlierLead : null;
    const byHelper = lead !== null && rng.chance(0.85);
    const kind = byHelper ? "HELPER" : rng.chance(0.85) ? "VILLAGE" : "TOWNSHIP";
    const cadre = kind === "VILLAGE" ? f.villageUser : f.townshipUser;
    const visitor = byHelper ? { id: lead!.userId, name: lead!.name } : { id: cadre.id, name: cadre.username };
    const visitorName = visitor.name;
    const id = env.uuid();
    visitIds.push(id);
    buf.visit.push(
      `${id}\t${f.householdId}\t${f.villageCode}\t${kind}\t${on}\t${rng.chance(0.85) ? "IN_PERSON" : "PHONE"}\t${visitor.id ?? "\\N"}\t${t(visitorName)}\t` +
        `${byHelper ? lead!.id : "\\N"}\t${rng.chance(0.8) ? `户主${t(head.name)}` : "户主及家庭成员"}\t${rng.pick(FINDINGS)}\t` +
        `${rng.chance(0.4) ? rng.pick(NEXT_STEPS) : "\\N"}\t${VISIT_CHANGES}\t${stamp(env, on)}\n`,
    );
  }
  counters.visits += dates.length;

  // ------------------------------------------------------------ plan and measures
  const candidates: string[] = [];
  for (const c of f.riskCauses) for (const code of MEASURES_BY_CAUSE[c] ?? []) if (!candidates.includes(code)) candidates.push(code);
  for (const code of GENERAL_MEASURES) if (!candidates.includes(code)) candidates.push(code);
  const chosen: MeasureCatalogueItem[] = [];
  const want = rng.range(2, 3);
  for (let i = 0; i < candidates.length && chosen.length < want; i++) {
    // Mostly the cause's own measures, now and then skipping one.
    const item = catalogueItem(rules, candidates[i]!);
    if (item && (rng.chance(0.75) || candidates.length - i <= want - chosen.length)) chosen.push(item);
  }
  const student = f.members.find((m) => m.schoolStatus !== "NOT_IN_SCHOOL" && m.schoolStatus !== "PRESCHOOL");
  const planOn = addDays(openedOn, rng.range(1, 10)) > today ? today : addDays(openedOn, rng.range(1, 10));
  const creator = f.townshipUser.id;
  for (const m of chosen) {
    const state = rng.weighted([["PLANNED", 15], ["IN_PROGRESS", 35], ["DELIVERED", 40], ["STOPPED", 10]] as const);
    const startsOn = addDays(planOn, rng.range(0, 20)) > today ? today : addDays(planOn, rng.range(0, 20));
    const range = AMOUNTS[m.code];
    const amountFen = m.amountYuan !== null ? m.amountYuan * 100 : range ? rng.range(range[0], range[1]) * 100 : null;
    const deliveredOn = state === "DELIVERED" || (state === "STOPPED" && rng.chance(0.6)) ? minDate(addDays(startsOn, rng.range(5, 60)), today) : null;
    const stoppedOn = state === "STOPPED" ? minDate(addDays(deliveredOn ?? startsOn, rng.range(30, 200)), today) : null;
    const endsOn = m.period === "ONCE" ? null : m.period === "TERM" ? addDays(startsOn, 180) : rng.chance(0.5) ? addDays(startsOn, 365) : null;
    const memberName = (m.type === "EDUCATION" && student ? student.name : null);
    const updated = stamp(env, stoppedOn ?? deliveredOn ?? planOn);
    buf.assistance_measure.push(
      `${env.uuid()}\t${f.householdId}\t${f.villageCode}\t${m.code}\t${t(m.name)}\t${m.type}\t${m.department}\t${amountFen ?? "\\N"}\t${m.period ?? "\\N"}\t` +
        `${startsOn}\t${endsOn ?? "\\N"}\t${t(memberName)}\t${state}\t${deliveredOn ?? "\\N"}\t${stoppedOn ?? "\\N"}\t` +
        `${state === "STOPPED" ? rng.pick(STOP_REASONS) : "\\N"}\t\\N\t${state === "PLANNED" ? 1 : state === "IN_PROGRESS" ? 2 : 3}\t${creator}\t${stamp(env, planOn)}\t${updated}\n`,
    );
  }
  counters.measures += chosen.length;
  const planSummary = `帮扶目标：稳定家庭收入，消除${f.riskCauses.length ? "返贫致贫风险" : "风险"}。主要措施：${chosen.map((m) => m.name).join("、")}。` +
    (helper ? `帮扶责任人${helper.name}每月至少入户走访一次。` : "");

  // ------------------------------------------------------------ conditions and the year's income
  const anyStudentAge = f.members.some((m) => m.age >= 6 && m.age <= 15);
  const ill = f.members.some((m) => m.health === "SERIOUS_ILLNESS");
  const conditions: [string, string][] = [
    ["SCHOOLING", anyStudentAge ? (rng.chance(0.99) ? "MET" : "NOT_MET") : "NOT_APPLICABLE"],
    ["MEDICAL_INSURANCE", rng.chance(0.98) ? "MET" : "NOT_MET"],
    ["SERIOUS_ILLNESS_COVER", ill ? (rng.chance(0.95) ? "MET" : "NOT_MET") : rng.chance(0.5) ? "MET" : "NOT_APPLICABLE"],
    ["HOUSING_SAFETY", rng.weighted([["A", 55], ["B", 40], ["C", 4], ["D", 1]] as const)],
    ["DRINKING_WATER", rng.chance(0.98) ? "MET" : "NOT_MET"],
  ];
  const entryOn = minDate(addDays(openedOn, rng.range(1, 15)), today);
  for (const [kind, value] of conditions) {
    buf.condition_record.push(
      `${env.uuid()}\t${f.householdId}\t${kind}\t${value}\t${entryOn}\t\\N\tENTRY\t\\N\t${creator}\t${f.townshipUser.username}\t${stamp(env, entryOn)}\n`,
    );
  }
  counters.conditions += conditions.length;
  // A later observation made on a visit (e.g. the house repaired, insurance taken out).
  if (dates.length && rng.chance(0.15)) {
    const k = rng.int(dates.length);
    const [kind, value] = rng.pick([["HOUSING_SAFETY", "B"], ["MEDICAL_INSURANCE", "MET"], ["DRINKING_WATER", "MET"]] as const);
    buf.condition_record.push(
      `${env.uuid()}\t${f.householdId}\t${kind}\t${value}\t${dates[k]}\t走访时核实\tVISIT\t${visitIds[k]}\t\\N\t${t(helper?.name ?? f.villageUser.username)}\t${stamp(env, dates[k]!)}\n`,
    );
    counters.conditions++;
  }
  const i = f.income;
  buf.household_income_year.push(
    `${f.householdId}\t${f.incomeYear}\t${f.members.length}\t${i.wageIncomeFen}\t${i.familyPlanningFen}\t${i.minimumLivingFen}\t${i.extremePovertySupportFen}\t` +
      `${i.pensionFen}\t${i.ecologicalCompensationFen}\t${i.otherTransferFen}\t${i.productionIncomeFen}\t${i.assetDividendFen}\t${i.otherPropertyFen}\t` +
      `${i.productionCostFen}\t\\N\t${stamp(env, entryOn)}\n`,
  );
  counters.incomeYears++;

  // ------------------------------------------------------------ the file
  const created = stamp(env, openedOn);
  const updated = stamp(env, lastVisitOn ?? planOn);
  buf.assistance_file.push(
    `${f.householdId}\t${f.villageCode}\t${openedOn}\t\\N\t${assigned ? "\\N" : initial.assignDue}\t${helper ? helper.id : "\\N"}\t${riskClass ?? "\\N"}\t` +
      `${riskClassOn ? minDate(riskClassOn, today) : "\\N"}\t${lastVisitOn ?? "\\N"}\t${due}\t\\N\t${t(planSummary)}\t${stamp(env, planOn)}\t` +
      `${1 + (assigned ? 1 : 0) + (riskClass ? 1 : 0) + 1 + dates.length}\t${created}\t${updated < created ? created : updated}\n`,
  );
  return initial;
}

const minDate = (a: string, b: string) => (a < b ? a : b);

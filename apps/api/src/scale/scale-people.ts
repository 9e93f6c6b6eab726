// Households and their members for the scale data generator (seed-scale.ts):
// realistic family shapes, ages, names, codes of the 采集表 consistent with
// age, incomes in fen, and citizen ID numbers that are valid and unique by
// construction (address code of the district + birth date + a counted
// sequence whose parity gives the gender + check character).
import { computeCheckCharacter } from "@fanpin/domain/citizen-id";

/** Small fast deterministic PRNG (mulberry32). */
export function createRng(seed: number) {
  let a = seed | 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    range: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** Picks by weight: [[value, weight], …]. */
    weighted: <T>(table: readonly (readonly [T, number])[]): T => {
      let total = 0;
      for (const [, w] of table) total += w;
      let r = next() * total;
      for (const [v, w] of table) {
        r -= w;
        if (r < 0) return v;
      }
      return table[table.length - 1]![0];
    },
  };
}
export type Rng = ReturnType<typeof createRng>;

// ---------------------------------------------------------------- names

const SURNAMES = [
  "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
  "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
  "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "姜", "丛", "毕", "鞠", "谷", "初", "隋", "于", "曲", "邢",
];
const MALE_1 = ["建", "志", "德", "海", "立", "永", "广", "春", "宝", "洪", "振", "国", "明", "文", "俊", "浩", "宇", "子", "家", "新", "玉", "长", "金", "树"];
const MALE_2 = ["国", "强", "胜", "涛", "新", "刚", "田", "生", "山", "波", "华", "军", "平", "东", "林", "杰", "然", "航", "轩", "成", "福", "明", "亮", "峰"];
const FEMALE_1 = ["秀", "桂", "玉", "淑", "丽", "红", "春", "美", "晓", "翠", "凤", "海", "欣", "梓", "雨", "佳", "静", "敏", "慧", "小", "金", "素"];
const FEMALE_2 = ["英", "兰", "梅", "珍", "霞", "燕", "玲", "花", "芳", "娟", "怡", "萱", "涵", "琪", "婷", "敏", "华", "荣", "云", "莲", "琴", "洁"];

function givenName(rng: Rng, male: boolean): string {
  if (male) return rng.chance(0.12) ? rng.pick(MALE_2) : rng.pick(MALE_1) + rng.pick(MALE_2);
  return rng.chance(0.12) ? rng.pick(FEMALE_2) : rng.pick(FEMALE_1) + rng.pick(FEMALE_2);
}

/** A full name (family name and given name) of someone outside the households, e.g. a helper. */
export function personName(rng: Rng, male: boolean): string {
  return rng.pick(SURNAMES) + givenName(rng, male);
}

// ---------------------------------------------------------------- citizen IDs

const DAY_MS = 86_400_000;
/** Day numbers (days since 1970-01-01) of the earliest birth date generated. */
const FIRST_BIRTH_DAY = Math.floor(Date.UTC(1915, 0, 1) / DAY_MS);

/**
 * Hands out citizen ID numbers of one district: for each birth date and
 * gender a counter of the sequence (odd for men, even for women, 500 each).
 * Numbers are unique by construction within the address code; another
 * district has another address code.
 */
export class CitizenIdAllocator {
  private readonly used: Uint16Array;
  constructor(private readonly addressCode: string, private readonly lastBirthDay: number) {
    this.used = new Uint16Array((lastBirthDay - FIRST_BIRTH_DAY + 1) * 2);
  }
  /** A new number for a person born on `birthDay` (day number); the date moves on a day if its 500 numbers are taken. */
  allocate(birthDay: number, male: boolean): string {
    let day = Math.min(Math.max(birthDay, FIRST_BIRTH_DAY), this.lastBirthDay);
    for (;;) {
      const slot = (day - FIRST_BIRTH_DAY) * 2 + (male ? 1 : 0);
      const k = this.used[slot]!;
      if (k < 500) {
        this.used[slot] = k + 1;
        // Each day's numbers start at a different sequence code (as a county's do), so that the last 4 digits spread
        // as in real data: the last-digits search (decision 015) is measured on a realistic distribution.
        const offset = ((Math.imul(slot >> 1, 2654435761) >>> 0) % 500) * 2;
        const seq = (k * 2 + (male ? 1 : 0) + offset) % 1000;
        const first17 = this.addressCode + isoCompact(day) + String(seq).padStart(3, "0");
        return first17 + computeCheckCharacter(first17);
      }
      day = day > FIRST_BIRTH_DAY ? day - 1 : day + 1;
    }
  }
}

const compactCache = new Map<number, string>();
/** YYYYMMDD of a day number. */
function isoCompact(day: number): string {
  let s = compactCache.get(day);
  if (!s) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "");
    compactCache.set(day, s);
  }
  return s;
}

// ---------------------------------------------------------------- members

export type GenMember = {
  name: string;
  gender: "MALE" | "FEMALE";
  idType: "RESIDENT_ID" | "DISABILITY_CERT";
  idNumber: string;
  disabilitySuffix: string | null;
  relation: string;
  ethnicity: string;
  politicalStatus: string;
  education: string;
  schoolStatus: string;
  health: string;
  workRegion: string;
  workMonths: number;
  age: number;
};

type Person = { male: boolean; age: number; relation: string; surname?: string };

/**
 * The shape of a family: who lives in it, by relation to the head, with ages.
 * About 3.5 members on average, as in rural Shandong households.
 */
function familyShape(rng: Rng): Person[] {
  const kind = rng.weighted([
    ["single-elder", 8], ["elder-couple", 14], ["couple", 10], ["nuclear", 34], ["three-generations", 26], ["couple-adult-child", 8],
  ] as const);
  const maleHead = () => rng.chance(0.9);
  switch (kind) {
    case "single-elder": {
      const male = rng.chance(0.45);
      return [{ male, age: rng.range(65, 92), relation: "HEAD" }];
    }
    case "elder-couple": {
      const age = rng.range(60, 86);
      const male = maleHead();
      return [{ male, age, relation: "HEAD" }, { male: !male, age: clampAge(age + rng.range(-4, 3)), relation: "SPOUSE" }];
    }
    case "couple": {
      const age = rng.range(38, 62);
      const male = maleHead();
      return [{ male, age, relation: "HEAD" }, { male: !male, age: clampAge(age + rng.range(-4, 2)), relation: "SPOUSE" }];
    }
    case "nuclear": {
      const age = rng.range(26, 52);
      const male = maleHead();
      const out: Person[] = [{ male, age, relation: "HEAD" }, { male: !male, age: clampAge(age + rng.range(-4, 2)), relation: "SPOUSE" }];
      const kids = rng.weighted([[1, 35], [2, 50], [3, 15]] as const);
      for (let i = 0; i < kids; i++) out.push(child(rng, age, "SON", "DAUGHTER"));
      return out;
    }
    case "three-generations": {
      if (rng.chance(0.6)) {
        // Head of the middle generation, with children and one or two parents.
        const age = rng.range(30, 50);
        const male = maleHead();
        const out: Person[] = [{ male, age, relation: "HEAD" }, { male: !male, age: clampAge(age + rng.range(-4, 2)), relation: "SPOUSE" }];
        const kids = rng.weighted([[1, 40], [2, 50], [3, 10]] as const);
        for (let i = 0; i < kids; i++) out.push(child(rng, age, "SON", "DAUGHTER"));
        const parentAge = age + rng.range(22, 32);
        if (rng.chance(0.75)) out.push({ male: true, age: clampAge(parentAge + rng.range(0, 4)), relation: male ? "FATHER" : "WIFES_FATHER" });
        if (rng.chance(0.8) || out.length < 4) out.push({ male: false, age: clampAge(parentAge), relation: male ? "MOTHER" : "WIFES_MOTHER" });
        return out;
      }
      // Elder head with a son, his wife and grandchildren.
      const age = rng.range(58, 78);
      const out: Person[] = [{ male: true, age, relation: "HEAD" }];
      if (rng.chance(0.8)) out.push({ male: false, age: clampAge(age + rng.range(-4, 2)), relation: "SPOUSE" });
      const sonAge = clampAge(age - rng.range(22, 32));
      out.push({ male: true, age: sonAge, relation: "SON" });
      out.push({ male: false, age: clampAge(sonAge + rng.range(-3, 2)), relation: "DAUGHTER_IN_LAW" });
      const kids = rng.weighted([[1, 45], [2, 45], [3, 10]] as const);
      for (let i = 0; i < kids; i++) out.push(child(rng, sonAge, "GRANDSON", "GRANDDAUGHTER"));
      return out;
    }
    case "couple-adult-child": {
      const age = rng.range(48, 68);
      const male = maleHead();
      const out: Person[] = [{ male, age, relation: "HEAD" }, { male: !male, age: clampAge(age + rng.range(-4, 2)), relation: "SPOUSE" }];
      const c = rng.chance(0.55);
      out.push({ male: c, age: clampAge(age - rng.range(22, 30)), relation: c ? "SON" : "DAUGHTER" });
      if (rng.chance(0.3)) out.push({ male: !c, age: clampAge(age - rng.range(24, 34)), relation: c ? "DAUGHTER" : "SON" });
      return out;
    }
  }
}

function child(rng: Rng, parentAge: number, sonRelation: string, daughterRelation: string): Person {
  const male = rng.chance(0.52);
  const age = Math.max(0, Math.min(parentAge - 20, parentAge - rng.range(20, 36)));
  return { male, age, relation: male ? sonRelation : daughterRelation };
}

const clampAge = (age: number) => Math.max(0, Math.min(99, age));

function education(rng: Rng, age: number, birthYear: number): { education: string; schoolStatus: string } {
  if (age < 3) return { education: "PRESCHOOL_CHILD", schoolStatus: "NOT_IN_SCHOOL" };
  if (age < 6) return { education: "PRESCHOOL_CHILD", schoolStatus: "PRESCHOOL" };
  if (age < 12) return { education: "PRIMARY", schoolStatus: "PRIMARY" };
  if (age < 15) return { education: "JUNIOR_HIGH", schoolStatus: "JUNIOR_HIGH" };
  if (age < 18) {
    if (rng.chance(0.08)) return { education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL" };
    return rng.chance(0.6) ? { education: "SENIOR_HIGH", schoolStatus: "SENIOR_HIGH" } : { education: "SECONDARY_VOCATIONAL", schoolStatus: "SECONDARY_VOCATIONAL" };
  }
  if (age < 23 && rng.chance(0.45)) {
    return rng.chance(0.5) ? { education: "SENIOR_HIGH", schoolStatus: "UNDERGRADUATE" } : { education: "SECONDARY_VOCATIONAL", schoolStatus: "HIGHER_VOCATIONAL" };
  }
  const edu =
    birthYear < 1950 ? rng.weighted([["ILLITERATE", 45], ["PRIMARY", 45], ["JUNIOR_HIGH", 10]] as const)
    : birthYear < 1965 ? rng.weighted([["ILLITERATE", 10], ["PRIMARY", 45], ["JUNIOR_HIGH", 38], ["SENIOR_HIGH", 7]] as const)
    : birthYear < 1985 ? rng.weighted([["PRIMARY", 15], ["JUNIOR_HIGH", 55], ["SENIOR_HIGH", 18], ["SECONDARY_VOCATIONAL", 8], ["JUNIOR_COLLEGE", 4]] as const)
    : rng.weighted([["JUNIOR_HIGH", 30], ["SENIOR_HIGH", 22], ["SECONDARY_VOCATIONAL", 18], ["JUNIOR_COLLEGE", 18], ["BACHELOR_OR_ABOVE", 12]] as const);
  return { education: edu, schoolStatus: "NOT_IN_SCHOOL" };
}

function health(rng: Rng, age: number, atRisk: boolean): string {
  const ill = atRisk ? 2.5 : 1;
  const chronic = age >= 60 ? 0.3 : age >= 40 ? 0.1 : 0.02;
  const serious = (age >= 50 ? 0.03 : 0.008) * ill;
  const disabled = (age >= 60 ? 0.04 : 0.015) * ill;
  const r = rng.next();
  if (r < serious) return "SERIOUS_ILLNESS";
  if (r < serious + disabled) return "DISABLED";
  if (r < serious + disabled + chronic) return "CHRONIC_DISEASE";
  return "HEALTHY";
}

export type MemberContext = { rng: Rng; ids: CitizenIdAllocator; todayDay: number; atRisk: boolean };

/** The members of a new household, the head first. */
export function generateMembers(ctx: MemberContext): GenMember[] {
  const { rng, ids, todayDay } = ctx;
  const shape = familyShape(rng);
  const surname = rng.pick(SURNAMES);
  const todayYear = new Date(todayDay * DAY_MS).getUTCFullYear();
  const head = shape[0]!;
  // The head's family name passes to sons and grandchildren; spouses and in-laws have their own.
  const ownSurname = new Set(["HEAD", "SON", "DAUGHTER", "GRANDSON", "GRANDDAUGHTER", "FATHER", "SIBLING"]);
  return shape.map((p) => {
    // Birth date: age in whole years today, so the day lies within the last 365 days before the birthday.
    const birthDay = todayDay - p.age * 365 - Math.floor(p.age / 4) - rng.int(365) - 1;
    const birthYear = new Date(birthDay * DAY_MS).getUTCFullYear();
    const age = todayYear - birthYear;
    const h = health(rng, age, ctx.atRisk);
    const disabilityCert = h === "DISABLED" && rng.chance(0.6);
    const idNumber = ids.allocate(birthDay, p.male);
    const family = ownSurname.has(p.relation) && (head.male || p.relation === "HEAD") ? surname : rng.pick(SURNAMES);
    const { education: edu, schoolStatus } = education(rng, age, birthYear);
    let workRegion = "NONE";
    let workMonths = 0;
    if (age >= 18 && age <= 64 && schoolStatus === "NOT_IN_SCHOOL" && h !== "SERIOUS_ILLNESS" && !(h === "DISABLED" && rng.chance(0.7))) {
      if (rng.chance(age < 55 ? 0.85 : 0.55)) {
        workRegion = rng.weighted([["IN_TOWNSHIP", 30], ["IN_COUNTY", 28], ["IN_PROVINCE", 25], ["OUT_OF_PROVINCE", 15], ["ABROAD", 2]] as const);
        workMonths = rng.range(3, 12);
      }
    }
    const politicalStatus = age >= 18 && rng.chance(age >= 45 ? 0.07 : 0.04) ? (rng.chance(0.95) ? "CPC_MEMBER" : "CPC_PROBATIONARY")
      : age >= 14 && age <= 28 && rng.chance(0.3) ? "CYL_MEMBER" : "MASSES";
    return {
      name: family + givenName(rng, p.male),
      gender: p.male ? "MALE" : "FEMALE",
      idType: disabilityCert ? "DISABILITY_CERT" : "RESIDENT_ID",
      idNumber,
      disabilitySuffix: disabilityCert ? `${rng.range(1, 7)}${rng.range(1, 4)}` : null,
      relation: p.relation,
      ethnicity: rng.chance(0.995) ? "01" : rng.pick(["03", "11", "02", "10"]),
      politicalStatus,
      education: edu,
      schoolStatus,
      health: h,
      workRegion,
      workMonths,
      age,
    };
  });
}

// ---------------------------------------------------------------- income

export type IncomeFen = {
  wageIncomeFen: number; familyPlanningFen: number; minimumLivingFen: number; extremePovertySupportFen: number; pensionFen: number;
  ecologicalCompensationFen: number; otherTransferFen: number; productionIncomeFen: number; assetDividendFen: number;
  otherPropertyFen: number; productionCostFen: number;
};

/** A year's income of the household in fen, from who works how long, who is old, and the household's situation. */
export function generateIncome(rng: Rng, members: GenMember[], category: string, atRisk: boolean): IncomeFen {
  const yuan = (n: number) => Math.round(n) * 100 + (rng.chance(0.2) ? rng.int(100) : 0);
  let wage = 0;
  let elders = 0;
  let farmers = 0;
  for (const m of members) {
    if (m.workMonths > 0) wage += m.workMonths * rng.range(1800, 4800) * (atRisk ? 0.45 : 1);
    if (m.age >= 60) elders++;
    if (m.age >= 30 && m.age <= 75 && m.workMonths < 10) farmers++;
  }
  const poor = category !== "ORDINARY" || atRisk;
  const production = farmers > 0 && rng.chance(0.7) ? farmers * rng.range(1500, poor ? 6000 : 12000) : 0;
  return {
    wageIncomeFen: yuan(wage),
    familyPlanningFen: elders > 0 && rng.chance(0.08) ? yuan(960 * elders) : 0,
    minimumLivingFen: poor && rng.chance(category === "LIFTED_WITH_POLICY" ? 0.35 : 0.1) ? yuan(rng.range(2400, 4800) * Math.min(members.length, 3)) : 0,
    extremePovertySupportFen: poor && members.length === 1 && members[0]!.age >= 60 && rng.chance(0.3) ? yuan(rng.range(6000, 9000)) : 0,
    pensionFen: elders > 0 ? yuan(elders * rng.range(1700, 2600)) : 0,
    ecologicalCompensationFen: rng.chance(0.05) ? yuan(rng.range(100, 600)) : 0,
    otherTransferFen: rng.chance(0.6) ? yuan(rng.range(100, 900)) : 0,
    productionIncomeFen: yuan(production),
    assetDividendFen: category !== "ORDINARY" && rng.chance(0.6) ? yuan(rng.range(300, 1500)) : 0,
    otherPropertyFen: rng.chance(0.1) ? yuan(rng.range(200, 3000)) : 0,
    productionCostFen: yuan(production * (0.25 + rng.next() * 0.25)),
  };
}

export const RISK_CAUSES_BY_WEIGHT = [
  ["SERIOUS_ILLNESS", 34], ["DISABILITY", 16], ["EDUCATION", 10], ["UNSTABLE_EMPLOYMENT", 14], ["DISASTER", 5], ["EMERGENCY", 5],
  ["BUSINESS_FAILURE", 6], ["ACCIDENT", 4], ["OTHER", 6],
] as const;

/** One to `max` distinct risk causes, the first fitting the members' health where it can. */
export function riskCauses(rng: Rng, members: GenMember[], max: number): string[] {
  const out: string[] = [];
  if (members.some((m) => m.health === "SERIOUS_ILLNESS")) out.push("SERIOUS_ILLNESS");
  else if (members.some((m) => m.health === "DISABLED")) out.push("DISABILITY");
  else if (members.some((m) => m.schoolStatus === "UNDERGRADUATE" || m.schoolStatus === "HIGHER_VOCATIONAL")) out.push("EDUCATION");
  const n = rng.range(1, max);
  for (let guard = 0; out.length < n && guard < 10; guard++) {
    const c = rng.weighted(RISK_CAUSES_BY_WEIGHT);
    if (!out.includes(c)) out.push(c);
  }
  return out.slice(0, max);
}

export const DIFFICULTY: Record<string, string> = {
  SERIOUS_ILLNESS: "家庭成员患大病，医疗支出大，家庭收入骤减",
  DISABILITY: "家庭成员残疾，劳动能力弱，收入来源少",
  EDUCATION: "子女上学支出较大，家庭负担重",
  UNSTABLE_EMPLOYMENT: "主要劳动力务工不稳定，工资性收入大幅下降",
  DISASTER: "遭受自然灾害，房屋和农作物受损",
  EMERGENCY: "家庭遭遇突发事件，刚性支出大幅增加",
  BUSINESS_FAILURE: "种养殖产业经营失败，生产经营性收入亏损",
  ACCIDENT: "家庭成员遭遇意外伤害，医疗支出大",
  EPIDEMIC: "受疫情影响，收入明显减少",
  OTHER: "家庭收入不稳定，生活困难",
};

import { computeCheckCharacter } from "@fanpin/domain/citizen-id";
import type { CreateHouseholdRequest } from "@fanpin/domain/household-schemas";
import type { HouseholdCategory } from "@fanpin/domain/categories";

/** Small deterministic PRNG so the demo data is the same on every machine. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "于", "姜", "丛", "毕", "鞠", "谷", "林", "宋"];
const GIVEN_MALE = ["建国", "志强", "德胜", "海涛", "明", "立新", "永刚", "广田", "春生", "宝山", "洪波", "振华"];
const GIVEN_FEMALE = ["秀英", "桂兰", "玉梅", "淑珍", "丽", "红霞", "春燕", "美玲", "晓燕", "翠花", "凤英", "海燕"];
const GIVEN_CHILD = ["子涵", "浩然", "欣怡", "宇航", "梓萱", "俊杰"];

/**
 * A valid citizen ID for the demo: Huancui's address code, the birth date, a
 * sequence whose parity gives the gender, and the check character. `serial`
 * keeps numbers unique across the demo set.
 */
export function demoCitizenId(birth: string, male: boolean, serial: number): string {
  const seq = (serial * 2 + (male ? 1 : 0)) % 1000;
  const first17 = `371002${birth}${String(seq).padStart(3, "0")}`;
  return first17 + computeCheckCharacter(first17);
}

/**
 * `preDesignate`: some 脱贫享受政策户 come already marked 脱贫监测户, as a 2020
 * deployment's registry would (rule sets without monitoring types); under
 * the national model the demo designates through its own procedure instead.
 */
export function buildDemoHouseholds(villages: { id: number; naturalVillageIds: number[] }[], preDesignate = true): CreateHouseholdRequest[] {
  const rand = mulberry32(20260101);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const households: CreateHouseholdRequest[] = [];
  let serial = 1;
  const date = (year: number) => `${year}${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`;

  for (const village of villages) {
    for (let k = 0; k < 3; k++) {
      const r = rand();
      const category: HouseholdCategory = r < 0.3 ? "LIFTED_WITH_POLICY" : r < 0.4 ? "LIFTED_WITHOUT_POLICY" : "ORDINARY";
      const surname = pick(SURNAMES);
      const headYear = 1945 + Math.floor(rand() * 40);
      const members: CreateHouseholdRequest["members"] = [];
      const base = {
        idType: "RESIDENT_ID", ethnicity: "01", politicalStatus: "MASSES", schoolStatus: "NOT_IN_SCHOOL",
      } as const;
      members.push({
        ...base, name: surname + pick(GIVEN_MALE), gender: "MALE", idNumber: demoCitizenId(date(headYear), true, serial++), relation: "HEAD",
        education: pick(["PRIMARY", "JUNIOR_HIGH", "ILLITERATE"] as const), health: pick(["HEALTHY", "CHRONIC_DISEASE", "SERIOUS_ILLNESS", "HEALTHY"] as const),
        workRegion: pick(["NONE", "IN_TOWNSHIP", "IN_COUNTY"] as const), workMonths: Math.floor(rand() * 10),
      });
      if (rand() < 0.8) {
        members.push({
          ...base, name: pick(SURNAMES) + pick(GIVEN_FEMALE), gender: "FEMALE", idNumber: demoCitizenId(date(headYear + 2), false, serial++), relation: "SPOUSE",
          education: pick(["PRIMARY", "JUNIOR_HIGH"] as const), health: pick(["HEALTHY", "CHRONIC_DISEASE", "DISABLED"] as const),
          workRegion: "NONE", workMonths: 0,
        });
      }
      if (rand() < 0.6) {
        const male = rand() < 0.5;
        members.push({
          ...base, name: surname + pick(GIVEN_CHILD), gender: male ? "MALE" : "FEMALE", idNumber: demoCitizenId(date(2008 + Math.floor(rand() * 8)), male, serial++),
          relation: male ? "SON" : "DAUGHTER", education: "PRIMARY", schoolStatus: pick(["PRIMARY", "JUNIOR_HIGH", "SENIOR_HIGH"] as const),
          health: "HEALTHY", workRegion: "NONE", workMonths: 0,
        });
      }
      const designated = category === "LIFTED_WITH_POLICY" && rand() < 0.3;
      const designation = designated && preDesignate ? "MONITORED" : null;
      households.push({
        category,
        designation,
        designatedAt: designation ? "2026-03-15" : null,
        villageId: village.id,
        naturalVillageId: pick(village.naturalVillageIds),
        phone: `13${String(Math.floor(rand() * 1e9)).padStart(9, "0")}`,
        riskCauses: category === "ORDINARY" ? [] : [pick(["SERIOUS_ILLNESS", "DISABILITY", "EDUCATION", "UNSTABLE_EMPLOYMENT"] as const)],
        incomeYear: 2025,
        income: {
          wageIncome: Math.round(rand() * 12000),
          minimumLiving: category === "ORDINARY" ? 0 : Math.round(rand() * 6000),
          pension: Math.round(rand() * 3000),
          productionIncome: Math.round(rand() * 5000),
          productionCost: Math.round(rand() * 1500),
          familyPlanning: 0, extremePovertySupport: 0, ecologicalCompensation: 0, otherTransfer: 0, assetDividend: category === "ORDINARY" ? 0 : 300, otherProperty: 0,
        },
        members,
      });
    }
  }
  return households;
}

import type { CreateHouseholdRequest } from "@fanpin/domain/household-schemas";
import type { PrismaClient } from "../src/db/prisma.ts";
import { independentCheckCharacter } from "@fanpin/domain/testing/id-numbers";

/**
 * A random valid citizen ID (address code of 乳山市, not used by the demo data), gender-consistent. The check character
 * comes from the test-only generator (@fanpin/domain/testing/id-numbers), never from the production code it is meant to test.
 */
export function newCitizenId(male = true): string {
  const r = (n: number) => Math.floor(Math.random() * n);
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  const seq = r(500) * 2 + (male ? 1 : 0);
  const first17 = `371083${1950 + r(60)}${pad(1 + r(12), 2)}${pad(1 + r(28), 2)}${pad(seq, 3)}`;
  return first17 + independentCheckCharacter(first17);
}

export function withWrongCheckDigit(id: string): string {
  const right = id[17];
  return id.slice(0, 17) + (right === "0" ? "1" : "0");
}

const memberBase = {
  idType: "RESIDENT_ID", ethnicity: "01", politicalStatus: "MASSES", education: "JUNIOR_HIGH", schoolStatus: "NOT_IN_SCHOOL",
  health: "HEALTHY", workRegion: "IN_COUNTY", workMonths: 6,
} as const;

/** A valid two-member household for the given village. */
export function householdPayload(villageId: number, overrides: Partial<CreateHouseholdRequest> = {}): CreateHouseholdRequest {
  return {
    category: "ORDINARY",
    villageId,
    phone: "13800000000",
    riskCauses: ["SERIOUS_ILLNESS"],
    incomeYear: 2025,
    income: { wageIncome: 8000, minimumLiving: 1200.5, productionCost: 500 } as CreateHouseholdRequest["income"],
    members: [
      { ...memberBase, name: "测试户主", gender: "MALE", idNumber: newCitizenId(true), relation: "HEAD" },
      { ...memberBase, name: "测试配偶", gender: "FEMALE", idNumber: newCitizenId(false), relation: "SPOUSE" },
    ],
    ...overrides,
  };
}

export async function areaIdByName(prisma: PrismaClient, name: string, level: "TOWNSHIP" | "VILLAGE" = "VILLAGE"): Promise<number> {
  const area = await prisma.area.findFirstOrThrow({ where: { name, level } });
  return area.id;
}

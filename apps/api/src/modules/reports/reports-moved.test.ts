import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { householdsAsOf, type ReportArea } from "./reports.service.ts";

// A household that moves to another township: each township's ledger as of a date shows it where it lived then.
let t: TestApp;
let district: string;

beforeAll(async () => {
  t = await createTestApp();
  district = await signIn(t.app, "district");
});
afterAll(() => t.close());

const today = () => new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const areaOf = async (name: string): Promise<ReportArea> => {
  const a = await t.prisma.area.findFirstOrThrow({ where: { name } });
  return { code: a.code, name: a.name, level: a.level };
};

describe("a household moved to another township", () => {
  it("stays in its old township's ledger for the days before the move, and is in the new one's from the move on", async () => {
    const zhangcunTown = await areaOf("张村镇");
    const yangtingTown = await areaOf("羊亭镇");
    const h = await t.prisma.household.findFirstOrThrow({
      where: { designation: { not: null }, villageCode: { startsWith: zhangcunTown.code.slice(0, 9) } }, include: { members: { orderBy: { position: "asc" } } },
    });
    const target = await t.prisma.area.findFirstOrThrow({ where: { level: "VILLAGE", parent: { name: "羊亭镇" } } });
    const before = today();
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(await householdsAsOf(t.prisma, zhangcunTown, before))).toContain(h.id);

    t.clock.advanceMinutes(24 * 60);
    district = await signIn(t.app, "district");
    const detail = (await t.app.inject({ method: "GET", url: `/api/households/${h.id}`, headers: { cookie: district } })).json();
    const res = await t.app.inject({
      method: "PUT", url: `/api/households/${h.id}`, headers: { cookie: district },
      payload: {
        version: detail.version, category: detail.category, villageId: target.id, naturalVillageId: null, addressDetail: detail.addressDetail,
        phone: detail.phone, riskCauses: detail.riskCauses, difficultyDescription: detail.difficultyDescription, incomeYear: detail.incomeYear,
        income: detail.income,
        members: h.members.map((m) => ({
          id: m.id, name: m.name, gender: m.gender, idType: m.idType, relation: m.relation, ethnicity: m.ethnicity, politicalStatus: m.politicalStatus,
          education: m.education, schoolStatus: m.schoolStatus, health: m.health, workRegion: m.workRegion, workMonths: m.workMonths,
        })),
      },
    });
    expect(res.statusCode, res.body).toBe(200);

    expect(ids(await householdsAsOf(t.prisma, zhangcunTown, before))).toContain(h.id);
    expect(ids(await householdsAsOf(t.prisma, yangtingTown, before))).not.toContain(h.id);
    expect(ids(await householdsAsOf(t.prisma, zhangcunTown, today()))).not.toContain(h.id);
    expect(ids(await householdsAsOf(t.prisma, yangtingTown, today()))).toContain(h.id);
  });
});

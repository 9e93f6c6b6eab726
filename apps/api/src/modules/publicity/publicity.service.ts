import { areaScopePrefix, isWithinArea } from "@fanpin/domain/areas";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import { HOUSEHOLD_CATEGORY_LABELS } from "@fanpin/domain/categories";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import {
  noticeTitle, proposedOutcomeLabel, townshipGovernmentName, villageCommitteeName,
  type PublicityNotice, type PublicityNoticeHousehold, type PublicityNoticeSummary,
} from "@fanpin/domain/publicity-schemas";
import type { ProcedureOutcome } from "@fanpin/domain/procedures/procedure";
import { objectionPhoneFor, procedureIn, ruleSet } from "@fanpin/domain/procedures/rules";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { isoOf } from "../calendar/calendar.repository.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import * as repo from "./publicity.repository.ts";

const scopeOf = (actor: Actor) => areaScopePrefix(actor.area.level, actor.area.code);
const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
type Village = NonNullable<Awaited<ReturnType<typeof repo.findVillage>>>;

/** The period of a notice posted on a given day, by the deployment's rules (the calendar is read once). */
async function periodRule(deps: Deps) {
  const calendar = await loadCalendar(deps.prisma);
  return (postedOn: string) => {
    const { startsOn, endsOn } = calendar.publicityPeriod(postedOn, deps.config.rules.publicity.days, {
      extendEndToWorkingDay: deps.config.rules.publicity.endsOnWorkingDay,
    });
    return { startsOn, endsOn };
  };
}

function summary(village: Village, postedOn: string, period: { startsOn: string; endsOn: string }, posted: boolean, count: number, today: string): PublicityNoticeSummary {
  return {
    village: { id: village.id, name: village.name },
    township: { id: village.parent!.id, name: village.parent!.name },
    period: posted ? postedOn : "pending",
    postedOn,
    startsOn: period.startsOn,
    endsOn: period.endsOn,
    posted,
    status: !posted ? "PENDING" : today <= period.endsOn ? "RUNNING" : "ENDED",
    householdCount: count,
  };
}

/**
 * The notices the user can print in their area: each village's households
 * waiting to be posted (planned for today), then every posted notice, newest
 * first.
 */
export async function listNotices(deps: Deps, actor: Actor): Promise<{ items: PublicityNoticeSummary[] }> {
  const prefix = scopeOf(actor);
  const today = todayInChina(deps.clock());
  const [posted, pending] = await Promise.all([repo.groupPostedNotices(deps.prisma, prefix), repo.groupPendingNotices(deps.prisma, prefix)]);
  const villages = new Map(
    (await repo.findVillagesByCodes(deps.prisma, [...new Set([...posted, ...pending].map((g) => g.villageCode))])).map((v) => [v.code, v]),
  );
  const items: PublicityNoticeSummary[] = [];
  const periodOf = await periodRule(deps);
  const todayPeriod = periodOf(today);
  for (const g of pending) {
    const village = villages.get(g.villageCode);
    if (village) items.push(summary(village, today, todayPeriod, false, g._count._all, today));
  }
  for (const g of posted) {
    const village = villages.get(g.villageCode);
    if (!village || !g.publicityPostedOn) continue;
    const postedOn = isoOf(g.publicityPostedOn);
    items.push(summary(village, postedOn, periodOf(postedOn), true, g._count._all, today));
  }
  return { items };
}

/**
 * One notice, as it is printed. `period` is the posting date, or "pending"
 * for the households not yet posted, printed with the period they will have
 * if posted on `plannedPostedOn` (default today).
 */
export async function getNotice(deps: Deps, actor: Actor, villageId: number, period: string, plannedPostedOn?: string): Promise<PublicityNotice> {
  const village = await repo.findVillage(deps.prisma, villageId);
  if (!village || !isWithinArea(actor.area, village.code)) throw new AppError("PUBLICITY_NOTICE_NOT_FOUND");
  const today = todayInChina(deps.clock());
  const posted = period !== "pending";
  const postedOn = posted ? period : (plannedPostedOn ?? today);
  const cases = await repo.findNoticeCases(deps.prisma, village.code, posted ? dateOf(period) : null);
  if (cases.length === 0) throw new AppError("PUBLICITY_NOTICE_NOT_FOUND");
  const dates = (await periodRule(deps))(postedOn);
  const place = posted ? plainOrNull(await repo.findPostingPlace(deps.prisma, cases.map((c) => c.id))) : null;
  const outcomes = cases.map((c) => outcomeOf(deps, c).type);
  const households = cases
    .map((c) => toNoticeHousehold(deps, c))
    .sort((a, b) => a.order.localeCompare(b.order))
    .map(({ order: _order, ...h }) => h);
  const township = village.parent!;
  const district = township.parent?.name ?? "";
  const committee = villageCommitteeName(village.name);
  return {
    ...summary(village, postedOn, dates, posted, cases.length, today),
    title: noticeTitle(village.name, outcomes),
    preamble:
      (outcomes.every((o) => o === "END_DESIGNATION")
        ? `根据防止返贫动态监测和帮扶工作有关规定，经乡镇（街道）入户核实和村级民主评议，现将${village.name}拟标注风险消除的${cases.length}户名单予以公示。`
        : `根据防止返贫动态监测和帮扶工作有关规定，经农户申请或村级推荐、乡镇（街道）入户核实、村级民主评议${outcomes.some((o) => o !== "END_DESIGNATION") && district ? `和${district}审核` : ""}，` +
          `现将${village.name}拟${outcomes.includes("END_DESIGNATION") ? "认定或拟标注风险消除" : "认定"}的${cases.length}户名单予以公示。`) +
      `公示期自${chineseDate(dates.startsOn)}起至${chineseDate(dates.endsOn)}止，共${deps.config.rules.publicity.days}天。`,
    households,
    place,
    objectionBodies: [committee, townshipGovernmentName(township.name)],
    objectionPhone: objectionPhone(deps, village.code),
    issuer: committee,
    issuedOn: postedOn,
  };
}

/**
 * 监督电话 for a village's notice: the rule set's entry for its township or
 * district; else the deployment's number (PUBLICITY_OBJECTION_PHONE); else the
 * rule set's catch-all (the national hotline).
 */
function objectionPhone(deps: Deps, villageCode: string): string | null {
  const entry = objectionPhoneFor(deps.config.rules.objectionPhones, villageCode);
  if (entry && entry.areaCode !== "") return entry.phone;
  return deps.config.publicityObjectionPhone ?? entry?.phone ?? null;
}

/** What the case's procedure would do to the household (the procedure of the rule set the case runs under). */
function outcomeOf(deps: Deps, c: repo.NoticeCase): ProcedureOutcome {
  const rules = (c.ruleSet && ruleSet(c.ruleSet)) || deps.config.rules;
  return procedureIn(rules, c.procedure)?.outcome ?? { type: "DESIGNATE", designation: "INSTANT_ASSISTANCE" };
}

function toNoticeHousehold(deps: Deps, c: repo.NoticeCase): PublicityNoticeHousehold & { order: string } {
  const h = c.household;
  // The township's verification writes the confirmed risk causes to the household; the lead's are the first report.
  const causes = (h.riskCauses.length ? h.riskCauses : ((c.lead as { riskCauses?: string[] }).riskCauses ?? [])) as string[];
  return {
    order: `${h.naturalVillage?.code ?? ""}|${h.householdNo}`,
    headName: h.headName,
    naturalVillage: h.naturalVillage?.name ?? null,
    categoryLabel: HOUSEHOLD_CATEGORY_LABELS[c.category],
    proposedLabel: proposedOutcomeLabel(outcomeOf(deps, c), c.monitoringType),
    reasons: causes.slice(0, 3).map((code) => RISK_CAUSE.labels[code as keyof typeof RISK_CAUSE.labels] ?? RISK_CAUSE.labels.OTHER),
  };
}

/** Free text typed by a cadre goes on the notice only if it holds nothing like a phone or ID number. */
function plainOrNull(text: string | null): string | null {
  if (!text) return null;
  return /\d{7,}/.test(text.replace(/[\s-]/g, "")) ? null : text.slice(0, 200);
}

export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

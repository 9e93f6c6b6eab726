import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, type Designation } from "../categories.ts";
import { addCalendarDays, type IsoDate } from "../calendar/working-days.ts";

/**
 * Weihai's 享受政策人口名单 (seed 000: "每月 16 日和 30 日将系统内最新享受政策
 * 人口名单和变量增减名单提供有关部门，并标清脱贫监测户、即时帮扶人口"): every
 * person of the households enjoying policy on the date — the 脱贫享受政策户
 * (rolled-back ones included) and every designated household whatever its
 * category (an 即时帮扶户 is managed as policy population from its
 * designation on) — marked with what they are, and the month's increments
 * and decrements (since the end of the previous month), by person.
 */
export type PolicyHousehold = {
  category: string;
  designation: Designation | null;
  rolledBack: boolean;
};

/** Whether the household's members are policy population on the date. */
export function isPolicyHousehold(h: PolicyHousehold): boolean {
  return h.category === "LIFTED_WITH_POLICY" || h.designation !== null;
}

/** What a person of the list is (标清): the designation's name, 即时帮扶 as people (即时帮扶人口), else the policy population. */
export function policyMark(h: PolicyHousehold): string {
  if (h.designation === "INSTANT_ASSISTANCE") return "即时帮扶人口";
  if (h.designation) return DESIGNATION_LABELS[h.designation];
  return h.rolledBack ? "脱贫享受政策人口（回退户）" : "脱贫享受政策人口";
}

/** The data date the month's changes count from: the last day of the month before the one of `asOf`. */
export function previousMonthEnd(asOf: IsoDate): IsoDate {
  return addCalendarDays(`${asOf.slice(0, 7)}-01`, -1);
}

const categoryLabel = (c: string) => (HOUSEHOLD_CATEGORY_LABELS as Record<string, string>)[c] ?? c;

/** A designation that ended in the month (designation_period), named in a decrement. */
export type EndedDesignation = { designation: Designation; endedOn: string; endReason: string | null };

/**
 * Why a person on the list at the previous month's end is not on it now:
 * the household is gone from the area (moved out or cancelled); the
 * household is still listed and the person left it; or the household no
 * longer enjoys policy — its designation ended (date and reason) and/or its
 * category changed.
 */
export function decrementReason(before: PolicyHousehold, now: PolicyHousehold | null, ended?: EndedDesignation): string {
  if (!now) return "户已不在本辖区（迁出或注销）";
  if (isPolicyHousehold(now)) return "家庭成员减少（已不在本户）";
  const parts: string[] = [];
  if (ended) parts.push(`${DESIGNATION_LABELS[ended.designation]}退出（${ended.endedOn}）${ended.endReason ? `：${ended.endReason}` : ""}`);
  if (before.category !== now.category) parts.push(`户类别变更：${categoryLabel(before.category)} → ${categoryLabel(now.category)}`);
  return parts.length ? parts.join("；") : "不再属于享受政策人口";
}

/**
 * Why a person on the list now was not on it at the previous month's end:
 * a household not in the area then (newly registered or moved in), a new
 * member of a listed household, a new designation (with its date), a
 * rollback to 脱贫享受政策户, or another category change.
 */
export function incrementReason(
  before: PolicyHousehold | null, now: PolicyHousehold & { designatedAt: string | null },
): string {
  if (!before) return "新增户（新登记或迁入本辖区）";
  if (isPolicyHousehold(before)) return "家庭成员增加（新入户）";
  if (now.designation && !before.designation) return `新认定为${DESIGNATION_LABELS[now.designation]}（${now.designatedAt ?? ""}）`;
  if (now.rolledBack && !before.rolledBack) return "回退为脱贫享受政策户";
  return `户类别变更：${categoryLabel(before.category)} → ${categoryLabel(now.category)}`;
}

/** For a person on both lists: how the mark changed in the month ("" when it did not). */
export function markChange(before: PolicyHousehold, now: PolicyHousehold): string {
  const [was, is] = [policyMark(before), policyMark(now)];
  return was === is ? "" : `${was} → ${is}`;
}

import { formatYuan } from "@fanpin/domain/money";
import dayjs from "dayjs";

/** 2026-11-23 08:56 in the browser's time zone (the offices are all in China Standard Time). */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format("YYYY-MM-DD HH:mm") : "—";
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format("YYYY-MM-DD") : "—";
}

/** 12,345.60 元 */
export function formatMoney(yuan: number | null | undefined): string {
  return yuan === null || yuan === undefined ? "—" : `${formatYuan(yuan)} 元`;
}

/** The label of a code in one of the domain's label maps, or the code itself when unknown. */
export function labelOf(labels: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === "") return "—";
  return labels[code] ?? code;
}

/** Select options from a label map, in the map's order. */
export function optionsOf(labels: Record<string, string>): { value: string; label: string }[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

/** Who made the change: the system's own jobs (publicity ending, the assistance file) are stored as "system". */
export function actorLabel(entry: { actorName: string | null; actorUsername?: string | null; actorRole: string | null }): string {
  const system = !entry.actorRole && (!entry.actorName || entry.actorName === "system" || entry.actorUsername === "system");
  return system ? "系统（定时任务）" : (entry.actorName ?? entry.actorUsername ?? "系统（定时任务）");
}

/** 2026-11-24 → 2026年11月24日, as official notices write dates. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** 2026年11月24日至2026年11月28日 */
export function formatPeriod(startsOn: string, endsOn: string): string {
  return `${chineseDate(startsOn)}至${chineseDate(endsOn)}`;
}

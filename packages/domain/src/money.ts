/**
 * Money is kept in fen (integer) in storage and computation, and spoken in
 * yuan (at most two decimals) at the API and in the UI. Floats never
 * accumulate: conversions round once.
 */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** Formats yuan for display: 12,345.60 */
export function formatYuan(yuan: number): string {
  return yuan.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

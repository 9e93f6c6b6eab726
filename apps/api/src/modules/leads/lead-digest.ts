import type { Deps } from "../../lib/deps.ts";

/** 日汇总: each working day, the townships get the leads gathered since the previous digest (a notice per township). */
export async function sendLeadDigests(_deps: Deps): Promise<number> {
  return 0;
}

// Process helpers for the crash tests (Linux /proc).
import { readdirSync, readFileSync } from "node:fs";

/** Alive and not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

export async function waitFor(condition: () => boolean, ms = 15_000): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}

/** The pids of the embedded PostgreSQL watchdogs (pg-watchdog.mjs) started by `pid`. */
export function watchdogsOf(pid: number): number[] {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      return ppid === pid && readFileSync(`/proc/${p}/cmdline`, "utf8").includes("pg-watchdog");
    } catch {
      return false;
    }
  });
}

/** The postmaster's pid, from the first line of the data dir's postmaster.pid (null when there is none). */
export function postmasterOf(dataDir: string): number | null {
  try {
    return Number(readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
  } catch {
    return null;
  }
}

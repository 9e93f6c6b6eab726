// Watchdog of an embedded PostgreSQL (started by embedded-postgres.ts):
//   node pg-watchdog.mjs <postmaster pid> <data dir>
// Its stdin is a pipe from the process that started the server. When that
// process dies, however it dies (kill -9 included), the kernel closes the
// pipe; the watchdog then stops the postmaster with a fast shutdown (SIGINT)
// if it still serves that data dir, and exits. Plain JavaScript, no
// dependencies, so it starts in a few milliseconds and needs no loader.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const pid = Number(process.argv[2]);
const dataDir = resolve(process.argv[3] ?? "");

// A Ctrl-C or hang-up reaches the whole process group: the watchdog must outlive the process it watches.
process.on("SIGINT", () => undefined);
process.on("SIGHUP", () => undefined);

function servesDataDir() {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const at = args.indexOf("-D");
    return at >= 0 && resolve(args[at + 1] ?? "") === dataDir;
  } catch {
    return false;
  }
}

let stopping = false;
function stopServer() {
  if (stopping) return;
  stopping = true;
  // Never signal a pid that no longer is this data dir's server (gone, or reused by another process).
  if (Number.isInteger(pid) && pid > 0 && servesDataDir()) {
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // already gone
    }
  }
  process.exit(0);
}

process.stdin.on("end", stopServer);
process.stdin.on("close", stopServer);
process.stdin.on("error", stopServer);
process.stdin.resume();

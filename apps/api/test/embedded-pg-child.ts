// A process that starts an embedded PostgreSQL and stays alive, for crash
// tests: `node --import tsx embedded-pg-child.ts <dataDir> <port>` prints one
// JSON line {"postmaster": pid, "watchdog": pid | null} once the server is up.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../src/db/embedded-postgres.ts";

const [dataDir, port] = process.argv.slice(2);
await startEmbeddedPostgres({ dataDir: dataDir!, port: Number(port), postgresFlags: ["-c", "fsync=off"] });
const postmaster = Number(readFileSync(join(dataDir!, "postmaster.pid"), "utf8").split("\n")[0]);
process.stdout.write(`${JSON.stringify({ postmaster })}\n`);
setInterval(() => undefined, 60_000);

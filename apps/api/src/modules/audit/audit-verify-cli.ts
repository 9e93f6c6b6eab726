// `npm run audit:verify`: checks the audit trail's hash chain (decision 014) in the database of
// DATABASE_URL (or the embedded one) and prints the first broken link, or OK with the count.
// Exit code 0: the chain holds; 2: it is broken; 1: the check could not run.
import pg from "pg";
import { DEFAULT_EMBEDDED_DATA_DIR, DEFAULT_EMBEDDED_PORT, startEmbeddedPostgres } from "../../db/embedded-postgres.ts";
import { pgQuery } from "./audit-chain.repository.ts";
import { verifyAuditChain } from "./audit.service.ts";

let connectionString = process.env.DATABASE_URL;
const embedded = connectionString
  ? null
  : await startEmbeddedPostgres({ dataDir: process.env.DATA_DIR ?? DEFAULT_EMBEDDED_DATA_DIR, port: Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PORT) });
connectionString ??= embedded!.connectionString;
const client = new pg.Client({ connectionString, application_name: "fanpin-audit-verify" });
let exitCode = 1;
try {
  await client.connect();
  const r = await verifyAuditChain(pgQuery(client));
  if (r.ok) {
    console.log(`审计链完整 / audit chain OK: ${r.verified} entries verified (SM3), head position ${r.headPosition}, head hash ${r.headHash} (${r.durationMs} ms)`);
    exitCode = 0;
  } else {
    const p = r.problem!;
    console.log(`审计链断裂 / audit chain BROKEN: ${p.kind} at position ${p.position ?? "-"}, entry ${p.entryId ?? "-"}`);
    console.log(p.message);
    console.log(`${r.verified} entries verified before it; head position ${r.headPosition}, head hash ${r.headHash}`);
    exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await client.end().catch(() => undefined);
  await embedded?.stop();
}
process.exit(exitCode);

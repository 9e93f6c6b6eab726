// `npm run audit:verify`: checks the audit trail's hash chain (decision 014) in the database of
// DATABASE_URL (or the embedded one) and prints the first broken link, or OK with the count.
// Exit code 0: the chain holds; 2: it is broken; 1: the check could not run.
import pg from "pg";
import { openDatabase } from "../../db/database.ts";
import { pgQuery } from "./audit-chain.repository.ts";
import { verifyAuditChain } from "./audit.service.ts";

// The owner reads the chain head as well as the entries (decision 013: the roles).
const db = await openDatabase((line) => console.error(line));
const client = new pg.Client({ connectionString: db.ownerConnectionString, application_name: "fanpin-audit-verify" });
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
  await db.stop();
}
process.exit(exitCode);

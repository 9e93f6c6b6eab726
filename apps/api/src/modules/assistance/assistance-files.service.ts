import { todayInChina } from "@fanpin/domain/calendar/working-days";
import { withTransaction } from "../../db/transaction.ts";
import type { Deps } from "../../lib/deps.ts";
import { appendAuditMany, SYSTEM_AUDIT_ACTOR } from "../audit/audit.repository.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import { syncAssistanceFiles, type FileContext } from "./assistance-files.repository.ts";

/** The deployment's assistance rules with today's calendar. */
export async function fileContext(deps: Deps): Promise<FileContext> {
  return { calendar: await loadCalendar(deps.prisma), rules: deps.config.rules.assistance, today: todayInChina(deps.clock()) };
}

/**
 * Brings every file in step with its household (start-up, and each minute's
 * job): households designated by registration or import get their file, and
 * a file whose household moved follows it. Returns how many changed.
 */
export async function syncAllAssistanceFiles(deps: Deps): Promise<number> {
  const ctx = await fileContext(deps);
  return withTransaction(deps.prisma, async (tx) => {
    const records = await syncAssistanceFiles(tx, "all", ctx);
    if (records.length) await appendAuditMany(tx, SYSTEM_AUDIT_ACTOR("job"), records, deps.clock());
    return records.length;
  }, { timeout: 120_000 });
}

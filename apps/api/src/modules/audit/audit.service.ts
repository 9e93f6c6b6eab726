import { areaScopePrefix } from "@fanpin/domain/areas";
import type { AuditChainReport, AuditEntry } from "@fanpin/domain/audit-schemas";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { contentDigest, GENESIS_HASH, linkHash } from "./audit-chain.ts";
import { findEntryBeyondHead, findUnchainedEntry, readChainedEntries, readChainHead, type SqlQuery } from "./audit-chain.repository.ts";
import { personalDataForDisplay } from "../../lib/personal-data.ts";
import { findDisplayNames, findHouseholdHistory } from "./audit.repository.ts";
import { householdInScope } from "../households/households.repository.ts";

/**
 * A household's history, newest first. The trail keeps masked ID and phone
 * numbers only (decision 015); masking again on the way out also covers any
 * entry a future writer forgot to mask.
 */
export async function listHouseholdHistory(deps: Deps, actor: Actor, householdId: string, page: number, pageSize: number) {
  if (!(await householdInScope(deps.prisma, householdId, areaScopePrefix(actor.area.level, actor.area.code)))) throw new AppError("HOUSEHOLD_NOT_FOUND");
  const { items, total } = await findHouseholdHistory(deps.prisma, householdId, (page - 1) * pageSize, pageSize);
  const names = await findDisplayNames(deps.prisma, items.map((e) => e.actorId));
  const entries: AuditEntry[] = items.map((e) => ({
    id: e.id.toString(),
    at: e.at.toISOString(),
    actorName: (e.actorId && names.get(e.actorId)) || e.actorName,
    actorUsername: e.actorName,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: personalDataForDisplay(e.before),
    after: personalDataForDisplay(e.after),
    reason: e.reason,
  }));
  return { items: entries, total, page, pageSize };
}


// ---------------------------------------------------------------- checking the chain (decision 014)

const CHECK_BATCH = 2_000;

/**
 * Walks the audit chain from its first entry to the head as it was when the
 * check began, in batches (millions of entries are fine: memory stays at one
 * batch), recomputing every hash, and reports the first broken link: an
 * entry whose content no longer matches its hash, an entry whose recorded
 * predecessor is not the entry before it, a gap (entries deleted), entries
 * past the head or outside the chain (inserted without the chain writer).
 * Entries appended while it runs are left for the next check.
 */
export async function verifyAuditChain(q: SqlQuery, now: () => Date = () => new Date()): Promise<AuditChainReport> {
  const started = performance.now();
  const checkedAt = now().toISOString();
  const head = await readChainHead(q);
  let verified = 0;
  const report = (problem: AuditChainReport["problem"]): AuditChainReport => ({
    ok: problem === null, verified, headPosition: Number(head.position), headHash: head.hash.toString("hex"), problem, checkedAt,
    durationMs: Math.round(performance.now() - started),
  });

  let expected = 1n;
  let prev = GENESIS_HASH;
  while (expected <= head.position) {
    const entries = await readChainedEntries(q, expected - 1n, head.position, CHECK_BATCH);
    if (!entries.length) {
      return report({
        kind: "ENTRY_MISSING", position: Number(expected), entryId: null,
        message: `链尾缺少第 ${expected} 至第 ${head.position} 条记录（共 ${head.position - expected + 1n} 条）：记录已被删除`,
      });
    }
    for (const e of entries) {
      const position = e.position!;
      if (position !== expected) {
        return report({
          kind: "ENTRY_MISSING", position: Number(expected), entryId: e.id,
          message: `缺少第 ${expected} 至第 ${position - 1n} 条记录（共 ${position - expected} 条）：记录已被删除`,
        });
      }
      if (!e.prev!.equals(prev)) {
        return report({
          kind: "LINK_BROKEN", position: Number(position), entryId: e.id,
          message: `第 ${position} 条记录（编号 ${e.id}）所记的上一条哈希与第 ${position - 1n} 条记录不符：其前的记录被删除、替换或插入`,
        });
      }
      if (!linkHash(prev, position, contentDigest(e.content)).equals(e.hash!)) {
        return report({
          kind: "CONTENT_ALTERED", position: Number(position), entryId: e.id,
          message: `第 ${position} 条记录（编号 ${e.id}）的内容与其哈希不符：记录写入后被改动`,
        });
      }
      prev = e.hash!;
      expected++;
      verified++;
    }
  }
  if (!prev.equals(head.hash)) {
    return report({
      kind: "LINK_BROKEN", position: Number(head.position), entryId: null,
      message: `链头记录的哈希与第 ${head.position} 条记录不符：链头或最后一条记录被改动`,
    });
  }
  const beyond = await findEntryBeyondHead(q);
  if (beyond) {
    return report({
      kind: "ENTRY_INSERTED", position: Number(beyond.position), entryId: beyond.id,
      message: `第 ${beyond.position} 条记录（编号 ${beyond.id}）位于链头之后：未经审计链写入，系伪造插入`,
    });
  }
  const unchained = await findUnchainedEntry(q);
  if (unchained) {
    return report({
      kind: "ENTRY_UNCHAINED", position: null, entryId: unchained,
      message: `记录（编号 ${unchained}）不在审计链中：未经审计链写入，或启动时的封存未完成`,
    });
  }
  return report(null);
}

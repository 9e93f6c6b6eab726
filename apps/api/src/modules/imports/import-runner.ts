import { uuidV7 } from "../../lib/uuid-v7.ts";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import { INCOME_ITEM_KEYS } from "@fanpin/domain/collection-form";
import { HOUSEHOLD_CATEGORY_LABELS, type HouseholdCategory } from "@fanpin/domain/categories";
import { ZCreateHouseholdRequest, type Member } from "@fanpin/domain/household-schemas";
import { IMPORT_PROBLEMS_SHOWN, REJECTED_FILE_DAYS, type ImportProblem } from "@fanpin/domain/import-schemas";
import {
  columnHeader, findMissingColumns, HOUSEHOLD_SHEET_COLUMNS, locateIssue, readHouseholdRows, TEXT_COLUMN_KEYS, type SheetHousehold,
} from "@fanpin/domain/import/household-sheet";
import { fenToYuan } from "@fanpin/domain/money";
import { can, type Role } from "@fanpin/domain/roles";
import { areaScopePrefix } from "@fanpin/domain/areas";
import type { z } from "zod";
import { bulkInsertAll, type BulkRow } from "../../db/bulk-insert.ts";
import type { Db, Tx } from "../../db/prisma.ts";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { createXlsxCollector, type XlsxCell } from "../../lib/xlsx.ts";
import {
  appendAuditMany, appendChained, auditContent, beginAuditStaging, chainStagedAudit, stageAudit, type AuditActor, type AuditRecord,
} from "../audit/audit.repository.ts";
import {
  householdBulkRow, incomeColumns, memberBulkRow, memberData, snapshot, updateHousehold, type HouseholdFields, type SnapshotSource,
} from "../households/households.repository.ts";
import { openMissingDesignationPeriods } from "../designations/designations.repository.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import { detectFormat, openSheet, type SheetRow } from "./sheet-reader.ts";
import * as repo from "./imports.repository.ts";
import { runDepartmentJob } from "../department-warnings/department-runner.ts";
import { warnAfterChange } from "../early-warnings/early-warnings.service.ts";

/**
 * Runs household imports in the background. A job is claimed from the
 * import_job table (SKIP LOCKED, so any API process may run it, each job
 * once), its file read as a stream, members grouped into households (the
 * rows of a household are consecutive), and households handled in batches:
 * validated, matched with the registry by household number or the head's ID
 * number, then created, updated, or left alone when identical (so importing
 * the same file twice changes nothing). Memory stays flat: only the current
 * batch and the sets of numbers seen so far are held.
 *
 * - valid-only: each batch commits on its own; invalid households go to the
 *   rejected-rows file.
 * - all-or-nothing: the whole run is one transaction, rolled back at the end
 *   when any row was wrong.
 */
const BATCH_HOUSEHOLDS = 500;
const HOUSEHOLD_NO = columnHeader("householdNo");
/** A RUNNING job whose heartbeat is older than this is taken over by another worker (its process died). */
const STALE_AFTER_MS = 2 * 60_000;
/**
 * A job whose process died this many times is not taken over again but failed: a file that kills the process
 * (it should not, every read is bounded) must not kill every process that takes it over, forever.
 */
const MAX_ATTEMPTS = 2;
/**
 * A running job beats on a timer as well as after each batch: a batch may wait
 * on row locks (another import's transaction) for longer than STALE_AFTER_MS,
 * and a live job taken over would run twice at once.
 */
const HEARTBEAT_MS = 20_000;

type Logger = { error(obj: object, msg: string): void; info(msg: string): void };
type CreateInput = z.output<typeof ZCreateHouseholdRequest>;

let active: Promise<number> | null = null;

/** Runs waiting jobs in this process until none is left; one at a time per process. Returns how many ran. */
export function runPendingImports(deps: Deps, logger?: Logger): Promise<number> {
  if (active) return Promise.resolve(0);
  active = (async () => {
    let n = 0;
    try {
      await repo.purgeRejectedFiles(deps.prisma, new Date(deps.clock().getTime() - REJECTED_FILE_DAYS * 86_400_000));
      for (;;) {
        const now = deps.clock();
        const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
        for (const job of await repo.failAbandonedImportJobs(deps.prisma, now, staleBefore, MAX_ATTEMPTS)) {
          logger?.error({ jobId: job.id, attempts: job.attempts }, "household import abandoned twice: failed, not taken over again");
          await recordAbandoned(deps, job);
        }
        const id = await repo.claimNextImportJob(deps.prisma, now, staleBefore);
        if (!id) return n;
        await runImportJob(deps, id, logger);
        n++;
      }
    } finally {
      active = null;
    }
  })();
  return active;
}

/** The audit entry of a job failed by failAbandonedImportJobs (its file is removed there). */
async function recordAbandoned(deps: Deps, job: repo.AbandonedJob) {
  const user = await repo.findJobUser(deps.prisma, job.createdById);
  const actor: AuditActor = { id: user.id, username: user.username, role: user.role as Role, requestId: `import:${job.id}`, ip: null };
  await appendAuditMany(deps.prisma, actor, [{
    action: job.kind === "DEPARTMENT_WARNINGS" ? "departmentWarning.upload" : "household.import", entityType: "import_job", entityId: job.id,
    after: { fileName: job.fileName, mode: job.mode, status: "FAILED", attempts: job.attempts, error: "IMPORT_INTERRUPTED" },
  }], deps.clock());
}

/** Resolves once this process's runner is idle (for tests that run the runner themselves after uploads). */
export async function whenImportsIdle(): Promise<void> {
  while (active) await active.catch(() => 0);
}

/** Starts the runner after a job was queued, without making the request wait for it. */
export function kickImports(deps: Deps, logger: Logger) {
  setImmediate(() => void runPendingImports(deps, logger).catch((err: unknown) => logger.error({ err }, "household import runner failed")));
}

/** Thrown inside the all-or-nothing transaction to roll it back. */
class RollBack extends Error {}

async function runImportJob(deps: Deps, id: string, logger?: Logger) {
  const job = await repo.loadJobForRun(deps.prisma, id);
  // One queue, one claim and take-over for every kind of upload; each kind has its own runner.
  if (job.kind === "DEPARTMENT_WARNINGS") return runDepartmentJob(deps, id, logger);
  const user = await repo.findJobUser(deps.prisma, job.createdById);
  const actor: AuditActor = { id: user.id, username: user.username, role: user.role as Role, requestId: `import:${id}`, ip: null };
  const run = new ImportRun(deps, job, actor);
  // The job acts for its uploader as they are now: a deactivated account or a changed area (e.g. a transfer) stops it.
  if (!user.isActive || !can(user.role as Role, "household.write") || areaScopePrefix(user.area.level, user.area.code) !== job.scopeCode) {
    return run.finish(new AppError("FORBIDDEN", { message: "提交导入的账号已停用、已无导入权限或辖区已变更，本次导入未执行，请重新提交" }));
  }
  const beat = setInterval(() => void repo.updateImportJob(deps.prisma, id, { heartbeatAt: deps.clock() }).catch(() => {}), HEARTBEAT_MS);
  beat.unref();
  try {
    const file = await repo.loadJobFile(deps.prisma, id);
    if (!file) throw new AppError("IMPORT_FILE_UNREADABLE", { message: "导入文件已不存在，请重新上传" });
    if (job.mode === "ALL_OR_NOTHING") {
      await withTransaction(deps.prisma, async (tx) => {
        // The audit entries wait in a staging table and join the chain in one statement before commit (decision 014).
        await beginAuditStaging(tx);
        await run.readAll(file, tx);
        if (run.problemCount > 0) {
          await run.progress({ phase: "ROLLING_BACK" });
          throw new RollBack();
        }
        await chainStagedAudit(tx);
      }, { timeout: 60 * 60_000, maxWait: 30_000 });
    } else {
      await run.readAll(file, null);
    }
    await run.finish(null);
    // After the writes committed (an all-or-nothing import rolled back wrote none).
    if (run.problemCount === 0 || job.mode !== "ALL_OR_NOTHING") await warnAfterChange(deps, run.writtenIds);
  } catch (error) {
    if (error instanceof RollBack) return run.finish(null);
    if (!(error instanceof AppError)) logger?.error({ err: error }, `household import ${id} failed`);
    await run.finish(error instanceof AppError ? error : new AppError("INTERNAL_ERROR"));
  } finally {
    clearInterval(beat);
  }
}

type Place = { village: { id: number; code: string; name: string }; naturalVillage: { id: number; name: string } | null };
type Candidate = { group: SheetRow[]; sheet: SheetHousehold; input: CreateInput; place: Place };
type CheckedBatch = { groups: SheetRow[][]; problems: Map<SheetRow[], ImportProblem[]>; candidates: Candidate[] };
type Planned =
  | { kind: "create"; sheet: SheetHousehold; input: CreateInput; place: Place }
  | { kind: "update"; sheet: SheetHousehold; input: CreateInput; place: Place; stored: repo.StoredHousehold };

class ImportRun {
  problemCount = 0;
  /** The households written (created or updated): the early-warning rules run for them once the import is done. */
  writtenIds: string[] = [];
  private problems: ImportProblem[] = [];
  private counts = { created: 0, updated: 0, unchanged: 0, rejected: 0, rowsRead: 0, done: 0 };
  /** How much of the file has been read (0–1), for the progress bar. */
  private fractionRead: () => number = () => 0;
  private lastBeat = 0;
  /** Every ID number (first 18 characters) of the file so far → the row it is on: one person, one household. */
  private idRows = new Map<string, number>();
  /** Household numbers of the file so far → first row: a household's rows must be consecutive. */
  private householdRows = new Map<string, number>();
  private rejectedFile: ReturnType<typeof createXlsxCollector> | null = null;
  private villagesByCode = new Map<string, { id: number; code: string; name: string }>();
  private naturalVillages = new Map<string, { id: number; name: string }>();
  private scopePrefix: string;
  private reason: string;

  constructor(private deps: Deps, private job: { id: string; fileName: string; scopeCode: string; mode: string }, private actor: AuditActor) {
    this.scopePrefix = job.scopeCode;
    this.reason = `批量导入：${job.fileName}`.slice(0, 1000);
  }

  async readAll(file: Buffer, tx: Tx | null) {
    const db: Db = tx ?? this.deps.prisma;
    for (const place of await repo.findPlacesUnder(db, this.scopePrefix)) {
      if (place.level === "VILLAGE") this.villagesByCode.set(place.code, place);
      else this.naturalVillages.set(`${place.parentId}:${place.name}`, place);
    }
    const format = detectFormat(file, this.job.fileName);
    const sheet = await openSheet(file, format, this.deps.config.importLimits);
    this.fractionRead = sheet.fraction;
    const missing = findMissingColumns(sheet.headers);
    if (missing.length) {
      throw new AppError("IMPORT_COLUMNS_MISSING", { message: `表头缺少这些列：${missing.join("、")}。请下载导入模板，按模板表头填写` });
    }
    await this.progress({ phase: "READING" });

    let group: SheetRow[] = [];
    let groupNo: string | null = null;
    let batch: SheetRow[][] = [];
    // One batch is in the database while the next is read and checked: the two processes (Node and
    // PostgreSQL) work at the same time instead of in turn. At most two batches are held.
    let stored: Promise<void> = Promise.resolve();
    const flushBatch = async () => {
      const checked = batch.length ? this.check(batch) : null;
      batch = [];
      await stored;
      // Let the process serve requests between batches, whatever the reader and the checks had to do.
      await new Promise((resolve) => setImmediate(resolve));
      if (!checked) return;
      stored = this.store(checked, tx);
      stored.catch(() => {}); // awaited with the next batch or at the end; a failure surfaces there
    };
    try {
      for await (const row of sheet.rows) {
        this.counts.rowsRead++;
        const no = String(row.cells[HOUSEHOLD_NO] ?? "").trim();
        if (group.length && no === groupNo && no !== "") {
          group.push(row);
          continue;
        }
        if (group.length) batch.push(group);
        group = [row];
        groupNo = no;
        if (batch.length >= BATCH_HOUSEHOLDS) await flushBatch();
      }
      if (group.length) batch.push(group);
      await flushBatch();
    } catch (error) {
      await stored.catch(() => {}); // nothing keeps writing after the job has failed
      throw error;
    }
    await stored;
    await this.progress({});
  }

  /**
   * Checks a batch's cells and schema, household by household, without the database (in file order:
   * the sets of numbers seen so far grow here).
   */
  private check(groups: SheetRow[][]): CheckedBatch {
    const problems = new Map<SheetRow[], ImportProblem[]>();
    const add = (group: SheetRow[], p: ImportProblem) => addProblem(problems, group, p);

    // 1. Cells and schema, household by household.
    const candidates: Candidate[] = [];
    for (const group of groups) {
      const first = group[0]!;
      const no = String(first.cells[HOUSEHOLD_NO] ?? "").trim();
      const seenAt = no ? this.householdRows.get(no) : undefined;
      if (seenAt !== undefined) {
        add(group, { row: first.row, column: HOUSEHOLD_NO, message: `户编号 ${no} 在第 ${seenAt} 行已出现：同一户的成员行请连续排列，不要与其他户交错` });
        continue;
      }
      if (no) this.householdRows.set(detached(no), first.row);
      const read = readHouseholdRows(group);
      for (const p of read.problems) add(group, p);
      const sheet = read.households[0];
      if (!sheet || read.problems.length) continue;
      const village = this.villagesByCode.get(sheet.villageCode);
      if (!village) {
        add(group, { row: first.row, column: columnHeader("villageCode"), message: sheet.villageCode ? `区划代码 ${sheet.villageCode} 不是您辖区内的村（社区）` : "请填写村（社区）统计用区划代码（12 位）" });
        continue;
      }
      const villageName = String(first.cells[columnHeader("villageName")] ?? "").trim();
      if (villageName && villageName !== village.name) {
        add(group, { row: first.row, column: columnHeader("villageName"), message: `村名与区划代码不符：代码 ${village.code} 是“${village.name}”` });
        continue;
      }
      let naturalVillage: Place["naturalVillage"] = null;
      if (sheet.naturalVillage) {
        naturalVillage = this.naturalVillages.get(`${village.id}:${sheet.naturalVillage}`) ?? null;
        if (!naturalVillage) {
          const names = [...this.naturalVillages.entries()].filter(([k]) => k.startsWith(`${village.id}:`)).map(([, v]) => v.name);
          add(group, {
            row: first.row, column: columnHeader("naturalVillage"),
            message: `${village.name}没有名为“${sheet.naturalVillage}”的自然村（村民小组）${names.length ? `，可填：${names.slice(0, 10).join("、")}` : "，请留空"}`,
          });
          continue;
        }
      }
      const parsed = ZCreateHouseholdRequest.safeParse({ ...sheet.request, villageId: village.id, naturalVillageId: naturalVillage?.id ?? null });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) add(group, locateIssue(sheet, issue.path as (string | number)[], issue.message));
        continue;
      }
      // One person, one household: within the file.
      const dupes = parsed.data.members.flatMap((m, i) => {
        const at = this.idRows.get(m.idNumber.slice(0, 18));
        return at !== undefined ? [{ row: sheet.rows[i]!, column: columnHeader("idNumber"), message: `该证件号码在第 ${at} 行已出现，一人只能属于一个家庭` }] : [];
      });
      if (dupes.length) {
        for (const p of dupes) add(group, p);
        continue;
      }
      parsed.data.members.forEach((m, i) => this.idRows.set(detached(m.idNumber.slice(0, 18)), sheet.rows[i]!));
      candidates.push({ group, sheet, input: parsed.data, place: { village, naturalVillage } });
    }
    return { groups, problems, candidates };
  }

  /** Matches a checked batch with the registry, writes the valid households (valid-only: in a transaction of their own) and reports the rest. */
  private async store({ groups, problems, candidates }: CheckedBatch, tx: Tx | null) {
    const db: Db = tx ?? this.deps.prisma;
    const add = (group: SheetRow[], p: ImportProblem) => addProblem(problems, group, p);

    // 2. Matching with the registry: by household number, else by the head's ID number.
    const owners = new Map<string, string>(); // ID number → household id
    const numbered = new Map<string, string>(); // household number → household id
    if (candidates.length) {
      const registered = await repo.findRegistered(db, candidates.map((c) => c.sheet.householdNo), candidates.flatMap((c) => c.input.members.map((m) => m.idNumber.slice(0, 18))));
      for (const r of registered) (r.kind === "member" ? owners : numbered).set(r.key, r.householdId);
    }
    const headOwnerIds = candidates.flatMap((c) => {
      const head = c.input.members.find((m) => m.relation === "HEAD")!;
      const owner = owners.get(head.idNumber.slice(0, 18));
      return owner && !numbered.has(c.sheet.householdNo) ? [owner] : [];
    });
    const wanted = [...new Set([...numbered.values(), ...headOwnerIds])];
    const byId = new Map((wanted.length ? await repo.findHouseholdsByIds(db, wanted) : []).map((h) => [h.id, h]));
    const byNo = new Map([...numbered].flatMap(([no, id]) => (byId.has(id) ? [[no, byId.get(id)!] as const] : [])));

    const planned: (Planned & { group: SheetRow[] })[] = [];
    for (const c of candidates) {
      const head = c.input.members.find((m) => m.relation === "HEAD")!;
      const headOwner = owners.get(head.idNumber.slice(0, 18));
      const stored = byNo.get(c.sheet.householdNo) ?? (headOwner ? byId.get(headOwner) : undefined);
      const first = c.sheet.rows[0]!;
      if (stored && stored.householdNo !== c.sheet.householdNo) {
        add(c.group, {
          row: first, column: columnHeader("householdNo"),
          message: stored.villageCode.startsWith(this.scopePrefix)
            ? `户主的证件号码已登记在户编号为 ${stored.householdNo} 的家庭中，请核对户编号`
            : "户主的证件号码已登记在您辖区以外的家庭中，请核对",
        });
        continue;
      }
      if (stored && !stored.villageCode.startsWith(this.scopePrefix)) {
        add(c.group, { row: first, column: columnHeader("householdNo"), message: "该户编号已登记在您辖区以外，不能通过导入修改" });
        continue;
      }
      const taken = c.input.members.flatMap((m, i) => {
        const owner = owners.get(m.idNumber.slice(0, 18));
        return owner && owner !== stored?.id
          ? [{ row: c.sheet.rows[i]!, column: columnHeader("idNumber"), message: "该身份证号码已登记在其他家庭中，一人只能属于一个家庭" }]
          : [];
      });
      if (taken.length) {
        for (const p of taken) add(c.group, p);
        continue;
      }
      if (!stored) {
        planned.push({ kind: "create", ...c });
        continue;
      }
      // The designation of a registered household is the procedures' outcome: an import may repeat it, never set or change it.
      if (c.input.designation && (c.input.designation !== stored.designation ||
        (c.input.designatedAt ?? null) !== (stored.designatedAt?.toISOString().slice(0, 10) ?? null))) {
        add(c.group, {
          row: first, column: columnHeader("designation"),
          message: stored.designation
            ? "该户已认定，认定类型和日期只能通过监测帮扶程序变更，请与系统中一致或留空"
            : "该户已在系统中登记且未认定，认定须通过监测帮扶程序办理，请将认定类型和日期留空",
        });
        continue;
      }
      // The category too (a rollback changes it, or an administrator's correction): never changed by an import. The row is
      // reported; valid-only still imports the rest of the household, keeping its category.
      let input = c.input;
      if (input.category !== stored.category) {
        const storedLabel = HOUSEHOLD_CATEGORY_LABELS[stored.category as HouseholdCategory] ?? stored.category;
        add(c.group, {
          row: first, column: columnHeader("category"),
          message: `户类别与系统中的“${storedLabel}”不同：户类别只能通过回退程序变更，或由系统管理员更正` +
            (this.job.mode === "ALL_OR_NOTHING" ? "，请填写与系统中一致的户类别" : "；本户其他信息已导入，户类别未变更"),
        });
        input = { ...input, category: stored.category as CreateInput["category"] };
      }
      if (sameHousehold(stored, input, c.place)) this.counts.unchanged++;
      else planned.push({ kind: "update", ...c, input, stored });
    }

    // 3. Writes. All-or-nothing stops writing at the first problem (it will roll back) but goes on checking, to report every row.
    if (planned.length) {
      if (!tx) await this.writeValid(planned, add);
      else if (this.problemCount === 0 && problems.size === 0) this.addWritten(await this.write(tx, planned, add, "stage"));
    }

    // 4. Report.
    for (const group of groups) {
      const ps = problems.get(group);
      if (!ps) continue;
      this.counts.rejected++;
      this.reject(group, ps);
    }
    this.counts.done += groups.length;
    await this.progress({});
  }

  /** valid-only: the batch in one transaction; if a concurrent edit breaks it, household by household. */
  private async writeValid(planned: (Planned & { group: SheetRow[] })[], add: (g: SheetRow[], p: ImportProblem) => void) {
    try {
      this.addWritten(await withTransaction(this.deps.prisma, (tx) => this.write(tx, planned, add), { timeout: 5 * 60_000 }));
    } catch {
      for (const p of planned) {
        try {
          this.addWritten(await withTransaction(this.deps.prisma, (tx) => this.write(tx, [p], add)));
        } catch (error) {
          // Only a clash with a concurrent write is this household's problem; anything else fails the job.
          if (!isUniqueViolation(error)) throw error;
          add(p.group, { row: p.sheet.rows[0]!, column: columnHeader("householdNo"), message: "写入时该户或其成员已被他人同时登记，请稍后重新导入该户" });
        }
      }
    }
  }

  /**
   * Writes planned households: updates one by one, then every new household and member in one statement,
   * then the audit entries: onto the chain as the transaction's last write, or (`stage`, the all-or-nothing
   * transaction) into its staging table.
   */
  private async write(tx: Tx, planned: (Planned & { group: SheetRow[] })[], add: (g: SheetRow[], p: ImportProblem) => void, audit: "chain" | "stage" = "chain") {
    const now = this.deps.clock();
    const audits: AuditRecord[] = [];
    const memberRows: BulkRow<"member">[] = [];
    const householdRows: BulkRow<"household">[] = [];
    let created = 0;
    const createdIds: string[] = [];
    let updated = 0;
    const updatedIds: string[] = [];
    for (const p of planned) {
      if (p.kind === "create") {
        // New households in bulk, through the same column mapping as every household write.
        const id = uuidV7();
        const fields = fieldsOf(p);
        const ids = p.input.members.map(() => uuidV7());
        householdRows.push(householdBulkRow(id, p.sheet.householdNo, fields, p.input.members, this.actor.id, now));
        p.input.members.forEach((m, i) => memberRows.push(memberBulkRow(id, ids[i]!, m, i, now, now)));
        audits.push({ action: "household.create", entityType: "household", entityId: id, householdId: id, after: snapshot(sourceOf(p, fields, ids)), reason: this.reason });
        createdIds.push(id);
        created++;
        continue;
      }
      // Updates through the one household write path. A member whose ID number stays keeps its id and creation time;
      // the designation is never changed here (checked above), so it keeps its stored value.
      const keep = new Map(p.stored.members.map((m) => [m.idNumber, m.id]));
      const members = p.input.members.map((m) => ({ ...m, id: keep.get(m.idNumber.slice(0, 18)) }));
      const { designation: _d, designatedAt: _a, ...fields } = fieldsOf(p);
      const record = await updateHousehold(tx, p.stored, { fields, members }, this.reason, now);
      if (!record) {
        add(p.group, { row: p.sheet.rows[0]!, column: columnHeader("householdNo"), message: "该户在导入期间被他人修改，请稍后重新导入该户" });
        continue;
      }
      audits.push(record);
      updatedIds.push(p.stored.id);
      updated++;
    }
    await bulkInsertAll(tx, { household: householdRows, member: memberRows });
    // A household registered with its designation opens its designation period (what the ledgers as of a date read).
    await openMissingDesignationPeriods(tx, createdIds);
    const entries = audits.map((r) => auditContent(this.actor, r, now));
    if (audit === "stage") await stageAudit(tx, entries);
    else await appendChained(tx, entries);
    return { created, updated, ids: [...createdIds, ...updatedIds] };
  }

  /** Counted once the writes stand (a failed batch is retried household by household). */
  private addWritten(n: { created: number; updated: number; ids: string[] }) {
    for (const id of n.ids) this.writtenIds.push(id);
    this.counts.created += n.created;
    this.counts.updated += n.updated;
  }

  private reject(group: SheetRow[], problems: ImportProblem[]) {
    for (const p of problems) {
      this.problemCount++;
      if (this.problems.length < IMPORT_PROBLEMS_SHOWN) this.problems.push(p);
    }
    this.rejectedFile ??= createXlsxCollector({
      name: "退回的行",
      columns: [
        { header: "原行号", width: 8 },
        { header: "错误说明", width: 48 },
        ...HOUSEHOLD_SHEET_COLUMNS.map((c) => ({ header: c.header, width: c.width, text: TEXT_COLUMN_KEYS.has(c.key) })),
      ],
    });
    const firstProblemRow = problems[0]?.row;
    for (const row of group) {
      const own = problems.filter((p) => p.row === row.row).map((p) => `【${p.column}】${p.message}`);
      const note = own.length ? own.join("；") : `同一户其他行有错误（见第 ${firstProblemRow} 行），修正后整户重新导入`;
      const values: XlsxCell[] = HOUSEHOLD_SHEET_COLUMNS.map((c) => {
        const v = row.cells[c.header];
        if (v instanceof Date) return v.toISOString().slice(0, 10);
        return v === undefined || v === null ? null : typeof v === "number" ? v : String(v);
      });
      this.rejectedFile.addRow([row.row, note, ...values]);
    }
  }

  async progress(data: { phase?: string }) {
    const now = Date.now();
    if (!data.phase && now - this.lastBeat < 500) return; // at most two writes a second
    this.lastBeat = now;
    await repo.updateImportJob(this.deps.prisma, this.job.id, {
      ...(data.phase ? { phase: data.phase } : {}),
      progress: this.progressPercent(),
      heartbeatAt: this.deps.clock(),
      ...this.countColumns(),
    });
  }

  private progressPercent() {
    return Math.min(99, Math.floor(this.fractionRead() * 100));
  }

  private countColumns() {
    const c = this.counts;
    const nothingWritten = this.job.mode === "ALL_OR_NOTHING" && this.problemCount > 0;
    return {
      rowsRead: c.rowsRead, householdsDone: c.done, rejectedCount: c.rejected, unchangedCount: c.unchanged, problemCount: this.problemCount,
      createdCount: nothingWritten ? 0 : c.created, updatedCount: nothingWritten ? 0 : c.updated,
    };
  }

  async finish(error: AppError | null) {
    // The rejected rows carry full ID numbers: stored sealed (decision 015), opened on download.
    const rejected = this.rejectedFile ? dataKeys().encrypt((await this.rejectedFile.finish()).buffer) : null;
    const counts = this.countColumns();
    await repo.updateImportJob(this.deps.prisma, this.job.id, {
      status: error ? "FAILED" : "SUCCEEDED",
      phase: null,
      progress: 100,
      finishedAt: this.deps.clock(),
      heartbeatAt: this.deps.clock(),
      ...counts,
      householdsTotal: this.counts.done,
      problems: this.problems,
      rejectedFile: rejected,
      errorCode: error?.code ?? null,
      errorMessage: error?.message.slice(0, 1000) ?? null,
    });
    await repo.deleteJobFile(this.deps.prisma, this.job.id); // the upload is personal data no longer needed
    await appendAuditMany(this.deps.prisma, this.actor, [{
      action: "household.import", entityType: "import_job", entityId: this.job.id,
      after: { fileName: this.job.fileName, mode: this.job.mode, status: error ? "FAILED" : "SUCCEEDED", ...counts, error: error?.code ?? null },
    }], this.deps.clock());
  }
}

/**
 * A copy of a string that shares no memory with the text it was cut from.
 * The XML and CSV parsers hand out cell values as slices of the chunk they
 * read (V8 keeps the whole chunk alive for a slice of 13 characters or more):
 * kept in the file-wide sets, ID and household numbers would pin every chunk
 * of the sheet — the whole file, several times its size — in memory.
 */
function addProblem(problems: Map<SheetRow[], ImportProblem[]>, group: SheetRow[], p: ImportProblem) {
  problems.set(group, [...(problems.get(group) ?? []), p]);
}

function detached(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, "utf8").toString("utf8");
}

/** The household's fields as the sheet gives them. */
function fieldsOf(p: Planned): Required<HouseholdFields> {
  const i = p.input;
  return {
    category: i.category, designation: i.designation ?? null, designatedAt: i.designatedAt ?? null, place: p.place,
    addressDetail: i.addressDetail ?? null, phone: i.phone ?? null, riskCauses: i.riskCauses, difficultyDescription: i.difficultyDescription ?? null,
    incomeYear: i.incomeYear ?? null, income: i.income,
  };
}

/** A new household's snapshot for its audit entry, built from what the bulk insert writes (not read back). */
function sourceOf(p: Planned, f: Required<HouseholdFields>, memberIds: string[]): SnapshotSource {
  return {
    householdNo: p.sheet.householdNo, category: p.input.category, designation: p.input.designation ?? null,
    designatedAt: f.designatedAt ? new Date(`${f.designatedAt}T00:00:00Z`) : null, villageId: p.place.village.id,
    addressDetail: f.addressDetail, phone: f.phone, riskCauses: f.riskCauses, difficultyDescription: f.difficultyDescription, incomeYear: f.incomeYear,
    ...incomeColumns(f.income),
    village: { name: p.place.village.name }, naturalVillage: p.place.naturalVillage ? { name: p.place.naturalVillage.name } : null,
    members: p.input.members.map((m, i) => ({ id: memberIds[i]!, ...memberData(m, i) })),
  };
}

/** Whether the sheet says exactly what the registry holds (an empty designation keeps the stored one). */
function sameHousehold(stored: repo.StoredHousehold, input: CreateInput, place: Place): boolean {
  const storedMembers = stored.members.map((m) => memberKey({ ...m, idNumber: m.idNumber + (m.disabilitySuffix ?? "") } as unknown as Member));
  const inputMembers = input.members.map(memberKey);
  return (
    stored.category === input.category &&
    (input.designation ?? stored.designation) === stored.designation &&
    stored.villageId === place.village.id &&
    (stored.naturalVillageId ?? null) === (place.naturalVillage?.id ?? null) &&
    (stored.addressDetail ?? null) === (input.addressDetail ?? null) &&
    (stored.phone ?? null) === (input.phone ?? null) &&
    JSON.stringify(stored.riskCauses) === JSON.stringify(input.riskCauses) &&
    (stored.difficultyDescription ?? null) === (input.difficultyDescription ?? null) &&
    (stored.incomeYear ?? null) === (input.incomeYear ?? null) &&
    INCOME_ITEM_KEYS.every((k) => fenToYuan(stored[`${k}Fen`]) === input.income[k]) &&
    JSON.stringify(storedMembers) === JSON.stringify(inputMembers)
  );
}

function memberKey(m: Member) {
  return [m.name, m.gender, m.idType, m.idNumber, m.relation, m.ethnicity, m.politicalStatus, m.education, m.schoolStatus, m.health, m.workRegion, m.workMonths];
}

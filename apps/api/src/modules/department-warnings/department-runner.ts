import { areaScopePrefix } from "@fanpin/domain/areas";
import { DEPARTMENT_ROW_REASONS, ZDepartmentMapping, type DepartmentMapping, type WarningDepartment } from "@fanpin/domain/detection/department-lists";
import { readDepartmentRow, type DepartmentRow } from "@fanpin/domain/detection/department-rows";
import { can, type Role } from "@fanpin/domain/roles";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../lib/app-error.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import type { Deps } from "../../lib/deps.ts";
import { uuidV7 } from "../../lib/uuid-v7.ts";
import { createXlsxCollector, type XlsxCell } from "../../lib/xlsx.ts";
import { appendAudit, appendAuditMany, type AuditActor } from "../audit/audit.repository.ts";
import { runEarlyWarningRules } from "../early-warnings/early-warnings.service.ts";
import * as importsRepo from "../imports/imports.repository.ts";
import { cellText, detectFormat, openSheet, SHEET_HEADER_SEARCH_ROWS, type SheetRow } from "../imports/sheet-reader.ts";
import * as repo from "./department-warnings.repository.ts";
import { departmentRowKeyInput } from "./row-key.ts";

/**
 * Runs a department upload (an import_job of kind DEPARTMENT_WARNINGS), claimed by the import runner
 * (modules/imports/import-runner.ts: one queue, claim, heartbeat and take-over for every upload). The file is read
 * as a stream by the import's bounded reader; rows are matched in batches of BATCH_ROWS (one lookup and one insert
 * each), so memory stays flat: only the batch, the report being written (compressed) and the households
 * waiting for the early-warning rules are held.
 */
const BATCH_ROWS = 1000;
/** The early-warning rules run for the matched households in groups of at most this many (not one huge list at the end). */
const RULES_GROUP = 5000;
const HEARTBEAT_MS = 20_000;

type Logger = { error(obj: object, msg: string): void };

export async function runDepartmentJob(deps: Deps, id: string, logger?: Logger): Promise<void> {
  const job = await repo.loadDepartmentJob(deps.prisma, id);
  const user = await importsRepo.findJobUser(deps.prisma, job.createdById);
  const actor: AuditActor = { id: user.id, username: user.username, role: user.role as Role, requestId: `department:${id}`, ip: null };
  const run = new DepartmentRun(deps, job, actor);
  if (!user.isActive || !can(user.role as Role, "warning.upload") || areaScopePrefix(user.area.level, user.area.code) !== job.scopeCode) {
    return run.finish(new AppError("FORBIDDEN", { message: "提交名单的账号已停用、已无上传权限或辖区已变更，本次名单未处理，请重新提交" }));
  }
  if (!run.mappingValid) return run.finish(new AppError("VALIDATION_FAILED", { message: "本次名单的列对应无效，请重新选择列对应后上传" }));
  const beat = setInterval(() => void importsRepo.updateImportJob(deps.prisma, id, { heartbeatAt: deps.clock() }).catch(() => {}), HEARTBEAT_MS);
  beat.unref();
  try {
    const file = await importsRepo.loadJobFile(deps.prisma, id);
    if (!file) throw new AppError("IMPORT_FILE_UNREADABLE", { message: "名单文件已不存在，请重新上传" });
    await run.readAll(file);
    await run.finish(null);
  } catch (error) {
    if (!(error instanceof AppError)) logger?.error({ err: error }, `department upload ${id} failed`);
    await run.finish(error instanceof AppError ? error : new AppError("INTERNAL_ERROR"));
  } finally {
    clearInterval(beat);
  }
}

type Read = { sheetRow: SheetRow; row: DepartmentRow };

class DepartmentRun {
  private counts = { rowsRead: 0, matched: 0, duplicates: 0, unmatched: 0, outOfArea: 0, problems: 0 };
  private fractionRead: () => number = () => 0;
  private lastBeat = 0;
  private headers: string[] = [];
  private report: ReturnType<typeof createXlsxCollector> | null = null;
  private department: WarningDepartment;
  private mapping: DepartmentMapping;
  readonly mappingValid: boolean;
  private pendingRules = new Set<string>();

  constructor(private deps: Deps, private job: Awaited<ReturnType<typeof repo.loadDepartmentJob>>, private actor: AuditActor) {
    this.department = job.department as WarningDepartment;
    // Checked at upload; a stored mapping that no longer parses fails the job (finish), never the runner.
    const parsed = ZDepartmentMapping.safeParse(job.mapping);
    this.mapping = parsed.success ? parsed.data : { columns: { idNumber: "" } };
    this.mappingValid = parsed.success;
  }

  async readAll(file: Buffer) {
    const idHeader = this.mapping.columns.idNumber;
    const format = detectFormat(file, this.job.fileName);
    const sheet = await openSheet(file, format, this.deps.config.importLimits, {
      isHeader: (texts) => texts.includes(idHeader),
      missingMessage: `没有找到表头：前 ${SHEET_HEADER_SEARCH_ROWS} 行中没有身份证号码列“${idHeader}”。请核对列对应，或确认名单在第一个（未隐藏的）工作表`,
    });
    this.fractionRead = sheet.fraction;
    this.headers = sheet.headers;
    const missing = Object.values(this.mapping.columns).filter((h): h is string => !!h && !sheet.headers.includes(h));
    if (missing.length) {
      await sheet.rows.return(undefined);
      throw new AppError("IMPORT_COLUMNS_MISSING", { message: `名单的表头中没有列对应指定的这些列：${missing.map((h) => `“${h}”`).join("、")}。请重新选择列对应` });
    }
    await this.progress(true);
    let batch: Read[] = [];
    // One batch is matched in the database while the next is read: Node and PostgreSQL work at the same time.
    let pending: Promise<void> = Promise.resolve();
    try {
      for await (const sheetRow of sheet.rows) {
        this.counts.rowsRead++;
        const read = readDepartmentRow(sheetRow.cells, this.mapping, this.department);
        if (!read.ok) {
          this.counts.problems++;
          this.addToReport(sheetRow, read.reasons.join("；"));
          continue;
        }
        batch.push({ sheetRow, row: read.row });
        if (batch.length >= BATCH_ROWS) {
          const full = batch;
          batch = [];
          await pending;
          pending = this.match(full);
          pending.catch(() => {}); // awaited with the next batch or at the end
          // Let the process serve requests between batches.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      await pending;
    } catch (error) {
      await pending.catch(() => {}); // nothing keeps writing after the job has failed
      throw error;
    }
    if (batch.length) await this.match(batch);
    await this.flushRules();
    await this.progress(true);
  }

  /** One batch: its members in one lookup, its warnings in one insert and one audit entry (the transaction's last write). */
  private async match(batch: Read[]) {
    const ids = [...new Set(batch.map((r) => r.row.idNumber))];
    const members = new Map((await repo.findMembersByIdNumbers(this.deps.prisma, ids)).map((m) => [m.idNumber, m]));
    const keys = dataKeys();
    const inserts: repo.WarningInsert[] = [];
    for (const { sheetRow, row } of batch) {
      const member = members.get(row.idNumber);
      if (!member) {
        this.counts.unmatched++;
        this.addToReport(sheetRow, DEPARTMENT_ROW_REASONS.unmatched);
        continue;
      }
      if (!member.villageCode.startsWith(this.job.scopeCode)) {
        this.counts.outOfArea++;
        this.addToReport(sheetRow, DEPARTMENT_ROW_REASONS.outOfArea);
        continue;
      }
      inserts.push({
        id: uuidV7(), jobId: this.job.id, department: this.department, kind: row.kind, householdId: member.householdId, memberId: member.memberId,
        villageCode: member.villageCode, amountFen: row.amountFen, occurredOn: row.occurredOn, note: row.note,
        rowKey: keys.blindIndex("department-row", departmentRowKeyInput(this.department, row)),
      });
    }
    if (inserts.length) {
      const now = this.deps.clock();
      const households = await withTransaction(this.deps.prisma, async (tx) => {
        const raised = await repo.insertWarnings(tx, inserts, now);
        if (raised.length) {
          await appendAudit(tx, this.actor, {
            action: "departmentWarning.raise", entityType: "import_job", entityId: this.job.id,
            after: { department: this.department, fileName: this.job.fileName, raised: raised.length, households: [...new Set(raised)] },
          }, now);
        }
        return raised;
      });
      this.counts.matched += households.length;
      this.counts.duplicates += inserts.length - households.length;
      for (const h of households) this.pendingRules.add(h);
      if (this.pendingRules.size >= RULES_GROUP) await this.flushRules();
    }
    await this.progress(false);
  }

  /** The early-warning rules for the households just warned (a department warning is one of the facts they read). */
  private async flushRules() {
    if (!this.pendingRules.size) return;
    const householdIds = [...this.pendingRules];
    this.pendingRules.clear();
    await runEarlyWarningRules(this.deps, { householdIds });
  }

  private addToReport(row: SheetRow, reason: string) {
    this.report ??= createXlsxCollector({
      name: "未匹配的行",
      columns: [
        { header: "原行号", width: 8 },
        { header: "原因", width: 40 },
        ...this.headers.map((h, i) => ({ header: h || `第 ${i + 1} 列`, width: 16, text: true })),
      ],
    });
    const values: XlsxCell[] = this.headers.map((h) => {
      const v = h ? row.cells[h] : undefined;
      return v === undefined || v === null ? null : cellText(v);
    });
    this.report.addRow([row.row, reason, ...values]);
  }

  private async progress(force: boolean) {
    const now = Date.now();
    if (!force && now - this.lastBeat < 500) return;
    this.lastBeat = now;
    await importsRepo.updateImportJob(this.deps.prisma, this.job.id, {
      phase: "READING", progress: Math.min(99, Math.floor(this.fractionRead() * 100)), heartbeatAt: this.deps.clock(), ...this.countColumns(),
    });
  }

  private countColumns() {
    const c = this.counts;
    return {
      rowsRead: c.rowsRead, matchedCount: c.matched, duplicateCount: c.duplicates, unmatchedCount: c.unmatched, outOfAreaCount: c.outOfArea,
      problemCount: c.problems, rejectedCount: c.unmatched + c.outOfArea + c.problems,
    };
  }

  async finish(error: AppError | null) {
    // The report holds ID numbers: stored sealed, opened on download (an audited read).
    const report = this.report ? dataKeys().encrypt((await this.report.finish()).buffer) : null;
    const counts = this.countColumns();
    await importsRepo.updateImportJob(this.deps.prisma, this.job.id, {
      status: error ? "FAILED" : "SUCCEEDED", phase: null, progress: 100, finishedAt: this.deps.clock(), heartbeatAt: this.deps.clock(),
      ...counts, rejectedFile: report, errorCode: error?.code ?? null, errorMessage: error?.message.slice(0, 1000) ?? null,
    });
    await importsRepo.deleteJobFile(this.deps.prisma, this.job.id); // the upload is personal data no longer needed
    await appendAuditMany(this.deps.prisma, this.actor, [{
      action: "departmentWarning.upload", entityType: "import_job", entityId: this.job.id,
      after: { department: this.department, fileName: this.job.fileName, status: error ? "FAILED" : "SUCCEEDED", ...counts, error: error?.code ?? null },
    }], this.deps.clock());
  }
}


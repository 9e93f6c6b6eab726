import { randomInt } from "node:crypto";
import { areaScopePrefix, isWithinArea } from "@fanpin/domain/areas";
import { describeCitizenId, maskCitizenId } from "@fanpin/domain/citizen-id";
import { summarizeIncome } from "@fanpin/domain/collection-form";
import type {
  HouseholdDetail, HouseholdSummary, Member, MemberUpdate, MemberView, ZCreateHouseholdRequest, ZHouseholdListQuery, ZUpdateHouseholdRequest,
} from "@fanpin/domain/household-schemas";
import type { CollectionForm } from "@fanpin/domain/procedures/records";
import { householdSheetRows, type SheetHouseholdData } from "@fanpin/domain/import/household-sheet";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { z } from "zod";
import type { Db, Prisma, Tx } from "../../db/prisma.ts";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import { likeLiteral } from "../../db/sql.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError, fieldError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import { appendAudit, appendAuditMany, type AuditRecord } from "../audit/audit.repository.ts";
import { findAreaById, listAreaPath } from "../areas/areas.repository.ts";
import * as repo from "./households.repository.ts";
import { warnAfterChange } from "../early-warnings/early-warnings.service.ts";

type CreateInput = z.output<typeof ZCreateHouseholdRequest>;
type UpdateInput = z.output<typeof ZUpdateHouseholdRequest>;
type ListQuery = z.output<typeof ZHouseholdListQuery>;

const scopeOf = (actor: Actor) => areaScopePrefix(actor.area.level, actor.area.code);

// ---------------------------------------------------------------- reading

/** `db`: where the rows are read (readDb: the read replica when fit). */
export async function listHouseholds(deps: Deps, actor: Actor, query: ListQuery, db: Db = deps.prisma) {
  const { where } = await listWhere(deps, actor, query);
  const { items, total } = await repo.findHouseholdPage(db, where, (query.page - 1) * query.pageSize, query.pageSize);
  return { items: items.map(toSummary), total, page: query.page, pageSize: query.pageSize };
}

/** The list's filters within the user's area (an area outside it is not found); `areaName` names what is listed. */
async function listWhere(deps: Deps, actor: Actor, query: Omit<ListQuery, "page" | "pageSize">) {
  const and: Prisma.HouseholdWhereInput[] = [{ villageCode: { startsWith: scopeOf(actor) } }];
  let areaName = actor.area.name;
  if (query.areaId !== undefined) {
    const area = await findAreaById(deps.prisma, query.areaId);
    if (!area || !isWithinArea(actor.area, area.code)) throw new AppError("AREA_NOT_FOUND");
    and.push(area.level === "NATURAL_VILLAGE" ? { naturalVillageId: area.id } : { villageCode: { startsWith: areaScopePrefix(area.level, area.code) } });
    areaName = area.name;
  }
  if (query.category) and.push({ category: query.category });
  if (query.designation) and.push({ designation: query.designation === "NONE" ? null : query.designation });
  if (query.q) and.push(searchCondition(query.q));
  return { where: { AND: and } satisfies Prisma.HouseholdWhereInput, areaName };
}

/**
 * The list as the household sheet (one row per member, full ID numbers,
 * labels, money in yuan), so it imports again unchanged. Scope and filters
 * are checked and the export is recorded in the audit trail as a read of
 * personal data (filter, households, rows) before the first byte is sent;
 * the rows are then read in batches while the file streams out.
 */
export async function prepareHouseholdExport(deps: Deps, actor: Actor, query: Omit<ListQuery, "page" | "pageSize">, db: Db = deps.prisma) {
  const { where, areaName } = await listWhere(deps, actor, query);
  const counts = await repo.countHouseholdsAndMembers(db, where);
  const now = deps.clock();
  await appendAudit(deps.prisma, actor, {
    action: "household.export", entityType: "household-list", entityId: actor.requestId,
    after: { filter: { ...query, area: areaName }, households: counts.households, rows: counts.members },
  }, now);
  async function* rows() {
    for await (const batch of repo.householdsInBatches(db, where)) {
      for (const h of batch) yield* householdSheetRows(toSheetData(h));
    }
  }
  return { fileName: `户档案_${areaName}_${todayInChina(now).replaceAll("-", "")}.xlsx`, rows: rows(), ...counts };
}

function toSheetData(h: repo.HouseholdSheetRow): SheetHouseholdData {
  return {
    householdNo: h.householdNo,
    villageCode: h.village.code,
    villageName: h.village.name,
    naturalVillage: h.naturalVillage?.name ?? null,
    category: h.category,
    designation: h.designation,
    designatedAt: h.designatedAt ? h.designatedAt.toISOString().slice(0, 10) : null,
    phone: h.phone,
    addressDetail: h.addressDetail,
    riskCauses: h.riskCauses,
    incomeYear: h.incomeYear,
    income: repo.incomeOf(h),
    difficultyDescription: h.difficultyDescription,
    members: h.members.map((m) => ({
      name: m.name, gender: m.gender, idType: m.idType, idNumber: m.idNumber + (m.disabilitySuffix ?? ""), relation: m.relation,
      ethnicity: m.ethnicity, politicalStatus: m.politicalStatus, education: m.education, schoolStatus: m.schoolStatus,
      health: m.health, workRegion: m.workRegion, workMonths: m.workMonths,
    })),
  };
}

/**
 * Digits (with an optional final X) search ID numbers: all 18, or the last 4
 * or last 6, each through its keyed blind index (decision 015); an 11-digit
 * mobile number searches phones; anything else searches names.
 */
function searchCondition(q: string): Prisma.HouseholdWhereInput {
  const id = q.toUpperCase();
  const keys = dataKeys();
  if (/^1[3-9]\d{9}$/.test(id)) return { phoneBidx: { in: keys.blindIndexCandidates("phone", id) } };
  if (/^\d{3,17}[\dX]?$/.test(id)) {
    if (id.length === 18) return { members: { some: { idNumberBidx: { in: keys.blindIndexCandidates("id", id) } } } };
    if (id.length === 4) return { members: { some: { idLast4Bidx: { in: keys.blindIndexCandidates("id-last4", id) } } } };
    if (id.length === 6) return { members: { some: { idLast6Bidx: { in: keys.blindIndexCandidates("id-last6", id) } } } };
    throw fieldError("q", "按身份证号码查找请输入后 4 位、后 6 位或完整的 18 位号码");
  }
  // Names match from their start (姓 or 姓名), through an index; the head is one of the members.
  return { members: { some: { name: { startsWith: likeLiteral(q) } } } };
}

export async function getHousehold(deps: Deps, actor: Actor, id: string): Promise<HouseholdDetail> {
  return toDetail(await loadInScope(deps.prisma, actor, id), deps);
}

async function loadInScope(db: Deps["prisma"] | Tx, actor: Actor, id: string) {
  const household = await repo.findHouseholdInScope(db, id, scopeOf(actor));
  if (!household) throw new AppError("HOUSEHOLD_NOT_FOUND");
  return household;
}

/** The full ID number of one member, recorded in the audit trail as a read of personal data. */
export async function revealIdNumber(deps: Deps, actor: Actor, householdId: string, memberId: string, reason?: string) {
  const household = await loadInScope(deps.prisma, actor, householdId);
  const member = household.members.find((m) => m.id === memberId);
  if (!member) throw new AppError("MEMBER_NOT_FOUND");
  await appendAudit(deps.prisma, actor, {
    action: "member.revealIdNumber", entityType: "member", entityId: member.id, householdId, after: { name: member.name }, reason: reason ?? null,
  }, deps.clock());
  return { idNumber: member.idNumber + (member.disabilitySuffix ?? "") };
}

// ---------------------------------------------------------------- writing

export async function createHousehold(deps: Deps, actor: Actor, input: CreateInput): Promise<HouseholdDetail> {
  const now = deps.clock();
  const place = await resolvePlace(deps.prisma, actor, input.villageId, input.naturalVillageId ?? null);
  await assertIdNumbersFree(deps.prisma, input.members);
  const householdNo = input.householdNo ?? (await newHouseholdNo(deps.prisma, place.village.code));
  if (input.householdNo && (await repo.householdNoExists(deps.prisma, input.householdNo))) {
    throw new AppError("HOUSEHOLD_NO_TAKEN", { details: [{ path: "householdNo", message: "户编号已被使用" }] });
  }
  const fields: Required<repo.HouseholdFields> = {
    ...editableFields(input, place), designation: input.designation ?? null, designatedAt: input.designatedAt ?? null,
  };
  const id = await withUniqueViolationsMapped(() =>
    withTransaction(deps.prisma, async (tx) => {
      const created = await repo.insertHousehold(tx, { householdNo, fields, members: input.members, createdById: actor.id }, null, now);
      await appendAudit(tx, actor, created.audit, now);
      return created.id;
    }),
  );
  await warnAfterChange(deps, [id]);
  return getHousehold(deps, actor, id);
}

/**
 * An edit. The category is the procedures' outcome (a rollback changes it): an edit may repeat it; only an
 * administrator may correct it, with a reason, recorded as its own audit entry besides the update.
 */
export async function updateHousehold(deps: Deps, actor: Actor, id: string, input: UpdateInput): Promise<HouseholdDetail> {
  const now = deps.clock();
  const before = await loadInScope(deps.prisma, actor, id);
  const categoryChanges = input.category !== before.category;
  if (categoryChanges) {
    if (actor.role !== "ADMIN") throw new AppError("CATEGORY_CHANGE_NOT_ALLOWED");
    if (!input.categoryChangeReason?.trim()) throw fieldError("categoryChangeReason", "更正户类别须填写更正原因");
  }
  if (before.version !== input.version) throw new AppError("VERSION_CONFLICT");
  const members = resolveMembers(before, input.members);
  const place = await resolvePlace(deps.prisma, actor, input.villageId, input.naturalVillageId ?? null);
  await assertIdNumbersFree(deps.prisma, members, id);

  await withUniqueViolationsMapped(() =>
    withTransaction(deps.prisma, async (tx) => {
      const update = await repo.updateHousehold(
        tx, before, { fields: editableFields(input, place), members }, input.reason ?? input.categoryChangeReason ?? null, now,
      );
      if (!update) throw new AppError("VERSION_CONFLICT");
      const records: AuditRecord[] = [update];
      if (categoryChanges) {
        records.push({
          action: "household.category_corrected", entityType: "household", entityId: id, householdId: id,
          before: { category: before.category }, after: { category: input.category }, reason: input.categoryChangeReason!.trim(),
        });
      }
      await appendAuditMany(tx, actor, records, now);
    }),
  );
  await warnAfterChange(deps, [id]);
  return getHousehold(deps, actor, id);
}

/** The fields a household's form sets (create and edit alike); what the form leaves empty is cleared. */
function editableFields(input: Omit<UpdateInput, "version" | "members">, place: Place): Omit<Required<repo.HouseholdFields>, "designation" | "designatedAt"> {
  return {
    category: input.category,
    place,
    addressDetail: input.addressDetail ?? null,
    phone: input.phone ?? null,
    riskCauses: input.riskCauses,
    difficultyDescription: input.difficultyDescription ?? null,
    incomeYear: input.incomeYear ?? null,
    income: input.income,
  };
}

/**
 * 入户核实: the collection-form data as the township verified it becomes the
 * household's data (members, income, risk causes), in the caller's
 * transaction; returns its audit record (an update with the case as its reason), for the caller to append last. `path`
 * prefixes field errors (e.g. "record.collectionForm").
 */
export async function applyCollectionForm(
  tx: Tx, householdId: string, form: CollectionForm, reason: string, path: string, now: Date = new Date(),
): Promise<AuditRecord> {
  const before = await repo.findHouseholdById(tx, householdId);
  const stale = () => new AppError("VERSION_CONFLICT", { message: "该户档案在您填写采集表期间已被他人修改，请刷新后重新核对采集表" });
  if (form.householdVersion !== before.version) throw stale();
  const members = resolveMembers(before, form.members, `${path}.members`);
  await assertIdNumbersFree(tx, members, householdId, `${path}.members`);
  // The form does not carry the place, phone, address or income year: those keep their stored values.
  const fields: repo.HouseholdFields = { riskCauses: form.riskCauses, difficultyDescription: form.difficultyDescription, income: form.income };
  const update = await withUniqueViolationsMapped(() => repo.updateHousehold(tx, before, { fields, members }, reason, now));
  if (!update) throw stale();
  return update;
}

/**
 * The members as they will be stored: an existing member sent without an ID
 * number keeps the stored one (editing never needs the full number).
 */
function resolveMembers(before: repo.HouseholdWithMembers, members: MemberUpdate[], path = "members"): Member[] {
  const stored = new Map(before.members.map((m) => [m.id, m]));
  const resolved = members.map((m, i): Member => {
    if (m.id && !stored.has(m.id)) throw fieldError(`${path}.${i}.id`, "该成员不属于本户，请刷新后重试");
    if (m.idNumber) return { ...m, idNumber: m.idNumber };
    const s = stored.get(m.id!)!;
    if (s.idType !== m.idType) throw fieldError(`${path}.${i}.idNumber`, "修改证件类型时请重新填写证件号码");
    if (describeCitizenId(s.idNumber).gender !== m.gender) throw fieldError(`${path}.${i}.gender`, "性别与身份证号码第 17 位不符（奇数为男，偶数为女）");
    return { ...m, idNumber: s.idNumber + (s.disabilitySuffix ?? "") };
  });
  const seen = new Map<string, number>();
  resolved.forEach((m, i) => {
    const first = seen.get(m.idNumber.slice(0, 18));
    if (first !== undefined) throw fieldError(`${path}.${i}.idNumber`, `与第 ${first + 1} 名成员的证件号码重复`);
    seen.set(m.idNumber.slice(0, 18), i);
  });
  return resolved;
}

/** The village (and natural village) must lie in the actor's area and fit together. */
async function resolvePlace(db: Deps["prisma"], actor: Actor, villageId: number, naturalVillageId: number | null) {
  const village = await findAreaById(db, villageId);
  if (!village || village.level !== "VILLAGE" || !isWithinArea(actor.area, village.code)) {
    throw new AppError("AREA_NOT_FOUND", { details: [{ path: "villageId", message: "请选择您辖区内的村" }] });
  }
  let naturalVillage = null;
  if (naturalVillageId !== null) {
    naturalVillage = await findAreaById(db, naturalVillageId);
    if (!naturalVillage || naturalVillage.parentId !== village.id) {
      throw new AppError("AREA_NOT_FOUND", { details: [{ path: "naturalVillageId", message: "自然村（村民小组）不属于所选的村" }] });
    }
  }
  return { village, naturalVillage };
}

async function assertIdNumbersFree(db: Db, members: Member[], householdId?: string, path = "members") {
  const taken = new Set((await repo.findMembersByIdNumbers(db, members.map((m) => m.idNumber.slice(0, 18)), householdId)).map((m) => m.idNumber));
  const details = members.flatMap((m, i) =>
    taken.has(m.idNumber.slice(0, 18)) ? [{ path: `${path}.${i}.idNumber`, message: "该身份证号码已登记在其他家庭中，一人只能属于一个家庭" }] : [],
  );
  if (details.length) throw new AppError("ID_NUMBER_TAKEN", { details });
}

/** Two requests racing past the check above still meet the unique indexes; answer them the same way. */
async function withUniqueViolationsMapped<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) {
      const e = error as { meta?: unknown; message?: string };
      if (`${JSON.stringify(e.meta ?? {})} ${e.message ?? ""}`.includes("household_no")) throw new AppError("HOUSEHOLD_NO_TAKEN", { details: [{ path: "householdNo", message: "户编号已被使用" }] });
      throw new AppError("ID_NUMBER_TAKEN");
    }
    throw error;
  }
}

/** 户编号 assigned here: the village code and six random digits (the national system's numbers can be entered instead). */
async function newHouseholdNo(db: Deps["prisma"], villageCode: string): Promise<string> {
  for (;;) {
    const candidate = `${villageCode}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
    if (!(await repo.householdNoExists(db, candidate))) return candidate;
  }
}

// ---------------------------------------------------------------- mapping

type Place = Awaited<ReturnType<typeof resolvePlace>>;

const ref = (a: { id: number; code: string; name: string; level: string }) =>
  ({ id: a.id, code: a.code, name: a.name, level: a.level }) as HouseholdSummary["village"];

function toSummary(h: Awaited<ReturnType<typeof repo.findHouseholdPage>>["items"][number]): HouseholdSummary {
  return {
    id: h.id,
    householdNo: h.householdNo,
    category: h.category,
    designation: h.designation,
    headName: h.headName,
    headIdNumberMasked: h.members[0] ? maskCitizenId(h.members[0].idNumber) : "",
    memberCount: h.memberCount,
    township: ref(h.village.parent!),
    village: ref(h.village),
    naturalVillage: h.naturalVillage ? ref(h.naturalVillage) : null,
    updatedAt: h.updatedAt.toISOString(),
  };
}

async function toDetail(h: repo.HouseholdWithMembers, deps: Deps): Promise<HouseholdDetail> {
  const areaPath = await listAreaPath(deps.prisma, h.naturalVillage?.id ?? h.village.id);
  const income = repo.incomeOf(h);
  const members: MemberView[] = h.members.map((m) => ({
    id: m.id,
    name: m.name,
    gender: m.gender as MemberView["gender"],
    idType: m.idType as MemberView["idType"],
    idNumberMasked: maskCitizenId(m.idNumber + (m.disabilitySuffix ?? "")),
    birthDate: describeCitizenId(m.idNumber).birthDate,
    relation: m.relation as MemberView["relation"],
    ethnicity: m.ethnicity as MemberView["ethnicity"],
    politicalStatus: m.politicalStatus as MemberView["politicalStatus"],
    education: m.education as MemberView["education"],
    schoolStatus: m.schoolStatus as MemberView["schoolStatus"],
    health: m.health as MemberView["health"],
    workRegion: m.workRegion as MemberView["workRegion"],
    workMonths: m.workMonths,
  }));
  return {
    id: h.id,
    householdNo: h.householdNo,
    category: h.category,
    designation: h.designation,
    designatedAt: h.designatedAt ? h.designatedAt.toISOString().slice(0, 10) : null,
    monitoringType: h.monitoringType,
    headName: h.headName,
    headIdNumberMasked: members.find((m) => m.relation === "HEAD")?.idNumberMasked ?? "",
    memberCount: h.memberCount,
    township: ref(h.village.parent!),
    village: ref(h.village),
    naturalVillage: h.naturalVillage ? ref(h.naturalVillage) : null,
    areaPath: areaPath.map(ref),
    addressDetail: h.addressDetail,
    phone: h.phone,
    riskCauses: h.riskCauses as HouseholdDetail["riskCauses"],
    difficultyDescription: h.difficultyDescription,
    incomeYear: h.incomeYear,
    income,
    incomeSummary: summarizeIncome(income, h.memberCount),
    members,
    version: h.version,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

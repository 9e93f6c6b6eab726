import type { Designation, HouseholdCategory } from "@fanpin/domain/categories";
import { describeCitizenId, findCitizenIdProblem, normalizeCitizenId } from "@fanpin/domain/citizen-id";
import { INCOME_ITEM_KEYS, type IncomeItem } from "@fanpin/domain/collection-form";
import type { CreateHouseholdRequest, HouseholdDetail, MemberInput, UpdateHouseholdRequest } from "@fanpin/domain/household-schemas";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";

type Nullable<T> = T | null | undefined;

/**
 * What the antd form holds: the request's shape, with every field possibly
 * empty while the user types. An existing member (with `id`) keeps the stored
 * ID number unless the user chose "更换证件号码" (`changeIdNumber`); the form
 * then shows an input and the new number is sent, otherwise none is.
 */
export type MemberFormValues = { [K in keyof MemberInput]?: Nullable<MemberInput[K]> } & { changeIdNumber?: boolean };

export type HouseholdFormValues = {
  householdNo?: Nullable<string>;
  category?: Nullable<HouseholdCategory>;
  designation?: Nullable<Designation>;
  designatedAt?: Nullable<Dayjs>;
  villageId?: Nullable<number>;
  naturalVillageId?: Nullable<number>;
  addressDetail?: Nullable<string>;
  phone?: Nullable<string>;
  riskCauses?: Nullable<NonNullable<CreateHouseholdRequest["riskCauses"]>>;
  difficultyDescription?: Nullable<string>;
  incomeYear?: Nullable<number>;
  income?: Partial<Record<IncomeItem, Nullable<number>>>;
  members?: MemberFormValues[];
  /** Edit only: why the data changes (required when the category changes). */
  reason?: Nullable<string>;
};

/** A new member starts with the most common answers of the collection form; name, ID and relation stay empty. */
export function newMember(relation?: MemberInput["relation"]): MemberFormValues {
  return {
    name: "",
    idType: "RESIDENT_ID",
    idNumber: "",
    relation: relation ?? null,
    ethnicity: "01",
    politicalStatus: "MASSES",
    education: null,
    schoolStatus: "NOT_IN_SCHOOL",
    health: "HEALTHY",
    workRegion: "NONE",
    workMonths: 0,
  };
}

export function emptyHouseholdValues(villageId?: number): HouseholdFormValues {
  return {
    category: null,
    designation: null,
    villageId: villageId ?? null,
    naturalVillageId: null,
    riskCauses: [],
    incomeYear: dayjs().year() - 1,
    income: Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, 0])),
    members: [newMember("HEAD")],
  };
}

/** Form values of an existing household. Its members' ID numbers stay on the server (the detail has masked ones only). */
export function householdToFormValues(h: HouseholdDetail): HouseholdFormValues {
  return {
    category: h.category,
    villageId: h.village.id,
    naturalVillageId: h.naturalVillage?.id ?? null,
    addressDetail: h.addressDetail,
    phone: h.phone,
    riskCauses: h.riskCauses,
    difficultyDescription: h.difficultyDescription,
    incomeYear: h.incomeYear,
    income: { ...h.income },
    members: h.members.map((m) => ({
      id: m.id,
      name: m.name,
      gender: m.gender,
      idType: m.idType,
      idNumber: "",
      changeIdNumber: false,
      relation: m.relation,
      ethnicity: m.ethnicity,
      politicalStatus: m.politicalStatus,
      education: m.education,
      schoolStatus: m.schoolStatus,
      health: m.health,
      workRegion: m.workRegion,
      workMonths: m.workMonths,
    })),
    reason: "",
  };
}

const text = (v: Nullable<string>) => {
  const t = v?.trim();
  return t ? t : null;
};

/** Whether the member's ID number is sent: always for a new member, for an existing one only when it is being replaced. */
export function sendsIdNumber(m: MemberFormValues): boolean {
  return !m.id || Boolean(m.changeIdNumber);
}

// Empty inputs are sent as absent so that the shared schema reports them with its own "please choose/enter" message.
function memberToRequest(m: MemberFormValues): MemberInput {
  return {
    ...(m.id ? { id: m.id } : {}),
    name: m.name ?? "",
    gender: m.gender ?? undefined,
    idType: m.idType ?? undefined,
    // An empty number is left out: the schema then asks for it ("请输入证件号码") instead of judging its length.
    ...(sendsIdNumber(m) ? { idNumber: m.idNumber?.trim() || undefined } : {}),
    relation: m.relation ?? undefined,
    ethnicity: m.ethnicity ?? undefined,
    politicalStatus: m.politicalStatus ?? undefined,
    education: m.education ?? undefined,
    schoolStatus: m.schoolStatus ?? undefined,
    health: m.health ?? undefined,
    workRegion: m.workRegion ?? undefined,
    workMonths: m.workMonths ?? undefined,
  } as MemberInput;
}

function commonToRequest(v: HouseholdFormValues) {
  return {
    category: v.category ?? undefined,
    villageId: v.villageId ?? undefined,
    naturalVillageId: v.naturalVillageId ?? null,
    addressDetail: text(v.addressDetail),
    phone: text(v.phone),
    riskCauses: v.riskCauses ?? [],
    difficultyDescription: text(v.difficultyDescription),
    incomeYear: v.incomeYear ?? null,
    income: Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, v.income?.[k] ?? 0])) as Record<IncomeItem, number>,
    members: (v.members ?? []).map(memberToRequest),
  };
}

export function toCreateRequest(v: HouseholdFormValues): CreateHouseholdRequest {
  return {
    ...commonToRequest(v),
    householdNo: text(v.householdNo) ?? undefined,
    designation: v.designation ?? null,
    designatedAt: v.designation && v.designatedAt ? v.designatedAt.format("YYYY-MM-DD") : null,
  } as CreateHouseholdRequest;
}

export function toUpdateRequest(v: HouseholdFormValues, version: number): UpdateHouseholdRequest {
  return { ...commonToRequest(v), version, reason: text(v.reason) ?? undefined } as UpdateHouseholdRequest;
}

/** The gender a valid citizen ID encodes (17th digit odd = male), to fill the gender field for the user. */
export function genderFromIdNumber(raw: string | null | undefined): "MALE" | "FEMALE" | null {
  if (!raw) return null;
  const id = normalizeCitizenId(raw).slice(0, 18);
  return findCitizenIdProblem(id) === null ? describeCitizenId(id).gender : null;
}

/** A saved member whose number is being replaced needs the new one (left empty, the stored one would silently stay). */
export function missingReplacementIssues(v: HouseholdFormValues): { path: (string | number)[]; message: string }[] {
  return (v.members ?? []).flatMap((m, i) =>
    m.id && m.changeIdNumber && !m.idNumber?.trim()
      ? [{ path: ["members", i, "idNumber"], message: "请输入新的证件号码，或点“不更换”保留原号码" }]
      : [],
  );
}

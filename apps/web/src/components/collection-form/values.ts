import { describeCitizenId, findCitizenIdProblem, normalizeCitizenId } from "@fanpin/domain/citizen-id";
import { INCOME_ITEM_KEYS, type IncomeItem, type RISK_CAUSE } from "@fanpin/domain/collection-form";
import type { HouseholdDetail, MemberInput, MemberView } from "@fanpin/domain/household-schemas";

/**
 * The 即时帮扶人口信息采集表 (members, income, risk causes, difficulty) as an
 * antd form holds it, shared by the household form and the case screen's
 * verification form, and how it becomes a request. Empty inputs are sent as
 * absent so that the shared schema reports them with its own message.
 */

export type Nullable<T> = T | null | undefined;

/**
 * A member while the user types. An existing member (with `id`) keeps the
 * stored ID number unless the user chose "更换证件号码" (`changeIdNumber`);
 * the form then shows an input and the new number is sent, otherwise none is.
 */
export type MemberFormValues = { [K in keyof MemberInput]?: Nullable<MemberInput[K]> } & { changeIdNumber?: boolean };

export type RiskCause = keyof typeof RISK_CAUSE.labels;

export type IncomeFormValues = Partial<Record<IncomeItem, Nullable<number>>>;

export type CollectionFormValues = {
  members?: MemberFormValues[];
  income?: IncomeFormValues;
  riskCauses?: Nullable<RiskCause[]>;
  difficultyDescription?: Nullable<string>;
};

/** What the server holds of an existing member's document (the number masked). */
export type StoredMemberId = { idNumberMasked: string; idType: MemberView["idType"] };

/** A field path: "members" or ["collectionForm", "members"]. */
export type ListName = (string | number)[];

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

/** A saved member as the form edits it: the number stays on the server (the view has the masked one only). */
export function memberToFormValues(m: MemberView): MemberFormValues {
  return {
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
  };
}

/** The saved members' masked numbers by member id: kept unless replaced. */
export function storedMembersOf(h: Pick<HouseholdDetail, "members">): Record<string, StoredMemberId> {
  return Object.fromEntries(h.members.map((m) => [m.id, { idNumberMasked: m.idNumberMasked, idType: m.idType }]));
}

/** The collection-form part of a saved household, as the form starts with it. */
export function householdToCollectionFormValues(h: HouseholdDetail): Required<CollectionFormValues> {
  return {
    members: h.members.map(memberToFormValues),
    income: { ...h.income },
    riskCauses: [...h.riskCauses],
    difficultyDescription: h.difficultyDescription,
  };
}

export const textOrNull = (v: Nullable<string>) => {
  const t = v?.trim();
  return t ? t : null;
};

/** Whether the member's ID number is sent: always for a new member, for an existing one only when it is being replaced. */
export function sendsIdNumber(m: MemberFormValues): boolean {
  return !m.id || Boolean(m.changeIdNumber);
}

export function memberToRequest(m: MemberFormValues): MemberInput {
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

/** Every item in yuan; an emptied input counts as 0. */
export function incomeToRequest(income: IncomeFormValues | undefined): Record<IncomeItem, number> {
  return Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, income?.[k] ?? 0])) as Record<IncomeItem, number>;
}

/** The collection form as the verification record carries it (checked by the shared schema afterwards). */
export function collectionFormToRequest(v: CollectionFormValues) {
  return {
    members: (v.members ?? []).map(memberToRequest),
    income: incomeToRequest(v.income),
    riskCauses: v.riskCauses ?? [],
    difficultyDescription: textOrNull(v.difficultyDescription),
  };
}

/** The gender a valid citizen ID encodes (17th digit odd = male), to fill the gender field for the user. */
export function genderFromIdNumber(raw: string | null | undefined): "MALE" | "FEMALE" | null {
  if (!raw) return null;
  const id = normalizeCitizenId(raw).slice(0, 18);
  return findCitizenIdProblem(id) === null ? describeCitizenId(id).gender : null;
}

/**
 * Numbers the form must ask for before the shared schema can: a saved
 * member's replacement (left empty, the stored one would silently stay), and
 * a new member's number (the schema asks for it only once the member's other
 * fields are valid). `listName` is where the list lives in the form.
 */
export function missingIdNumberIssues(
  members: readonly MemberFormValues[] | undefined,
  listName: ListName = ["members"],
): { path: (string | number)[]; message: string }[] {
  return (members ?? []).flatMap((m, i) => {
    if (m.idNumber?.trim() || !sendsIdNumber(m)) return [];
    const message = m.id ? "请输入新的证件号码，或点“不更换”保留原号码" : "请输入证件号码";
    return [{ path: [...listName, i, "idNumber"], message }];
  });
}

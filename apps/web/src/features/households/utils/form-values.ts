import type { Designation, HouseholdCategory } from "@fanpin/domain/categories";
import { INCOME_ITEM_KEYS } from "@fanpin/domain/collection-form";
import type { CreateHouseholdRequest, HouseholdDetail, UpdateHouseholdRequest } from "@fanpin/domain/household-schemas";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import {
  householdToCollectionFormValues, incomeToRequest, memberToRequest, newMember, textOrNull as text,
  type CollectionFormValues, type Nullable,
} from "@/components/collection-form/values.ts";

/**
 * What the antd form holds: the request's shape, with every field possibly
 * empty while the user types. The collection-form part (members, income,
 * risks) is shared with the case screen's verification form
 * (components/collection-form).
 */
export type HouseholdFormValues = CollectionFormValues & {
  householdNo?: Nullable<string>;
  category?: Nullable<HouseholdCategory>;
  designation?: Nullable<Designation>;
  designatedAt?: Nullable<Dayjs>;
  villageId?: Nullable<number>;
  naturalVillageId?: Nullable<number>;
  addressDetail?: Nullable<string>;
  phone?: Nullable<string>;
  incomeYear?: Nullable<number>;
  /** Edit only: why the data changes. */
  reason?: Nullable<string>;
  /** Edit only, an administrator's correction of the category: why (required then). */
  categoryChangeReason?: Nullable<string>;
};

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
    ...householdToCollectionFormValues(h),
    category: h.category,
    villageId: h.village.id,
    naturalVillageId: h.naturalVillage?.id ?? null,
    addressDetail: h.addressDetail,
    phone: h.phone,
    incomeYear: h.incomeYear,
    reason: "",
    categoryChangeReason: "",
  };
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
    income: incomeToRequest(v.income),
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
  return {
    ...commonToRequest(v), version, reason: text(v.reason) ?? undefined, categoryChangeReason: text(v.categoryChangeReason) ?? undefined,
  } as UpdateHouseholdRequest;
}

import { maskCitizenId } from "@fanpin/domain/citizen-id";

/** 138****5678: the first 3 and last 4 characters of a phone number (0631-5201234 → 063*****1234). */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return "*".repeat(phone.length);
  return `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/**
 * A copy of a JSON value with every "idNumber" masked as the views mask it
 * (371002********1234) and every "phone" as 138****5678, at any depth. The
 * audit trail and the case records are written through this (decision 015);
 * migration 20261205190000_personal_data_encryption applied the same rule to
 * the rows written before.
 */
export function maskPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalData);
  if (value instanceof Date) return value;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        typeof v === "string" && k === "idNumber" ? maskCitizenId(v) : typeof v === "string" && k === "phone" ? maskPhone(v) : maskPersonalData(v),
      ]),
    );
  }
  return value;
}

/** What a history screen shows of a trail entry: masked, without the encrypted copies the reports read (idNumberSealed). */
export function personalDataForDisplay(value: unknown): unknown {
  const masked = maskPersonalData(value);
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object" && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "idNumberSealed").map(([k, x]) => [k, strip(x)]));
    }
    return v;
  };
  return strip(masked) ?? null;
}

import { independentCheckCharacter } from "../../packages/domain/src/testing/id-numbers.ts";

/**
 * Citizen ID numbers of GB 11643-1999 for test people: address code of
 * 环翠区 (371002), a birth date, a sequence whose last digit tells the
 * gender (odd = male), and the ISO 7064 MOD 11-2 check character from the
 * test-only generator (packages/domain/src/testing/id-numbers.ts), independent of the
 * production check-digit code the journeys test.
 */
function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** A valid number, different on every call of a run and between runs. */
export function makeCitizenId(gender: "MALE" | "FEMALE", seed = Date.now() + Math.floor(Math.random() * 1_000_000)): string {
  const year = 1960 + (seed % 40);
  const month = 1 + (Math.floor(seed / 40) % 12);
  const day = 1 + (Math.floor(seed / 480) % 28);
  let sequence = Math.floor(seed / 13_440) % 1000;
  if ((sequence % 2 === 1) !== (gender === "MALE")) sequence = (sequence + 1) % 1000;
  const first17 = `371002${year}${pad(month, 2)}${pad(day, 2)}${pad(sequence, 3)}`;
  return first17 + independentCheckCharacter(first17);
}

/** The same number with a wrong check character (a typical typing error). */
export function withWrongCheckCharacter(id: string): string {
  const right = id[17]!;
  const wrong = right === "0" ? "1" : right === "X" ? "0" : String((Number(right) + 1) % 10);
  return id.slice(0, 17) + wrong;
}

/** As every list shows it: address code and last four kept. */
export function maskedForm(id: string): string {
  return `${id.slice(0, 6)}${"*".repeat(id.length - 10)}${id.slice(-4)}`;
}

/**
 * Test-only: citizen ID numbers for test fixtures (domain, API and e2e tests;
 * never imported by production code), made WITHOUT the production code
 * (packages/domain/src/citizen-id.ts): a wrong weight or check table there must
 * make the API refuse these numbers and so fail the tests.
 *
 * GB 11643-1999 / ISO 7064 MOD 11-2, derived here from its definition rather
 * than copied tables: the character at position i (1 = leftmost, 18 = the
 * check) has weight 2^(18−i) mod 11, and the check value c ∈ 0…10 (10 written
 * "X") makes the weighted sum of all 18 positions ≡ 1 (mod 11).
 */

/** 2^(18−position) mod 11, by repeated doubling. */
function weightOf(position: number): number {
  let w = 1;
  for (let k = position; k < 18; k++) w = (w * 2) % 11;
  return w;
}

/** The check character of a 17-digit prefix. */
export function independentCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`not 17 digits: ${first17}`);
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weightOf(i + 1), 0);
  // Solve sum + c·1 ≡ 1 (mod 11) for c.
  const c = (((1 - sum) % 11) + 11) % 11;
  return c === 10 ? "X" : String(c);
}

/** A full number from its parts: address code (6 digits), birth date YYYYMMDD, sequence 0…999 (odd = male). */
export function citizenIdOf(address: string, birth: string, sequence: number): string {
  const first17 = `${address}${birth}${String(sequence).padStart(3, "0")}`;
  return first17 + independentCheckCharacter(first17);
}

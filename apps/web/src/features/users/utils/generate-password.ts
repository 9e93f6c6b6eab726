import { passwordProblems } from "@fanpin/domain/password-rules";

// No 0/O, 1/l/I: the password is read aloud or copied from paper.
const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER = "abcdefghijkmnpqrstuvwxyz";
const DIGITS = "23456789";

/**
 * A 12-character initial password with upper- and lower-case letters and
 * digits, drawn again until it meets every password rule (a draw that happens
 * to hold a run like "abc" or the username is thrown away).
 */
export function generatePassword(username?: string, length = 12): string {
  for (;;) {
    const password = draw(length);
    if (passwordProblems(password, username).length === 0) return password;
  }
}

function draw(length: number): string {
  const all = UPPER + LOWER + DIGITS;
  const random = new Uint32Array(length);
  crypto.getRandomValues(random);
  const chars = Array.from(random, (n) => all[n % all.length]!);
  // One of each class at the first three places of a random rotation.
  const offset = random[0]! % length;
  chars[offset] = UPPER[random[1]! % UPPER.length]!;
  chars[(offset + 1) % length] = LOWER[random[2]! % LOWER.length]!;
  chars[(offset + 2) % length] = DIGITS[random[3]! % DIGITS.length]!;
  return chars.join("");
}

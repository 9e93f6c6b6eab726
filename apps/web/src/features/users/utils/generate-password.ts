// No 0/O, 1/l/I: the password is read aloud or copied from paper.
const LETTERS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "23456789";

/** A 12-character initial password with letters and digits (meets ZNewPassword). */
export function generatePassword(length = 12): string {
  const all = LETTERS + DIGITS;
  const random = new Uint32Array(length);
  crypto.getRandomValues(random);
  const chars = Array.from(random, (n) => all[n % all.length]!);
  // Guarantee one letter and one digit at random positions.
  chars[random[0]! % length] = LETTERS[random[1]! % LETTERS.length]!;
  let digitAt = random[2]! % length;
  if (digitAt === random[0]! % length) digitAt = (digitAt + 1) % length;
  chars[digitAt] = DIGITS[random[3]! % DIGITS.length]!;
  return chars.join("");
}

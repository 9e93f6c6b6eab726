// SQL fragments shared by the hand-written statements (decision 011).
import { Prisma } from "../generated/prisma/client.ts";

const CONSTANT = /^[A-Z_]+$/;
/** A list of enum values for `IN (…)`. They come from constants, never from a request, and are inlined so the planner sees them. */
export function enumList(values: readonly string[]): Prisma.Sql {
  if (values.length === 0 || !values.every((v) => CONSTANT.test(v))) throw new Error(`not enum constants: ${values.join(",")}`);
  return Prisma.raw(values.map((v) => `'${v}'`).join(", "));
}

/**
 * The user's text for a `LIKE`, wildcards taken literally (PostgreSQL's default
 * escape character is the backslash). Prisma's `contains`/`startsWith`/
 * `endsWith` put their value into a `LIKE` unescaped, so they take it too.
 */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/** `LIKE` pattern for "starts with", with the user's text taken literally. */
export const startsWithPattern = (text: string) => `${likeLiteral(text)}%`;

/**
 * An area scope as the range its code prefix stands for, in the pattern
 * operators PostgreSQL itself turns `LIKE 'prefix%'` into. Unlike `LIKE $1`,
 * a range of parameters lets a prepared statement keep one plan that uses the
 * index. Area codes are digits, and ':' sorts right after '9'.
 */
export function scopeRange(column: string, prefix: string): Prisma.Sql {
  if (!/^\d*$/.test(prefix)) throw new Error(`not an area code prefix: ${prefix}`);
  const col = Prisma.raw(column);
  return Prisma.sql`(${col}::text ~>=~ ${prefix}::text AND ${col}::text ~<~ ${`${prefix}:`}::text)`;
}

/**
 * One copy of each repeated string (codes, labels, dates) of a large result: the driver makes a new string per
 * row, and a city's ledger keeps ~170,000 people with their conditions and measures in the API's 256 MB heap.
 */
export function stringPool(): (s: string) => string {
  const pool = new Map<string, string>();
  return (s) => {
    const known = pool.get(s);
    if (known !== undefined) return known;
    const copy = ownString(s);
    pool.set(copy, copy);
    return copy;
  };
}

/**
 * A string of its own. V8 may keep a long string cut from a larger one (a value from JSON.parse, a piece of a
 * row's text) as a slice of it, which keeps the whole text alive: a city's 50,000 audit snapshots, ~2 KB each,
 * would stay in memory for the 18 characters of each household number (decision 011, as item 6 found for the
 * import's XML).
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, "utf16le").toString("utf16le");
}

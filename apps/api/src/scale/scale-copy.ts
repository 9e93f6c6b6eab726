// Values in COPY's text format, for the scale data generator's COPY streams.

const ESCAPES = /[\\\t\n\r]/;
const ESCAPE_ALL = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
/** A text value in COPY's text format. */
export function t(value: string | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  return ESCAPES.test(value) ? value.replace(ESCAPE_ALL, (c) => ESCAPED[c]!) : value;
}
/** A bytea value in COPY's text format (hex input, its backslash escaped). */
export const b = (value: Uint8Array): string => `\\\\x${Buffer.from(value).toString("hex")}`;
/** A JSON value in COPY's text format. */
export const j = (value: unknown): string => (value === null || value === undefined ? "\\N" : t(JSON.stringify(value)));

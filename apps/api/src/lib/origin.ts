/** Scheme, host and port as a browser writes an Origin (default ports dropped, host in lower case); null when not one. */
export function originOf(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.origin;
}

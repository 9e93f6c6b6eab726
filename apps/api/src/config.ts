import { LOCAL_RULE_PRESETS, ruleSet, type LocalRules } from "@fanpin/domain/procedures/rules";
import { OFFICE_PHONE } from "@fanpin/domain/publicity-schemas";
import { originOf } from "./lib/origin.ts";

/** Settings read from the environment once, at start-up. */
export type AppConfig = {
  /** Minutes of inactivity after which a session ends. */
  sessionIdleMinutes: number;
  /** Hard limit of a session's life, whatever the activity. */
  sessionMaxHours: number;
  /** Failed sign-ins in a row that lock an account. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Set when served over HTTPS (behind a TLS-terminating proxy). */
  cookieSecure: boolean;
  /** Directory of the built SPA to serve; null when not serving it. */
  webDistDir: string | null;
  trustProxy: boolean;
  /** Origins besides the request's own whose pages may send state-changing requests (ALLOWED_ORIGINS, comma-separated). */
  allowedOrigins: string[];
  /** Failed sign-ins from one client address within the window before it must wait (SIGNIN_ADDRESS_LIMIT). */
  signInAddressLimit: number;
  signInAddressWindowMinutes: number;
  /** Days after which a password must be changed (PASSWORD_MAX_AGE_DAYS). */
  passwordMaxAgeDays: number;
  /** The rule set new cases start under (procedures, deadlines, monitoring types): LOCAL_RULES=weihai (default), linyi, fuzhou or national. */
  rules: LocalRules;
  /** Office or hotline number printed on publicity notices for objections (PUBLICITY_OBJECTION_PHONE); null = none printed. */
  publicityObjectionPhone: string | null;
  /** Bounds on reading an uploaded import file, checked while it streams (decision 010). */
  importLimits: ImportLimits;
  /** Abuse limits of the public self-report page (一键报贫), counted per China calendar day in public_throttle. */
  selfReport: SelfReportLimits;
  /** The public address the QR posters point at (PUBLIC_BASE_URL, e.g. https://fanpin.example.gov.cn); null = the request's own origin. */
  publicBaseUrl: string | null;
};

export type SelfReportLimits = {
  /** Reports accepted from one client address per day (SELF_REPORT_ADDRESS_LIMIT). */
  perAddress: number;
  /** Reports accepted for one phone number per day (SELF_REPORT_PHONE_LIMIT). */
  perPhone: number;
  /** Reports from one address per day after which each further one needs the proof-of-work challenge (SELF_REPORT_CHALLENGE_AFTER). */
  challengeAfter: number;
  /** The challenge's difficulty: the largest number a solver may have to try (SELF_REPORT_CHALLENGE_MAX_NUMBER). */
  challengeMaxNumber: number;
  /** Failed status look-ups (wrong reference or digits) from one address per day before it is refused (SELF_REPORT_STATUS_FAILURE_LIMIT). */
  statusFailuresPerAddress: number;
};

/** What one import file may hold; a file over a limit fails its job, naming the limit and the row. */
export type ImportLimits = {
  /** Uncompressed bytes of one part (zip entry) of an .xlsx (IMPORT_MAX_ENTRY_MB). */
  entryBytes: number;
  /** Uncompressed bytes of all parts of one .xlsx read together (IMPORT_MAX_UNCOMPRESSED_MB). */
  fileBytes: number;
  /** Uncompressed bytes of the shared-strings part, which is held (outside the JS heap) while the sheet is read (IMPORT_MAX_SHARED_STRINGS_MB). */
  sharedStringsBytes: number;
  /** Characters of one cell, shared string or CSV field (IMPORT_MAX_CELL_CHARS; Excel's own limit is 32,767). */
  cellChars: number;
  /** Characters of one row: a CSV line, or an .xlsx row's XML (IMPORT_MAX_ROW_CHARS). */
  rowChars: number;
  /** Columns of one row (IMPORT_MAX_COLUMNS). */
  columns: number;
  /** Rows holding data in one file (IMPORT_MAX_ROWS). */
  rows: number;
};

const MB = 1024 * 1024;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`Environment variable ${name} must be a positive integer, got "${raw}"`);
  return n;
}

export function configFromEnv(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    sessionIdleMinutes: intFromEnv("SESSION_IDLE_MINUTES", 30),
    sessionMaxHours: intFromEnv("SESSION_MAX_HOURS", 12),
    lockoutThreshold: intFromEnv("LOCKOUT_THRESHOLD", 5),
    lockoutMinutes: intFromEnv("LOCKOUT_MINUTES", 15),
    cookieSecure: process.env.COOKIE_SECURE === "true",
    webDistDir: null,
    trustProxy: process.env.TRUST_PROXY === "true",
    allowedOrigins: allowedOriginsFromEnv(),
    signInAddressLimit: intFromEnv("SIGNIN_ADDRESS_LIMIT", 30),
    signInAddressWindowMinutes: intFromEnv("SIGNIN_ADDRESS_WINDOW_MINUTES", 15),
    passwordMaxAgeDays: intFromEnv("PASSWORD_MAX_AGE_DAYS", 90),
    rules: rulesFromEnv(),
    publicityObjectionPhone: objectionPhoneFromEnv(),
    importLimits: {
      entryBytes: intFromEnv("IMPORT_MAX_ENTRY_MB", 2048) * MB,
      fileBytes: intFromEnv("IMPORT_MAX_UNCOMPRESSED_MB", 3072) * MB,
      sharedStringsBytes: intFromEnv("IMPORT_MAX_SHARED_STRINGS_MB", 256) * MB,
      cellChars: intFromEnv("IMPORT_MAX_CELL_CHARS", 32_767),
      rowChars: intFromEnv("IMPORT_MAX_ROW_CHARS", 1_048_576),
      columns: intFromEnv("IMPORT_MAX_COLUMNS", 1024),
      rows: intFromEnv("IMPORT_MAX_ROWS", 1_048_576),
    },
    selfReport: {
      perAddress: intFromEnv("SELF_REPORT_ADDRESS_LIMIT", 5),
      perPhone: intFromEnv("SELF_REPORT_PHONE_LIMIT", 3),
      challengeAfter: intFromEnv("SELF_REPORT_CHALLENGE_AFTER", 2),
      challengeMaxNumber: intFromEnv("SELF_REPORT_CHALLENGE_MAX_NUMBER", 50_000),
      statusFailuresPerAddress: intFromEnv("SELF_REPORT_STATUS_FAILURE_LIMIT", 30),
    },
    publicBaseUrl: publicBaseUrlFromEnv(),
    ...overrides,
  };
}

function publicBaseUrlFromEnv(): string | null {
  const raw = process.env.PUBLIC_BASE_URL?.trim();
  if (!raw) return null;
  const origin = originOf(raw);
  if (!origin) throw new Error(`PUBLIC_BASE_URL must be an origin like https://fanpin.example.gov.cn, got "${raw}"`);
  return origin;
}

function allowedOriginsFromEnv(): string[] {
  const raw = process.env.ALLOWED_ORIGINS?.trim();
  if (!raw) return [];
  return raw.split(",").map((entry) => {
    const origin = originOf(entry.trim());
    if (!origin) throw new Error(`ALLOWED_ORIGINS must list origins like https://fanpin.example.gov.cn, got "${entry.trim()}"`);
    return origin;
  });
}

function rulesFromEnv(): LocalRules {
  const name = process.env.LOCAL_RULES?.trim() || "weihai";
  const rules = ruleSet(name);
  if (!rules) throw new Error(`LOCAL_RULES must be one of ${LOCAL_RULE_PRESETS.join(", ")}, got "${name}"`);
  return rules;
}

function objectionPhoneFromEnv(): string | null {
  const raw = process.env.PUBLICITY_OBJECTION_PHONE?.trim();
  if (!raw) return null;
  if (!OFFICE_PHONE.test(raw)) throw new Error(`PUBLICITY_OBJECTION_PHONE must be an office number like 0631-5201234 (or 12317), got "${raw}"`);
  return raw;
}

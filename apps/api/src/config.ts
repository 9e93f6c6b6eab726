import { LOCAL_RULE_PRESETS, type LocalRulePreset, type LocalRules } from "@fanpin/domain/procedures/rules";
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
  /** The local rules of the procedures (deadlines, steps): LOCAL_RULES=weihai (default) or linyi. */
  rules: LocalRules;
  /** Office or hotline number printed on publicity notices for objections (PUBLICITY_OBJECTION_PHONE); null = none printed. */
  publicityObjectionPhone: string | null;
};

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
    ...overrides,
  };
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
  const name = (process.env.LOCAL_RULES ?? "weihai") as LocalRulePreset;
  const rules = LOCAL_RULE_PRESETS[name];
  if (!rules) throw new Error(`LOCAL_RULES must be one of ${Object.keys(LOCAL_RULE_PRESETS).join(", ")}, got "${name}"`);
  return rules;
}

function objectionPhoneFromEnv(): string | null {
  const raw = process.env.PUBLICITY_OBJECTION_PHONE?.trim();
  if (!raw) return null;
  if (!OFFICE_PHONE.test(raw)) throw new Error(`PUBLICITY_OBJECTION_PHONE must be an office number like 0631-5201234 (or 12317), got "${raw}"`);
  return raw;
}

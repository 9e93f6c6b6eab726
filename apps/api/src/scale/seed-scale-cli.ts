// `npm run seed:scale -- --households N [--database-url URL] [--seed S] [--districts D] [--append] [--today YYYY-MM-DD]`
//
// Generates a realistic province slice with N households (default 1,000,000)
// into DATABASE_URL (or --database-url), or else into the embedded database
// the app uses by default (DATA_DIR / EMBEDDED_PG_PORT). Migrations are
// applied first. See docs/scale-data.md.
import { parseArgs } from "node:util";
import { DEFAULT_EMBEDDED_DATA_DIR, DEFAULT_EMBEDDED_PORT, startEmbeddedPostgres } from "../db/embedded-postgres.ts";
import { encryptClearPersonalData } from "../db/encrypt-personal-data.ts";
import { applyMigrations } from "../db/migrate.ts";
import { useConfiguredDataKeys } from "../lib/data-keys.ts";
import { AlreadySeededError, seedScale, STAGE_ORDER } from "./seed-scale.ts";

const USAGE = `Usage: npm run seed:scale -- [--households N] [--database-url URL] [--seed S] [--districts D] [--append] [--today YYYY-MM-DD] [--chunk-size N]

  --households N      households to generate (default 1000000)
  --database-url URL  target database (default: DATABASE_URL, else the embedded database in DATA_DIR, port EMBEDDED_PG_PORT)
  --seed S            seed of the generator; the same seed gives the same data (default 20261123)
  --districts D       new districts to create (default: one per 150,000 households, 2–8)
  --append            add new districts to a database that already has generated ones (otherwise refused)
  --today DATE        the day the data's deadlines revolve around (default: today in China)
  --chunk-size N      households per COPY chunk (default 4000)`;

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw.replaceAll("_", "").replaceAll(",", ""));
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got "${raw}"\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      households: { type: "string" },
      "database-url": { type: "string" },
      seed: { type: "string" },
      districts: { type: "string" },
      append: { type: "boolean", default: false },
      today: { type: "string" },
      "chunk-size": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  let now: Date | undefined;
  if (values.today) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
      console.error(`--today must be YYYY-MM-DD, got "${values.today}"`);
      process.exit(2);
    }
    // Mid-morning in China on that day.
    now = new Date(`${values.today}T10:00:00+08:00`);
  }

  // A bulk load (and its ANALYZE) is the owner's work: MIGRATION_DATABASE_URL when set (decision 013).
  let connectionString = values["database-url"] ?? process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  const dataDir = process.env.DATA_DIR ?? DEFAULT_EMBEDDED_DATA_DIR;
  await useConfiguredDataKeys({ embeddedDataDir: connectionString ? null : dataDir });
  if (!connectionString) {
    const port = Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PORT);
    console.log(`Starting embedded PostgreSQL (data in ${dataDir}, port ${port}) …`);
    const embedded = await startEmbeddedPostgres({ dataDir, port });
    connectionString = embedded.ownerConnectionString;
    stopEmbedded = () => embedded.stop();
  }
  try {
    const { applied } = await applyMigrations(connectionString);
    if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
    await encryptClearPersonalData(connectionString);
    const result = await seedScale({
      connectionString,
      households: positiveInt("households", values.households),
      seed: positiveInt("seed", values.seed),
      districts: positiveInt("districts", values.districts),
      append: values.append,
      chunkSize: positiveInt("chunk-size", values["chunk-size"]),
      now,
    });
    const n = (x: number) => x.toLocaleString("en");
    const pct = (x: number) => `${((100 * x) / result.households).toFixed(2)} %`;
    const lines = [
      "",
      `Done in ${result.seconds.toFixed(1)} s (${n(Math.round(result.households / result.seconds))} households/s).`,
      `  households      ${n(result.households)} — ORDINARY ${n(result.categories.ORDINARY)} (${pct(result.categories.ORDINARY)}), ` +
        `LIFTED_WITH_POLICY ${n(result.categories.LIFTED_WITH_POLICY)} (${pct(result.categories.LIFTED_WITH_POLICY)}), ` +
        `LIFTED_WITHOUT_POLICY ${n(result.categories.LIFTED_WITHOUT_POLICY)} (${pct(result.categories.LIFTED_WITHOUT_POLICY)})`,
      `  designated      MONITORED ${n(result.designated.MONITORED)}, INSTANT_ASSISTANCE ${n(result.designated.INSTANT_ASSISTANCE)}; rolled back ${n(result.rolledBack)}`,
      `  members         ${n(result.members)} (${(result.members / result.households).toFixed(2)} per household)`,
      `  cases           ${n(result.openCases)} open (${pct(result.openCases)} of households), ${n(result.closedCases)} closed`,
      `  by stage        ${STAGE_ORDER.filter((s) => result.casesByStage[s]).map((s) => `${s} ${n(result.casesByStage[s]!)}`).join(", ")}`,
      `  case events     ${n(result.caseEvents)}`,
      `  audit entries   ${n(result.auditEntries)}`,
      `  assistance      ${n(result.assistance.files)} files (${pct(result.assistance.files)} of households; risk class ` +
        `${Object.entries(result.assistance.byRiskClass).sort().map(([c, k]) => `${c} ${n(k)}`).join(", ")}), ${n(result.assistance.unassigned)} without a lead helper, ` +
        `${n(result.assistance.overdue)} with the visit overdue`,
      `                  ${n(result.assistance.helpers)} helpers (${n(result.assistance.helperAccounts)} with a HELPER account), ${n(result.assistance.assignments)} assignments, ` +
        `${n(result.assistance.measures)} measures, ${n(result.assistance.conditions)} condition records, ${n(result.assistance.incomeYears)} income years, ${n(result.assistance.visits)} visits`,
      `  areas           ${n(result.areas)} in ${result.districts.map((d) => `${d.name} ${d.code} (${n(d.households)} households)`).join(", ")}`,
      `  user accounts   ${n(result.userCount)}, all with the password ${result.password}, e.g.:`,
      ...result.users.map((u) => `    ${u.username.padEnd(26)} ${u.role.padEnd(18)} ${u.areaName} ${u.areaCode}`),
      "    (bench-district-D, bench-township-D-TT, bench-village-D-TT-VV for every district D, township TT and village VV;",
      "     bench-helper-D-TT-1 and -2, HELPER accounts of the township's first two helpers)",
      "",
      "Running this again into the same database is refused; --append adds further districts.",
    ];
    console.log(lines.join("\n"));
  } finally {
    if (stopEmbedded) await stopEmbedded();
  }
}

main().catch((error: unknown) => {
  if (error instanceof AlreadySeededError) {
    console.error(error.message);
    process.exit(3);
  }
  console.error("seed:scale failed:", error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

import type { Db } from "./prisma.ts";

/**
 * Rows inserted in one statement from one JSON parameter
 * (jsonb_populate_recordset). The SQL text is the same for every batch: Prisma's
 * createMany builds a query plan per shape of the data (which fields are null
 * differs from batch to batch) and caches up to 1,000 of them, so a large
 * import would fill memory with plans it never reuses. Columns are named here,
 * never taken from input.
 */
export const BULK_COLUMNS = {
  household: [
    "id", "household_no", "category", "designation", "designated_at", "village_id", "village_code", "natural_village_id", "address_detail",
    "phone_enc", "phone_bidx", "risk_causes", "difficulty_description", "income_year", "a28_wage_income_fen", "a29a_family_planning_fen",
    "a29b_minimum_living_fen", "a29c_extreme_poverty_support_fen", "a29d_pension_fen", "a29e_ecological_compensation_fen",
    "a29f_other_transfer_fen", "a30_production_income_fen", "a31a_asset_dividend_fen", "a31b_other_property_fen", "a32_production_cost_fen",
    "member_count", "head_name", "version", "created_at", "created_by_id", "updated_at",
  ],
  member: [
    "id", "household_id", "position", "name", "gender", "id_type", "id_number_enc", "id_number_bidx", "id_last4_bidx", "id_last6_bidx", "disability_suffix", "relation", "ethnicity",
    "political_status", "education", "school_status", "health", "work_region", "work_months", "created_at", "updated_at",
  ],
  // Written only by the audit chain's writer (modules/audit/audit.repository.ts): every row carries its chain columns.
  audit_entry: [
    "at", "actor_id", "actor_name", "actor_role", "action", "entity_type", "entity_id", "household_id", "before", "after", "reason", "request_id", "ip",
    "chain_position", "chain_prev", "chain_hash",
  ],
} as const;
type BulkTable = keyof typeof BULK_COLUMNS;
export type BulkRow<T extends BulkTable> = Record<(typeof BULK_COLUMNS)[T][number], unknown>;

const bulkSql = Object.fromEntries(
  Object.entries(BULK_COLUMNS).map(([table, columns]) => {
    const list = columns.map((c) => `"${c}"`).join(", ");
    return [table, `INSERT INTO "${table}" (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`];
  }),
) as Record<BulkTable, string>;

/** The INSERT of `table`'s rows from the JSON array in parameter `$n`. */
export function bulkInsertSql(table: BulkTable, n = 1): string {
  return bulkSql[table].replace("$1::jsonb", `$${n}::jsonb`);
}

export type BulkRows = { [T in BulkTable]?: BulkRow<T>[] };
const TABLE_ORDER = Object.keys(BULK_COLUMNS) as BulkTable[];
const combinedSql = new Map<string, string>();

/**
 * Rows of several tables in one statement: each table's INSERT is a
 * data-modifying CTE of the last one, so it is one round trip and, on its
 * own, atomic (foreign keys are checked at the end of the statement, so
 * members may reference households of the same statement). The SQL text
 * depends only on which tables have rows: at most fifteen texts.
 */
export async function bulkInsertAll(db: Db, rows: BulkRows): Promise<void> {
  const tables = TABLE_ORDER.filter((t) => rows[t]?.length);
  if (!tables.length) return;
  const key = tables.join(",");
  let sql = combinedSql.get(key);
  if (!sql) {
    const inserts = tables.map((t, i) => bulkInsertSql(t, i + 1));
    sql = inserts.length === 1 ? inserts[0]! : `WITH ${inserts.slice(0, -1).map((q, i) => `i${i} AS (${q})`).join(", ")} ${inserts.at(-1)!}`;
    combinedSql.set(key, sql);
  }
  await db.$executeRawUnsafe(sql, ...tables.map((t) => JSON.stringify(rows[t])));
}

/** Prisma field of an income item's column → its column name (see prisma/schema.prisma). */
export const INCOME_FEN_COLUMNS = {
  wageIncomeFen: "a28_wage_income_fen", familyPlanningFen: "a29a_family_planning_fen", minimumLivingFen: "a29b_minimum_living_fen",
  extremePovertySupportFen: "a29c_extreme_poverty_support_fen", pensionFen: "a29d_pension_fen",
  ecologicalCompensationFen: "a29e_ecological_compensation_fen", otherTransferFen: "a29f_other_transfer_fen",
  productionIncomeFen: "a30_production_income_fen", assetDividendFen: "a31a_asset_dividend_fen", otherPropertyFen: "a31b_other_property_fen",
  productionCostFen: "a32_production_cost_fen",
} as const;

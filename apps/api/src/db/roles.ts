// The two database roles of the system (decision 013):
//
// - the OWNER role owns the application's tables, types and functions; the
//   migrations and the start-up steps that change the schema or rewrite rows
//   run as it. It is not a superuser.
// - the APPLICATION role is what the API connects as: SELECT/INSERT/UPDATE/
//   DELETE on the application's tables, only SELECT and INSERT on the audit
//   trail, no DDL in `public`, not a superuser, so it can neither disable the
//   audit trail's triggers nor set session_replication_role. It may create
//   tables in the `pgboss` schema (owned by the owner role) and owns those:
//   pg-boss installs its job queue there when it starts and creates a
//   partition a day at run time, which needs ownership of the parent table.
import pg from "pg";

/** The schema of pg-boss's job queue: owned by the owner role, its tables by the application role. */
export const JOB_SCHEMA = "pgboss";

export type RoleCredentials = { name: string; password: string };

/** Tables the application role may read and append to, but never change. */
export const APPEND_ONLY_TABLES = ["audit_entry"] as const;
/** Tables the application role has no business with. */
const MIGRATION_TABLES = ["_prisma_migrations"] as const;

/** pg_advisory_xact_lock key held while the grants are rebuilt ("fanq"; the migrations hold "fanp"). */
const GRANTS_LOCK_KEY = 0x66616e71;

const ROLE_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";

/**
 * As a superuser: creates or updates the owner and application roles and,
 * given `database`, makes the owner own it (created when missing) and
 * prepares it (prepareDatabase). Idempotent; run on every start of the embedded server.
 */
export async function ensureRoles(
  adminConnectionString: string,
  options: { database?: string; owner: RoleCredentials; app: RoleCredentials },
): Promise<void> {
  const { database, owner, app } = options;
  await withClient(adminConnectionString, async (admin) => {
    const id = (name: string) => admin.escapeIdentifier(name);
    for (const role of [owner, app]) await createOrUpdateRole(admin, role);
    if (!database) return;
    const found = await admin.query<{ owner: string }>(
      "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1",
      [database],
    );
    if (!found.rowCount) await ignoreRace(() => admin.query(`CREATE DATABASE ${id(database)} OWNER ${id(owner.name)}`));
    else if (found.rows[0]!.owner !== owner.name) await admin.query(`ALTER DATABASE ${id(database)} OWNER TO ${id(owner.name)}`);
  });
  if (database) await withClient(databaseUrl(adminConnectionString, database), (admin) => prepareDatabase(admin, owner.name, app.name));
}

/** A login role that is no superuser and may create nothing cluster-wide, with this password. */
async function createOrUpdateRole(admin: pg.Client, role: RoleCredentials): Promise<void> {
  const exists = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role.name]);
  // The password is a literal in DDL (no parameters there); escapeLiteral quotes it.
  const verb = exists.rowCount ? "ALTER" : "CREATE";
  await ignoreRace(() => admin.query(`${verb} ROLE ${admin.escapeIdentifier(role.name)} WITH ${ROLE_ATTRIBUTES} PASSWORD ${admin.escapeLiteral(role.password)}`));
}

/**
 * For a DATABASE_URL server (npm run db:create-app-role): as a role with
 * CREATEROLE, connected to the application's database, creates or updates
 * the application role; as a superuser also hands over what a database
 * migrated before the roles existed left to others (prepareDatabase).
 */
export async function ensureApplicationRole(adminConnectionString: string, app: RoleCredentials, owner: string): Promise<void> {
  await withClient(adminConnectionString, async (admin) => {
    await createOrUpdateRole(admin, app);
    const db = (await admin.query<{ name: string }>("SELECT current_database() AS name")).rows[0]!.name;
    await admin.query(`GRANT CONNECT ON DATABASE ${admin.escapeIdentifier(db)} TO ${admin.escapeIdentifier(app.name)}`);
    const superuser = (await admin.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).rows[0]!.rolsuper;
    if (superuser) await prepareDatabase(admin, owner, app.name);
  });
}

/**
 * In a database, as a superuser: objects of a database migrated before the
 * roles existed (all the superuser's) are handed over: those of `public` to
 * the owner role, pg-boss's to the application role. Nothing to do on a new
 * database; cheap enough to run on every start.
 */
export async function prepareDatabase(admin: pg.Client, owner: string, app: string): Promise<void> {
  await admin.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await reassignSchema(admin, "public", owner);
  const jobSchema = await admin.query<{ owner: string }>("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1", [JOB_SCHEMA]);
  if (jobSchema.rowCount && jobSchema.rows[0]!.owner !== owner) await admin.query(`ALTER SCHEMA ${admin.escapeIdentifier(JOB_SCHEMA)} OWNER TO ${admin.escapeIdentifier(owner)}`);
  await reassignSchema(admin, JOB_SCHEMA, app);
}

/** Every table, sequence, view, type and function of `schema` not owned by `role` is given to it. */
async function reassignSchema(admin: pg.Client, schema: string, role: string): Promise<void> {
  const { rows } = await admin.query<{ sql: string }>(
    `SELECT format('ALTER %s %I.%I OWNER TO %I',
              CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
              n.nspname, c.relname, $2::text) AS sql
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'S', 'v', 'm') AND pg_get_userbyid(c.relowner) <> $2
            AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
     UNION ALL
     SELECT format('ALTER TYPE %I.%I OWNER TO %I', n.nspname, t.typname, $2::text)
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'c') AND pg_get_userbyid(t.typowner) <> $2
            AND NOT (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c'))
     UNION ALL
     SELECT format('ALTER ROUTINE %I.%I(%s) OWNER TO %I', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), $2::text)
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2`,
    [schema, role],
  );
  for (const { sql } of rows) await admin.query(sql);
}

/**
 * As the owner role (or the single role of a DATABASE_URL-only set-up): the
 * `pgboss` schema exists, so that pg-boss, started with createSchema off,
 * needs no right to create schemas.
 */
export async function ensureJobSchema(ownerConnectionString: string): Promise<void> {
  await withClient(ownerConnectionString, (owner) => ignoreRace(() => owner.query(`CREATE SCHEMA IF NOT EXISTS ${owner.escapeIdentifier(JOB_SCHEMA)}`)));
}

/**
 * As the owner role, after the migrations: the application role's rights on
 * every table and sequence of `public`, rebuilt from nothing so that a table
 * added by a migration is covered and nothing granted by hand survives.
 * Idempotent and cheap; run on every start.
 */
export async function grantApplicationRole(ownerConnectionString: string, appRole: string): Promise<void> {
  await withClient(ownerConnectionString, async (owner) => {
    const app = owner.escapeIdentifier(appRole);
    const own = await owner.query<{ name: string }>("SELECT current_user AS name");
    if (own.rows[0]!.name === appRole) throw new Error(`The application role ${appRole} must not be the owner role`);
    await owner.query("BEGIN");
    // Processes starting together would otherwise race on the same ACLs ("tuple concurrently updated").
    await owner.query("SELECT pg_advisory_xact_lock($1)", [GRANTS_LOCK_KEY]);
    await owner.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    for (const table of APPEND_ONLY_TABLES) await owner.query(`REVOKE UPDATE, DELETE ON ${owner.escapeIdentifier(table)} FROM ${app}`);
    for (const table of MIGRATION_TABLES) {
      const exists = await owner.query("SELECT to_regclass($1) IS NOT NULL AS found", [`public.${table}`]);
      if (exists.rows[0].found) await owner.query(`REVOKE ALL ON ${owner.escapeIdentifier(table)} FROM ${app}`);
    }
    await owner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app}`);
    await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    await owner.query(`GRANT USAGE, CREATE ON SCHEMA ${owner.escapeIdentifier(JOB_SCHEMA)} TO ${app}`);
    await owner.query("COMMIT");
  });
}

/** The user name of a connection string (the role it connects as). */
export function roleOf(connectionString: string): string {
  return decodeURIComponent(new URL(connectionString).username);
}

/** `connectionString` with another database, or another user and password. */
export function databaseUrl(connectionString: string, database: string, role?: RoleCredentials): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  if (role) {
    url.username = encodeURIComponent(role.name);
    url.password = encodeURIComponent(role.password);
  }
  return url.toString();
}

async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: "fanpin-roles" });
  client.on("error", () => undefined); // a lost connection surfaces through the query that needed it
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Two processes creating the same role, database or schema at once: the loser's duplicate error is harmless. */
async function ignoreRace(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 42710 duplicate_object (role), 42P04 duplicate_database, 42P06 duplicate_schema, 23505 unique violation in the catalog.
    if (code !== "42710" && code !== "42P04" && code !== "42P06" && code !== "23505") throw error;
  }
}

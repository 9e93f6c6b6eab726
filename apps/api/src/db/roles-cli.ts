// npm run db:create-app-role -- [name]   (default name: fanpin_app)
//
// For a DATABASE_URL server (decision 013): creates or updates the
// APPLICATION role the API connects as, then, as the OWNER role, applies the
// migrations and grants it exactly what it needs. Settings:
//   MIGRATION_DATABASE_URL  the owner role on the application's database (required)
//   ADMIN_DATABASE_URL      a role with CREATEROLE on the same database (default: MIGRATION_DATABASE_URL);
//                           a superuser also hands over tables a database migrated before the roles existed
//   APP_ROLE_PASSWORD       the application role's password (default: a generated one, shown once)
import { randomBytes } from "node:crypto";
import { migrateAndGrant } from "./database.ts";
import { databaseUrl, ensureApplicationRole, roleOf } from "./roles.ts";

async function main(): Promise<void> {
  const ownerUrl = process.env.MIGRATION_DATABASE_URL;
  if (!ownerUrl) throw new Error("Set MIGRATION_DATABASE_URL to the owner role's connection string (and ADMIN_DATABASE_URL when the owner may not create roles).");
  const name = process.argv[2] ?? "fanpin_app";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Role names are lower-case letters, digits and _: "${name}"`);
  if (name === roleOf(ownerUrl)) throw new Error("The application role must not be the owner role.");
  const given = process.env.APP_ROLE_PASSWORD;
  const app = { name, password: given ?? randomBytes(24).toString("base64url") };

  await ensureApplicationRole(process.env.ADMIN_DATABASE_URL ?? ownerUrl, app, roleOf(ownerUrl));
  const appUrl = databaseUrl(ownerUrl, decodeURIComponent(new URL(ownerUrl).pathname.slice(1)), app);
  const applied = await migrateAndGrant({ connectionString: appUrl, ownerConnectionString: ownerUrl });
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
  console.log(`Role ${name} is ready: no superuser, owns nothing; SELECT/INSERT/UPDATE/DELETE on the application's tables, SELECT/INSERT only on audit_entry.`);
  if (given) console.log(`Set DATABASE_URL to ${name}'s connection string with the password of APP_ROLE_PASSWORD, and keep MIGRATION_DATABASE_URL.`);
  else console.log(`Generated password, shown this once; set DATABASE_URL=${appUrl}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

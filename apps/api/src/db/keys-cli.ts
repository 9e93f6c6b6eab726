// npm run keys:create -- <path>      a new key file (refuses to overwrite one)
// npm run keys:rotate [-- --index]   a new encryption key version, every sealed value re-encrypted;
//                                    --index: a new blind-index key, every index recomputed
// Rotation works on the key file of DATA_KEY_FILE (or the embedded default's), against the database as its
// owner (MIGRATION_DATABASE_URL, else DATABASE_URL, or the embedded database, started for it). Stop the API first. See docs/decisions/015-personal-data-encryption.md.
import { access } from "node:fs/promises";
import { parseArgs } from "node:util";
import { embeddedKeyFilePath, newKeyFile, readKeyFile, writeKeyFile } from "../lib/data-keys.ts";
import { openDatabase } from "./database.ts";
import { DEFAULT_EMBEDDED_DATA_DIR } from "./embedded-postgres.ts";
import { rotateEncryptionKey, rotateIndexKey } from "./rotate-keys.ts";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { index: { type: "boolean", default: false } } });
const [command, path] = positionals;

if (command === "create") {
  if (!path) throw new Error("Usage: npm run keys:create -- /path/outside/the/database/data-keys.json");
  if (await access(path).then(() => true, () => false)) throw new Error(`${path} exists: a key file is never overwritten`);
  await writeKeyFile(path, newKeyFile());
  console.log(`Created ${path} (mode 0600). Back it up apart from the database backups, and set DATA_KEY_FILE=${path}.`);
} else if (command === "rotate") {
  if (process.env.DATA_KEYS) throw new Error("DATA_KEYS holds the keys in the environment: rotate a key file (DATA_KEY_FILE), then update the secret from it");
  const url = process.env.DATABASE_URL;
  const dataDir = process.env.DATA_DIR ?? DEFAULT_EMBEDDED_DATA_DIR;
  const file = process.env.DATA_KEY_FILE ?? (url ? null : embeddedKeyFilePath(dataDir));
  if (!file) throw new Error("Set DATA_KEY_FILE to the key file the API uses");
  // The key file is read (and rewritten) here, not installed for the process as a server would.
  const db = await openDatabase(console.log, { dataKeys: false });
  try {
    const save = (f: Parameters<typeof writeKeyFile>[1]) => writeKeyFile(file, f);
    const rotate = values.index ? rotateIndexKey : rotateEncryptionKey;
    await rotate(db.ownerConnectionString, await readKeyFile(file), save, console.log);
  } finally {
    await db.stop();
  }
} else {
  throw new Error("Usage: npm run keys:create -- <path> | npm run keys:rotate [-- --index]");
}

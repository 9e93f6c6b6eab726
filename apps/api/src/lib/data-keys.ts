import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { DataKeyring, useDataKeys, type KeySecret, type KeyringSpec } from "./data-crypto.ts";

/**
 * The key file (JSON, mode 0600), outside the database and outside the
 * PostgreSQL data directory:
 *
 *   { "format": "fanpin-data-keys/1",
 *     "encryption": { "current": 2, "keys": { "1": "<base64, 32 bytes>", "2": "…" } },
 *     "index":      { "current": 1, "keys": { "1": "…" } } }
 *
 * Older encryption versions stay until `npm run keys:rotate` has re-encrypted
 * everything; a second index key exists only while a rotation runs.
 */
export type KeyFile = {
  format: "fanpin-data-keys/1";
  /** pending: a rotation to `current` is re-encrypting (npm run keys:rotate resumes it). */
  encryption: { current: number; keys: Record<string, string>; pending?: boolean };
  /** previous: the index key a rotation is replacing; searches look for both until it is done. */
  index: { current: number; keys: Record<string, string>; previous?: number };
};

/** Where the embedded default keeps its key file: beside the data directory, not in it (.data/postgres → .data/keys). */
export function embeddedKeyFilePath(embeddedDataDir: string): string {
  return join(dirname(embeddedDataDir), "keys", "data-keys.json");
}

export function newKeyFile(): KeyFile {
  return {
    format: "fanpin-data-keys/1",
    encryption: { current: 1, keys: { 1: randomBytes(32).toString("base64") } },
    index: { current: 1, keys: { 1: randomBytes(32).toString("base64") } },
  };
}

export function keyringFromFile(file: KeyFile): DataKeyring {
  if (file?.format !== "fanpin-data-keys/1") throw new Error('not a key file of format "fanpin-data-keys/1"');
  const secrets = (keys: Record<string, string>): KeySecret[] =>
    Object.entries(keys).map(([v, b64]) => ({ version: Number(v), secret: Buffer.from(b64, "base64") }));
  const spec: KeyringSpec = {
    encryption: { current: file.encryption.current, keys: secrets(file.encryption.keys) },
    index: { current: file.index.current, keys: secrets(file.index.keys) },
  };
  return new DataKeyring(spec);
}

export async function readKeyFile(path: string): Promise<KeyFile> {
  return JSON.parse(await readFile(path, "utf8")) as KeyFile;
}

/** Writes atomically (temporary file, then rename), readable by the owner only. */
export async function writeKeyFile(path: string, file: KeyFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

export type KeySource = { keyring: DataKeyring; file: KeyFile; path: string | null; created: boolean };

/**
 * The process's keys: DATA_KEYS (the key file's JSON, for containers that
 * take secrets as environment), else DATA_KEY_FILE, else for the embedded
 * default its own key file, created on the first start. With DATABASE_URL
 * and neither setting the server refuses to start: a key generated on the
 * spot would be lost with the container, and the data with it.
 */
export async function loadDataKeys(options: { embeddedDataDir: string | null }): Promise<KeySource> {
  const inline = process.env.DATA_KEYS?.trim();
  if (inline) {
    const file = JSON.parse(inline) as KeyFile;
    return { keyring: keyringFromFile(file), file, path: null, created: false };
  }
  const configured = process.env.DATA_KEY_FILE?.trim();
  if (configured) {
    const file = await readKeyFile(configured).catch((error: unknown) => {
      throw new Error(`DATA_KEY_FILE ${configured} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    });
    return { keyring: keyringFromFile(file), file, path: configured, created: false };
  }
  if (options.embeddedDataDir === null) {
    throw new Error(
      "DATABASE_URL is set but no personal-data key is configured: set DATA_KEY_FILE to a key file " +
        "(create one with `npm run keys:create -- /path/outside/the/database/data-keys.json` and back it up) or DATA_KEYS to its content",
    );
  }
  const path = embeddedKeyFilePath(options.embeddedDataDir);
  let created = false;
  const file = await readKeyFile(path).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
    const fresh = newKeyFile();
    await writeKeyFile(path, fresh);
    created = true;
    return fresh;
  });
  return { keyring: keyringFromFile(file), file, path, created };
}

/** Loads the keys (as loadDataKeys) and installs them for this process: the first step of the server and of every command. */
export async function useConfiguredDataKeys(options: { embeddedDataDir: string | null }): Promise<KeySource> {
  const source = await loadDataKeys(options);
  if (source.created) console.log(`Created the personal-data key file ${source.path} (mode 0600): back it up, the data cannot be read without it.`);
  useDataKeys(source.keyring);
  return source;
}

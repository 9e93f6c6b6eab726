import { createHmac } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataIntegrityError, DataKeyring, keyVersionOf } from "./data-crypto.ts";
import { embeddedKeyFilePath, keyringFromFile, loadDataKeys, newKeyFile } from "./data-keys.ts";
import { maskPersonalData, maskPhone } from "./personal-data.ts";

const secret = (n: number) => Buffer.alloc(32, n);
const keyring = (enc: number[], current = enc.at(-1)!, index = [9]) =>
  new DataKeyring({
    encryption: { current, keys: enc.map((v) => ({ version: v, secret: secret(v) })) },
    index: { current: index.at(-1)!, keys: index.map((v) => ({ version: v, secret: secret(v) })) },
  });

describe("sealed values (SM4-CTR + HMAC-SM3)", () => {
  const keys = keyring([1]);

  it("round-trips text, with a fresh IV each time and the key version in the header", () => {
    const a = keys.encrypt("37100219900101123X");
    const b = keys.encrypt("37100219900101123X");
    expect(a.equals(b)).toBe(false);
    expect(keys.decryptText(a)).toBe("37100219900101123X");
    expect(keys.decryptText(b)).toBe("37100219900101123X");
    expect(a[0]).toBe(1);
    expect(keyVersionOf(a)).toBe(1);
    expect(a.length).toBe(3 + 16 + 18 + 32);
    expect(a.toString("latin1")).not.toContain("123X");
    expect(keys.decrypt(keys.encrypt(Buffer.alloc(0))).length).toBe(0);
  });

  it("refuses every single-bit change of header, IV, ciphertext or tag", () => {
    const sealed = keys.encrypt("13812345678");
    for (let i = 0; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i]! ^= 0x01;
      expect(() => keys.decrypt(tampered), `byte ${i}`).toThrow(DataIntegrityError);
    }
    expect(() => keys.decrypt(sealed.subarray(0, 40))).toThrow(/malformed/);
  });

  it("refuses a value sealed with another key, and names a key version it does not have", () => {
    const other = new DataKeyring({
      encryption: { current: 1, keys: [{ version: 1, secret: secret(7) }] },
      index: { current: 1, keys: [{ version: 1, secret: secret(8) }] },
    });
    expect(() => other.decrypt(keys.encrypt("x"))).toThrow(/integrity check/);
    expect(() => keys.decrypt(keyring([2]).encrypt("x"))).toThrow(/key version 2, which is not in the configured key set/);
  });

  it("reads every version it holds and writes with the current one", () => {
    const old = keyring([1]).encrypt("a");
    const both = keyring([1, 2]);
    expect(both.decryptText(old)).toBe("a");
    expect(keyVersionOf(both.encrypt("b"))).toBe(2);
  });

  it("computes blind indexes as HMAC-SM3 (RFC 2104) of kind and value, truncated to 128 bits", () => {
    // HMAC built by hand with copied hash states must equal OpenSSL's HMAC with the derived key.
    const derived = createHmac("sm3", secret(9)).update("fanpin/blind-index").digest();
    const expected = createHmac("sm3", derived).update("id\u0000371002199001011234").digest().subarray(0, 16);
    expect(keys.blindIndex("id", "371002199001011234").equals(expected)).toBe(true);
    // Kinds never collide: the last 4 of an ID and a phone ending alike differ.
    expect(keys.blindIndex("id-last4", "1234").equals(keys.blindIndex("phone", "1234"))).toBe(false);
    expect(keyring([1], 1, [3]).blindIndex("id", "1").equals(keys.blindIndex("id", "1"))).toBe(false);
    expect(keyring([1], 1, [3, 9]).blindIndexCandidates("id", "1")).toHaveLength(2);
  });
});

describe("masking", () => {
  it("masks ID numbers and phones at any depth, and nothing else", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPersonalData({ phone: "13812345678", members: [{ idNumber: "371002199001011234", name: "王" }], n: 1, at: null })).toEqual({
      phone: "138****5678", members: [{ idNumber: "371002********1234", name: "王" }], n: 1, at: null,
    });
  });
});

describe("the key file", () => {
  const saved = { ...process.env };
  const dirs: string[] = [];
  afterEach(async () => {
    process.env = { ...saved };
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it("is created for the embedded default beside its data directory, mode 0600, and reused", async () => {
    delete process.env.DATA_KEYS;
    delete process.env.DATA_KEY_FILE;
    const root = await mkdtemp(join(tmpdir(), "fanpin-keys-"));
    dirs.push(root);
    const dataDir = join(root, "postgres");
    const first = await loadDataKeys({ embeddedDataDir: dataDir });
    expect(first.created).toBe(true);
    expect(first.path).toBe(join(root, "keys", "data-keys.json"));
    expect(embeddedKeyFilePath(dataDir).startsWith(dataDir)).toBe(false);
    expect((await stat(first.path!)).mode & 0o777).toBe(0o600);
    const again = await loadDataKeys({ embeddedDataDir: dataDir });
    expect(again.created).toBe(false);
    expect(again.keyring.decryptText(first.keyring.encrypt("x"))).toBe("x");
    expect(JSON.parse(await readFile(first.path!, "utf8")).format).toBe("fanpin-data-keys/1");
  });

  it("refuses to start against DATABASE_URL without a configured key, and takes DATA_KEYS or DATA_KEY_FILE", async () => {
    delete process.env.DATA_KEYS;
    delete process.env.DATA_KEY_FILE;
    await expect(loadDataKeys({ embeddedDataDir: null })).rejects.toThrow(/no personal-data key is configured: set DATA_KEY_FILE/);
    const file = newKeyFile();
    process.env.DATA_KEYS = JSON.stringify(file);
    const fromEnv = await loadDataKeys({ embeddedDataDir: null });
    expect(keyringFromFile(file).decryptText(fromEnv.keyring.encrypt("y"))).toBe("y");
    delete process.env.DATA_KEYS;
    process.env.DATA_KEY_FILE = "/nonexistent/keys.json";
    await expect(loadDataKeys({ embeddedDataDir: null })).rejects.toThrow(/DATA_KEY_FILE \/nonexistent\/keys.json cannot be read/);
  });
});

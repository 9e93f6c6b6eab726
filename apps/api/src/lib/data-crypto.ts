import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual, type Hash } from "node:crypto";

/**
 * Personal data at rest (docs/decisions/015-personal-data-encryption.md):
 * SM4-CTR with a random IV, then HMAC-SM3 over header + IV + ciphertext
 * (encrypt-then-MAC; Node's OpenSSL has no sm4-gcm), and keyed blind indexes
 * (HMAC-SM3) for what must be found or kept unique without decrypting.
 *
 * A sealed value: [format 0x01][key version, uint16 BE][IV 16][ciphertext][tag 32].
 */
const FORMAT = 0x01;
const HEADER_BYTES = 3;
const IV_BYTES = 16;
const TAG_BYTES = 32;
/** Blind indexes are HMAC-SM3 truncated to 128 bits: collisions are out of reach for the exact ID, irrelevant for the last digits. */
const INDEX_BYTES = 16;
const SM3_BLOCK = 64;

export class DataIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataIntegrityError";
  }
}

/** Sealed values and blind indexes (Buffers over their own ArrayBuffer, as Prisma's Bytes wants them). */
export type Bytes = Buffer<ArrayBuffer>;

/** What a blind index is computed over; the kind is part of the MAC input, so equal digits of different kinds never match. */
export type BlindIndexKind = "id" | "id-last4" | "id-last6" | "phone" | "phone-last4" | "department-row";

/**
 * HMAC-SM3 with the key schedule done once: the inner and outer hash states
 * are keyed at construction and copied per message (createHmac would redo it
 * every time; it is most of the cost for an 18-character value).
 */
class HmacSm3 {
  private readonly inner: Hash;
  private readonly outer: Hash;
  constructor(key: Buffer) {
    const k = Buffer.alloc(SM3_BLOCK);
    (key.length > SM3_BLOCK ? createHash("sm3").update(key).digest() : key).copy(k);
    this.inner = createHash("sm3").update(k.map((b) => b ^ 0x36));
    this.outer = createHash("sm3").update(k.map((b) => b ^ 0x5c));
  }
  mac(...parts: (Buffer | string)[]): Buffer {
    const inner = this.inner.copy();
    for (const p of parts) inner.update(p);
    return this.outer.copy().update(inner.digest()).digest();
  }
}

/** One version of a key: a 32-byte secret from which the keys of each use are derived (never used directly). */
export type KeySecret = { version: number; secret: Buffer };

type EncryptionKey = { version: number; sm4: Buffer; mac: HmacSm3 };
type IndexKey = { version: number; mac: HmacSm3 };

function derive(secret: Buffer, label: string): Buffer {
  return new HmacSm3(secret).mac(`fanpin/${label}`);
}

export type KeyringSpec = {
  encryption: { current: number; keys: KeySecret[] };
  index: { current: number; keys: KeySecret[] };
};

export class DataKeyring {
  readonly currentEncryptionVersion: number;
  readonly currentIndexVersion: number;
  private readonly encryption = new Map<number, EncryptionKey>();
  private readonly index = new Map<number, IndexKey>();

  constructor(spec: KeyringSpec) {
    for (const { version, secret } of spec.encryption.keys) {
      if (secret.length !== 32) throw new Error(`encryption key version ${version} must be 32 bytes`);
      this.encryption.set(version, { version, sm4: derive(secret, "sm4-ctr").subarray(0, 16), mac: new HmacSm3(derive(secret, "hmac-sm3")) });
    }
    for (const { version, secret } of spec.index.keys) {
      if (secret.length !== 32) throw new Error(`index key version ${version} must be 32 bytes`);
      this.index.set(version, { version, mac: new HmacSm3(derive(secret, "blind-index")) });
    }
    if (!this.encryption.has(spec.encryption.current)) throw new Error(`the current encryption key version ${spec.encryption.current} is not in the key set`);
    if (!this.index.has(spec.index.current)) throw new Error(`the current index key version ${spec.index.current} is not in the key set`);
    this.currentEncryptionVersion = spec.encryption.current;
    this.currentIndexVersion = spec.index.current;
  }

  /** Encrypts with the current key version. */
  encrypt(plain: string | Buffer): Bytes {
    const key = this.encryption.get(this.currentEncryptionVersion)!;
    const header = Buffer.from([FORMAT, key.version >> 8, key.version & 0xff]);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("sm4-ctr", key.sm4, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([header, iv, body, key.mac.mac(header, iv, body)]) as Bytes;
  }

  /** Checks the tag (constant time) before decrypting; a tampered value or one sealed with another key is refused. */
  decrypt(sealed: Uint8Array): Buffer {
    const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (blob.length < HEADER_BYTES + IV_BYTES + TAG_BYTES || blob[0] !== FORMAT) {
      throw new DataIntegrityError("encrypted value is malformed (not a sealed value of format 1)");
    }
    const version = keyVersionOf(blob);
    const key = this.encryption.get(version);
    if (!key) throw new DataIntegrityError(`encrypted value uses key version ${version}, which is not in the configured key set`);
    const end = blob.length - TAG_BYTES;
    const expected = key.mac.mac(blob.subarray(0, HEADER_BYTES), blob.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES), blob.subarray(HEADER_BYTES + IV_BYTES, end));
    if (!timingSafeEqual(expected, blob.subarray(end))) {
      throw new DataIntegrityError("encrypted value failed its integrity check (altered, or sealed with a different key)");
    }
    const decipher = createDecipheriv("sm4-ctr", key.sm4, blob.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES));
    return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES + IV_BYTES, end)), decipher.final()]);
  }

  decryptText(sealed: Uint8Array): string {
    return this.decrypt(sealed).toString("utf8");
  }

  /** The blind index of a value under the current index key (what is stored). */
  blindIndex(kind: BlindIndexKind, value: string): Bytes {
    return Buffer.from(this.index.get(this.currentIndexVersion)!.mac.mac(kind, "\0", value).subarray(0, INDEX_BYTES)) as Bytes;
  }

  /** The value's blind index under every configured index key: what a search looks for while an index-key rotation runs. */
  blindIndexCandidates(kind: BlindIndexKind, value: string): Bytes[] {
    return [...this.index.values()].map((k) => Buffer.from(k.mac.mac(kind, "\0", value).subarray(0, INDEX_BYTES)) as Bytes);
  }

  hasEncryptionVersion(version: number): boolean {
    return this.encryption.has(version);
  }
}

export function keyVersionOf(sealed: Uint8Array): number {
  return (sealed[1]! << 8) | sealed[2]!;
}

// ---------------------------------------------------------------- the process's key set

let active: DataKeyring | null = null;

/** Installs the key set the process uses (server start-up, commands, tests). */
export function useDataKeys(keyring: DataKeyring): void {
  active = keyring;
}

/** The process's key set; loaded once at start-up (see data-keys.ts). */
export function dataKeys(): DataKeyring {
  if (!active) throw new Error("Personal-data keys are not loaded (see docs/decisions/015-personal-data-encryption.md)");
  return active;
}

// ---------------------------------------------------------------- the columns of one value

/** The stored columns of a member's ID number (18 characters; the disability suffix is kept apart). */
export function idNumberColumns(idNumber: string, keys = dataKeys()) {
  return {
    idNumberEnc: keys.encrypt(idNumber),
    idNumberBidx: keys.blindIndex("id", idNumber),
    idLast4Bidx: keys.blindIndex("id-last4", idNumber.slice(-4)),
    idLast6Bidx: keys.blindIndex("id-last6", idNumber.slice(-6)),
  };
}

/** The stored columns of a household's phone number. */
export function phoneColumns(phone: string | null, keys = dataKeys()) {
  return phone === null
    ? { phoneEnc: null, phoneBidx: null }
    : { phoneEnc: keys.encrypt(phone), phoneBidx: keys.blindIndex("phone", phone) };
}

export function decryptOrNull(sealed: Uint8Array | null, keys = dataKeys()): string | null {
  return sealed === null ? null : keys.decryptText(sealed);
}

/** A bytea value as PostgreSQL's hex text input (for rows sent as JSON, see db/bulk-insert.ts). */
export function byteaHex(value: Uint8Array | null): string | null {
  return value === null ? null : `\\x${Buffer.from(value).toString("hex")}`;
}

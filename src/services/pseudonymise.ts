/**
 * Pseudonymising child identifiers. The council's CHILD id never reaches the database: on import it
 * is replaced by HMAC-SHA256(key, la_code + NUL + CHILD), the first 80 bits written as 16 base32
 * characters. The same child in the same council always gets the same pseudonym; the same CHILD id
 * in another council gets a different one. Without the key a pseudonym cannot be turned back into
 * the id, so the key is kept outside the database: FORECARE_PSEUDONYM_KEY (base64), or the key
 * file (created with mode 0600 on first use).
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { loadKey } from './keyFile.ts';

const KEY_BYTES = 32;
const PSEUDONYM_BYTES = 10; // 80 bits: 16 base32 characters; collisions negligible below 10^9 children
const BASE32_CODES = Buffer.from('abcdefghijklmnopqrstuvwxyz234567', 'latin1');

export interface PseudonymKeySource {
  /** The key itself, base64 (wins over the file). */
  readonly pseudonymKey?: string | undefined;
  /** File holding the key, base64; created when missing. */
  readonly keyFile: string;
}

/**
 * The pseudonymisation key: from the environment when given, else read from the key file, which is
 * created (32 random bytes, base64, mode 0600) when it does not exist yet.
 */
export function loadPseudonymKey(source: PseudonymKeySource): Buffer {
  return loadKey({
    value: source.pseudonymKey,
    variable: 'FORECARE_PSEUDONYM_KEY',
    keyFile: source.keyFile,
    newKeyBytes: KEY_BYTES,
    check: (key, where) => {
      if (key.length < 16)
        throw new Error(`The pseudonymisation key in ${where} is too short (need at least 16 bytes, base64).`);
    },
  });
}

/** RFC 4648 base32 (lower case, no padding). Builds the string in one go (a flat string, cheap to hash as a Map key). */
export function base32(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil((bytes.length * 8) / 5));
  let n = 0;
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out[n++] = BASE32_CODES[(value >>> (bits - 5)) & 31] as number;
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out[n++] = BASE32_CODES[(value << (5 - bits)) & 31] as number;
  return Buffer.from(out.buffer, 0, n).toString('latin1');
}

export type Pseudonymiser = (childId: string) => string;

/**
 * A function from CHILD id to pseudonym for one council, remembering ids it has seen (unless
 * `remember` is false: for a caller that asks once per child, where the memory would be wasted).
 * `known` holds pseudonyms already worked out with the same key and council (on another thread).
 */
export function pseudonymiser(
  key: Uint8Array,
  laCode: string,
  options: { readonly remember?: boolean; readonly known?: ReadonlyMap<string, string> | undefined } = {},
): Pseudonymiser {
  const keyObject = createSecretKey(key); // once: a raw key costs ~4x more per HMAC
  const hash = (childId: string): string => {
    const mac = createHmac('sha256', keyObject).update(`${laCode}\u0000${childId}`, 'utf8').digest();
    return base32(mac.subarray(0, PSEUDONYM_BYTES));
  };
  if (options.remember === false) return hash;
  const seen = new Map<string, string>();
  const remembered = (childId: string): string => {
    let p = seen.get(childId);
    if (p === undefined) {
      p = hash(childId);
      seen.set(childId, p);
    }
    return p;
  };
  const known = options.known;
  if (known === undefined) return remembered;
  // The known ones looked up where they are (copying a large council's ~100,000 cost ~0.1 s).
  return (childId) => known.get(childId) ?? remembered(childId);
}

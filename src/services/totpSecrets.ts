/**
 * Second-factor (TOTP) secrets at rest: encrypted with AES-256-GCM (node:crypto) under a key kept
 * outside the database, as the pseudonym key is: FORECARE_TOTP_KEY (base64, 32 bytes), or the key
 * file FORECARE_TOTP_KEY_FILE (default data/totp.key, created with mode 0600 on first use).
 *
 * Stored form: `enc1:` + base64(12-byte random nonce | 16-byte tag | ciphertext). The user's id is
 * the additional authenticated data, so a sealed secret copied onto another user's row does not
 * open. A copy of the database alone therefore gives no one a working second factor.
 *
 * Secrets written in plain text before this (base32, as otplib makes them) are still read
 * (`isSealed` tells them apart); the users service seals them all at server start-up and seals any
 * it still meets when it reads one (see users.ts `sealPlainTotpSecrets`).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { loadKey } from './keyFile.ts';

const PREFIX = 'enc1:';
const KEY_BYTES = 32; // AES-256
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface TotpKeySource {
  /** The key itself, base64 (wins over the file). */
  readonly totpKey?: string | undefined;
  /** File holding the key, base64; created when missing. */
  readonly totpKeyFile: string;
}

/** The key that encrypts TOTP secrets: from FORECARE_TOTP_KEY, else the key file (created when missing). */
export function loadTotpKey(source: TotpKeySource): Buffer {
  return loadKey({
    value: source.totpKey,
    variable: 'FORECARE_TOTP_KEY',
    keyFile: source.totpKeyFile,
    newKeyBytes: KEY_BYTES,
    check: (key, where) => {
      if (key.length !== KEY_BYTES)
        throw new Error(
          `The second-factor key in ${where} must be ${KEY_BYTES} bytes, base64 (it is ${key.length} bytes).`,
        );
    },
  });
}

function aad(userId: number): Buffer {
  return Buffer.from(`forecare:totp-secret:user:${userId}`, 'utf8');
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new Error(`A TOTP secret key is ${KEY_BYTES} bytes (got ${key.length})`);
}

/** True when a stored secret is encrypted (false: a plain-text secret from before encryption). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** Encrypts a user's base32 TOTP secret for the database. */
export function sealTotpSecret(key: Uint8Array, userId: number, secret: string): string {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(userId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64');
}

/**
 * The base32 secret from its stored form. A plain-text (legacy) secret is returned as it is; a
 * sealed one that does not open (another key, another user's row, altered bytes) throws.
 */
export function openTotpSecret(key: Uint8Array, userId: number, stored: string): string {
  if (!isSealed(stored)) {
    if (!/^[A-Z2-7]+=*$/.test(stored)) throw new Error(`User ${userId}'s TOTP secret is neither sealed nor base32`);
    return stored;
  }
  checkKey(key);
  const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64');
  if (bytes.length <= NONCE_BYTES + TAG_BYTES) throw new Error(`User ${userId}'s sealed TOTP secret is too short`);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(userId));
  decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      `User ${userId}'s TOTP secret does not open with this key (FORECARE_TOTP_KEY or FORECARE_TOTP_KEY_FILE changed?)`,
    );
  }
}

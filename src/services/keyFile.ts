/**
 * Keys kept outside the database: given in an environment variable (base64, for deployments with a
 * secret store), or read from a key file that is created (random bytes, base64, mode 0600) on
 * first use. The pseudonym key (pseudonymise.ts) and the key that encrypts second-factor secrets
 * (totpSecrets.ts) are both kept this way, each in its own file.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface KeySource {
  /** The key itself, base64 (wins over the file). */
  readonly value?: string | undefined;
  /** The variable `value` came from, for error messages. */
  readonly variable: string;
  /** File holding the key, base64; created when missing. */
  readonly keyFile: string;
  /** Bytes of a new key. */
  readonly newKeyBytes: number;
  /** Checks a key read from the variable or file; throws (with `where` in the message) when unusable. */
  readonly check: (key: Buffer, where: string) => void;
}

function decode(text: string, source: KeySource, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  source.check(key, where);
  return key;
}

/** The key from the variable when set, else from the key file, which is created when it does not exist. */
export function loadKey(source: KeySource): Buffer {
  if (source.value) return decode(source.value, source, source.variable);
  try {
    return decode(fs.readFileSync(source.keyFile, 'utf8'), source, source.keyFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(source.keyFile), { recursive: true, mode: 0o700 });
  const key = randomBytes(source.newKeyBytes);
  try {
    // 'wx': never overwrite a key another process wrote a moment ago.
    fs.writeFileSync(source.keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return decode(fs.readFileSync(source.keyFile, 'utf8'), source, source.keyFile);
    throw err;
  }
}

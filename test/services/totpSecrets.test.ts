/**
 * TOTP secrets at rest (issue 17): AES-256-GCM under a key kept outside the database, bound to the
 * user's id; the key comes from FORECARE_TOTP_KEY or a key file created with mode 0600.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSealed, loadTotpKey, openTotpSecret, sealTotpSecret } from '../../src/services/totpSecrets.ts';

const KEY = Buffer.alloc(32, 5);
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('TOTP secrets at rest', () => {
  it('seal and open: a fresh nonce each time, the secret not in the stored text, only this key and user open it', () => {
    const a = sealTotpSecret(KEY, 7, SECRET);
    const b = sealTotpSecret(KEY, 7, SECRET);
    assert.ok(isSealed(a) && a.startsWith('enc1:'));
    assert.notEqual(a, b, 'random nonce');
    assert.ok(!a.includes(SECRET));
    assert.equal(openTotpSecret(KEY, 7, a), SECRET);
    assert.equal(openTotpSecret(KEY, 7, b), SECRET);
    assert.throws(() => openTotpSecret(Buffer.alloc(32, 6), 7, a), /does not open/, 'another key');
    assert.throws(() => openTotpSecret(KEY, 8, a), /does not open/, "copied onto another user's row");
    const bytes = Buffer.from(a.slice('enc1:'.length), 'base64');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    assert.throws(() => openTotpSecret(KEY, 7, `enc1:${bytes.toString('base64')}`), /does not open/, 'altered');
  });

  it('reads a plain-text base32 secret from before encryption as it is; refuses anything else', () => {
    assert.equal(isSealed(SECRET), false);
    assert.equal(openTotpSecret(KEY, 7, SECRET), SECRET);
    assert.throws(() => openTotpSecret(KEY, 7, 'not a secret'), /neither sealed nor base32/);
  });

  it('the key: a file created with mode 0600 and read back; the variable wins; 32 bytes exactly', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecare-totp-key-'));
    try {
      const totpKeyFile = path.join(dir, 'sub', 'totp.key');
      const k1 = loadTotpKey({ totpKeyFile });
      assert.equal(k1.length, 32);
      assert.equal(fs.statSync(totpKeyFile).mode & 0o777, 0o600);
      assert.deepEqual(loadTotpKey({ totpKeyFile }), k1);
      assert.deepEqual(loadTotpKey({ totpKeyFile, totpKey: KEY.toString('base64') }), KEY);
      assert.throws(
        () => loadTotpKey({ totpKeyFile, totpKey: Buffer.alloc(16).toString('base64') }),
        /must be 32 bytes/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

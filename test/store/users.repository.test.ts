/**
 * The users repository's second-factor statements, on SQLite and PostgreSQL: a time step is
 * claimed only when later than the last one (one statement, so racing sign-ins cannot both win),
 * and plain-text secrets are listed and replaced only if unchanged meanwhile.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  claimTotpStep,
  findUserById,
  insertUser,
  listPlainTotpSecrets,
  replaceTotpSecret,
  updateTotp,
} from '../../src/store/users.repository.ts';
import { testDialects } from '../support/databases.ts';

for (const dialect of await testDialects()) {
  describe(`users repository, second factor (${dialect.name})`, { skip: dialect.skip }, () => {
    test('claimTotpStep accepts a step once and never an earlier one; racing claims of one step: one wins', async () => {
      const t = await dialect.open();
      try {
        const id = await insertUser(t.db, { email: 'a@a.test', passwordHash: 'x', createdAt: '2026-12-07T00:00:00Z' });
        assert.equal((await findUserById(t.db, id))?.totpLastStep, null);
        assert.equal(await claimTotpStep(t.db, id, 59_000_000), true);
        assert.equal(await claimTotpStep(t.db, id, 59_000_000), false, 'the same step again');
        assert.equal(await claimTotpStep(t.db, id, 58_999_999), false, 'an earlier step');
        assert.equal(await claimTotpStep(t.db, id, 59_000_001), true, 'the next step');
        const race = await Promise.all([1, 2, 3, 4].map(() => claimTotpStep(t.db, id, 59_000_002)));
        assert.equal(race.filter(Boolean).length, 1, 'one of four racing claims wins');
        assert.equal((await findUserById(t.db, id))?.totpLastStep, 59_000_002);
      } finally {
        await t.close();
      }
    });

    test('plain-text secrets are listed; a replacement applies only to the value it was read from', async () => {
      const t = await dialect.open();
      try {
        const ids = [];
        for (const email of ['p@a.test', 's@a.test', 'n@a.test'])
          ids.push(await insertUser(t.db, { email, passwordHash: 'x', createdAt: '2026-12-07T00:00:00Z' }));
        const [plain, sealed] = ids as [number, number, number];
        await updateTotp(t.db, plain, 'JBSWY3DPEHPK3PXP', true);
        await updateTotp(t.db, sealed, 'enc1:AAAA', true);
        assert.deepEqual(await listPlainTotpSecrets(t.db), [{ id: plain, totpSecret: 'JBSWY3DPEHPK3PXP' }]);
        assert.equal(await replaceTotpSecret(t.db, plain, 'SOMETHINGELSE', 'enc1:BBBB'), false, 'changed meanwhile');
        assert.equal(await replaceTotpSecret(t.db, plain, 'JBSWY3DPEHPK3PXP', 'enc1:BBBB'), true);
        assert.deepEqual(await listPlainTotpSecrets(t.db), []);
        assert.equal((await findUserById(t.db, plain))?.totpSecret, 'enc1:BBBB');
      } finally {
        await t.close();
      }
    });
  });
}

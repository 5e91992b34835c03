/** Council logos and names in the store, on every dialect: bytes round-trip exactly, per council. */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { deleteLogo, findLogo, findLogoInfo, upsertLogo } from '../../src/store/branding.repository.ts';
import { ensureCouncil, findCouncil, renameCouncil } from '../../src/store/councils.repository.ts';
import { solidPng } from '../support/images.ts';

for (const dialect of await testDialects()) {
  describe(`branding repository (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
    });
    afterEach(() => t.close());

    it('stores, replaces and deletes a council logo; another council is untouched', async () => {
      const first = solidPng(20, 20, [255, 0, 0]);
      const second = solidPng(30, 20, [0, 0, 255]);
      const base = { contentType: 'image/png', updatedAt: '2026-12-07T05:00:00.000Z', updatedBy: 'a@a.test' };
      await upsertLogo(t.db, 'A', { ...base, image: first, sha256: 'aa', width: 20, height: 20 });
      await upsertLogo(t.db, 'B', { ...base, image: first, sha256: 'bb', width: 20, height: 20 });
      await upsertLogo(t.db, 'A', { ...base, image: second, sha256: 'cc', width: 30, height: 20 });
      const a = await findLogo(t.db, 'A');
      assert.deepEqual(a?.image, second);
      assert.equal(a?.sha256, 'cc');
      assert.deepEqual(await findLogoInfo(t.db, 'A'), { ...base, sha256: 'cc', width: 30, height: 20 });
      assert.equal(await deleteLogo(t.db, 'A'), true);
      assert.equal(await deleteLogo(t.db, 'A'), false);
      assert.equal(await findLogo(t.db, 'A'), undefined);
      assert.deepEqual((await findLogo(t.db, 'B'))?.image, first);
    });

    it('renames a council', async () => {
      await ensureCouncil(t.db, 'A', 'Old name');
      await renameCouncil(t.db, 'A', 'New name');
      assert.deepEqual(await findCouncil(t.db, 'A'), { laCode: 'A', name: 'New name' });
    });
  });
}

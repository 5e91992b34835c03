/**
 * The demo council's CIN census: valid by every CIN rule, the same for the same seed, leaves the
 * 903 returns as they were, and is consistent with them (most children who start a period of care
 * came through a CIN episode first, most of those with a child protection plan).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simulateCouncil } from '../../src/domain/demo/simulateCouncil.ts';
import { demoCinCensus } from '../../src/domain/demo/cin.ts';
import { writeCinTables } from '../../src/io/writeCin.ts';
import { loadCin } from '../../src/io/loadCin.ts';

const hash = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');

test('the demo CIN census: valid, seeded, consistent with the 903, the 903 untouched', async () => {
  const council = simulateCouncil({ seed: 11, years: 3, endYear: 2025, size: 'small' });
  const before = hash(council.returns);
  const cin = demoCinCensus(council.returns, { seed: 11 });
  assert.equal(hash(council.returns), before, 'the 903 returns are only read');
  assert.equal(hash(demoCinCensus(council.returns, { seed: 11 })), hash(cin), 'same seed, same census');
  assert.notEqual(hash(demoCinCensus(council.returns, { seed: 12 })), hash(cin));
  assert.deepEqual(
    cin.map((y) => y.collectionYear),
    [2023, 2024, 2025],
  );

  const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-demo-cin-'));
  try {
    await writeCinTables(dir, cin);
    const loaded = await loadCin([dir]);
    assert.deepEqual(loaded.issues, [], 'every CIN rule holds');

    // Children starting a period of care in the returned years (UASC aside): what came before.
    const uasc = new Set(council.returns.flatMap((r) => r.uasc.map((u) => u.CHILD)));
    const iso = (uk: string) => `${uk.slice(6, 10)}-${uk.slice(3, 5)}-${uk.slice(0, 2)}`;
    const entries = new Map<string, string>();
    for (const r of council.returns)
      for (const e of r.episodes)
        if (e.RNE === 'S' && iso(e.DECOM) >= '2022-04-01' && !uasc.has(e.CHILD)) entries.set(e.CHILD, iso(e.DECOM));
    const before = (
      list: readonly { childId: string; referralDate?: string; start?: string }[],
      child: string,
      day: string,
    ) => list.some((x) => x.childId === child && (x.start ?? x.referralDate!) <= day);
    let cinFirst = 0;
    let planFirst = 0;
    for (const [child, start] of entries) {
      if (before(loaded.merged.episodes, child, start)) cinFirst += 1;
      if (before(loaded.merged.protectionPlans, child, start)) planFirst += 1;
    }
    assert.ok(entries.size > 50, `enough entries to judge (${entries.size})`);
    // Drawn as 65% plan, 20% CIN without a plan, 15% neither (a few are dropped when the referral would fall before birth).
    assert.ok(cinFirst / entries.size > 0.7, `most came through CIN first (${cinFirst} of ${entries.size})`);
    assert.ok(planFirst / entries.size > 0.5, `most of them with a plan (${planFirst} of ${entries.size})`);
    // Referrals far outnumber entries into care (about 21 to 1 as drawn).
    const referrals = loaded.merged.episodes.filter((e) => e.referralDate >= '2022-04-01').length;
    assert.ok(referrals > 15 * entries.size && referrals < 30 * entries.size, `${referrals} referrals`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

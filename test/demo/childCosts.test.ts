/**
 * The synthetic council's child-level costs (src/domain/demo/childCosts.ts): the spot-purchased
 * placements of the last two returns, priced around typical weekly prices, a placement keeping its
 * price across legal-status-only episodes, and a file the child-cost import reads without errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHILD_COST_COLUMNS, demoChildCosts } from '../../src/domain/demo/childCosts.ts';
import { simulateCouncil } from '../../src/domain/demo/simulateCouncil.ts';
import { placementCategory } from '../../src/domain/placementCategories.ts';
import { readChildCostFile } from '../../src/io/childCosts.ts';
import { writeCsv } from '../../src/io/write903.ts';

const council = simulateCouncil({ seed: 11, years: 4, endYear: 2026, size: 'small' });
const rows = demoChildCosts(council.returns, { seed: 11 });
const episodes = new Map<string, (typeof council.returns)[number]['episodes'][number]>(
  council.returns.flatMap((r) => r.episodes.map((e) => [`${e.CHILD}|${e.DECOM}`, e] as const)),
);

test('demo child costs: only placements bought one by one, from the last two returns, deterministic', () => {
  assert.ok(rows.length > 20, `${rows.length} rows`);
  assert.deepEqual(demoChildCosts(council.returns, { seed: 11 }), rows);
  const lastTwo = new Set(
    council.returns
      .filter((r) => r.collectionYear >= 2025)
      .flatMap((r) => r.episodes.map((e) => `${e.CHILD}|${e.DECOM}`)),
  );
  for (const r of rows) {
    const key = `${r.CHILD}|${r.START}`;
    assert.ok(lastTwo.has(key), `${key} is an episode of the last two returns`);
    const e = episodes.get(key);
    const category = placementCategory(e?.PLACE ?? '', e?.PLACE_PROVIDER === '' ? null : (e?.PLACE_PROVIDER ?? null));
    assert.ok(['external_residential', 'ifa_fostering', 'secure'].includes(category), `${key}: ${category}`);
    const weekly = Number(r.WEEKLY_COST);
    assert.ok(Number.isInteger(weekly) && weekly > 300 && weekly < 30_000, `${key}: £${weekly}`);
  }
  const residential = rows.filter((r) => {
    const e = episodes.get(`${r.CHILD}|${r.START}`);
    return (
      e !== undefined &&
      placementCategory(e.PLACE, e.PLACE_PROVIDER === '' ? null : e.PLACE_PROVIDER) === 'external_residential'
    );
  });
  const median = residential.map((r) => Number(r.WEEKLY_COST)).sort((a, b) => a - b)[
    Math.floor(residential.length / 2)
  ] as number;
  assert.ok(median > 4_500 && median < 7_500, `median external residential £${median} a week`);
});

test('demo child costs: an episode that only changes legal status keeps its placement price', () => {
  let checked = 0;
  for (const r of rows) {
    if (r.END === '') continue;
    const next = episodes.get(`${r.CHILD}|${r.END}`);
    const self = episodes.get(`${r.CHILD}|${r.START}`);
    if (
      !next ||
      !self ||
      next.PLACE !== self.PLACE ||
      next.PLACE_PROVIDER !== self.PLACE_PROVIDER ||
      next.URN !== self.URN
    )
      continue;
    const nextCost = rows.find((x) => x.CHILD === r.CHILD && x.START === r.END);
    if (!nextCost) continue;
    assert.equal(nextCost.WEEKLY_COST, r.WEEKLY_COST, `${r.CHILD} from ${r.START} to ${r.END}`);
    checked++;
  }
  assert.ok(checked > 0, 'the sample has at least one placement spanning two episodes');
});

test('demo child costs: the written file is read by the child-cost import without a problem', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-demo-costs-'));
  try {
    const file = path.join(dir, 'costs.csv');
    await writeCsv(file, CHILD_COST_COLUMNS, rows);
    const read = await readChildCostFile(file, 'costs.csv');
    assert.deepEqual(read.problems, []);
    assert.equal(read.rows.length, rows.length);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

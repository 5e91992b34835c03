import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline, emptyProjection, type Projection } from '../../src/domain/engine/projection.ts';
import { EXIT_ROUTES } from '../../src/domain/exitRoutes.ts';
import { PLACEMENT_CATEGORIES, type PlacementCategory } from '../../src/domain/placementCategories.ts';
import { RateBook } from '../../src/domain/finance/unitCosts.ts';
import { compareScenario } from '../../src/domain/scenarios/compare.ts';
import { actualSpend } from '../../src/domain/finance/actuals.ts';
import { basis, child, episode, price } from '../finance/builders.ts';

const RUNS = 3;
// Start on the last day of February 2026: month 0 is March 2026 (2025/26), month 1 April 2026 (2026/27).
const TIMELINE = buildTimeline('2026-02-28', 2);

function projection(
  fill: (run: number, month: number, set: (c: PlacementCategory, days: number) => void) => void,
  entries: (run: number, month: number) => number,
): Projection {
  const p = emptyProjection('simulated', RUNS, TIMELINE, PLACEMENT_CATEGORIES, ['all'], EXIT_ROUTES);
  const nC = PLACEMENT_CATEGORIES.length;
  for (let r = 0; r < RUNS; r++) {
    for (let m = 0; m < 2; m++) {
      fill(r, m, (c, days) => {
        p.childDaysByCategory[(r * 2 + m) * nC + PLACEMENT_CATEGORIES.indexOf(c)] = days;
      });
      p.entriesByAgeBand[r * 2 + m] = entries(r, m);
    }
  }
  return p;
}

const DAYS = [31, 30];
// Baseline: 2 + r children in external residential all the time in run r; 3 entries in April.
const BASELINE = projection(
  (r, m, set) => set('external_residential', DAYS[m]! * (2 + r)),
  (_r, m) => (m === 1 ? 3 : 0),
);
// Scenario: in April one of them is in in-house fostering instead; 1 entry in April.
const SCENARIO = projection(
  (r, m, set) => {
    set('external_residential', DAYS[m]! * (m === 1 ? 1 + r : 2 + r));
    if (m === 1) set('inhouse_fostering', 30);
  },
  (_r, m) => (m === 1 ? 1 : 0),
);
// External residential £3,500/wk = 50,000p a day; in-house fostering £700/wk = 10,000p a day; no inflation.
const BOOK = new RateBook(
  basis([price('external_residential', 350000, 2025), price('inhouse_fostering', 70000, 2025)]),
);
const ZERO = { mean: 0, p2_5: 0, p10: 0, p50: 0, p90: 0, p97_5: 0 };
const all = (v: number) => ({ mean: v, p2_5: v, p10: v, p50: v, p90: v, p97_5: v });

test('a scenario that changes nothing saves exactly zero in every percentile', () => {
  const years = compareScenario(BASELINE, BASELINE, BOOK, { costAdjustments: [] });
  assert.deepEqual(
    years.map((y) => y.year),
    ['2025/26', '2026/27'],
  );
  for (const y of years) {
    assert.deepEqual(y.saving, ZERO);
    assert.deepEqual(y.childrenDiverted, ZERO);
    assert.deepEqual(y.baselineSpend, y.scenarioSpend);
  }
  // A unit cost change of 0% is a no-op too.
  const noChange = compareScenario(BASELINE, BASELINE, BOOK, {
    costAdjustments: [
      { kind: 'unitCostChange', category: 'external_residential', percent: 0, start: '2026-03-01', rampMonths: 0 },
    ],
  });
  for (const y of noChange) assert.deepEqual(y.saving, ZERO);
});

test('saving is computed run by run, so a certain effect has no spread', () => {
  const [march, april] = compareScenario(BASELINE, SCENARIO, BOOK, { costAdjustments: [] });
  // Worked by hand. March (2025/26): identical, saving 0.
  assert.deepEqual(march!.saving, ZERO);
  // Baseline March in run r: 31 x (2 + r) x 50,000p = 3.1m, 4.65m, 6.2m pence; mean 4.65m.
  assert.equal(march!.baselineSpend.mean, 4_650_000);
  assert.equal(march!.basis, 'forecast');
  // April (2026/27): one child-month moves from £3,500 to £700 a week in every run:
  //   30 x 50,000 - 30 x 10,000 = 1,200,000p (£12,000), the same in each run, so every percentile is it,
  //   although baseline spend itself ranges 3.0m-6.0m pence across runs.
  assert.deepEqual(april!.saving, all(1_200_000));
  assert.equal(april!.baselineSpend.p2_5 < april!.baselineSpend.p97_5, true);
  // Children: the same number looked after (2 + r on average), two fewer entries.
  assert.deepEqual(april!.baselineChildren, april!.scenarioChildren);
  assert.equal(april!.baselineChildren.p50, 3);
  assert.deepEqual(april!.childrenDiverted, all(2));
});

test('actuals to date are added to both sides: outturn years, saving unchanged', () => {
  // One child in in-house fostering from 1 February 2026; actuals run up to and including the start (28 Feb).
  const data = { children: [child('A')], episodes: [episode('A', '2026-02-01', null)] };
  const actuals = actualSpend(data, BOOK, { from: '2025-04-01', until: '2026-03-01' });
  const [year1] = compareScenario(BASELINE, SCENARIO, BOOK, { costAdjustments: [], actuals });
  assert.equal(year1!.basis, 'outturn');
  // 28 days x 10,000p = 280,000p of actuals on top of the March forecast (mean 4,650,000p).
  assert.equal(year1!.baselineSpend.mean, 4_930_000);
  assert.deepEqual(year1!.saving, ZERO);
  // Days covered: 1 April 2025 - 31 March 2026 = 365.
  assert.equal(year1!.days, 365);
});

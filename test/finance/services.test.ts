import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { writeLoadResult } from '../../src/services/import.ts';
import { pseudonymiser } from '../../src/services/pseudonymise.ts';
import {
  ChildCostImportRefused,
  getChildCosts,
  getUnitCostTable,
  importChildCosts,
  setInflationRate,
  setUnitCost,
  UnitCostInputError,
} from '../../src/services/unitCosts.ts';
import { getActualSpend } from '../../src/services/spend.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aChild, anEpisode, aLoadResult } from '../store/caseBuilders.ts';
import { processFolder } from '../support/processFolder.ts';

const KEY = new Uint8Array(32).fill(7);
const LA = '999';
const dir = processFolder('forecare-costs-');

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

// Two children in in-house fostering (U4/PR1): A all of April 2025, B from 16 April 2025.
async function seed(db: TestDatabase['db']): Promise<void> {
  await writeLoadResult(
    db,
    aLoadResult({
      year: 2025,
      children: [aChild({ childId: 'A' }), aChild({ childId: 'B' })],
      episodes: [anEpisode({ childId: 'A', start: '2025-01-01' }), anEpisode({ childId: 'B', start: '2025-04-16' })],
    }),
    { laCode: LA, importedBy: 'test', now: new Date('2025-06-01T00:00:00Z'), pseudonymKey: KEY },
  );
}

for (const dialect of await testDialects()) {
  describe(`finance services (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
      await seed(t.db);
    });
    afterEach(() => t.close());

    it('unit costs: defaults until the council sets its own, uplifted by its inflation', async () => {
      const before = await getUnitCostTable(t.db, LA, '2025-04-01');
      const fostering = before.lines.find((l) => l.category === 'inhouse_fostering');
      assert.equal(fostering?.isDefault, true);
      assert.match(fostering?.source ?? '', /PSSRU/);
      await setUnitCost(t.db, LA, {
        category: 'inhouse_fostering',
        weeklyPounds: 700,
        priceYear: 2024,
        source: 'Budget book 2024/25',
      });
      await setInflationRate(t.db, LA, 2025, 5);
      const after = await getUnitCostTable(t.db, LA, '2025-04-01');
      const own = after.lines.find((l) => l.category === 'inhouse_fostering');
      // £700 in 2024/25 prices x 1.05 = £735 in 2025/26.
      assert.deepEqual(
        [own?.isDefault, own?.weeklyPence, own?.weeklyPenceOnDate, own?.source],
        [false, 70000, 73500, 'Budget book 2024/25'],
      );
      assert.equal(after.inflation.rates[2025], 0.05);
      // Setting the same key again replaces it.
      await setUnitCost(t.db, LA, { category: 'inhouse_fostering', weeklyPounds: 800, priceYear: 2025, source: 'x' });
      assert.equal((await getUnitCostTable(t.db, LA, '2025-04-01')).councilRows.length, 1);
      // Another council sees only the defaults.
      assert.ok((await getUnitCostTable(t.db, 'OTHER', '2025-04-01')).lines.every((l) => l.isDefault));
    });

    it('unit costs: bad input is refused with a readable reason naming its field', async () => {
      const refused = (field: string, message: RegExp) => (err: unknown) =>
        err instanceof UnitCostInputError && err.field === field && message.test(err.message);
      await assert.rejects(
        setUnitCost(t.db, LA, { category: 'foster', weeklyPounds: 1, priceYear: 2024, source: '' }),
        refused('category', /category "foster"/),
      );
      await assert.rejects(
        setUnitCost(t.db, LA, { category: 'secure', weeklyPounds: -1, priceYear: 2024, source: '' }),
        refused('weeklyPounds', /between £0 and £100,000/),
      );
      await assert.rejects(
        setUnitCost(t.db, LA, { category: 'secure', weeklyPounds: 100_000.01, priceYear: 2024, source: '' }),
        refused('weeklyPounds', /between £0 and £100,000/),
      );
      await assert.rejects(
        setUnitCost(t.db, LA, { category: 'secure', weeklyPounds: 1, priceYear: 1989, source: '' }),
        refused('priceYear', /price year/),
      );
      await assert.rejects(
        setUnitCost(t.db, LA, { category: 'secure', weeklyPounds: 1, priceYear: 2024, placeCode: 'K2!', source: '' }),
        refused('placeCode', /PLACE code/),
      );
      await assert.rejects(
        setUnitCost(t.db, LA, { category: 'secure', weeklyPounds: 1, priceYear: 2024, effectiveFrom: 'x', source: '' }),
        refused('effectiveFrom', /not a date/),
      );
      await assert.rejects(setInflationRate(t.db, LA, 2025, Number.NaN), refused('percent', /percentage/));
      await assert.rejects(setInflationRate(t.db, LA, 1800, 3), refused('year', /financial year/));
    });

    it('actual spend, then child-level costs override the average for the days they cover only', async () => {
      await setUnitCost(t.db, LA, {
        category: 'inhouse_fostering',
        weeklyPounds: 700,
        priceYear: 2025,
        source: 'test',
      });
      // Worked by hand, April 2025 at £700/wk = 10,000p a day: A 30 days + B 15 days (16th-30th) = 45
      // child-days = 450,000p (£4,500.00).
      const [april] = await getActualSpend(t.db, LA, { from: '2025-04-01', until: '2025-05-01', grouping: 'month' });
      assert.equal(april?.spend, 450_000);
      const csv = file(
        'costs.csv',
        'CHILD,PROVIDER,START,END,WEEKLY_COST\n' +
          // A at £1,400/wk (20,000p a day) from 1 April up to 11 April: 10 days.
          'A,Acme Fostering,01/04/2025,11/04/2025,"£1,400.00"\n' +
          // Z is not one of the council's children: a warning, stored, covers nothing.
          'Z,Acme Fostering,2025-04-01,,900\n',
      );
      const result = await importChildCosts(t.db, LA, csv, { pseudonymKey: KEY });
      assert.equal(result.imported, 2);
      assert.deepEqual(
        result.warnings.map((w) => [w.rule, w.row]),
        [['COST-CHILD-UNKNOWN', 3]],
      );
      // Stored under the same pseudonym as the 903 import, never the raw id.
      const stored = await getChildCosts(t.db, LA);
      assert.ok(stored.some((c) => c.childId === pseudonymiser(KEY, LA)('A')));
      assert.ok(stored.every((c) => c.childId !== 'A'));
      // A: 10 days at 20,000p + 20 days at 10,000p = 400,000p; B 15 days at 10,000p = 150,000p. Total 550,000p.
      const [withCosts] = await getActualSpend(t.db, LA, {
        from: '2025-04-01',
        until: '2025-05-01',
        grouping: 'month',
      });
      assert.equal(withCosts?.spend, 550_000);
    });

    it('a child cost file with errors imports nothing and names file, row, column and rule', async () => {
      await importChildCosts(t.db, LA, file('good.csv', 'CHILD,START,END,WEEKLY_COST\nA,2025-04-01,,1000\n'), {
        pseudonymKey: KEY,
      });
      const bad = file(
        'bad.csv',
        'child,provider,start,end,weekly cost\n' +
          'A,P,2025-04-01,2025-03-01,500\n' + // END before START
          ',P,2025-04-01,,500\n' + // no CHILD
          'B,P,31/02/2025,,500\n' + // impossible date
          'B,P,2025-05-01,,lots\n' + // not an amount
          'A,P,2025-06-01,,500\n' + // overlaps row 7
          'A,P,2025-06-15,,600\n',
      );
      const err = await importChildCosts(t.db, LA, bad, { pseudonymKey: KEY }).catch((e: unknown) => e);
      assert.ok(err instanceof ChildCostImportRefused);
      assert.deepEqual(
        err.problems.map((p) => [p.file, p.row, p.column, p.rule]),
        [
          ['bad.csv', 2, 'END', 'COST-DATE-ORDER'],
          ['bad.csv', 3, 'CHILD', 'COST-CHILD-BLANK'],
          ['bad.csv', 4, 'START', 'COST-DATE'],
          ['bad.csv', 5, 'WEEKLY_COST', 'COST-AMOUNT'],
          ['bad.csv', 7, 'START', 'COST-OVERLAP'],
        ],
      );
      // All-or-nothing: the earlier import is untouched.
      assert.equal((await getChildCosts(t.db, LA)).length, 1);
      const missing = await importChildCosts(t.db, LA, file('cols.csv', 'CHILD,START\nA,2025-04-01\n'), {
        pseudonymKey: KEY,
      }).catch((e: unknown) => e);
      assert.ok(missing instanceof ChildCostImportRefused);
      assert.deepEqual(
        missing.problems.map((p) => [p.column, p.rule]),
        [
          ['END', 'COST-COLUMN-MISSING'],
          ['WEEKLY_COST', 'COST-COLUMN-MISSING'],
        ],
      );
    });
  });
}

/** Costs page: which children the spend forecast costs at their own placement cost. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../../../../src/web/paths.ts';
import { importChildCosts } from '../../../../src/services/unitCosts.ts';
import { childCostsSentence } from '../../../../src/web/features/costs/presenter.ts';
import { TEST_KEY, webTestbed, type Testbed } from '../../support.ts';
import { actorFor, planningCouncils } from '../forecast/planningCase.ts';

const LA = '301';

describe('child-level costs sentence', () => {
  test('says how many children are costed at their own price, and that everyone else is at the unit cost', () => {
    assert.equal(childCostsSentence({ hasData: false, start: null, childLevelCostsUsed: 0 }), '');
    assert.match(
      childCostsSentence({ hasData: true, start: '2025-03-31', childLevelCostsUsed: 0 }),
      /^Every child is costed at the unit cost .* on 31 March 2025\.$/,
    );
    assert.match(
      childCostsSentence({ hasData: true, start: '2025-03-31', childLevelCostsUsed: 12 }),
      /^12 children looked after on 31 March 2025 are costed at their own placement cost until they leave its placement category; everyone else at the unit cost\. .*expected amount/,
    );
    assert.match(
      childCostsSentence({ hasData: true, start: '2025-03-31', childLevelCostsUsed: 1 }),
      /^1 child looked after on 31 March 2025 is costed/,
    );
  });
});

describe('costs page with child-level costs', () => {
  let bed: Testbed;
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2023-06-15T09:00:00Z') });
    await planningCouncils(bed);
  });
  after(() => bed.close());

  test('a child cost file imported from the command line is used at once (not a cached spend)', async () => {
    const client = await bed.signedIn('viewer@a.test');
    const before = await client.get(paths.costs.index.build({ la: LA }));
    assert.match(before.text, /Every child is costed at the unit cost of their placement category/);
    const baseline = await bed.services.costs.spend(actorFor(LA, 'viewer'), LA);
    assert.equal(baseline.childLevelCostsUsed, 0);
    // C3, in external residential since 1 September 2022, costs £9,000 a week. (The spend forecast
    // starts on the last date in the data, C2's adoption on 1 February 2023.)
    const file = path.join(bed.uploadDir, 'child-costs.csv');
    fs.writeFileSync(file, 'CHILD,PROVIDER,START,END,WEEKLY_COST\nC3,Acme Homes,2022-09-01,,9000\n');
    await importChildCosts(bed.data.db, LA, file, { pseudonymKey: TEST_KEY });
    const after = await client.get(paths.costs.index.build({ la: LA }));
    assert.match(
      after.text,
      /1 child looked after on 1 February 2023 is costed at their own placement cost until they leave its placement category; everyone else at the unit cost\./,
    );
    const spend = await bed.services.costs.spend(actorFor(LA, 'viewer'), LA);
    assert.equal(spend.childLevelCostsUsed, 1);
    // £9,000 a week is dearer than the default external residential unit cost: the forecast years cost more.
    const forecastYear = (s: typeof spend) => s.years.find((y) => y.basis === 'forecast')!;
    assert.ok(forecastYear(spend).spend.mean > forecastYear(baseline).spend.mean);
  });
});

/**
 * Golden output: the example programme's `plan evaluate --json` figures, frozen. A change here means
 * a council's reported figures change: check the new numbers by hand before regenerating with
 * UPDATE_GOLDEN=1 node --test test/programme/golden.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { evaluateProgramme, evaluationJson, loadProgramme } from '../../src/services/programmes.ts';

const EXAMPLE = path.join(import.meta.dirname, '../../examples/programme/example.yaml');
const GOLDEN = path.join(import.meta.dirname, 'golden/example-evaluation.json');

// Spot-checked by hand, plan totals (pounds): investment 450k + 200k + 60k = 710k; ongoing cost
// 1,575k + 600k + 315k + 0 = 2,490k (step-down's 90k carries on into 2028/29 at run rate); gross
// against the baseline 5,550k + 949.4k + 3,432k + 760.4k = 10,691.8k, of which cost avoidance
// (faster adoption) 760.4k; new savings add up to the final year's run rate, 1,800k + 376k + 1,092k +
// 240.4k = 3,508.4k.
test('the example programme evaluates to the golden figures', async () => {
  const actual = `${JSON.stringify(evaluationJson(await evaluateProgramme(await loadProgramme(EXAMPLE))), null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') await fs.writeFile(GOLDEN, actual);
  assert.equal(actual, await fs.readFile(GOLDEN, 'utf8'));
});

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
// Paybacks (issue 16: both repay every net cost before payback; investment at the start of its year):
// foster-recruitment nets 47k - 150k = -103k in 2025/26 after investing 200k: -303k, then 56.8k,
// 169.6k, 226k a year: cash flow 3 + 76.6/226 = 3.3389 years; savings start in 2026/27, so simple
// 2.3389 (it was 1.8443, as if 2025/26's net cost were free). faster-adoption invests 60k and saves
// 120k in 2025/26: repaid half way through it, 0.5 years both ways (cash flow said 0).
test('the example programme evaluates to the golden figures', async () => {
  const actual = `${JSON.stringify(evaluationJson(await evaluateProgramme(await loadProgramme(EXAMPLE))), null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') await fs.writeFile(GOLDEN, actual);
  assert.equal(actual, await fs.readFile(GOLDEN, 'utf8'));
});

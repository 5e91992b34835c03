/**
 * The planning pages in a real browser (Debian's Chromium): an analyst runs a forecast, edits a
 * unit cost, creates a scenario with an adjustment and compares it with the baseline, uploads a
 * savings programme and reads its dashboard, checks and an initiative; Excel downloads along the
 * way. Every page visited gets an axe check (no serious or critical violations) and a screenshot
 * in test-artifacts/screenshots/. No console errors or CSP violations allowed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { paths } from '../../src/web/paths.ts';
import { load903 } from '../../src/io/load903.ts';
import { TEST_PASSWORD, webTestbed, type Testbed } from '../web/support.ts';
import { projectSample } from '../support/projectSample.ts';
import { browserUnavailable, checkA11y, launchBrowser, screenshot, watchConsole } from '../support/browser.ts';

// The project's own sample (synthetic returns with the kinds of problem councils' files have),
// so the journey runs on a clone with nothing beside it.
const sample = await projectSample();
after(() => sample.remove());
const FIXTURE = sample.dir;
const EXAMPLE_PROGRAMME = path.resolve(import.meta.dirname, '../../examples/programme/example.yaml');
const skip = browserUnavailable();
if (skip) process.stderr.write(`\n*** ${skip} ***\n\n`);

describe('browser: forecast, costs, scenarios and programmes', { skip }, () => {
  let bed: Testbed;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  async function look(name: string): Promise<void> {
    await checkA11y(page, name);
    await screenshot(page, name, { wholePage: false });
  }

  async function isXlsx(download: Download): Promise<void> {
    const bytes = fs.readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a real .xlsx (zip) file');
    assert.match(download.suggestedFilename(), /\.xlsx$/);
  }

  before(async () => {
    bed = await webTestbed();
    await bed.addUser('301', 'analyst@a.test', 'analyst', 'Council A');
    const files = fs
      .readdirSync(FIXTURE)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => path.join(FIXTURE, f));
    await bed.importCase('301', await load903(files));
    browser = await launchBrowser();
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    problems = watchConsole(page);
    await page.goto(bed.url + paths.signIn.build());
    await page.getByLabel('Email address').fill('analyst@a.test');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await bed?.close();
  });

  test('runs a forecast with a shorter horizon, by category, and downloads it as Excel', async () => {
    await page.getByRole('link', { name: 'Forecast', exact: true }).click();
    await page.locator('#chart-forecast .app-chart__svg > svg[role="img"]').waitFor({ timeout: 60_000 });
    await look('20-forecast');
    await page.getByRole('link', { name: /All the fitted rates/ }).click();
    await page.getByRole('heading', { name: 'Fitted rates' }).waitFor();
    await look('20-forecast-rates');
    await page.getByRole('link', { name: 'Back to the forecast' }).click();
    await page.getByRole('link', { name: /See the backtest/ }).click();
    await page.getByRole('heading', { name: 'Backtest' }).waitFor({ timeout: 60_000 });
    await look('20-forecast-backtest');
    await page.getByRole('link', { name: 'Back to the forecast' }).click();
    await page.locator('#chart-forecast .app-chart__svg > svg[role="img"]').waitFor();
    await page.getByLabel('Months to forecast').fill('12');
    await page.getByText('Advanced options').click();
    await page.getByLabel('Simulation runs').fill('200');
    await page.getByLabel('Show').selectOption('category:inhouse_fostering');
    await page.getByRole('button', { name: 'Run forecast' }).click();
    await page.waitForURL(/months=12/);
    await page.getByText('for 12 months from').waitFor();
    await page
      .getByRole('heading', { name: 'Children looked after, actual and forecast: In-house fostering' })
      .or(page.getByText('Children looked after, actual and forecast: In-house fostering').first())
      .first()
      .waitFor();
    await look('21-forecast-run');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('form.app-filters').isVisible(), false, 'the form is not printed');
    assert.ok(await page.locator('#chart-forecast .app-chart__svg > svg').isVisible(), 'the chart is printed');
    await screenshot(page, '21-forecast-print');
    await page.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download the forecast and the rates as Excel/ }).click(),
    ]);
    await isXlsx(download);
    // A bad horizon: the error summary names the field.
    await page.getByLabel('Months to forecast').fill('500');
    await page.getByRole('button', { name: 'Run forecast' }).click();
    await page.getByText('There is a problem').waitFor();
    await look('22-forecast-error');
  });

  test('spend by year and the unit costs editor, with an error summary', async () => {
    await page.getByRole('link', { name: 'Costs', exact: true }).click();
    await page.locator('#chart-spend .app-chart__svg > svg[role="img"]').waitFor({ timeout: 60_000 });
    await look('23-costs');
    await page
      .getByRole('button', { name: 'Add a unit cost' })
      .or(page.getByRole('link', { name: 'Add a unit cost' }))
      .first()
      .click();
    await page.getByRole('heading', { name: 'Add a unit cost' }).waitFor();
    await look('24-unit-cost-form');
    await page.getByRole('button', { name: 'Save unit cost' }).click();
    await page.getByText('There is a problem').waitFor();
    await look('25-unit-cost-error');
    await page.getByLabel('Placement category').selectOption('ifa_fostering');
    await page.getByLabel('Weekly cost').fill('950');
    await page.locator('#effectiveFrom-day').fill('1');
    await page.locator('#effectiveFrom-month').fill('4');
    await page.locator('#effectiveFrom-year').fill('2015');
    await page.getByLabel('Source').fill('IFA framework average, 2015/16');
    await page.getByRole('button', { name: 'Save unit cost' }).click();
    await page.getByText('Unit cost for Independent fostering agency saved').waitFor({ timeout: 60_000 });
    await page.getByText('IFA framework average, 2015/16').first().waitFor();
    await look('26-costs-saved');
  });

  test('sets a budget, opens Monitoring, saves a period and downloads it as Excel', async () => {
    await page.getByRole('link', { name: 'Monitoring', exact: true }).click();
    await page.getByRole('heading', { name: 'Monitoring', level: 1 }).waitFor();
    await page.locator('#save-period').waitFor({ timeout: 120_000 });
    await look('26-monitoring');
    await page.locator('#set-budget').click();
    await page.getByRole('heading', { name: /^Budget \d{4}\/\d{2}$/ }).waitFor();
    await look('27-monitoring-budget');
    await page.locator('#external_residential-amount').fill('lots');
    await page.getByRole('button', { name: 'Save budget' }).click();
    await page.getByText('There is a problem').waitFor();
    await look('28-monitoring-budget-error');
    await page.locator('#external_residential-amount').fill('1,500,000');
    await page.locator('#other-1-line').fill('Staying Close');
    await page.locator('#other-1-amount').fill('50000');
    await page.getByRole('button', { name: 'Save budget' }).click();
    await page.getByText(/Budget for \d{4}\/\d{2} saved/).waitFor({ timeout: 120_000 });
    await page.locator('#save-period').waitFor({ timeout: 120_000 });
    assert.ok(await page.getByRole('cell', { name: '£1,500,000' }).first().isVisible(), 'the budget is on the report');
    await look('29-monitoring-with-budget');
    await page.locator('#save-period').click();
    await page.getByText(/Saved period P\d+ of/).waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download the monitoring report as Excel/ }).click(),
    ]);
    await isXlsx(download);
  });

  test('creates a scenario, adds an adjustment and compares it with the baseline', async () => {
    await page.getByRole('link', { name: 'Scenarios', exact: true }).click();
    await page.getByRole('heading', { name: 'Scenarios' }).waitFor();
    await look('27-scenarios');
    await page
      .getByRole('button', { name: 'Create a scenario' })
      .or(page.getByRole('link', { name: 'Create a scenario' }))
      .first()
      .click();
    await page.getByLabel('Name').fill('Edge of care team');
    await page.getByLabel('Description (optional)').fill('Ten per cent fewer teenagers entering care');
    await look('28-scenario-create');
    await page.getByRole('button', { name: 'Create scenario' }).click();
    await page.getByText('Scenario “Edge of care team” created').waitFor();
    await look('29-scenario');
    await page.getByLabel('Entries into care').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Entries into care' }).waitFor();
    await look('30-adjustment-form');
    await page.getByLabel('Change in the entry rate', { exact: true }).fill('-10');
    await page.getByLabel('10 to 15').check();
    await page.locator('#start-day').fill('1');
    await page.locator('#start-month').fill('4');
    await page.locator('#start-year').fill('2021');
    await page.getByLabel('Ramp-up (months)').fill('6');
    await page.getByRole('button', { name: 'Save adjustment' }).click();
    await page.getByText('Adjustment added.').waitFor();
    await page.getByText(/10% fewer children aged 10 to 15 entering care from 1 April 2021/).waitFor();
    await page
      .getByRole('button', { name: 'Compare with the baseline' })
      .or(page.getByRole('link', { name: 'Compare with the baseline' }))
      .first()
      .click();
    await page.locator('#chart-scenario-saving .app-chart__svg > svg[role="img"]').waitFor({ timeout: 120_000 });
    await look('31-scenario-compare');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download the comparison as Excel/ }).click(),
    ]);
    await isXlsx(download);
  });

  test('uploads a savings programme; dashboard, checks and an initiative', async () => {
    await page.getByRole('link', { name: 'Programmes', exact: true }).click();
    await page.getByRole('heading', { name: 'Savings programmes' }).waitFor();
    await look('32-programmes');
    await page.setInputFiles('#file', EXAMPLE_PROGRAMME);
    await page.getByLabel('Short name (optional)').fill('mtfs-2025');
    await page.getByRole('button', { name: 'Upload programme' }).click();
    await page.locator('#stat-net').waitFor({ timeout: 120_000 });
    await page.locator('#chart-programme-cumulative .app-chart__svg > svg[role="img"]').waitFor();
    await look('33-programme-dashboard');
    await page.getByRole('link', { name: 'See the checks report' }).click();
    await page.getByRole('heading', { name: 'Checks of the stated totals' }).waitFor();
    await look('34-programme-checks');
    await page.getByRole('link', { name: /Back to/ }).click();
    await page.getByRole('link', { name: 'In-house foster carer recruitment and retention' }).click();
    await page.locator('#chart-initiative-cumulative .app-chart__svg > svg[role="img"]').waitFor();
    await look('35-initiative');
    await page
      .getByRole('button', { name: 'Change this initiative' })
      .or(page.getByRole('link', { name: 'Change this initiative' }))
      .first()
      .click();
    await page.getByRole('heading', { name: /^Change / }).waitFor();
    await look('36-initiative-edit');
    await page.getByLabel('Owner (optional)').fill('Head of Fostering');
    await page.getByRole('button', { name: 'Save initiative' }).click();
    await page.getByText('In-house foster carer recruitment and retention saved.').waitFor();
  });

  test('no console errors or content security policy violations', () => {
    assert.deepEqual(problems, []);
  });
});

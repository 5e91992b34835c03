/**
 * A savings programme written from nothing in a real browser (Debian's Chromium), as issue 16 asks:
 * an analyst creates a programme and its first initiative, checks the answers, enters its money by
 * year, adds another initiative with a working and milestones ("add another"), reads the
 * dashboard's figures and downloads the programme as a workbook. Every page gets an axe check (no
 * serious or critical violations) and a screenshot; no console errors or CSP violations.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { paths } from '../../src/web/paths.ts';
import { TEST_PASSWORD, webTestbed, type Testbed } from '../web/support.ts';
import { browserUnavailable, checkA11y, launchBrowser, screenshot, watchConsole } from '../support/browser.ts';

const skip = browserUnavailable();
if (skip) process.stderr.write(`\n*** ${skip} ***\n\n`);

describe('browser: a programme written from nothing', { skip }, () => {
  let bed: Testbed;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  async function look(name: string): Promise<void> {
    await checkA11y(page, name);
    await screenshot(page, name, { wholePage: false });
  }

  before(async () => {
    bed = await webTestbed({ now: () => new Date('2025-11-01T09:00:00Z') });
    await bed.addUser('301', 'analyst@a.test', 'analyst', 'Council A');
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

  test('two initiatives, money by year, a working and milestones; the figures; the workbook', async () => {
    await page.getByRole('link', { name: 'Programmes', exact: true }).click();
    // GOV.UK link buttons have the role of a button.
    await page.getByRole('button', { name: 'Create a programme' }).click();
    await page.getByRole('heading', { name: 'Create a programme' }).waitFor();
    await look('60-programme-new');
    // A mistake first: the error summary names it.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('link', { name: 'Enter the programme’s name' }).waitFor();
    await look('60-programme-new-errors');
    await page.getByLabel('Programme name').fill('Edge and fostering');
    await page.getByLabel('First plan year').fill('2025/26');
    await page.getByLabel('Number of plan years').fill('3');
    await page.getByLabel('Initiative name').fill('Edge of care');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your answers before creating the programme' }).waitFor();
    await look('61-programme-check-answers');
    await page.getByRole('button', { name: 'Create programme' }).click();
    await page.getByRole('heading', { name: 'Edge and fostering' }).waitFor();
    await look('62-programme-edit');

    // The first initiative's money by year.
    await page.getByRole('link', { name: 'Change money by year of Edge of care' }).click();
    await page.locator('#y0-investment').fill('100,000');
    await page.locator('#y0-grossSaving').fill('60,000');
    await look('63-initiative-money');
    await page.getByRole('button', { name: 'Save initiative' }).click();
    await page.getByText('Edge of care saved').waitFor();

    // Add another initiative.
    await page.goto(bed.url + paths.programmes.edit.build({ la: '301', programmeId: 'edge-and-fostering' }));
    await page
      .getByRole('button', { name: 'Add another initiative' })
      .or(page.getByRole('link', { name: 'Add another initiative' }))
      .first()
      .click();
    await page.getByRole('heading', { name: 'Add an initiative' }).waitFor();
    await look('64-initiative-add');
    await page.getByLabel('Initiative name').fill('Foster carers');
    await page.getByRole('button', { name: 'Add initiative' }).click();
    await page.locator('#y0-grossSaving').fill('40,000');
    await page.getByRole('button', { name: 'Save initiative' }).click();
    await page.getByText('Foster carers saved').waitFor();

    // Its working: one child a year at £10,000, from 2026/27.
    await page.goto(bed.url + paths.programmes.edit.build({ la: '301', programmeId: 'edge-and-fostering' }));
    await page.getByRole('link', { name: 'Change workings of Foster carers' }).click();
    await page.getByRole('heading', { name: 'Workings' }).waitFor();
    await look('65-initiative-workings');
    await page.getByLabel('Description').fill('Children moved to in-house foster care');
    await page.getByLabel('Unit cost (£)', { exact: true }).fill('10,000');
    await page.getByLabel('2026/27').fill('1');
    await page.getByRole('button', { name: 'Save and return' }).click();
    await page.getByText('Workings saved for Foster carers').waitFor();

    // Milestones, with "add another".
    await page.getByRole('link', { name: 'Change milestones of Foster carers' }).click();
    await page.getByLabel('Milestone', { exact: true }).fill('Campaign launched');
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('5');
    await page.getByLabel('Year', { exact: true }).fill('2025');
    await page.getByLabel('Status').selectOption('complete');
    await page.getByRole('button', { name: 'Save and add another milestone' }).click();
    await page.getByRole('group', { name: 'Milestone 1' }).waitFor();
    await page.getByRole('group', { name: 'Add a milestone (optional)' }).waitFor();
    await look('66-initiative-milestones');
    await page.getByRole('button', { name: 'Save and return' }).click();
    await page.getByText('Campaign launched (due 31 May 2025, complete)').waitFor();
    await look('67-programme-edit-filled');

    // Worked by hand. Edge of care: 60k a year for the 3 plan years = 180k, investment 100k.
    // Foster carers: 40k a year = 120k, plus the working's 1 x £10,000 new in 2026/27 (so in
    // 2026/27 and 2027/28) = 20k. Net saving £320,000 less investment £100,000 = £220,000.
    await page.getByRole('link', { name: 'See the programme’s appraisal and monitoring' }).click();
    await page.locator('#stat-net').waitFor();
    assert.equal((await page.locator('#stat-net').textContent())?.trim(), '£220,000');
    assert.equal(
      (await page.locator('#stat-net-parts').textContent())?.trim(),
      'Net saving £320,000 less investment £100,000',
    );
    await look('68-programme-written');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download the programme as a workbook/ }).click(),
    ]);
    const bytes = fs.readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a real .xlsx (zip) file');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ids = new Set<string>();
    wb.getWorksheet('Programme')?.eachRow((row) => {
      const v = row.getCell(1).value;
      if (typeof v === 'string') ids.add(v);
    });
    assert.ok(
      ids.has('edge-of-care') && ids.has('foster-carers'),
      `both initiatives in the workbook: ${[...ids].join(', ')}`,
    );
    const workings = wb.getWorksheet('Workings');
    assert.ok(workings && workings.rowCount >= 2, 'the working is in the workbook');
    assert.deepEqual(problems, [], 'console errors or CSP violations');
  });
});

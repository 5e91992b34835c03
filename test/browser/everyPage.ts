/**
 * Every page, at a desktop width (1,280 px) and a small phone's (320 px), in a real browser
 * (Debian's Chromium): no horizontal scroll on the page itself (wide tables scroll inside their
 * own labelled region, never the page), no serious or critical axe violations, no console errors
 * or CSP violations, and a screenshot of each in test-artifacts/screenshots/ (`every-<width>-<page>-top`: the first screenful; the whole page too with FORECARE_FULL_SCREENSHOTS=1).
 * Each page is loaded once and measured at both widths (the window narrowed between the two).
 *
 * The pages are visited by three test files, each a process of its own with its own council and
 * browser, so that npm test runs them side by side (one file took about two minutes of wall time,
 * most of it waiting on Chromium and the engine): test/browser/everyPage.*.test.ts. Each sets up
 * the same council (below), then visits its part of the pages in the order of the list, and the
 * uploads and forms after them. PARTS says which file visits which page; everyPage.figures.test.ts
 * checks that the parts together visit every page of the navigation, each page in one part.
 *
 * The council is the synthetic demo council (src/web/demo.ts: returns, child-level costs, example
 * scenarios and programme), so the test needs nothing beside the repository.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { latestCompleteCollectionYear, simulateCouncil } from '../../src/domain/demo/simulateCouncil.ts';
import { writeReturns } from '../../src/io/write903.ts';
import { systemActor } from '../../src/services/access.ts';
import { COUNCIL_FEATURES } from '../../src/web/features/index.ts';
import { solidPng } from '../support/images.ts';
import { getProgramme, listProgrammes } from '../../src/services/programmes.ts';
import { listScenarios, saveScenario } from '../../src/services/scenarios.ts';
import { DEMO_LA, DEMO_PASSWORD } from '../../src/services/demo.ts';
import { paths } from '../../src/web/paths.ts';
import { addMonths, financialYearLabel, financialYearStart } from '../../src/domain/dates.ts';
import { TEST_PASSWORD, webTestbed, type Testbed } from '../web/support.ts';
import { createRegion, grantRegionAccess } from '../../src/services/regions.service.ts';
import { importDemoCouncil } from '../support/demoCouncils.ts';
import { inlineEngineRunner } from '../../src/services/engineRunner.ts';
import { planningCouncils } from '../web/features/forecast/planningCase.ts';
import { demoTestbed } from '../support/demoDatabase.ts';
import { browserUnavailable, checkA11y, launchBrowser, screenshot, watchConsole } from '../support/browser.ts';

const skip = browserUnavailable();
if (skip) process.stderr.write(`\n*** ${skip} ***\n\n`);

const WIDTHS = [1280, 320] as const;
const TODAY = '2026-11-23';

interface PageVisit {
  readonly name: string;
  readonly url: string;
  /** Waits for the page's slow part (a chart computed by the engine) before measuring. */
  readonly ready?: string;
}

/**
 * Which file visits which page (the names of the visits below; the uploads and forms by the names
 * FORECARE_PAGES knows them by), cut so that each takes about the same time (the scenario
 * comparisons and the programme are the slowest pages; each part computes its own forecasts).
 */
export const PARTS = {
  figures: {
    title: 'the council’s figures, data and uploads, and administration',
    pages: [
      'sign-in',
      'overview',
      'data',
      'data-history',
      'forecast',
      'forecast-rates',
      'forecast-backtest',
      'costs',
      'costs-unit-cost',
      'monitoring',
      'monitoring-budget',
      'sufficiency',
      'indicators',
      'workforce',
      'workforce-figures',
      'front-door',
      'cin',
      'users',
      'audit',
      'settings',
      'two-factor',
      'councils',
      'not-found',
      'upload',
      'cin-upload',
    ],
  },
  scenarios: {
    title: 'scenarios and regions',
    pages: [
      'scenarios',
      'scenario-new',
      'scenario',
      'scenario-edit',
      'scenario-copy',
      'scenario-delete',
      'scenario-adjustment',
      'scenario-compare',
      'scenario-adjustment-cp-plans',
      'scenario-cp-plans-compare',
      'scenario-compare-share',
      'region',
      'region-capacity',
      'region-member',
      'forecast-calculating',
    ],
  },
  programmes: {
    title: 'programmes and permanence',
    pages: [
      'programmes',
      'programme',
      'programme-checks',
      'programme-delete',
      'initiative',
      'initiative-edit',
      'programme-new',
      'programme-edit',
      'programme-settings',
      'programme-add-initiative',
      'initiative-remove',
      'initiative-workings',
      'initiative-milestones',
      'initiative-risks',
      'initiative-targets',
      'permanence',
      'permanence-project',
      'permanence-child',
      'permanence-lists',
      'permanence-children',
      'permanence-upload',
      'programme-new-check',
    ],
  },
} as const satisfies Record<string, { title: string; pages: readonly string[] }>;
export type Part = keyof typeof PARTS;

/** The visits that are not a page loaded by its address: the sign-in page (signed out), uploads and forms. */
const OTHER_VISITS = [
  'sign-in',
  'upload',
  'cin-upload',
  'permanence-upload',
  'programme-new-check',
  'forecast-calculating',
] as const;

/**
 * How far the page scrolls sideways, and the outermost elements that stick out past the window
 * (those inside their own scrolling box, such as a scrollable table, do not count). Written as a
 * string: it runs in the page, and the project's TypeScript has no DOM types.
 */
const MEASURE_OVERFLOW = `(() => {
  const doc = document.scrollingElement || document.documentElement;
  const width = doc.clientWidth;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    const parent = el.parentElement && el.parentElement.getBoundingClientRect();
    if (parent && parent.right > width + 1) continue;
    if (clipped(el)) continue;
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' (right ' + Math.round(r.right) + ')');
  }
  return { scrollWidth: doc.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 5) };
})()`;

/** The scrollable table boxes whose table is wider than the box, with every details element opened. */
const WIDE_TABLES = `(() => {
  const closed = [...document.querySelectorAll('details:not([open])')];
  closed.forEach((d) => (d.open = true));
  const wide = [...document.querySelectorAll('.app-table-wrapper')]
    .filter((w) => w.scrollWidth > w.clientWidth + 1)
    .map((w) => w.getAttribute('aria-label') + ' (' + w.scrollWidth + ' > ' + w.clientWidth + ')');
  closed.forEach((d) => (d.open = false));
  return wide;
})()`;

async function horizontalOverflow(
  page: Page,
): Promise<{ scrollWidth: number; clientWidth: number; culprits: string[] }> {
  return page.evaluate(MEASURE_OVERFLOW) as Promise<{ scrollWidth: number; clientWidth: number; culprits: string[] }>;
}

/**
 * The suite of one part of the pages (PARTS): everyPage.<part>.test.ts declares it with describe,
 * so that its tests are reported as that file's (the test reporter keeps each file's duration).
 */
export function everyPageSuite(part: Part): {
  readonly name: string;
  readonly options: { readonly skip: string | undefined; readonly timeout: number };
  readonly tests: () => void;
} {
  const mine: ReadonlySet<string> = new Set(PARTS[part].pages);
  // FORECARE_PAGES=forecast,costs visits only those of the part (while working on them).
  const only = process.env.FORECARE_PAGES?.split(',');
  const visits = (name: string): boolean => mine.has(name) && (!only || only.includes(name));
  const name = `every page at 1,280 and 320 px: ${PARTS[part].title}`;
  const tests = (): void => {
    let bed: Testbed;
    let browser: Browser;
    const pages: PageVisit[] = [];
    // A second app whose forecasts wait for `openGate`: the "being calculated" state of a figures page
    // (set up by the part that visits it).
    let calculating: Testbed | undefined;
    let openGate: () => void = () => {};

    before(async () => {
      if (visits('forecast-calculating')) {
        const inline = inlineEngineRunner();
        const gate = new Promise<void>((resolve) => (openGate = resolve));
        calculating = await webTestbed({
          engine: { ...inline, forecast: async (d, r) => gate.then(() => inline.forecast(d, r)) },
          figuresWaitMs: 50,
          backgroundFigures: {},
        });
        await planningCouncils(calculating);
      }
      bed = await demoTestbed(
        { size: 'small', years: 3, today: TODAY, now: new Date(`${TODAY}T10:00:00Z`) },
        { now: () => new Date(`${TODAY}T10:00:00Z`) },
      );
      const la = DEMO_LA;
      // The council's own logo in the header of every page (a wide one, as council logos are).
      await bed.services.branding.update(systemActor(la), la, {
        councilName: 'Demoshire County Council (synthetic data)',
        logo: { bytes: solidPng(160, 40, [0x1d, 0x70, 0xb8]) },
      });
      const scenarios = await listScenarios(bed.data.db, la);
      const scenario = scenarios.find((s) => s.name === 'Fostering and commissioning') ?? scenarios[0];
      assert.ok(scenario, 'the demo has scenarios');
      const [programme] = await listProgrammes(bed.data.db, la);
      assert.ok(programme, 'the demo has a programme');
      const stored = await getProgramme(bed.data.db, la, programme.id);
      const initiative = stored?.initiatives[0];
      assert.ok(initiative, 'the programme has initiatives');
      const name = scenario.name;
      // A scenario with the child protection plans lever (issue 12), run on the demo's CIN census.
      const cpPlans = 'Fewer child protection plans';
      await saveScenario(bed.data.db, la, {
        name: cpPlans,
        description: 'Child protection plans 10% fewer from April',
        adjustments: [
          { kind: 'cpPlans', start: `${Number(TODAY.slice(0, 4)) + 1}-04-01`, rampMonths: 0, percent: -10 },
        ],
      });
      assert.ok(
        scenarios.some((s) => s.name === 'Fostering sufficiency'),
        'the demo has the share target example',
      );
      // A budget for the year being monitored (every line kind) and a saved period, so the
      // Monitoring page shows its tables, movement and free-text lines.
      const monitored = await bed.services.monitoring.page(systemActor(la), la, '');
      assert.ok(monitored.report, 'the demo can be monitored');
      const budgetYear = financialYearLabel(monitored.report.year);
      await bed.services.budgets.setYear(systemActor(la), la, budgetYear, [
        { field: 'external_residential', line: 'external_residential', amount: '4000000' },
        { field: 'ifa_fostering', line: 'ifa_fostering', amount: '2500000', childWeeks: '2400' },
        { field: 'sgo_cao_allowance', line: 'sgo_cao_allowance', amount: '300000' },
        { field: 'other-1', line: 'Agency social workers', amount: '120000' },
      ]);
      const earlier = addMonths(monitored.report.asAt, -1);
      if (financialYearStart(earlier) === monitored.report.year)
        await bed.services.monitoring.save(systemActor(la), la, earlier);
      // A region of the demo council and a second synthetic one, which the demo's admin is given.
      await importDemoCouncil(bed.data.db, 'DEMO2', {
        name: 'Second synthetic council',
        seed: 904,
        endYear: latestCompleteCollectionYear(TODAY),
      });
      await createRegion(bed.data.db, bed.services.audit, 'test', {
        code: 'DEMO-REGION',
        name: 'Demo regional co-operative',
        members: [la, 'DEMO2'],
      });
      await grantRegionAccess(bed.data.db, bed.services.audit, 'test', {
        region: 'DEMO-REGION',
        email: 'admin@demo.test',
      });
      // In-house capacity from April of the forecast's first year, so the Sufficiency page shows the
      // demand, gap and cost tables.
      const capacityFrom = `${monitored.report.asAt.slice(0, 4)}-04`;
      await bed.services.capacity.set(systemActor(la), la, {
        month: capacityFrom,
        fosteringHouseholds: '60',
        fosteringPlaces: '85',
        homeBeds: '12',
      });
      // The second member's too, so the region's capacity page adds both up.
      await bed.services.capacity.set(systemActor('DEMO2'), 'DEMO2', {
        month: capacityFrom,
        fosteringHouseholds: '80',
        fosteringPlaces: '140',
        homeBeds: '20',
      });
      // Two months of contacts and early help, so the monthly counts page shows its table.
      for (const [month, contacts, assessments, starts] of [
        ['2026-09', '1280', '40', '35'],
        ['2026-10', '1310', '', '20'],
      ])
        await bed.services.cin.setMonth(systemActor(la), la, {
          month: month!,
          contacts: contacts!,
          earlyHelpAssessments: assessments!,
          earlyHelpStarts: starts!,
        });
      const [project] = await bed.services.permanence.list(systemActor(la), la);
      assert.ok(project, 'the demo has a permanence project');
      // A child of it with a status and a coded note, so that their page shows both.
      const tracked = (await bed.services.permanence.view(systemActor(la), la, project.name)).report;
      const trackedChild = tracked.children[0];
      assert.ok(trackedChild, 'the demo project has children');
      await bed.services.trackedChildren.addNote(systemActor(la), la, project.name, trackedChild.childId, {
        code: 'Family meeting held',
        date: tracked.trackedFrom,
      });
      // And a stated target, so that the project's page shows its targets table.
      await bed.services.trackedChildren.setTarget(systemActor(la), la, project.name, {
        measure: 'looked_after_end',
        month: tracked.trackedFrom.slice(0, 7),
        value: '500',
      });
      pages.push(
        { name: 'overview', url: paths.overview.build({ la }), ready: '#stat-total' },
        { name: 'data', url: paths.data.index.build({ la }) },
        { name: 'data-history', url: paths.data.history.build({ la }) },
        { name: 'forecast', url: paths.forecast.index.build({ la }), ready: '#chart-forecast svg' },
        { name: 'forecast-rates', url: paths.forecast.rates.build({ la }) },
        { name: 'forecast-backtest', url: paths.forecast.backtest.build({ la }), ready: '#chart-backtest svg' },
        { name: 'costs', url: paths.costs.index.build({ la }), ready: '#chart-spend svg' },
        { name: 'costs-unit-cost', url: paths.costs.unitCost.build({ la }) },
        { name: 'monitoring', url: paths.monitoring.index.build({ la }), ready: '#save-period' },
        { name: 'monitoring-budget', url: paths.monitoring.budget.build({ la }, { year: budgetYear }) },
        { name: 'scenarios', url: paths.scenarios.index.build({ la }) },
        { name: 'scenario-new', url: paths.scenarios.create.build({ la }) },
        { name: 'scenario', url: paths.scenarios.show.build({ la, name }) },
        { name: 'scenario-edit', url: paths.scenarios.edit.build({ la, name }) },
        { name: 'scenario-copy', url: paths.scenarios.copy.build({ la, name }) },
        { name: 'scenario-delete', url: paths.scenarios.remove.build({ la, name }) },
        { name: 'scenario-adjustment', url: paths.scenarios.adjustment.build({ la, name, number: 1 }) },
        {
          name: 'scenario-compare',
          url: paths.scenarios.compare.build({ la, name }),
          ready: '#chart-scenario-saving svg',
        },
        {
          name: 'scenario-adjustment-cp-plans',
          url: paths.scenarios.addAdjustment.build({ la, name: cpPlans }, { kind: 'cpPlans' }),
        },
        {
          name: 'scenario-cp-plans-compare',
          url: paths.scenarios.compare.build({ la, name: cpPlans }),
          ready: '#chart-scenario-saving svg',
        },
        {
          // A share target: its children moved and households needed by year, the months behind a toggle.
          name: 'scenario-compare-share',
          url: paths.scenarios.compare.build({ la, name: 'Fostering sufficiency' }),
          ready: '#chart-scenario-saving svg',
        },
        { name: 'programmes', url: paths.programmes.index.build({ la }) },
        {
          name: 'programme',
          url: paths.programmes.show.build({ la, programmeId: programme.id }),
          ready: '#stat-net',
        },
        { name: 'programme-checks', url: paths.programmes.checks.build({ la, programmeId: programme.id }) },
        { name: 'programme-delete', url: paths.programmes.remove.build({ la, programmeId: programme.id }) },
        {
          name: 'initiative',
          url: paths.programmes.initiative.build({ la, programmeId: programme.id, initiativeId: initiative.id }),
        },
        {
          name: 'initiative-edit',
          url: paths.programmes.editInitiative.build({ la, programmeId: programme.id, initiativeId: initiative.id }),
        },
        // Writing a programme in the browser (issue 16); the check-answers page is visited by visitCreate.
        { name: 'programme-new', url: paths.programmes.create.build({ la }) },
        { name: 'programme-edit', url: paths.programmes.edit.build({ la, programmeId: programme.id }) },
        { name: 'programme-settings', url: paths.programmes.settings.build({ la, programmeId: programme.id }) },
        {
          name: 'programme-add-initiative',
          url: paths.programmes.addInitiative.build({ la, programmeId: programme.id }),
        },
        {
          name: 'initiative-remove',
          url: paths.programmes.removeInitiative.build({
            la,
            programmeId: programme.id,
            initiativeId: initiative.id,
          }),
        },
        ...(['workings', 'milestones', 'risks', 'targets'] as const).map((section) => ({
          name: `initiative-${section}`,
          url: paths.programmes.editSection.build({
            la,
            programmeId: programme.id,
            initiativeId: initiative.id,
            section,
          }),
        })),
        { name: 'sufficiency', url: paths.sufficiency.index.build({ la }), ready: '#chart-mix svg' },
        { name: 'permanence', url: paths.trackers.index.build({ la }) },
        { name: 'indicators', url: paths.indicators.index.build({ la }) },
        { name: 'workforce', url: paths.workforce.index.build({ la }) },
        { name: 'workforce-figures', url: paths.workforce.entry.build({ la }) },
        { name: 'front-door', url: paths.funnel.index.build({ la }) },
        // The monthly counts page (paths.cin.counts) is measured by visitCin, with its form's errors showing.
        { name: 'cin', url: paths.cin.index.build({ la }) },
        {
          name: 'permanence-project',
          url: paths.trackers.show.build({ la, project: project.name }),
          ready: '#chart-tracker svg',
        },
        {
          name: 'permanence-child',
          url: paths.trackers.child.build({ la, project: project.name, child: trackedChild.childId }),
        },
        { name: 'permanence-lists', url: paths.trackers.lists.build({ la }) },
        { name: 'permanence-children', url: paths.trackers.pick.build({ la }) },
        { name: 'users', url: paths.users.index.build({ la }) },
        { name: 'audit', url: paths.audit.build({ la }) },
        { name: 'settings', url: paths.settings.build({ la }) },
        { name: 'two-factor', url: paths.account.twoFactor.build() },
        { name: 'councils', url: paths.councils.build() },
        { name: 'region', url: paths.regions.index.build({ region: 'DEMO-REGION' }), ready: '#chart-forecast svg' },
        { name: 'region-capacity', url: paths.regions.capacity.build({ region: 'DEMO-REGION' }) },
        {
          name: 'region-member',
          url: paths.regions.member.build({ region: 'DEMO-REGION', la: 'DEMO2' }),
          ready: '#chart-forecast svg',
        },
        { name: 'not-found', url: `${paths.overview.build({ la })}/nothing-here` },
      );
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await bed?.close();
      openGate();
      await calculating?.close();
    });

    /** What each width found: pages wider than the window, tables scrolling at 1,280 px, axe violations. */
    interface Findings {
      readonly overflowing: string[];
      readonly tooWide: string[];
      readonly inaccessible: string[];
    }
    const findings = new Map<number, Findings>(
      WIDTHS.map((w) => [w, { overflowing: [], tooWide: [], inaccessible: [] }]),
    );
    /** Console errors and CSP violations of the signed-in pages (one page visits them all). */
    let problems: string[] = [];

    /** Measures the page at `width` (the window already that wide): overflow, wide tables, axe, screenshots. */
    async function measureAt(page: Page, width: number, name: string): Promise<void> {
      const found = findings.get(width)!;
      const o = await horizontalOverflow(page);
      if (o.scrollWidth > o.clientWidth)
        found.overflowing.push(`${name}: ${o.scrollWidth} > ${o.clientWidth}: ${o.culprits.join(', ')}`);
      // At 1,280 px every table fits its column too (charts' data tables opened): none scrolls.
      if (width >= 1280) {
        const wide = (await page.evaluate(WIDE_TABLES)) as string[];
        if (wide.length > 0) found.tooWide.push(`${name}: ${wide.join('; ')}`);
      }
      try {
        await checkA11y(page, `${name} at ${width} px`);
      } catch (err) {
        found.inaccessible.push((err as Error).message);
      }
      await screenshot(page, `every-${width}-${name}`, { wholePage: false });
    }

    /**
     * Measures the page loaded at every width: loaded at the widest, then the window narrowed and
     * the page laid out again (CSS media queries and GOV.UK Frontend's components follow the
     * window), so each page is fetched and computed once for both widths. Leaves the window at
     * the widest again, for the next page.
     */
    async function measure(page: Page, name: string): Promise<void> {
      for (const width of WIDTHS) {
        if (page.viewportSize()?.width !== width) await page.setViewportSize({ width, height: 900 });
        await measureAt(page, width, name);
      }
      await page.setViewportSize({ width: WIDTHS[0], height: 900 });
    }

    async function signedInPage(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
      const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 900 } });
      const page = await context.newPage();
      const problems = watchConsole(page);
      await page.goto(bed.url + paths.signIn.build());
      await page.getByLabel('Email address').fill('admin@demo.test');
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      return { context, page, problems };
    }

    /** Uploads a synthetic council's returns and measures the check page and the validation report. */
    async function visitUpload(page: Page): Promise<void> {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-every-page-'));
      try {
        const council = simulateCouncil({
          seed: 5,
          years: 2,
          endYear: latestCompleteCollectionYear(TODAY),
          size: 'small',
        });
        await writeReturns(dir, council.returns);
        const files: string[] = [];
        for (const year of await readdir(dir))
          for (const f of await readdir(path.join(dir, year))) files.push(path.join(dir, year, f));
        await page.goto(bed.url + paths.data.index.build({ la: DEMO_LA }));
        await page.setInputFiles('#files', files);
        await page.getByRole('button', { name: 'Upload and check' }).click();
        await page.getByRole('heading', { name: 'Check the validation report' }).waitFor({ timeout: 120_000 });
        await measure(page, 'upload-checked');
        await page.getByRole('link', { name: 'Read the validation report' }).click();
        await page.getByRole('heading', { name: 'Validation report' }).waitFor();
        await measure(page, 'validation-report');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }

    /**
     * Uploads a CIN census with a code out of its list (test/cin/fixtures) and measures the check's
     * page (error summary and table of problems); then a month's counts with a bad value, and
     * measures the form with its errors (nothing is stored by either).
     */
    async function visitCin(page: Page): Promise<void> {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-every-page-cin-'));
      try {
        const xml = path.join(dir, 'cin-2024.xml');
        const text = await readFile(
          path.join(import.meta.dirname, '..', 'cin', 'fixtures', 'xml', 'cin-2024.xml'),
          'utf8',
        );
        await writeFile(xml, text.replace('<ReferralSource>2A<', '<ReferralSource>2Z<'));
        await page.goto(bed.url + paths.cin.index.build({ la: DEMO_LA }));
        await page.setInputFiles('#files', [xml]);
        await page.getByRole('button', { name: 'Upload and check' }).click();
        await page.getByRole('heading', { name: 'Check the problems in the children in need census' }).waitFor();
        await measure(page, 'cin-upload-checked');
        await page.goto(bed.url + paths.cin.counts.build({ la: DEMO_LA }));
        await page.getByRole('textbox', { name: 'Month' }).fill('2026-11');
        await page.getByRole('textbox', { name: 'Contacts' }).fill('many');
        await page.getByRole('button', { name: 'Save month' }).click();
        await page.locator('#contacts-error').waitFor();
        await measure(page, 'monthly-counts');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }

    /**
     * Permanence (issue 11): a tracker file with unknown CHILD ids, a duplicate and an unknown route
     * is refused on the form (measured with its error summary); then children are picked from those
     * in care, filtered without JavaScript (the list measured), and added to a new project, whose
     * report is measured.
     */
    async function visitPermanence(page: Page): Promise<void> {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-every-page-tracker-'));
      try {
        const file = path.join(dir, 'cohort.csv');
        await writeFile(file, 'CHILD,planned_route,planned_month\nNOSUCH1,return_home,2027-06\nNOSUCH1,home,2027-06\n');
        await page.goto(bed.url + paths.trackers.index.build({ la: DEMO_LA }));
        await page.getByLabel('Project name').fill('Reunification 2027');
        await page.setInputFiles('#file', [file]);
        await page.getByRole('button', { name: 'Check and store' }).click();
        await page.getByText('Nothing was stored: 3 problems in cohort.csv, listed above').first().waitFor();
        await measure(page, 'permanence-upload-refused');
        await page.goto(bed.url + paths.trackers.pick.build({ la: DEMO_LA }));
        await page.getByLabel('Age band').selectOption({ label: '10 to 15' });
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.getByText(/Showing [0-9,]+ of [0-9,]+ children in care/).waitFor();
        await measure(page, 'permanence-pick');
        const boxes = page.locator('input[name="child"]');
        await boxes.nth(0).check();
        await boxes.nth(1).check();
        await page.getByLabel('Project', { exact: true }).fill('Reunification 2027');
        await page.getByLabel('Planned route out of care').selectOption('return_home');
        await page.getByLabel('Planned month').fill('2027-06');
        await page.getByRole('button', { name: 'Add to project' }).click();
        await page.getByText('Added 2 children to Reunification 2027 (a new project).').waitFor();
        await page.locator('#chart-tracker svg').first().waitFor();
        await measure(page, 'permanence-picked-report');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }

    /** Answers the questions of a new programme and measures the check-answers page (nothing is created). */
    async function visitCreate(page: Page): Promise<void> {
      await page.goto(bed.url + paths.programmes.create.build({ la: DEMO_LA }));
      await page.getByLabel('Programme name').fill('Children’s services invest-to-save programme 2026/27 to 2029/30');
      await page.getByLabel('First plan year').fill('2026/27');
      await page.getByLabel('Number of plan years').fill('4');
      await page.getByLabel('Initiative name').fill('Edge-of-care and family support team');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Check your answers before creating the programme' }).waitFor();
      await measure(page, 'programme-new-check');
    }

    /** A forecast still being calculated (issue 13): its progress state, as a person first sees it. */
    async function visitCalculating(calculating: Testbed): Promise<void> {
      const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(calculating.url + paths.signIn.build());
        await page.getByLabel('Email address').fill('admin@a.test');
        await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Overview' }).waitFor();
        await page.goto(calculating.url + paths.forecast.index.build({ la: '301' }));
        await page.locator('#figures-progress').waitFor();
        await measure(page, 'forecast-calculating');
      } finally {
        await context.close();
      }
    }

    /** Visits every page of the part once, measuring each at every width (both width tests wait for it). */
    async function visitEveryPage(): Promise<void> {
      // Signed out: the sign-in page.
      if (visits('sign-in')) {
        const anonymous = await browser.newContext({ viewport: { width: WIDTHS[0], height: 900 } });
        try {
          const signInPage = await anonymous.newPage();
          await signInPage.goto(bed.url + paths.signIn.build());
          await measure(signInPage, 'sign-in');
        } finally {
          await anonymous.close();
        }
      }

      const signedIn = await signedInPage();
      problems = signedIn.problems;
      const { page } = signedIn;
      try {
        for (const visit of pages.filter((p) => visits(p.name))) {
          // Some pages compute a forecast first: on a busy machine that takes more than a few seconds.
          await page.goto(bed.url + visit.url, { timeout: 300_000 });
          if (visit.ready) await page.locator(visit.ready).first().waitFor({ timeout: 300_000 });
          await measure(page, visit.name);
        }
        // An upload of the demo council's own returns: the check status and the validation report.
        if (visits('upload')) await visitUpload(page);
        if (visits('cin-upload')) await visitCin(page);
        if (visits('permanence-upload')) await visitPermanence(page);
        if (visits('programme-new-check')) await visitCreate(page);
        if (calculating && visits('forecast-calculating')) await visitCalculating(calculating);
      } finally {
        await signedIn.context.close();
      }
    }
    let visited: Promise<void> | undefined;

    for (const width of WIDTHS) {
      test(`at ${width} px: no horizontal scroll, axe clean, screenshots`, async () => {
        await (visited ??= visitEveryPage());
        const found = findings.get(width)!;
        assert.deepEqual(found.overflowing, [], `pages wider than the ${width} px window`);
        assert.deepEqual(found.tooWide, [], 'tables that scroll sideways at 1,280 px');
        assert.deepEqual(found.inaccessible, [], 'axe violations');
        assert.deepEqual(
          problems.filter((p) => !/status of 404/.test(p)),
          [],
          'console errors or CSP violations',
        );
      });
    }

    // Once, in the part that visits the overview: the others set up the same list of pages.
    if (mine.has('overview'))
      test('the pages visited include every page in the navigation, each page in one part', () => {
        const visited = new Set(pages.map((p) => p.url));
        for (const f of COUNCIL_FEATURES) {
          if (f.nav) assert.ok(visited.has(f.nav.href(DEMO_LA)), `${f.name} visited`);
        }
        const inParts = Object.values(PARTS).flatMap((p): readonly string[] => p.pages);
        assert.deepEqual(
          [...inParts].sort(),
          [...pages.map((p) => p.name), ...OTHER_VISITS].sort(),
          'each page (and upload or form) in exactly one part',
        );
      });
  };
  return {
    name,
    options: { skip, timeout: 30 * 60_000 },
    tests,
  };
}

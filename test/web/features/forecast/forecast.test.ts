/** Forecast page: the forecast with its intervals, the fitted rates, parameters, access and caching. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../../src/web/paths.ts';
import { AccessDeniedError } from '../../../../src/services/access.ts';
import {
  FORECAST_DEFAULTS,
  councilBacktest,
  councilForecast,
  parseForecastParams,
} from '../../../../src/services/forecast.service.ts';
import { ratesTables } from '../../../../src/web/features/forecast/presenter.ts';
import { webTestbed, type Testbed } from '../../support.ts';
import { PLANNING_CASE, ROLES, actorFor, planningCouncils } from './planningCase.ts';

const LA = '301';
const page = paths.forecast.index.build({ la: LA });

describe('forecast parameters', () => {
  test('blank fields take the defaults; bad ones are named and defaulted', () => {
    assert.deepEqual(parseForecastParams({}).params, FORECAST_DEFAULTS);
    const r = parseForecastParams({
      months: '12',
      runs: '1,000',
      referenceMonths: '3',
      seed: 'x',
      entryModel: 'wobbly',
    });
    assert.equal(r.params.months, 12);
    assert.equal(r.params.runs, 1000);
    assert.equal(r.params.referenceMonths, FORECAST_DEFAULTS.referenceMonths);
    assert.deepEqual(Object.keys(r.errors).sort(), ['entryModel', 'referenceMonths', 'seed']);
    assert.match(r.errors.referenceMonths ?? '', /from 6 to 120/);
  });
});

describe('forecast figures', async () => {
  const f = await councilForecast(
    LA,
    { children: PLANNING_CASE.children, episodes: PLANNING_CASE.episodes },
    { ...FORECAST_DEFAULTS, months: 12, runs: 200 },
    1,
  );

  test('starts on the extract date with the children looked after that day', () => {
    // Latest date 2023-02-01 is in collection year 2023: the extract date is 31 March 2023,
    // when C1 and C3 are looked after (worked by hand in planningCase.ts).
    assert.equal(f.start, '2023-03-31');
    assert.equal(f.childrenAtStart, 2);
    assert.equal(f.months.length, 12);
    assert.equal(f.months[0]?.monthEnd, '2023-04-30');
    for (const m of f.months) {
      const q = m.total;
      assert.ok(
        q.p2_5 <= q.p10 && q.p10 <= q.p50 && q.p50 <= q.p90 && q.p90 <= q.p97_5,
        `ordered quantiles in ${m.month}`,
      );
      assert.ok(q.p2_5 >= 0);
    }
  });

  test('the rates tables carry the events and exposure behind each rate', () => {
    assert.ok(f.rates);
    const t = ratesTables(f.rates);
    // Worked by hand: the returns start in 2021/22 but the earliest ending episode puts complete
    // data from 1 April 2022, so the window is 2022-04-01 to 2023-03-31: 364 days.
    assert.equal(f.rates.referenceStart, '2022-04-01');
    assert.equal(f.rates.referenceDays, 364);
    // One entry in the window: C3 (aged 15, external residential) on 2022-09-01; 1 / 364 × 365.25 a year.
    assert.deepEqual(t.entries.rows, [['10 to 15', 'External residential', 1, 364, 365.25 / 364]]);
    // One exit: C2 adopted from kinship aged 2 on 2023-02-01, at risk 2022-04-01 to 2023-01-31
    // (April 30 + May 31 + June 30 + July 31 + August 31 + September 30 + October 31 +
    // November 30 + December 31 + January 31 = 306 child-days).
    assert.deepEqual(t.exits.rows, [
      ['1 to 4', 'Fostering with relatives or friends', 'Adoption', 1, 306, 365.25 / 306],
    ]);
    // Exposure: C1 in-house fostering all 364 days; C3 from the day after entering (2022-09-02)
    // to 2023-03-31: 211 days.
    assert.deepEqual(
      t.exposure.rows.map((r) => r.slice(0, 3)),
      [
        ['1 to 4', 'Fostering with relatives or friends', 306],
        ['10 to 15', 'In-house fostering', 364],
        ['10 to 15', 'External residential', 211],
      ],
    );
    assert.deepEqual(t.transitions.rows, []);
  });

  test("the backtest compares each cutoff's forecast with what happened", async () => {
    const b = await councilBacktest({ children: PLANNING_CASE.children, episodes: PLANNING_CASE.episodes });
    // 31 March one and two years before the extract date (31 March 2023).
    assert.deepEqual(b.cutoffs, ['2021-03-31', '2022-03-31']);
    assert.ok(b.result);
    // Actual children looked after, worked by hand: 30 April 2021 none (C1 starts on 1 May);
    // 30 April 2022 C1 and C2; 31 January 2023 C1, C2 and C3; 28 February 2023 C1 and C3.
    const actual = (cutoff: string, n: number) => b.result?.horizons.filter((h) => h.cutoff === cutoff)[n]?.actual;
    assert.equal(actual('2021-03-31', 0), 0);
    assert.equal(actual('2022-03-31', 0), 2);
    assert.equal(actual('2022-03-31', 9), 3);
    assert.equal(actual('2022-03-31', 10), 2);
    assert.equal(b.result.horizons.length, 24);
  });

  test('no case data: no forecast and no NaN', async () => {
    const empty = await councilForecast(LA, { children: [], episodes: [] }, FORECAST_DEFAULTS, 0);
    assert.equal(empty.hasData, false);
    assert.deepEqual(empty.months, []);
  });
});

describe('forecast page', () => {
  let bed: Testbed;
  before(async () => {
    bed = await webTestbed();
    await planningCouncils(bed);
  });
  after(() => bed.close());

  for (const role of ROLES) {
    test(`a ${role} sees the chart with its intervals, the table beside it and the fitted rates`, async () => {
      const client = await bed.signedIn(`${role}@a.test`);
      const res = await client.get(page);
      assert.equal(res.status, 200);
      assert.match(res.text, /<title>Forecast – Council A – Forecare<\/title>/);
      assert.match(res.text, /from 31 March 2023/);
      assert.match(res.text, /starting from 2 children looked after/);
      assert.match(
        res.text,
        /<svg[^>]*role="img"[^>]*aria-labelledby="chart-forecast-svg-title chart-forecast-svg-desc"/,
      );
      // The history before the forecast on the same chart, then the median from the first month end.
      assert.match(
        res.text,
        /<desc id="chart-forecast-svg-desc">Actual from [\d,]+ at [\d]+ [A-Z][a-z]+ 20\d\d to 2 at 31 March 2023; then the forecast: median from [\d,]+ at 30 April 2023/,
      );
      assert.match(res.text, />Actual</, 'the legend names the history');
      // A row for each 31 March of the 36-month horizon, not only the last.
      for (const year of [2024, 2025, 2026])
        assert.match(res.text, new RegExp(`data-sort-value="${year}-03-31">31 March ${year}<`));
      assert.match(res.text, />31 March 2023 \(actual\)</);
      assert.match(res.text, />31 March 2026 \(median\)</);
      assert.match(res.text, /80% interval: low \(10th percentile\)/);
      assert.match(res.text, /Entries to care by age band and first placement/);
      assert.match(res.text, /id="all-rates"/);
      assert.match(res.text, /href="\/c\/301\/forecast\?format=xlsx"/);
      // Only analysts and admins get the run controls; runs, seed, reference window and entries
      // behind "Advanced options" (a details element: works without JavaScript), closed by default.
      assert.equal(res.text.includes('id="runs"'), role !== 'viewer');
      if (role !== 'viewer') {
        assert.match(
          res.text,
          /<details class="govuk-details app-advanced" >[\s\S]*?Advanced options[\s\S]*?id="referenceMonths"[\s\S]*?id="runs"[\s\S]*?id="seed"[\s\S]*?<\/details>/,
        );
        assert.match(
          res.text,
          /id="months"[\s\S]*<details class="govuk-details app-advanced"/,
          'the horizon stays in view',
        );
      }
    });
  }

  test('the rates page has every fitted rate with its events and exposure, for each role', async () => {
    for (const role of ROLES) {
      const client = await bed.signedIn(`${role}@a.test`);
      const res = await client.get(paths.forecast.rates.build({ la: LA }));
      assert.equal(res.status, 200);
      assert.match(res.text, /<title>Fitted rates – Council A – Forecare<\/title>/);
      // The hand-worked exit (see 'the rates tables carry...' above): 1 adoption over 306 child-days.
      assert.match(res.text, /data-sort-value="Adoption">Adoption<\/td> <td[^>]*>1<\/td> <td[^>]*>306<\/td>/);
      assert.match(res.text, /Child-days in care by age band and placement/);
    }
    const viewer = await bed.signedIn('viewer@a.test');
    assert.equal((await viewer.get(paths.forecast.rates.build({ la: LA }, { referenceMonths: 12 }))).status, 403);
    const xlsx = await viewer.getBytes(paths.forecast.rates.build({ la: LA }, { format: 'xlsx' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Entry rates', 'Exit rates', 'Move rates', 'Exposure'],
    );
    const other = await bed.signedIn('admin@b.test');
    assert.equal((await other.get(paths.forecast.rates.build({ la: LA }))).status, 403);
  });

  test('the rates page names the longer window moves and exits were fitted over when exits were stable', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    // A 6-month reference window (from 30 September 2022): Council A's exits in the 6 months before it
    // are not significantly different, so moves and exits are fitted from 1 April 2022 (364 days).
    const short = await analyst.get(paths.forecast.rates.build({ la: LA }, { referenceMonths: 6 }));
    assert.equal(short.status, 200);
    assert.match(
      short.text,
      /Reference window from 30 September 2022 \(182 days\); moves and exits from 1 April 2022 \(364 days: the council’s exits were stable/,
    );
    // The default window already holds all of Council A's history: one window, named once.
    const whole = await analyst.get(paths.forecast.rates.build({ la: LA }));
    assert.doesNotMatch(whole.text, /moves and exits from/);
  });

  test('the backtest page: accuracy and coverage by cutoff, each month compared; Excel', async () => {
    for (const role of ROLES) {
      const client = await bed.signedIn(`${role}@a.test`);
      const res = await client.get(paths.forecast.backtest.build({ la: LA }));
      assert.equal(res.status, 200);
      assert.match(res.text, /<title>Backtest – Council A – Forecare<\/title>/);
      assert.match(res.text, /Mean absolute error/);
      assert.match(res.text, /data-sort-value="[0-9.e-]+">[0-9]+\.[0-9]%<\/td>/, 'errors with their % sign');
      assert.match(res.text, /data-sort-value="2022-03-31">31 March 2022<\/th>/);
    }
    const viewer = await bed.signedIn('viewer@a.test');
    // A chart of what happened against each origin's forecast, and the accuracy by category.
    const page = await viewer.get(paths.forecast.backtest.build({ la: LA }));
    assert.match(
      page.text,
      /<svg[^>]*role="img"[^>]*aria-labelledby="chart-backtest-svg-title chart-backtest-svg-desc"/,
    );
    assert.match(page.text, /Backtest: all children looked after, forecast against what happened/);
    assert.match(page.text, /Accuracy by placement category, every origin and month together/);
    // The origins to choose from: the two default ones checked.
    assert.match(page.text, /name="origin" type="checkbox" value="2022-03-31" checked/);
    assert.match(page.text, /name="origin" type="checkbox" value="2021-03-31" checked/);
    // One origin chosen, one placement category shown.
    const one = await viewer.get(
      `${paths.forecast.backtest.build({ la: LA }, { show: 'category:external_residential' })}&origin=2021-03-31`,
    );
    assert.equal(one.status, 200);
    assert.match(one.text, /Backtest: External residential, forecast against what happened/);
    assert.match(one.text, /name="origin" type="checkbox" value="2021-03-31" checked/);
    assert.doesNotMatch(one.text, /name="origin" type="checkbox" value="2022-03-31" checked/);
    assert.match(one.text, /From 31 March 2021: forecast median/);
    // An origin not offered: named in the error summary, the default backtest shown.
    const bad = await viewer.get(`${paths.forecast.backtest.build({ la: LA })}?origin=2030-03-31`);
    assert.equal(bad.status, 200);
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /href="#origins">Choose origins from the list</);
    const xlsx = await viewer.getBytes(paths.forecast.backtest.build({ la: LA }, { format: 'xlsx' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Backtest summary', 'Backtest by category', 'Backtest by month'],
    );
    const other = await bed.signedIn('admin@b.test');
    assert.equal((await other.get(paths.forecast.backtest.build({ la: LA }))).status, 403);
    await assert.rejects(bed.services.forecast.backtest(actorFor('302', 'admin'), LA), AccessDeniedError);
  });

  test('a category chosen by the GET form; the horizon and runs change the run', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const res = await analyst.get(
      paths.forecast.index.build({ la: LA }, { show: 'category:external_residential', months: 6, runs: 100 }),
    );
    assert.equal(res.status, 200);
    assert.match(res.text, /Children looked after, actual and forecast: External residential/);
    assert.match(res.text, /for 6 months from 31 March 2023/);
    assert.match(res.text, /100 simulation runs/);
    assert.match(res.text, /<option value="category:external_residential" selected>/);
    // Runs not the default: the advanced options start open, so the value chosen is in view.
    assert.match(res.text, /<details class="govuk-details app-advanced" open>/);
    // A 6-month horizon from 31 March 2023 holds no 31 March: its last month (30 September 2023) is shown.
    assert.match(res.text, />30 September 2023 \(median\)</);
  });

  test('bad parameters are named in the error summary and the default is shown', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const res = await analyst.get(paths.forecast.index.build({ la: LA }, { months: '500', show: 'nonsense' }));
    assert.equal(res.status, 200);
    assert.match(res.text, /<title>Error: Forecast/);
    assert.match(res.text, /govuk-error-summary/);
    assert.match(res.text, /href="#months">Months to forecast must be a whole number from 1 to 120/);
    assert.match(res.text, /href="#show">Choose what to show/);
  });

  test('a viewer may read the standard forecast but not start other runs', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const res = await viewer.get(paths.forecast.index.build({ la: LA }, { runs: 100 }));
    assert.equal(res.status, 403);
    const shown = await viewer.get(paths.forecast.index.build({ la: LA }, { show: 'ageband:10_to_15' }));
    assert.equal(shown.status, 200);
    assert.match(shown.text, /Children looked after, actual and forecast: aged 10 to 15/);
  });

  test('the tables download as a real Excel workbook with numbers as numbers', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const res = await viewer.getBytes(paths.forecast.index.build({ la: LA }, { format: 'xlsx' }));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /forecare-forecast-301\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      [
        'Forecast by month',
        'Forecast each 31 March',
        'By category each 31 March',
        'By age band each 31 March',
        'Why the forecast moves',
        'Flows a year in the window',
        'Entry rates',
        'Exit rates',
        'Move rates',
        'Exposure',
      ],
    );
    const rows = wb.getWorksheet('Entry rates')?.getSheetValues().filter(Boolean) as unknown[][];
    // Columns A-E: age band, category, entries, days in window, entries a year.
    const kinship = rows.find((r) => r[2] === 'External residential');
    assert.equal(kinship?.[3], 1);
    assert.equal(kinship?.[4], 364);
    assert.equal(typeof kinship?.[5], 'number');
  });

  test("another council's admin is refused by the page and by the service", async () => {
    const other = await bed.signedIn('admin@b.test');
    const res = await other.get(page);
    assert.equal(res.status, 403);
    assert.doesNotMatch(res.text, /chart-forecast/);
    await assert.rejects(bed.services.forecast.forecast(actorFor('302', 'admin'), LA), AccessDeniedError);
    const own = await other.get(paths.forecast.index.build({ la: '302' }));
    assert.equal(own.status, 200);
    assert.match(own.text, /There is no case data for Council B yet/);
  });

  test('not signed in: sent to sign in', async () => {
    const res = await bed.client().get(page);
    assert.equal(res.status, 302);
    assert.equal(res.location, paths.signIn.build({}, { returnTo: page }));
  });

  test('the default forecast is computed once per data version, then served from the cache', async () => {
    const actor = actorFor(LA, 'viewer');
    const a = await bed.services.forecast.forecast(actor, LA);
    const b = await bed.services.forecast.forecast(actor, LA);
    assert.equal(a, b, 'the same cached forecast object');
    bed.services.dataVersions.invalidate(LA);
    const c = await bed.services.forecast.forecast(actor, LA);
    assert.notEqual(a, c, 'an import drops the cached forecast');
    assert.deepEqual(
      c.months.map((m) => m.total.p50),
      a.months.map((m) => m.total.p50),
      'same seed, same figures',
    );
  });

  test('a failing service shows the error page on every forecast page', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const service = bed.services.forecast;
    const original = { forecast: service.forecast, backtest: service.backtest };
    service.forecast = async () => {
      throw new Error('engine failed');
    };
    service.backtest = async () => {
      throw new Error('engine failed');
    };
    try {
      for (const url of [
        page,
        paths.forecast.rates.build({ la: LA }),
        paths.forecast.backtest.build({ la: LA }),
        paths.forecast.index.build({ la: LA }, { format: 'xlsx' }),
      ]) {
        const res = await viewer.get(url);
        assert.equal(res.status, 500, url);
        assert.match(res.text, /Sorry, there is a problem with the service/);
      }
    } finally {
      Object.assign(service, original);
    }
  });
});

/**
 * Figures not ready yet (issue 13): the forecast page says the forecast is being calculated (a
 * status message, the council's background step, check again or automatically every 3 seconds),
 * then shows the figures, which are those computed on request (same seed, same runs). And why the
 * forecast moves, from the same service function as the CLI's.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../../src/web/paths.ts';
import { inlineEngineRunner, type EngineRunner } from '../../../../src/services/engineRunner.ts';
import { FORECAST_DEFAULTS, councilForecast } from '../../../../src/services/forecast.service.ts';
import { ageMixNote, forecastFromData, forecastMovement } from '../../../../src/services/forecast.ts';
import { formatMonth, formatNumber } from '../../../../src/web/components/format.ts';
import { webTestbed, type Testbed } from '../../support.ts';
import { PLANNING_CASE, actorFor, planningCouncils } from './planningCase.ts';

const LA = '301';
const page = paths.forecast.index.build({ la: LA });
const CASE = { children: PLANNING_CASE.children, episodes: PLANNING_CASE.episodes };

/** The inline engine whose forecasts wait until `open()`: a forecast that takes as long as the test likes. */
function gatedEngine(): { engine: EngineRunner; open: () => void } {
  const inline = inlineEngineRunner();
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    engine: {
      ...inline,
      forecast: async (data, request) => {
        await gate;
        return inline.forecast(data, request);
      },
    },
    open,
  };
}

describe('a forecast page whose figures are not ready', () => {
  let bed: Testbed;
  let open: () => void;
  before(async () => {
    const gated = gatedEngine();
    open = gated.open;
    bed = await webTestbed({ engine: gated.engine, figuresWaitMs: 300, backgroundFigures: {} });
    await planningCouncils(bed);
  });
  after(() => bed.close());

  test('shows that the forecast is being calculated, refreshes only when asked, then shows the figures', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const first = await viewer.get(page);
    assert.equal(first.status, 200);
    assert.match(first.text, /<title>Forecast – Council A – Forecare<\/title>/);
    assert.match(first.text, /<h1 class="govuk-heading-l">Forecast<\/h1>/);
    // A status message (announced, no focus moved), with the council's background step: the
    // overview, the forecast and spend (no saved scenarios), so 3 steps.
    assert.match(
      first.text,
      /role="status" id="figures-progress">\s*<p class="govuk-body govuk-!-font-weight-bold">The forecast being calculated: step [12] of 3<\/p>/,
    );
    assert.doesNotMatch(first.text, /autofocus|tabindex/);
    assert.doesNotMatch(first.text, /http-equiv="refresh"/, 'no reload unasked (WCAG 2.2.1)');
    assert.match(first.text, new RegExp(`<a class="govuk-link" href="${page}">Check again</a>`));
    assert.match(first.text, new RegExp(`href="${page}\\?auto=1">check again automatically every 3 seconds</a>`));
    assert.doesNotMatch(first.text, /id="chart-forecast"/);

    const auto = await viewer.get(`${page}?auto=1`);
    assert.match(auto.text, /<meta http-equiv="refresh" content="3">/);
    assert.match(auto.text, new RegExp(`<a class="govuk-link" href="${page}">Stop checking automatically</a>`));

    open();
    await bed.services.background?.idle();
    const ready = await viewer.get(`${page}?auto=1`);
    assert.equal(ready.status, 200);
    assert.doesNotMatch(ready.text, /http-equiv="refresh"|figures-progress/);
    assert.match(ready.text, /id="chart-forecast"/);
    assert.match(ready.text, /starting from 2 children looked after/);
  });

  test('the figures are those computed on request: same parameters, seed and runs', async () => {
    await bed.services.background?.idle();
    const shown = await bed.services.forecast.forecast(actorFor(LA, 'viewer'), LA);
    const direct = await councilForecast(LA, CASE, FORECAST_DEFAULTS, shown.dataVersion);
    assert.deepEqual(
      shown.months.map((m) => m.total),
      direct.months.map((m) => m.total),
    );
    assert.deepEqual(shown.movement, direct.movement);
  });

  test('why the forecast moves: the CLI’s figures (forecastMovement), year by year and a year in the window', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const f = await bed.services.forecast.forecast(actorFor(LA, 'viewer'), LA);
    // The CLI's explanation of the same run: forecastMovement of forecastFromData's expected path.
    const outcome = forecastFromData(CASE, {
      start: f.start ?? '',
      months: FORECAST_DEFAULTS.months,
      referenceMonths: FORECAST_DEFAULTS.referenceMonths,
      runs: FORECAST_DEFAULTS.runs,
      seed: FORECAST_DEFAULTS.seed,
      entryModel: FORECAST_DEFAULTS.entryModel,
    });
    const mv = forecastMovement(outcome.result.expected, outcome.models);
    assert.deepEqual(f.movement, mv);
    // 36 months: three years, each to March.
    assert.deepEqual(
      mv.years.map((y) => y.to),
      ['2024-03', '2025-03', '2026-03'],
    );
    // Worked by hand (planningCase.ts): two children looked after on 31 March 2023.
    assert.equal(mv.years[0]?.start, 2);

    const res = await viewer.get(page);
    assert.match(res.text, /<h2 class="govuk-heading-m" id="movement">Why the forecast moves<\/h2>/);
    const table = /Why the forecast moves: children at the start[\s\S]*?<\/table>/.exec(res.text)?.[0] ?? '';
    for (const y of mv.years) {
      const cells = [y.start, y.entries, y.leavingBefore18, y.turning18, y.end, y.end - y.start].map(
        (n) => `<td class="govuk-table__cell govuk-table__cell--numeric"[^>]*>${formatNumber(n)}</td>`,
      );
      assert.match(table, new RegExp(`${formatMonth(y.to)}</t[hd]>\\s*${cells.join('\\s*')}`), `year to ${y.to}`);
    }
    const w = mv.referenceWindow;
    const window = /The same flows a year in the reference window[\s\S]*?<\/table>/.exec(res.text)?.[0] ?? '';
    for (const n of [w.entries, w.leavingBefore18, w.turning18])
      assert.match(window, new RegExp(`>${formatNumber(n)}<`));
    assert.match(window, new RegExp(`>${mv.entryTrendPercentPerYear[0]}% a year<`));
    const note = ageMixNote(mv);
    if (note) assert.match(res.text, /id="movement-note"/);
    else assert.doesNotMatch(res.text, /id="movement-note"/);

    const xlsx = await viewer.getBytes(`${page}?format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    assert.ok(book.getWorksheet('Why the forecast moves'), 'the movement is in the download');
    assert.ok(book.getWorksheet('Flows a year in the window'));
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import YAML from 'yaml';
import {
  parseProgrammeText,
  programmeFromDocument,
  programmeToText,
  ProgrammeFileError,
  readProgrammeFile,
} from '../../src/io/programmeFile.ts';

const EXAMPLE = path.join(import.meta.dirname, '../../examples/programme/example.yaml');

const minimal = {
  programme: 'Minimal',
  firstYear: '2025/26',
  planYears: 2,
  initiatives: [
    {
      id: 'edge-of-care',
      name: 'Edge of care',
      profile: 'incremental',
      years: { '2025/26': { grossSaving: 1000.5, investment: 200 } },
    },
  ],
};

test('the example programme file reads: four initiatives, amounts in pence, ranges and phasing', async () => {
  const p = await readProgrammeFile(EXAMPLE);
  assert.equal(p.initiatives.length, 4);
  assert.deepEqual(
    p.initiatives.map((i) => i.id),
    ['edge-of-care', 'foster-recruitment', 'residential-step-down', 'faster-adoption'],
  );
  assert.equal(p.firstYear, 2025);
  assert.equal(p.unit, 'thousands');
  const edge = p.initiatives[0];
  assert.deepEqual(edge?.years[0], {
    year: 2025,
    investment: 45_000_000,
    ongoingCost: 31_500_000,
    grossSaving: 90_000_000,
    grossLow: 60_000_000,
    grossHigh: 110_000_000,
    phasing: 0.5,
  });
  assert.equal(edge?.scenario, 'Edge of care team');
  assert.equal(p.statedTotals.byYear.length, 4);
});

test('defaults: unit £000s, 3.5%, incremental stated totals, phasing 1, no range', () => {
  const p = programmeFromDocument(minimal, 'minimal');
  assert.equal(p.unit, 'thousands');
  assert.equal(p.discountRate, 0.035);
  assert.equal(p.statedProfile, 'incremental');
  // Amounts left out hold no figure (nil in the totals; no rounding allowance).
  assert.deepEqual(p.initiatives[0]?.years[0], { year: 2025, investment: 20_000, grossSaving: 100_050, phasing: 1 });
});

test('errors name the initiative and the field', () => {
  const bad = {
    ...minimal,
    initiatives: [
      { ...minimal.initiatives[0], years: { '2025/26': { grossSaving: 'lots' } } },
      { id: 'foster', name: 'Foster', profile: 'sideways', years: { '2025/26': { phasing: 2 } } },
    ],
  };
  const err = (() => {
    try {
      programmeFromDocument(bad, 'plan.yaml');
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.ok(err instanceof ProgrammeFileError);
  const text = err.problems.join('\n');
  assert.match(text, /initiative 'edge-of-care', years\.2025\/26\.grossSaving: expected an amount in pounds/);
  assert.match(text, /initiative 'foster', profile:/);
  assert.match(text, /initiative 'foster', years\.2025\/26\.phasing: phasing is a share from 0 to 1/);
  assert.match(err.message, /^plan\.yaml: 3 problems/);
});

test('cross-field rules: gaps in years, ranges the wrong way round, years outside the appraisal, duplicate ids', () => {
  const doc = {
    ...minimal,
    initiatives: [
      {
        id: 'a',
        name: 'A',
        profile: 'cumulative',
        years: { '2025/26': { grossSaving: 10, low: 20 }, '2027/28': { grossSaving: 10 } },
      },
      { id: 'a', name: 'A again', profile: 'cumulative', years: { '2040/41': { grossSaving: 10, high: 5 } } },
    ],
  };
  assert.throws(
    () => programmeFromDocument(doc, 'x'),
    (e: unknown) => {
      assert.ok(e instanceof ProgrammeFileError);
      assert.deepEqual(e.problems, [
        "initiative 'a', years.2025/26.low: 20 is above grossSaving 10",
        "initiative 'a', years: 2026/27 is missing (enter the years without gaps)",
        "initiative number 2, id: 'a' is used by an earlier initiative",
        "initiative 'a', years.2040/41: outside the appraisal period 2025/26 to 2034/35",
        "initiative 'a', years.2040/41.high: 5 is below grossSaving 10",
      ]);
      return true;
    },
  );
});

test('unknown fields are refused (a typo is not silently ignored)', () => {
  const doc = { ...minimal, initiatives: [{ ...minimal.initiatives[0], years: { '2025/26': { grossSavings: 10 } } }] };
  assert.throws(
    () => programmeFromDocument(doc, 'x'),
    /initiative 'edge-of-care', years\.2025\/26: unknown field 'grossSavings' \(a typo\? see docs\/programme-file\.md\)/,
  );
});

test('YAML and JSON written by Forecare read back to the same programme', async () => {
  const p = await readProgrammeFile(EXAMPLE);
  assert.deepEqual(parseProgrammeText(programmeToText(p, 'yaml'), 'yaml'), p);
  const json = programmeToText(p, 'json');
  assert.doesNotThrow(() => JSON.parse(json));
  assert.deepEqual(parseProgrammeText(json, 'json'), p);
  assert.equal(YAML.parse(programmeToText(p, 'yaml')).initiatives[0].years['2025/26'].low, 600000);
});

test('not YAML at all', () => {
  assert.throws(
    () => parseProgrammeText('a: [1, 2', 'broken.yaml'),
    /broken\.yaml: 1 problem:\n {2}not valid YAML or JSON/,
  );
});

test('an initiative may take its forecast from a permanence tracker project: read and written back', () => {
  const doc = { ...minimal, initiatives: [{ ...minimal.initiatives[0], trackerProject: 'Reunification 2026' }] };
  const p = programmeFromDocument(doc, 'x');
  assert.equal(p.initiatives[0]?.trackerProject, 'Reunification 2026');
  assert.equal(p.initiatives[0]?.scenario, undefined);
  const yaml = programmeToText(p, 'yaml');
  assert.equal(YAML.parse(yaml).initiatives[0].trackerProject, 'Reunification 2026');
  assert.deepEqual(parseProgrammeText(yaml, 'yaml'), p);
  assert.deepEqual(parseProgrammeText(programmeToText(p, 'json'), 'json'), p);
});

test('a scenario and a tracker project together are refused, naming the field', () => {
  const doc = {
    ...minimal,
    initiatives: [{ ...minimal.initiatives[0], scenario: 'Edge of care team', trackerProject: 'Reunification 2026' }],
  };
  assert.throws(
    () => programmeFromDocument(doc, 'plan.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof ProgrammeFileError);
      assert.deepEqual(e.problems, [
        "initiative 'edge-of-care', trackerProject: give a scenario or a trackerProject as the forecast, not both (scenario 'Edge of care team', trackerProject 'Reunification 2026')",
      ]);
      return true;
    },
  );
});

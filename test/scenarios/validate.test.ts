import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioText } from '../../src/io/scenarioFile.ts';
import { parseScenario, ScenarioValidationError } from '../../src/domain/scenarios/validate.ts';
import { costAdjustments, engineAdjustments } from '../../src/domain/scenarios/scenario.ts';

const GOOD = `
name: Edge of care
description: Keep teenagers out of care
adjustments:
  - kind: entryRate
    start: 2026-04-01
    rampMonths: 6
    ageBands: [10_to_15, 16_plus]
    childrenPerYear: -20
  - kind: exitRate
    start: 2026-04-01
    route: sgo_cao
    percent: 25
  - kind: categoryShift
    start: 2026-04-01
    from: ifa_fostering
    to: inhouse_fostering
    childrenPerYear: 10
    capacity: 15
  - kind: unitCostChange
    start: 2026-04-01
    category: external_residential
    percent: -5
    weeklyChange: -10.5
  - kind: newProvision
    start: 01/10/2026
    name: Three two-bed homes
    from: external_residential
    to: inhouse_residential
    capacity: 6
    runningCostPerYear: 1800000
`;

test('a good scenario file becomes engine and cost adjustments, money in pence', () => {
  const s = parseScenarioText(GOOD, 'edge.yaml');
  assert.equal(s.name, 'Edge of care');
  assert.equal(s.adjustments.length, 5);
  const engine = engineAdjustments(s);
  assert.deepEqual(
    engine.map((a) => a.kind),
    ['entryRate', 'exitRate', 'categoryShift', 'categoryShift'],
  );
  assert.deepEqual(engine[3], {
    kind: 'categoryShift',
    start: '2026-10-01',
    rampMonths: 0,
    from: 'external_residential',
    to: 'inhouse_residential',
    childrenPerYear: 6, // defaults to the capacity
    capacity: 6,
  });
  const costs = costAdjustments(s);
  assert.deepEqual(costs[0], {
    kind: 'unitCostChange',
    start: '2026-04-01',
    rampMonths: 0,
    category: 'external_residential',
    percent: -5,
    weeklyChangePence: -1050, // -£10.50
  });
  assert.equal(costs[1]!.kind === 'provisionCost' && costs[1]!.runningCostPerYearPence, 180_000_000);
});

function problemsOf(text: string, name = 'bad.yaml'): string {
  try {
    parseScenarioText(text, name);
  } catch (err) {
    assert.ok(err instanceof ScenarioValidationError);
    return err.message;
  }
  assert.fail('expected a ScenarioValidationError');
}

test('a bad field names the adjustment (number and kind) and the field', () => {
  const msg = problemsOf(`
name: x
adjustments:
  - kind: entryRate
    start: 2026-04-01
    percent: -10
  - kind: exitRate
    start: 2026-04-01
    route: fostered
    percent: 25
`);
  assert.match(msg, /^bad\.yaml: a problem in the scenario/);
  assert.match(msg, /adjustment 2 \(exitRate\), field "route": Invalid option: expected one of/);
});

test('every problem is listed: unknown kind, bad date, misspelt field, missing field', () => {
  const msg = problemsOf(`
name: x
adjustments:
  - kind: entryRates
    start: 2026-04-01
  - kind: categoryShift
    start: 2026-13-01
    from: external_residential
    to: external_residential
    childrenPerYear: 5
  - kind: unitCostChange
    start: 2026-04-01
    categry: secure
    percent: -5
  - kind: newProvision
    start: 2026-04-01
    name: Homes
    from: external_residential
    to: inhouse_residential
    capacity: 2.5
`);
  assert.match(
    msg,
    /adjustment 1 \(entryRates\), field "kind": must be one of entryRate, exitRate, categoryShift, moveOnce, movePercent, moveToShare, unitCostChange, newProvision/,
  );
  assert.match(msg, /adjustment 2 \(categoryShift\), field "start": "2026-13-01" is not a date/);
  assert.match(msg, /adjustment 3 \(unitCostChange\), field "categry": is not a field of this kind of adjustment/);
  assert.match(msg, /adjustment 3 \(unitCostChange\), field "category": Invalid option/);
  assert.match(msg, /adjustment 4 \(newProvision\), field "capacity": Invalid input: expected int/);
  assert.match(msg, /adjustment 4 \(newProvision\), field "runningCostPerYear": Invalid input: expected number/);
});

test('a shift must go somewhere else (checked once the fields are valid)', () => {
  const msg = problemsOf(`
name: x
adjustments:
  - kind: categoryShift
    start: 2026-04-01
    from: external_residential
    to: external_residential
    childrenPerYear: 5
`);
  assert.match(msg, /adjustment 1 \(categoryShift\), field "to": must differ from "from"/);
});

test('entry rate needs exactly one of percent or childrenPerYear; age bands must exist', () => {
  const msg = problemsOf(`
name: x
adjustments:
  - kind: entryRate
    start: 2026-04-01
    ageBands: [teenagers]
    percent: -10
    childrenPerYear: -5
`);
  assert.match(
    msg,
    /adjustment 1 \(entryRate\), field "ageBands\.0": must be one of under_1, 1_to_4, 5_to_9, 10_to_15, 16_plus/,
  );
  assert.match(msg, /adjustment 1 \(entryRate\), field "percent": give exactly one of percent or childrenPerYear/);
});

test('file-level problems: bad YAML with its line, bad JSON, missing name', () => {
  assert.match(
    problemsOf('name: x\nadjustments:\n  - kind: [unclosed\n'),
    /bad\.yaml: [\s\S]*field "\(file\)": is not valid YAML at line \d/,
  );
  assert.match(problemsOf('{"name": ', 'bad.json'), /bad\.json: [\s\S]*field "\(file\)": is not valid JSON/);
  assert.match(problemsOf('adjustments: []\n'), /field "name": Invalid input: expected string/);
});

test('JSON scenario files are read too', () => {
  const s = parseScenarioText(
    JSON.stringify({
      name: 'j',
      adjustments: [{ kind: 'exitRate', start: '2026-04-01', route: 'adoption', percent: 10 }],
    }),
    's.json',
  );
  assert.deepEqual(s.adjustments, [
    { kind: 'exitRate', start: '2026-04-01', rampMonths: 0, route: 'adoption', percent: 10 },
  ]);
});

test('moves stated as N once, X% a year and a share by a date are read from a file', () => {
  const s = parseScenario(
    {
      name: 'Moves',
      adjustments: [
        {
          kind: 'moveOnce',
          start: '2026-04-01',
          rampMonths: 3,
          from: 'ifa_fostering',
          to: 'inhouse_fostering',
          children: 6,
        },
        { kind: 'movePercent', start: '2026-04-01', from: 'secure', to: 'external_residential', percentPerYear: 10 },
        {
          kind: 'moveToShare',
          start: '2026-04-01',
          from: 'ifa_fostering',
          to: 'inhouse_fostering',
          sharePercent: 60,
          by: '2029-03-31',
        },
      ],
    },
    'moves.yaml',
  );
  assert.deepEqual(
    s.adjustments.map((a) => a.kind),
    ['moveOnce', 'movePercent', 'moveToShare'],
  );
  assert.equal(s.adjustments[1]?.rampMonths, 0);
  assert.throws(
    () =>
      parseScenario(
        {
          name: 'Bad',
          adjustments: [
            { kind: 'movePercent', start: '2026-04-01', from: 'secure', to: 'secure', percentPerYear: 100 },
            {
              kind: 'moveToShare',
              start: '2026-04-01',
              rampMonths: 3,
              from: 'secure',
              to: 'other',
              sharePercent: 50,
              by: '2025-01-01',
            },
          ],
        },
        'bad.yaml',
      ),
    (err: Error) =>
      /adjustment 1 \(movePercent\), field "percentPerYear"/.test(err.message) &&
      /adjustment 2 \(moveToShare\), field "rampMonths"/.test(err.message),
  );
});

test('a share move may give children per in-house fostering household, 0.5 to 6, named by its field when wrong', () => {
  const move = {
    kind: 'moveToShare',
    start: '2026-04-01',
    from: 'ifa_fostering',
    to: 'inhouse_fostering',
    sharePercent: 60,
    by: '2027-01-31',
  };
  const ok = parseScenario({ name: 'Sixty', adjustments: [{ ...move, childrenPerHousehold: 1.5 }] }, 'sixty.yaml');
  assert.deepEqual(ok.adjustments[0], { ...move, rampMonths: 0, childrenPerHousehold: 1.5 });
  // Left out: not stored at all (the comparison takes the council's capacity, else its default).
  const without = parseScenario({ name: 'Sixty', adjustments: [move] }, 'sixty.yaml');
  assert.equal('childrenPerHousehold' in (without.adjustments[0] ?? {}), false);
  for (const bad of [0, 0.4, 6.5, 'two']) {
    assert.throws(
      () => parseScenario({ name: 'Sixty', adjustments: [{ ...move, childrenPerHousehold: bad }] }, 'sixty.yaml'),
      (err: Error) => /adjustment 1 \(moveToShare\), field "childrenPerHousehold"/.test(err.message),
      String(bad),
    );
  }
  // Only a share move has it.
  assert.throws(
    () =>
      parseScenario(
        {
          name: 'Once',
          adjustments: [
            {
              kind: 'moveOnce',
              start: '2026-04-01',
              from: 'ifa_fostering',
              to: 'inhouse_fostering',
              children: 6,
              childrenPerHousehold: 1.5,
            },
          ],
        },
        'once.yaml',
      ),
    /field "childrenPerHousehold": is not a field of this kind of adjustment/,
  );
});

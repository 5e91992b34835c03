/**
 * The initiative form read and filled (src/web/features/programmes/forms.ts): the answers shown
 * from a stored initiative, and the edited initiative read back from what was posted. Worked by
 * hand from the fields below.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  initiativeFromForm,
  initiativeValues,
  monitoringRowCount,
} from '../../../../src/web/features/programmes/forms.ts';

const stored = {
  id: 'edge',
  name: 'Edge of care',
  owner: 'Head of service',
  savingType: 'cashable',
  profile: 'incremental',
  years: { '2025/26': { investment: 10000, grossSaving: 'TBC' } },
  monitoring: [
    { period: '2025-09', target: 100, forecast: 90, actual: null, variance: -10 },
    { period: '2025-12', target: 200, forecast: 210, actual: 205 },
  ],
};
const years = ['2025/26', '2026/27'];

describe('the initiative form', () => {
  test('shows what is stored: every plan year, every monitoring period, blanks where nothing is entered', () => {
    const v = initiativeValues(stored, years);
    assert.equal(v.name, 'Edge of care');
    assert.equal(v.scenario, '');
    assert.equal(v['y0-investment'], '10000');
    assert.equal(v['y0-grossSaving'], 'TBC');
    assert.equal(v['y0-phasing'], '');
    assert.equal(v['y1-investment'], '');
    assert.equal(v['m0-actual'], '');
    assert.equal(v['m1-actual'], '205');
    assert.equal(v['m2-period'], undefined);
    // Two periods entered and one blank row to add the next.
    assert.equal(monitoringRowCount(stored), 3);
  });

  test('reads back: blank monitoring rows dropped, a stated variance kept with its period, owner cleared', () => {
    const posted: Record<string, string> = {
      ...initiativeValues(stored, years),
      owner: '  ',
      'y1-grossSaving': '(5,000)',
      'm0-forecast': '£1,000',
      'm1-period': '',
    };
    const read = (key: string) => posted[key] ?? '';
    const { edited, errors } = initiativeFromForm(read, stored, years);
    assert.deepEqual(errors, {});
    assert.equal(edited.owner, undefined);
    assert.deepEqual(edited.years, {
      '2025/26': { investment: 10000, grossSaving: 'TBC' },
      '2026/27': { grossSaving: -5000 },
    });
    // Row 0 keeps its paper's variance; row 1 (period cleared) and the blank row 2 are dropped.
    assert.deepEqual(edited.monitoring, [
      { period: '2025-09', target: 100, forecast: 1000, actual: null, variance: -10 },
    ]);
  });

  test('errors name the field and the period: a blank name, a monitoring figure that is not a number', () => {
    const posted: Record<string, string> = { ...initiativeValues(stored, years), name: '', 'm1-target': 'lots' };
    const { errors, values } = initiativeFromForm((key) => posted[key] ?? '', stored, years);
    assert.deepEqual(errors, {
      name: 'Enter the initiative’s name',
      'm1-target': 'Monitoring 2025-12 target: enter a number',
    });
    // What was typed is shown again as typed.
    assert.equal(values['m1-target'], 'lots');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoWorkforce } from '../../src/domain/demo/workforce.ts';
import { measuresAt } from '../../src/domain/workforce/measures.ts';

describe('the demo council’s synthetic workforce', () => {
  const periods = demoWorkforce(300, '2026-03', 903);

  it('is two years of months for five teams, the same for the same seed', () => {
    assert.equal(periods.length, 5 * 24);
    assert.deepEqual(demoWorkforce(300, '2026-03', 903), periods);
    assert.notDeepEqual(demoWorkforce(300, '2026-03', 904), periods);
    assert.equal(periods[0]?.periodStart, '2024-04');
    assert.ok(periods.every((p) => p.permanentFte >= 0 && p.agencyFte >= 0 && p.vacancyFte >= 0 && p.leaversFte >= 0));
    // A pay rise each April: £42,000 in April 2024, 3% more in April 2025.
    assert.deepEqual([...new Set(periods.map((p) => p.salaryPence))].sort(), [4_200_000, 4_326_000]);
  });

  it('looks like a council: turnover, agency and caseloads near the seeds’ figures', () => {
    const m = measuresAt(periods, '2026-03', { looked_after: 300, child_in_need: null, child_protection: null });
    assert.ok(m.turnover !== null && m.turnover > 0.08 && m.turnover < 0.3, String(m.turnover));
    assert.ok(m.agency > 0.05 && m.agency < 0.35, String(m.agency));
    const cic = m.teams.find((t) => t.team === 'Children in care 1');
    assert.ok(
      cic?.caseload !== null && cic !== undefined && cic.caseload! > 10 && cic.caseload! < 25,
      String(cic?.caseload),
    );
  });
});

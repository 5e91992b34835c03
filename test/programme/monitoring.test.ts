import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isPeriod,
  monitorInitiative,
  periodStartMonth,
  ragOf,
  riskView,
} from '../../src/domain/programme/monitoring.ts';
import { DEFAULT_RAG } from '../../src/domain/programme/model.ts';
import { formatMoney } from '../../src/domain/finance/money.ts';
import { anInitiative } from './builders.ts';

test('variance is forecast minus target; above target is favourable', () => {
  const m = monitorInitiative(
    anInitiative({
      monitoring: [
        { period: '2025/26 Q2', target: 5_000_000, forecast: 4_000_000, actual: null },
        { period: '2025/26 Q1', target: 5_000_000, forecast: 5_500_000, actual: 5_200_000 },
      ],
      milestones: [
        { name: 'Team recruited', due: '2025-06-30', status: 'complete' },
        { name: 'First families supported', due: '2025-09-30', status: 'on track' },
      ],
      risks: [
        { description: 'Recruitment', likelihood: 2, impact: 3, mitigation: 'Agency cover' },
        { description: 'Court delays', likelihood: 4, impact: 4, mitigation: 'Pre-proceedings work' },
      ],
    }),
    DEFAULT_RAG,
    '2025-10-15',
  );
  // Q1 first: forecast 55k vs target 50k, +5k favourable, green; actual 52k, +2k.
  // Q2: 40k vs 50k, (10k) adverse, 80% of target: amber (>= 80, < 95).
  assert.deepEqual(
    m.periods.map((p) => [p.period, p.variance, p.direction, p.rag]),
    [
      ['2025/26 Q1', 500_000, 'favourable', 'green'],
      ['2025/26 Q2', -1_000_000, 'adverse', 'amber'],
    ],
  );
  assert.equal(m.periods[0]?.actualVariance, 200_000);
  // Overall: forecast 95k vs target 100k = 95%: green at the default threshold; variance (5k) adverse.
  assert.equal(m.variance, -500_000);
  assert.equal(m.direction, 'adverse');
  assert.equal(m.rag, 'green');
  assert.equal(formatMoney(m.variance, 'thousands'), '(5)');
  assert.deepEqual(
    m.milestones.map((x) => x.overdue),
    [false, true],
  );
  assert.deepEqual(
    m.risks.map((r) => [r.description, r.score, r.rating]),
    [
      ['Court delays', 16, 'high'],
      ['Recruitment', 6, 'low'],
    ],
  );
});

test('RAG thresholds are configurable', () => {
  assert.equal(ragOf(90, 100, DEFAULT_RAG), 'amber');
  assert.equal(ragOf(90, 100, { greenMinPercent: 90, amberMinPercent: 70 }), 'green');
  assert.equal(ragOf(69, 100, { greenMinPercent: 90, amberMinPercent: 70 }), 'red');
  assert.equal(ragOf(0, 0, DEFAULT_RAG), 'green');
  assert.equal(riskView({ description: 'x', likelihood: 2, impact: 4, mitigation: '' }).rating, 'medium');
});

test('periods: months and financial quarters', () => {
  assert.ok(isPeriod('2025-04'));
  assert.ok(isPeriod('2025/26 Q4'));
  assert.ok(!isPeriod('2025/27 Q1'));
  assert.ok(!isPeriod('2025-13'));
  assert.equal(periodStartMonth('2025/26 Q4'), '2026-01');
  assert.equal(periodStartMonth('2025/26 Q3'), '2025-10');
});

test('money shows negatives in brackets in each display unit', () => {
  assert.equal(formatMoney(-46_200_000, 'millions'), '(0.462)');
  assert.equal(formatMoney(123_456_789, 'thousands'), '1,235');
  assert.equal(formatMoney(-123_456, 'GBP'), '(1,235)');
  assert.equal(formatMoney(-40, 'thousands'), '0');
});

/**
 * Do exits depend on legal status beyond what the engine's exit cells see? (issue 13; the change
 * the accuracy study's notes named next, measured before building it.) For councils made by the
 * demo generator, every day a child was looked after in the window (short breaks left out, up to
 * the 18th birthday, which is an exit the engine times exactly) falls in a cell of the engine's
 * exits: age band × placement category × time-in-care band (DEFAULT_AGE_BANDS,
 * DEFAULT_DURATION_BOUNDS_DAYS). Each cell's exit rate is its exits over its days; a legal-status
 * group's expected exits are its days times its cells' rates. Observed / expected by group says
 * how far legal status sets the hazard apart within cells.
 *
 * Then, for the children in care on CUTOFF: the spread (binomial variance) of the number leaving
 * in the next 182 days, with each child's cell rate alone and with the cell rate times its group's
 * observed / expected in its time-in-care band. How much the second narrows the first is what
 * exits by legal status could take off the process noise of a 6-month forecast.
 *
 *   node scripts/exits-by-legal-status.ts     SEEDS=707,1707,2707 SIZE=800 GROWTH=0 CUTOFF=2021-03-31
 */
import { DEFAULT_AGE_BANDS } from '../src/domain/ageBands.ts';
import { dayNumberYearsLater, toDayNumber } from '../src/domain/dates.ts';
import { simulateCouncil } from '../src/domain/demo/simulateCouncil.ts';
import { DEFAULT_DURATION_BOUNDS_DAYS } from '../src/domain/engine/rates.ts';
import { isShortBreak, type Episode } from '../src/domain/model.ts';
import { placementCategory } from '../src/domain/placementCategories.ts';
import { caseDataFromReturns } from '../test/engine/support/demoCaseData.ts';

const SEEDS = (process.env.SEEDS ?? '707,1707,2707').split(',').map(Number);
const SIZE = Number(process.env.SIZE ?? 800);
const GROWTH = Number(process.env.GROWTH ?? 0);
const CUTOFF = toDayNumber(process.env.CUTOFF ?? '2021-03-31');
const WINDOW = [toDayNumber('2018-04-01'), toDayNumber('2023-04-01')] as const;
const DURATION = [0, ...DEFAULT_DURATION_BOUNDS_DAYS, Number.POSITIVE_INFINITY];
const HORIZON_DAYS = 182;

/** Legal status groups: placement orders, full and interim care orders, section 20, others. */
function groupOf(ls: string): string {
  if (ls === 'E1' || ls === 'D1') return 'E1/D1 placement order';
  if (ls === 'C2') return 'C2 full care order';
  if (ls === 'C1') return 'C1 interim care order';
  if (ls === 'V2') return 'V2 section 20';
  return 'other';
}

/** A stretch of days in one cell and group; `exit` when the period of care ended on its last day. */
interface Stretch {
  readonly cell: string;
  readonly band: number;
  readonly group: string;
  readonly from: number;
  readonly to: number;
  readonly exit: boolean;
}

/** One child's episodes (sorted, no short breaks) cut into stretches within the window. */
function stretchesOf(episodes: readonly Episode[], dob: string): Stretch[] {
  const out: Stretch[] = [];
  const ageDays = DEFAULT_AGE_BANDS.map((b) => dayNumberYearsLater(dob, b.minAge));
  const eighteen = dayNumberYearsLater(dob, 18);
  let periodStart = 0;
  episodes.forEach((e, i) => {
    const start = toDayNumber(e.start);
    const end = e.end === null ? null : toDayNumber(e.end);
    const before = episodes[i - 1];
    if (before === undefined || before.end === null || toDayNumber(before.end) !== start) periodStart = start;
    const next = episodes[i + 1];
    const periodEnds = end !== null && (next === undefined || toDayNumber(next.start) !== end);
    const category = placementCategory(e.placement, e.provider);
    const stop = Math.min(end ?? WINDOW[1], WINDOW[1], eighteen);
    for (let a = Math.max(start, WINDOW[0]); a < stop;) {
      let band = 0;
      while (a - periodStart >= DURATION[band + 1]!) band++;
      let age = 0;
      while (age + 1 < ageDays.length && a >= ageDays[age + 1]!) age++;
      const b = Math.min(stop, periodStart + DURATION[band + 1]!, ageDays[age + 1] ?? Number.POSITIVE_INFINITY);
      const exit = b === stop && periodEnds && end === stop && end < eighteen;
      out.push({ cell: `${age}|${category}|${band}`, band, group: groupOf(e.legalStatus), from: a, to: b, exit });
      a = b;
    }
  });
  return out;
}

const stretches: Stretch[] = [];
for (const seed of SEEDS) {
  const data = caseDataFromReturns(
    simulateCouncil({ seed, years: 10, endYear: 2025, childrenInCare: SIZE, annualGrowth: GROWTH }).returns,
  );
  const dob = new Map(data.children.map((c) => [c.childId, c.dob]));
  const byChild = new Map<string, Episode[]>();
  for (const e of data.episodes) if (!isShortBreak(e)) byChild.set(e.childId, [...(byChild.get(e.childId) ?? []), e]);
  for (const [id, eps] of byChild) {
    eps.sort((x, y) => (x.start < y.start ? -1 : 1));
    stretches.push(...stretchesOf(eps, dob.get(id)!).map((s) => ({ ...s, cell: `${seed}|${s.cell}` })));
  }
}

const cells = new Map<string, { days: number; exits: number }>();
for (const s of stretches) {
  const c = cells.get(s.cell) ?? { days: 0, exits: 0 };
  c.days += s.to - s.from;
  c.exits += s.exit ? 1 : 0;
  cells.set(s.cell, c);
}
const rateOf = (cell: string): number => cells.get(cell)!.exits / cells.get(cell)!.days;

const ratio = new Map<string, { observed: number; expected: number; days: number }>();
const add = (key: string, s: Stretch): void => {
  const r = ratio.get(key) ?? { observed: 0, expected: 0, days: 0 };
  r.observed += s.exit ? 1 : 0;
  r.expected += (s.to - s.from) * rateOf(s.cell);
  r.days += s.to - s.from;
  ratio.set(key, r);
};
for (const s of stretches) {
  add(s.group, s);
  add(`${s.group}|${s.band}`, s);
}

console.log(
  `Councils: seeds ${SEEDS.join(', ')}, ${SIZE} children, entries ${GROWTH * 100}% a year; 1 April 2018 to 31 March 2023`,
);
console.log('Legal status group        years looked after   exits   expected by cell   observed / expected');
for (const [g, r] of [...ratio].filter(([k]) => !k.includes('|')).sort())
  console.log(
    `${g.padEnd(26)}${(r.days / 365.25).toFixed(0).padStart(8)}${String(r.observed).padStart(16)}${r.expected.toFixed(0).padStart(19)}${(r.observed / r.expected).toFixed(2).padStart(22)}`,
  );

let plain = 0;
let byStatus = 0;
let children = 0;
for (const s of stretches) {
  if (!(s.from <= CUTOFF && CUTOFF < s.to)) continue;
  children++;
  const g = ratio.get(`${s.group}|${s.band}`)!;
  const factor = g.expected > 0 ? g.observed / g.expected : 1;
  const p = 1 - Math.exp(-rateOf(s.cell) * HORIZON_DAYS);
  const q = 1 - Math.exp(-rateOf(s.cell) * factor * HORIZON_DAYS);
  plain += p * (1 - p);
  byStatus += q * (1 - q);
}
console.log(
  `Children in care on the cutoff: ${children}; standard deviation of the number leaving within ${HORIZON_DAYS} days: ` +
    `${Math.sqrt(plain).toFixed(1)} by cell, ${Math.sqrt(byStatus).toFixed(1)} by cell and legal status (${((Math.sqrt(byStatus / plain) - 1) * 100).toFixed(1)}%)`,
);

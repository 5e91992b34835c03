/**
 * The engine's projection as finance reads it: for each Monte Carlo run, month by month child-days
 * by category, each month covering the days the engine counted in it (day 0, the start date, is the
 * starting population and is not in any month: actuals cover it).
 */
import { addDays } from '../dates.ts';
import type { Projection } from '../engine/projection.ts';
import type { PlacementCategory } from '../placementCategories.ts';
import type { MonthChildDays } from './spend.ts';

/** One MonthChildDays list per run. */
export function projectionRuns(p: Projection): MonthChildDays[][] {
  const m = p.timeline.months.length;
  const nC = p.categories.length;
  const covered = p.timeline.months.map((_, i) => ({
    from: addDays(p.timeline.start, p.timeline.monthFirstDay[i] as number),
    to: addDays(p.timeline.start, p.timeline.monthEndDay[i] as number),
  }));
  const runs: MonthChildDays[][] = [];
  for (let r = 0; r < p.runs; r++) {
    const months: MonthChildDays[] = [];
    for (let i = 0; i < m; i++) {
      const base = (r * m + i) * nC;
      const childDays: Partial<Record<PlacementCategory, number>> = {};
      p.categories.forEach((c, k) => {
        childDays[c] = p.childDaysByCategory[base + k] as number;
      });
      const range = covered[i] as { from: string; to: string };
      months.push({ month: p.timeline.months[i] as string, childDays, coveredFrom: range.from, coveredTo: range.to });
    }
    runs.push(months);
  }
  return runs;
}

/** Periods of care starting in each month of run `run` (all age bands). */
export function entriesByMonth(p: Projection, run: number): number[] {
  const m = p.timeline.months.length;
  const nB = p.ageBands.length;
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let k = 0; k < nB; k++) s += p.entriesByAgeBand[(run * m + i) * nB + k] as number;
    out.push(s);
  }
  return out;
}

/** The first day the projection does not cover from actuals' side: actuals run up to and including the start. */
export function actualsUntil(p: Projection): string {
  return addDays(p.timeline.start, 1);
}

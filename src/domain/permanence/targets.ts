/**
 * A project's stated targets (issue 11), checked against the looked after path computed from the
 * returns (start + admissions - discharges, of which project exits, = end). A target is stated for
 * a month and one measure:
 *   looked_after_end  children looked after at the month's end: met when the path is at or below it
 *   project_exits     the project's exits (left care as planned) in the month: met at or above it
 *   cumulative_exits  the project's exits from its start to the month's end: met at or above it
 * A month the returns do not yet cover is "to come", neither met nor missed. Pure.
 */
import type { TrackerMonth } from './tracker.ts';

export const TARGET_MEASURES = ['looked_after_end', 'project_exits', 'cumulative_exits'] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

export const TARGET_MEASURE_LABELS: Readonly<Record<TargetMeasure, string>> = {
  looked_after_end: 'Children looked after at the month’s end (at most)',
  project_exits: 'Project exits in the month (at least)',
  cumulative_exits: 'Project exits to date (at least)',
};

export function isTargetMeasure(text: string): text is TargetMeasure {
  return (TARGET_MEASURES as readonly string[]).includes(text);
}

export interface ProjectTarget {
  readonly measure: TargetMeasure;
  /** YYYY-MM. */
  readonly month: string;
  readonly value: number;
}

export type TargetStatus = 'met' | 'not_met' | 'to_come';

export interface CheckedTarget extends ProjectTarget {
  /** The path's figure for the month; null when the returns do not cover it. */
  readonly actual: number | null;
  readonly status: TargetStatus;
}

/** The figure a target compares with, from the tracker's month; null when not known. */
export function actualFor(measure: TargetMeasure, m: TrackerMonth | undefined): number | null {
  if (!m || m.lookedAfterEnd === null) return null;
  switch (measure) {
    case 'looked_after_end':
      return m.lookedAfterEnd;
    case 'project_exits':
      return m.achieved;
    case 'cumulative_exits':
      return m.cumulativeAchieved;
  }
}

/**
 * Each target beside the path's figure for its month, met or not; by month, then measure. A target
 * month outside the tracker's months (before its start) is "to come" with no figure only when
 * after the data; the service refuses months before the project's start.
 */
export function checkTargets(targets: readonly ProjectTarget[], months: readonly TrackerMonth[]): CheckedTarget[] {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  return [...targets]
    .sort(
      (a, b) =>
        a.month.localeCompare(b.month) || TARGET_MEASURES.indexOf(a.measure) - TARGET_MEASURES.indexOf(b.measure),
    )
    .map((t) => {
      const actual = actualFor(t.measure, byMonth.get(t.month));
      const status: TargetStatus =
        actual === null
          ? 'to_come'
          : (t.measure === 'looked_after_end' ? actual <= t.value : actual >= t.value)
            ? 'met'
            : 'not_met';
      return { ...t, actual, status };
    });
}

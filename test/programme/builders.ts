/** Test-data builders for savings programmes. Amounts given to the builders are in pounds. */
import type { Initiative, Programme, YearLine } from '../../src/domain/programme/model.ts';
import { DEFAULT_RAG } from '../../src/domain/programme/model.ts';
import { poundsToPence } from '../../src/domain/programme/money.ts';

export interface YearInPounds {
  readonly year: number;
  readonly investment?: number;
  readonly ongoingCost?: number;
  readonly grossSaving?: number;
  readonly grossLow?: number;
  readonly grossHigh?: number;
  readonly phasing?: number;
}

export function yearLine(y: YearInPounds): YearLine {
  return {
    year: y.year,
    investment: poundsToPence(y.investment ?? 0),
    ongoingCost: poundsToPence(y.ongoingCost ?? 0),
    grossSaving: poundsToPence(y.grossSaving ?? 0),
    grossLow: y.grossLow === undefined ? undefined : poundsToPence(y.grossLow),
    grossHigh: y.grossHigh === undefined ? undefined : poundsToPence(y.grossHigh),
    phasing: y.phasing ?? 1,
  };
}

export function anInitiative(
  over: Partial<Initiative> & { readonly lines?: readonly YearInPounds[] } = {},
): Initiative {
  const { lines, ...rest } = over;
  return {
    id: 'edge-of-care',
    name: 'Edge-of-care team',
    savingType: 'cashable',
    profile: 'incremental',
    years: (lines ?? []).map(yearLine),
    targets: [],
    monitoring: [],
    milestones: [],
    risks: [],
    ...rest,
  };
}

export function aProgramme(over: Partial<Programme> = {}): Programme {
  return {
    name: 'Test programme',
    unit: 'thousands',
    firstYear: 2025,
    planYears: 4,
    discountRate: 0.035,
    statedProfile: 'incremental',
    rag: DEFAULT_RAG,
    initiatives: [],
    statedTotals: { byYear: [], total: {} },
    ...over,
  };
}

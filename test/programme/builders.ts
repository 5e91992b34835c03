/** Test-data builders for savings programmes. Amounts given to the builders are in pounds. */
import type { AmountField, Initiative, Programme, YearLine } from '../../src/domain/programme/model.ts';
import { DEFAULT_RAG } from '../../src/domain/programme/model.ts';
import { poundsToPence } from '../../src/domain/finance/money.ts';

export interface YearInPounds {
  readonly year: number;
  readonly investment?: number;
  readonly ongoingCost?: number;
  readonly grossSaving?: number;
  readonly grossLow?: number;
  readonly grossHigh?: number;
  readonly phasing?: number;
  readonly tbc?: readonly AmountField[];
}

/** A year line as a file would give it: amounts left out hold no figure (undefined), "TBC" ones are listed. */
export function yearLine(y: YearInPounds): YearLine {
  const out: Record<string, unknown> = { year: y.year };
  for (const field of ['investment', 'ongoingCost', 'grossSaving', 'grossLow', 'grossHigh'] as const) {
    const v = y[field];
    if (v !== undefined) out[field] = poundsToPence(v);
  }
  out.phasing = y.phasing ?? 1;
  if (y.tbc && y.tbc.length > 0) out.tbc = y.tbc;
  return out as unknown as YearLine;
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

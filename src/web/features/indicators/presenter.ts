/** The Indicators page's tables (view models for the template and the Excel download). */
import { ENTRY_AGE_GROUPS } from '../../../domain/indicators/lookedAfter.ts';
import { publishedRounding, type IndicatorsView } from '../../../services/indicators.ts';
import type { DataTable } from '../../components/tables.ts';

const QUARTILE_WORDS = ['', '1 (lowest)', '2', '3', '4 (highest)'] as const;

/** Each indicator for the year: the council, England, the neighbours and the quartile. */
export function indicatorsTable(view: IndicatorsView): DataTable {
  return {
    caption: `Indicators for the year ending 31 March ${view.year ?? ''}, against the DfE's published figures`,
    sheetName: 'Indicators',
    columns: [
      { header: 'Indicator' },
      { header: 'Council', format: 'integer' },
      { header: 'England', format: 'integer' },
      { header: 'Neighbours low', format: 'integer' },
      { header: 'Neighbours high', format: 'integer' },
      { header: 'Neighbours mean', format: 'decimal1' },
      { header: 'Neighbours with a figure', format: 'integer' },
      { header: 'Quartile' },
      { header: 'Counted' },
    ],
    rows: view.rows.map((r) => [
      r.label,
      publishedRounding(r.value),
      r.comparison.england,
      r.comparison.neighbourMin,
      r.comparison.neighbourMax,
      r.comparison.neighbourMean,
      r.comparison.neighbours,
      r.comparison.quartile === null ? 'None published' : QUARTILE_WORDS[r.comparison.quartile],
      r.basis,
    ]),
  };
}

/** The counts behind the indicators. */
export function countsTable(view: IndicatorsView): DataTable {
  const c = view.counts;
  const rows: [string, number | null][] = c
    ? [
        ['Looked after on 31 March', c.lookedAfterOn31March],
        ['Started to be looked after in the year (first occasion)', c.started],
        ...ENTRY_AGE_GROUPS.map((g): [string, number] => [
          `  of whom aged ${g.label.toLowerCase()}`,
          c.startedByAge[g.key],
        ]),
        ['Looked after on 31 March with 3 or more placements in the year', c.threeOrMorePlacements.children],
        ['Under 16, looked after 2.5 years or more on 31 March', c.longTermSameCarer.of],
        ['  of whom with the same carer 2 years or more', c.longTermSameCarer.children],
        ['Adopted in the year', c.adoption.adopted],
      ]
    : [];
  const cin = view.cin;
  if (cin)
    rows.push(
      ['Referrals in the year (CIN census)', cin.referrals.referrals],
      ['  of which within 12 months of a previous referral', cin.referrals.within12Months],
      ['Assessments completed', cin.assessmentsCompleted],
      ['  of which within 45 working days', cin.assessmentsWithin45Days],
      ['Section 47 enquiries started', cin.section47s],
      ['Initial child protection conferences', cin.icpcs],
      ['Child protection plans started', cin.plans.started],
      ['  of which a second or later plan', cin.plans.startedRepeat],
      ['Child protection plans ended', cin.plans.ended],
      ['  of which after 2 years or more', cin.plans.endedByDuration.y2plus],
      ['On a child protection plan on 31 March', cin.onPlanAt31March],
    );
  return {
    caption: 'The counts behind them (903 short breaks left out; CIN census where imported)',
    sheetName: 'Counts',
    columns: [{ header: 'Children' }, { header: 'Number', format: 'integer' }],
    rows,
  };
}

/** The child population entered for each year. */
export function populationTable(view: IndicatorsView): DataTable {
  return {
    caption: 'Child population (0-17) entered for each year',
    sheetName: 'Child population',
    columns: [
      { header: 'Year ending 31 March' },
      { header: 'Children aged 0-17', format: 'integer' },
      { header: 'Entered', format: 'datetime' },
      { header: 'By' },
    ],
    rows: view.populations.map((p) => [String(p.year), p.population, p.updatedAt, p.updatedBy]),
  };
}

/** The Front door page's tables (view models for the template and the Excel download). */
import { CATEGORIES_OF_ABUSE, cinCodeLabel } from '../../../domain/cin/codeLists.ts';
import { ENTRY_ROUTES, FUNNEL_STAGES, PLAN_DURATIONS } from '../../../domain/funnel/funnel.ts';
import type { FunnelView } from '../../../services/funnel.ts';
import type { DataTable } from '../../components/tables.ts';

const periodHeader = (view: FunnelView) => (view.grain === 'month' ? 'Month' : 'Year ending 31 March');

/** Each period's count at every stage. */
export function stagesTable(view: FunnelView): DataTable {
  return {
    caption: `The funnel by ${view.grain}, ${view.from} to ${view.to}`,
    sheetName: 'Funnel',
    columns: [
      { header: periodHeader(view) },
      ...FUNNEL_STAGES.map((s) => ({ header: s.label, format: 'integer' as const })),
    ],
    rows: view.periods.map((p) => [p.period, ...FUNNEL_STAGES.map((s) => p.counts[s.key])]),
  };
}

/** Each stage over the one before it, as a percentage. */
export function conversionsTable(view: FunnelView): DataTable {
  const stages = FUNNEL_STAGES.slice(1);
  return {
    caption: 'Conversion: each stage as a share of the stage before it in the same period',
    sheetName: 'Conversion',
    columns: [
      { header: periodHeader(view) },
      ...stages.map((s, i) => ({
        header: `${s.label} / ${(FUNNEL_STAGES[i] as (typeof FUNNEL_STAGES)[number]).label.toLowerCase()}`,
        format: 'percent' as const,
      })),
    ],
    rows: view.periods.map((p) => [
      p.period,
      ...stages.map((s) => (s.key === 'contacts' ? null : p.conversions[s.key])),
    ]),
  };
}

/** Rates per 10,000 children, for years. */
export function ratesTable(view: FunnelView): DataTable {
  return {
    caption: 'Per 10,000 children aged 0-17 (the year’s child population)',
    sheetName: 'Rates per 10,000',
    columns: [
      { header: 'Year ending 31 March' },
      { header: 'Children aged 0-17', format: 'integer' },
      { header: 'Referrals', format: 'decimal1' },
      { header: 'Section 47 enquiries', format: 'decimal1' },
      { header: 'Initial conferences', format: 'decimal1' },
      { header: 'Child protection plans started', format: 'decimal1' },
      { header: 'Entries to care', format: 'decimal1' },
    ],
    rows: view.periods.flatMap((p, i) => {
      const r = view.rates[i];
      return r ? [[p.period, r.population, r.referrals, r.section47s, r.icpcs, r.cpPlans, r.entries]] : [];
    }),
  };
}

/** Plans started by category, and ended by how long they lasted; re-referrals. */
export function plansTable(view: FunnelView): DataTable {
  const p = view.plans;
  const r = view.reReferrals;
  return {
    caption: `Child protection plans and re-referrals, ${view.from} to ${view.to}`,
    sheetName: 'Plans and re-referrals',
    columns: [{ header: 'Measure' }, { header: 'Number', format: 'integer' }],
    rows: [
      ['Referrals', r.referrals],
      ['  of which within 12 months of a previous referral', r.within12Months],
      ['Plans started', p.started],
      ...CATEGORIES_OF_ABUSE.map((c): [string, number] => [
        `  initial category: ${cinCodeLabel('categoryOfAbuse', c).toLowerCase()}`,
        p.startedByCategory[c] ?? 0,
      ]),
      ['  of which a second or later plan', p.startedRepeat],
      ['Plans ended', p.ended],
      ...PLAN_DURATIONS.map((d): [string, number] => [`  lasted ${d.label.toLowerCase()}`, p.endedByDuration[d.key]]),
    ],
  };
}

/** Entries to care by what came before them. */
export function routesTable(view: FunnelView): DataTable {
  const total = ENTRY_ROUTES.reduce((n, r) => n + view.entriesByRoute[r.key], 0);
  return {
    caption: 'Entries to care by what came before (a plan or CIN episode open in the 12 months before)',
    sheetName: 'Entries by route',
    columns: [
      { header: 'Before entering care' },
      { header: 'Children', format: 'integer' },
      { header: 'Share', format: 'percent' },
    ],
    rows: ENTRY_ROUTES.map((r) => [
      r.label,
      view.entriesByRoute[r.key],
      total === 0 ? null : view.entriesByRoute[r.key] / total,
    ]),
  };
}

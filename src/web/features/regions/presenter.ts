/** The regional pages' tables (view models for the templates and the Excel download). */
import type { Quantiles } from '../../../domain/stats/quantiles.ts';
import type { ForecastMonth } from '../../../services/forecast.service.ts';
import type { RegionForecast } from '../../../services/regions.service.ts';
import type { DataTable } from '../../components/tables.ts';
import { formatDate } from '../../components/format.ts';

const pct = (share: number | null | undefined): number | null =>
  share === null || share === undefined ? null : Math.round(share * 1000) / 10;

/** The month the members' table compares: the region's last forecast month. */
export function horizonOf(rf: RegionForecast): ForecastMonth | undefined {
  return rf.pooled.months[rf.pooled.months.length - 1];
}

/**
 * Each member council and the region: children looked after at the start, the forecast at the
 * region's last month with its 80% interval, and the in-house shares of fostering and residential
 * on the start date. The region's row is its own (runs added run by run; shares from added
 * counts), not the column's sum; the line under it says what the sums would be.
 */
export function membersTable(rf: RegionForecast): DataTable {
  const horizon = horizonOf(rf);
  const at = (months: readonly ForecastMonth[]): Quantiles | undefined =>
    months.find((m) => m.month === horizon?.month)?.total;
  const end = horizon ? formatDate(horizon.monthEnd) : 'the end';
  const startMix = rf.mix.fostering[rf.mix.fostering.length - 1];
  const startResidential = rf.mix.residential[rf.mix.residential.length - 1];
  return {
    caption: `Member councils and the region: children looked after at the start and forecast at ${end}`,
    sheetName: 'Members',
    columns: [
      { header: 'Council' },
      { header: 'Code' },
      { header: 'At the start (actual)', format: 'integer' },
      { header: `${end}: median`, format: 'integer' },
      { header: `${end}: 80% interval low`, format: 'integer' },
      { header: `${end}: 80% interval high`, format: 'integer' },
      { header: `${end}: mean`, format: 'decimal1' },
      { header: 'Fostering in-house % (at the start)', format: 'decimal1' },
      { header: 'Residential in-house % (at the start)', format: 'decimal1' },
    ],
    rows: [
      ...rf.members.map((m) => {
        const q = at(m.forecast.months);
        return [
          m.councilName,
          m.laCode,
          m.forecast.childrenAtStart,
          q?.p50 ?? null,
          q?.p10 ?? null,
          q?.p90 ?? null,
          q?.mean ?? null,
          pct(m.mix?.fostering.inHouseShare),
          pct(m.mix?.residential.inHouseShare),
        ];
      }),
      [
        `${rf.region.name} (region)`,
        rf.region.regionCode,
        rf.pooled.childrenAtStart,
        horizon?.total.p50 ?? null,
        horizon?.total.p10 ?? null,
        horizon?.total.p90 ?? null,
        horizon?.total.mean ?? null,
        pct(startMix?.inHouseShare),
        pct(startResidential?.inHouseShare),
      ],
    ],
  };
}

/** What adding the members' own figures would say, beside the region's: why the region is pooled run by run. */
export function sumsOfMembers(rf: RegionForecast): { p50: number; p10: number; p90: number; mean: number } | null {
  const horizon = horizonOf(rf);
  if (!horizon) return null;
  const sum = { p50: 0, p10: 0, p90: 0, mean: 0 };
  for (const m of rf.members) {
    const q = m.forecast.months.find((x) => x.month === horizon.month)?.total;
    if (!q) return null;
    sum.p50 += q.p50;
    sum.p10 += q.p10;
    sum.p90 += q.p90;
    sum.mean += q.mean;
  }
  return sum;
}

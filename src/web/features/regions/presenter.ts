/** The regional pages' tables (view models for the templates and the Excel download). */
import type { Quantiles } from '../../../domain/stats/quantiles.ts';
import type { ForecastMonth } from '../../../services/forecast.service.ts';
import type { RegionCapacity, RegionForecast } from '../../../services/regions.service.ts';
import type { CapacityKind } from '../../../domain/sufficiency/regionalCapacity.ts';
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

const KIND_TITLES = { fostering: 'Fostering', residential: 'Residential' } as const;

/** Each member: where its forecast starts, its capacity records, and whether it is in the region's capacity figures. */
export function capacityMembersTable(rc: RegionCapacity): DataTable {
  return {
    caption: 'Member councils: forecast start and in-house capacity recorded',
    sheetName: 'Capacity members',
    columns: [
      { header: 'Council' },
      { header: 'Code' },
      { header: 'Forecast from', format: 'date' },
      { header: 'Capacity records', format: 'integer' },
      { header: 'Latest record from', format: 'month' },
      { header: 'In the region’s figures' },
    ],
    rows: rc.members.map((m) => {
      const latest = [...m.view.records].sort((a, b) => a.month.localeCompare(b.month)).at(-1);
      return [
        m.councilName,
        m.laCode,
        m.view.forecastStart,
        m.view.records.length,
        latest?.month ?? null,
        rc.included.includes(m.laCode)
          ? 'Yes'
          : rc.withoutData.includes(m.laCode)
            ? 'No: no returns imported'
            : 'No: no capacity recorded',
      ];
    }),
  };
}

/** The cost of buying the gap externally by financial year: capacity shared, the members' own, and the difference. */
export function capacityYearsTable(rc: RegionCapacity, kind: CapacityKind): DataTable {
  return {
    caption: `${KIND_TITLES[kind]}: cost of buying the gap externally by financial year`,
    sheetName: `${KIND_TITLES[kind]} cost by year`,
    columns: [
      { header: 'Financial year' },
      { header: 'Months', format: 'integer' },
      { header: 'Region, capacity shared', format: 'pence' },
      { header: 'Members’ own gaps added', format: 'pence' },
      { header: 'Sharing could save', format: 'pence' },
    ],
    rows: rc.years.map((y) => [
      y.label,
      y.months,
      y[kind].regionalGapPence,
      y[kind].membersGapPence,
      y[kind].sharingSavesPence,
    ]),
  };
}

/** Demand against capacity at each month end, the regional gap and the members' own gaps (children). */
export function capacityMonthsTable(rc: RegionCapacity, kind: CapacityKind): DataTable {
  return {
    caption: `${KIND_TITLES[kind]}: expected children against ${kind === 'fostering' ? 'places' : 'beds'} by month`,
    sheetName: `${KIND_TITLES[kind]} by month`,
    columns: [
      { header: 'Month', format: 'month' },
      { header: 'Demand', format: 'decimal1' },
      { header: kind === 'fostering' ? 'Places' : 'Beds', format: 'integer' },
      { header: 'Region’s gap', format: 'decimal1' },
      { header: 'Members’ gaps added', format: 'decimal1' },
      { header: 'Sharing could save', format: 'decimal1' },
    ],
    rows: rc.months.map((m) => [
      m.month,
      m[kind].demand,
      m[kind].capacity,
      m[kind].regionalGap,
      m[kind].membersGap,
      m[kind].sharingSaves,
    ]),
  };
}

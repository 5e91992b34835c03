/**
 * A region's in-house capacity against its demand (issue 11, regional pooling). Each member's
 * months come from its own Sufficiency page (src/domain/sufficiency/capacity.ts: expected demand
 * from its own forecast, its own places and beds, its gap costed at its own unit costs).
 *
 * The regional gap treats capacity as shared across the members: in each month,
 *   regional gap = max(0, regional demand - regional capacity)
 * (demand and places or beds summed over the members). Beside it, the sum of the members' own
 * gaps, sum of max(0, demand - capacity) each: one member's spare places do not help another.
 * The difference is what sharing capacity could save; it is never negative, since the positive
 * part of a sum is at most the sum of the positive parts.
 *
 * Cost: the members' own gaps cost what their pages say (each at its own unit cost, rounded to
 * whole pence per month and kind there), added. The regional gap is costed at the average price of
 * the children the members would buy on their own: members' cost x regional gap / members' gap,
 * rounded to whole pence once per month and kind (0 when no member has a gap). A financial year
 * adds its rounded months. A month is in the region's figures only when every member in them has a
 * forecast for it and a capacity record holding in it.
 */
import { financialYearLabel, financialYearStart, type IsoDate } from '../dates.ts';
import type { Pence } from '../finance/money.ts';
import type { CapacityGapMonth } from './capacity.ts';

export const CAPACITY_KINDS = ['fostering', 'residential'] as const;
export type CapacityKind = (typeof CAPACITY_KINDS)[number];

export interface MemberCapacityMonths {
  readonly laCode: string;
  readonly months: readonly CapacityGapMonth[];
}

export interface RegionalKindMonth {
  /** Expected children, all members. */
  readonly demand: number;
  /** Places (fostering) or beds (residential), all members. */
  readonly capacity: number;
  /** max(0, demand - capacity): capacity shared. */
  readonly regionalGap: number;
  /** Sum of the members' own gaps. */
  readonly membersGap: number;
  readonly regionalGapPence: Pence;
  readonly membersGapPence: Pence;
  /** membersGap - regionalGap, and its cost. */
  readonly sharingSaves: number;
  readonly sharingSavesPence: Pence;
}

export interface RegionalCapacityMonth {
  readonly month: string;
  readonly monthEnd: IsoDate;
  readonly fostering: RegionalKindMonth;
  readonly residential: RegionalKindMonth;
}

export interface RegionalKindYear {
  readonly regionalGapPence: Pence;
  readonly membersGapPence: Pence;
  readonly sharingSavesPence: Pence;
}

export interface RegionalCapacityYear {
  /** Start year (2026 = 2026/27) and its label. */
  readonly financialYear: number;
  readonly label: string;
  /** Months of the year in the region's figures. */
  readonly months: number;
  readonly fostering: RegionalKindYear;
  readonly residential: RegionalKindYear;
}

function kindMonth(at: readonly CapacityGapMonth[], kind: CapacityKind): RegionalKindMonth {
  let demand = 0;
  let capacity = 0;
  let membersGap = 0;
  let membersGapPence = 0;
  for (const m of at) {
    demand += kind === 'fostering' ? m.fosteringDemand : m.residentialDemand;
    capacity += (kind === 'fostering' ? m.capacity?.fosteringPlaces : m.capacity?.homeBeds) ?? 0;
    membersGap += (kind === 'fostering' ? m.fosteringGap : m.residentialGap) ?? 0;
    membersGapPence += (kind === 'fostering' ? m.fosteringGapPence : m.residentialGapPence) ?? 0;
  }
  const regionalGap = Math.max(0, demand - capacity);
  // Never above the members' own (floating point could put it a hair over when nobody has room).
  const shared = Math.min(regionalGap, membersGap);
  const regionalGapPence = membersGap > 0 ? Math.round((membersGapPence * shared) / membersGap) : 0;
  return {
    demand,
    capacity,
    regionalGap,
    membersGap,
    regionalGapPence,
    membersGapPence,
    sharingSaves: membersGap - shared,
    sharingSavesPence: membersGapPence - regionalGapPence,
  };
}

/** The region's months: those every member has a forecast and a capacity record for, in order. */
export function regionalCapacityMonths(members: readonly MemberCapacityMonths[]): RegionalCapacityMonth[] {
  const first = members[0];
  if (!first) return [];
  const out: RegionalCapacityMonth[] = [];
  for (const m of first.months) {
    const at: CapacityGapMonth[] = [];
    for (const member of members) {
      const found = member.months.find((x) => x.month === m.month);
      if (!found || found.capacity === null) break;
      at.push(found);
    }
    if (at.length !== members.length) continue;
    out.push({
      month: m.month,
      monthEnd: m.monthEnd,
      fostering: kindMonth(at, 'fostering'),
      residential: kindMonth(at, 'residential'),
    });
  }
  return out;
}

/** The region's months' costs by financial year (the rounded months added). */
export function regionalCapacityYears(months: readonly RegionalCapacityMonth[]): RegionalCapacityYear[] {
  const zero = (): { regionalGapPence: number; membersGapPence: number; sharingSavesPence: number } => ({
    regionalGapPence: 0,
    membersGapPence: 0,
    sharingSavesPence: 0,
  });
  const byYear = new Map<number, { months: number; fostering: RegionalKindYear; residential: RegionalKindYear }>();
  for (const m of months) {
    const y = financialYearStart(`${m.month}-01`);
    const t = byYear.get(y) ?? { months: 0, fostering: zero(), residential: zero() };
    const add = (a: RegionalKindYear, b: RegionalKindMonth): RegionalKindYear => ({
      regionalGapPence: a.regionalGapPence + b.regionalGapPence,
      membersGapPence: a.membersGapPence + b.membersGapPence,
      sharingSavesPence: a.sharingSavesPence + b.sharingSavesPence,
    });
    byYear.set(y, {
      months: t.months + 1,
      fostering: add(t.fostering, m.fostering),
      residential: add(t.residential, m.residential),
    });
  }
  return [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([financialYear, t]) => ({ financialYear, label: financialYearLabel(financialYear), ...t }));
}

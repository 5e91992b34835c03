/**
 * SYNTHETIC benchmark files for the demo council, in the layout of the DfE's published local
 * authority tables (Explore Education Statistics CSV: time_period, time_identifier,
 * geographic_level, country_code, country_name, region_code, region_name, old_la_code, la_name,
 * new_la_code, then the data set's filter and indicator columns), so the demo's Indicators page has
 * England, neighbours and quartiles to show. Nothing in them is real: England's figures are near
 * the published ones for 2025 (67 and 26 per 10,000, 10% with three or more placements, 69%
 * long-term stability) and the 40 councils, named "Synthetic council NN (not real data)" with codes
 * S01-S40, are drawn around them. Seeded: the same seed gives the same files.
 */
import { Rng } from './random.ts';

export const SYNTHETIC_COUNCILS = 40;
/** The demo council's statistical neighbours among the synthetic councils. */
export const SYNTHETIC_NEIGHBOURS = ['S03', 'S07', 'S11', 'S12', 'S18', 'S21', 'S25', 'S30', 'S33', 'S38'];

const GEOGRAPHY = [
  'time_period',
  'time_identifier',
  'geographic_level',
  'country_code',
  'country_name',
  'region_code',
  'region_name',
  'old_la_code',
  'la_name',
  'new_la_code',
] as const;

export interface SyntheticFile {
  /** File name, saying it is synthetic. */
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, string>>[];
}

interface Area {
  readonly level: 'National' | 'Local authority';
  readonly code: string;
  readonly name: string;
  /** The council's own lean (1 = England's level). */
  readonly lean: number;
}

function geography(year: number, area: Area): Record<string, string> {
  const la = area.level === 'Local authority';
  return {
    time_period: String(year),
    time_identifier: 'Reporting year',
    geographic_level: area.level,
    country_code: 'E92000001',
    country_name: 'England',
    region_code: la ? 'E12000099' : '',
    region_name: la ? 'Synthetic region' : '',
    old_la_code: la ? area.code : '',
    la_name: la ? area.name : '',
    new_la_code: la ? `E0699${area.code.slice(1).padStart(4, '0')}` : '',
  };
}

const whole = (x: number) => String(Math.max(0, Math.round(x)));

/** The three synthetic files (rates, placement stability, starters' ages) for the years given. */
export function syntheticBenchmarkFiles(years: readonly number[], seed: number): SyntheticFile[] {
  const rng = Rng.seeded(seed);
  const areas: Area[] = [{ level: 'National', code: '', name: 'England', lean: 1 }];
  for (let i = 1; i <= SYNTHETIC_COUNCILS; i++) {
    const code = `S${String(i).padStart(2, '0')}`;
    areas.push({
      level: 'Local authority',
      code,
      name: `Synthetic council ${code.slice(1)} (not real data)`,
      lean: rng.logNormal(1, 0.3),
    });
  }
  const rates: Record<string, string>[] = [];
  const stability: Record<string, string>[] = [];
  const ages: Record<string, string>[] = [];
  const ageShares: readonly [string, number][] = [
    ['Under 1 year', 19],
    ['1 to 4 years', 15],
    ['5 to 9 years', 14],
    ['10 to 15 years', 31],
    ['16 years and over', 21],
  ];
  for (const year of years) {
    for (const area of areas) {
      const national = area.level === 'National';
      const g = geography(year, area);
      const population = national ? 12_183_016 : Math.round(rng.logNormal(60_000, 0.5));
      const jitter = (sd: number) => (national ? 1 : Math.exp(sd * rng.normal()));
      const claRate = 67 * area.lean * jitter(0.05);
      const startRate = 26 * area.lean * jitter(0.15);
      for (const [type, rate] of [
        ['Children looked after on 31 March each year', claRate],
        ['Children starting to be looked after each year', startRate],
      ] as const)
        rates.push({
          ...g,
          population_type: type,
          population_estimate: String(population),
          children_count: whole((rate * population) / 10_000),
          rate_per_10000: whole(rate),
        });
      const looked = Math.max(1, Math.round((claRate * population) / 10_000));
      const threePlus = Math.min(30, 10 * jitter(0.3));
      const longTerm = Math.min(95, 69 * jitter(0.08));
      const longTermOf = Math.round(looked * 0.35);
      stability.push(
        {
          ...g,
          cla_group: 'CLA on 31 March',
          placement_stability: 'Total children',
          children_count: whole(looked),
          children_percent: '100',
        },
        {
          ...g,
          cla_group: 'CLA on 31 March',
          placement_stability: 'With 3 or more placements during the year',
          children_count: whole((looked * threePlus) / 100),
          children_percent: whole(threePlus),
        },
        {
          ...g,
          cla_group: 'Children looked after continuously for at least 2.5 years on 31 March aged under 16 years',
          placement_stability: 'Living with the same carer for at least 2 years',
          children_count: whole((longTermOf * longTerm) / 100),
          // A small council's figure withheld, as the DfE does ('c'), so the demo shows one.
          children_percent: !national && area.code === 'S40' ? 'c' : whole(longTerm),
        },
      );
      const started = Math.max(1, Math.round((startRate * population) / 10_000));
      const drawn = ageShares.map(([, share]) => share * jitter(0.2));
      const total = drawn.reduce((a, b) => a + b, 0);
      ageShares.forEach(([label], i) =>
        ages.push({
          ...g,
          cla_group: 'Age group',
          characteristic: label,
          number: whole((started * (drawn[i] as number)) / total),
          percentage: whole(((drawn[i] as number) * 100) / total),
        }),
      );
    }
  }
  return [
    {
      name: 'SYNTHETIC-cla-numbers-and-rates-by-la.csv',
      columns: [...GEOGRAPHY, 'population_type', 'population_estimate', 'children_count', 'rate_per_10000'],
      rows: rates,
    },
    {
      name: 'SYNTHETIC-cla-placement-stability-by-la.csv',
      columns: [...GEOGRAPHY, 'cla_group', 'placement_stability', 'children_count', 'children_percent'],
      rows: stability,
    },
    {
      name: 'SYNTHETIC-cla-starting-by-characteristics-la.csv',
      columns: [...GEOGRAPHY, 'cla_group', 'characteristic', 'number', 'percentage'],
      rows: ages,
    },
  ];
}

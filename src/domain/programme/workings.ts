/**
 * Workings: the volume x unit cost x duration behind an amount (see `Working` in model.ts), and
 * TBC cells. `resolveInitiative` gives an initiative whose year lines carry the amounts the
 * appraisal uses: a typed amount stays as typed; an amount left out takes its workings' total;
 * an amount typed as "TBC" stays out (nil). Where an amount is both typed and worked, the two are
 * compared (`WorkingComparison`) so the checks can report a disagreement.
 *
 * Worked: 12 children moved from residential (£3,830 a week) to agency fostering (£820 a week) for
 * 52 weeks: 12 x (3,830 - 820) x 52 = £1,878,240 a year.
 */
import { roundPence } from '../finance/money.ts';
import {
  AMOUNT_FIELDS,
  workingUnitCost,
  type AmountField,
  type Initiative,
  type Programme,
  type Working,
  type YearLine,
} from './model.ts';
import { poundsText, type Pence } from '../finance/money.ts';

/** One working's amount in one year, with the arithmetic written out for people. */
export interface WorkingPart {
  readonly description: string;
  readonly volume: number;
  readonly unitCost: Pence;
  readonly duration: number;
  readonly amount: Pence;
  /** "12 children x £3,010 a week x 52 weeks = £1,878,240". */
  readonly text: string;
}

/** Where a typed amount and its workings both exist. */
export interface WorkingComparison {
  readonly initiative: string;
  readonly year: number;
  readonly line: AmountField;
  readonly typed: Pence;
  readonly worked: Pence;
  readonly parts: readonly WorkingPart[];
}

const PLURAL: Record<Working['per'], string> = { year: 'years', month: 'months', week: 'weeks', day: 'days' };

const numberText = (n: number): string => n.toLocaleString('en-GB', { maximumFractionDigits: 4 });

/** The amount of one working in one year; null when the working gives no volume for that year. */
export function workingPart(w: Working, year: number): WorkingPart | null {
  const entry = w.years.find((y) => y.year === year);
  if (!entry) return null;
  const unitCost = workingUnitCost(w);
  const duration = entry.duration ?? w.duration;
  const amount = roundPence(entry.volume * unitCost * duration);
  const cost =
    w.unitCost !== undefined
      ? `${poundsText(unitCost)} a ${w.per}`
      : `(${poundsText(w.unitCostFrom ?? 0)} - ${poundsText(w.unitCostTo ?? 0)}) a ${w.per}`;
  const volume = `${numberText(entry.volume)}${w.volumeUnit ? ` ${w.volumeUnit}` : ''}`;
  const text = `${volume} x ${cost} x ${numberText(duration)} ${duration === 1 ? w.per : PLURAL[w.per]} = ${poundsText(amount)}`;
  return { description: w.description, volume: entry.volume, unitCost, duration, amount, text };
}

/** Every year a working names, across the initiative's workings. */
function workingYears(initiative: Initiative): number[] {
  return [...new Set((initiative.workings ?? []).flatMap((w) => w.years.map((y) => y.year)))];
}

export interface ResolvedInitiative {
  readonly initiative: Initiative;
  readonly comparisons: readonly WorkingComparison[];
}

/**
 * The initiative with amounts from its workings filled in where none was typed (a year only a
 * working names gets a line of its own, phasing 1), and the comparisons where both were typed.
 * An initiative without workings comes back unchanged.
 */
export function resolveInitiative(initiative: Initiative): ResolvedInitiative {
  const workings = initiative.workings ?? [];
  if (workings.length === 0) return { initiative, comparisons: [] };
  const byYear = new Map(initiative.years.map((l) => [l.year, l]));
  for (const y of workingYears(initiative)) if (!byYear.has(y)) byYear.set(y, { year: y, phasing: 1 });
  const comparisons: WorkingComparison[] = [];
  const years: YearLine[] = [...byYear.values()]
    .sort((a, b) => a.year - b.year)
    .map((line) => {
      let out: YearLine = line;
      for (const field of AMOUNT_FIELDS) {
        const parts = workings
          .filter((w) => w.line === field)
          .map((w) => workingPart(w, line.year))
          .filter((p): p is WorkingPart => p !== null);
        if (parts.length === 0) continue;
        const worked = parts.reduce((s, p) => s + p.amount, 0);
        const typed = line[field];
        if (typed !== undefined)
          comparisons.push({ initiative: initiative.id, year: line.year, line: field, typed, worked, parts });
        else if (!(line.tbc ?? []).includes(field)) out = { ...out, [field]: worked };
      }
      return out;
    });
  return { initiative: { ...initiative, years }, comparisons };
}

/** Every initiative resolved (see `resolveInitiative`). */
export function resolveProgramme(programme: Programme): {
  readonly programme: Programme;
  readonly comparisons: readonly WorkingComparison[];
} {
  const parts = programme.initiatives.map(resolveInitiative);
  return {
    programme: { ...programme, initiatives: parts.map((p) => p.initiative) },
    comparisons: parts.flatMap((p) => p.comparisons),
  };
}

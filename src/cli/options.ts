/**
 * The options CLI commands share, read in one place: whole numbers with bounds, dates, the entry
 * model, the price base, and the cohort options of forecast and rates. Each turns the text the user
 * typed into a value, or throws a CliError naming the option, the rule and what was typed.
 *
 *   const runs = intOption('--runs', opts.runs, 1, 100_000);      // undefined when not given
 *   const start = isoOption('--start', opts.start);                 // strict YYYY-MM-DD
 *
 * The forecast's parameters (reference window, runs, seed, months, entry model) are defined once in
 * src/services/forecastParameters.ts; `addParameterOption` and `parameterOption` give their flag,
 * help text with this command's default, and bounds.
 *
 *   addParameterOption(command, RUNS, 'spend');                     // --runs <n>  Monte Carlo runs (default 500)
 *   const runs = parameterOption(RUNS, opts.runs);                  // undefined when not given
 */
import { Option, type Command } from 'commander';
import { COUNCIL_CODE_RULE, parseCouncilCode } from '../domain/councilCode.ts';
import { MAX_RUN_MONTHS } from '../domain/engine/defaults.ts';
import { parseDate, type IsoDate } from '../domain/dates.ts';
import { DEFAULT_AGE_BANDS } from '../domain/ageBands.ts';
import type { Cohort } from '../domain/engine/periods.ts';
import type { EntryModelChoice } from '../domain/engine/rates.ts';
import {
  ENTRY_MODEL,
  helpWithDefault,
  MONTHS,
  readWholeNumber,
  RUNS,
  SEED,
  type WholeNumberParameter,
} from '../services/forecastParameters.ts';
import { outsideData, type DataRange } from '../domain/dataRange.ts';
import { CliError } from './cliError.ts';

/** A whole number from `min` to `max`, or undefined when the option was not given. */
export function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

/** A date written YYYY-MM-DD (strict: the form is checked as well as the day). */
export function isoOption(name: string, value: string): IsoDate {
  const d = parseDate(value);
  if (d === null || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim()))
    throw new CliError(`${name} must be a date written YYYY-MM-DD, not "${value}"`);
  return d;
}

/** A date any form parseDate reads (YYYY-MM-DD or DD/MM/YYYY), or undefined when not given. */
export function dateOption(name: string, value: string | undefined): IsoDate | undefined {
  if (value === undefined) return undefined;
  const d = parseDate(value);
  if (d === null) throw new CliError(`${name} must be a date written YYYY-MM-DD, not "${value}"`);
  return d;
}

/** Adds a parameter's option with its help text and the default of `use` (no default: none said). */
export function addParameterOption<U extends string>(
  command: Command,
  p: WholeNumberParameter<U>,
  use?: U | 'all',
  required = false,
): Command {
  const flags = `${p.flag} <n>`;
  const help = use === undefined ? `${p.help} (${p.bounds.min}-${p.bounds.max})` : helpWithDefault(p, use);
  return required ? command.requiredOption(flags, help) : command.option(flags, help);
}

/** A parameter's value within its (CLI) bounds, or undefined when the option was not given. */
export function parameterOption(p: WholeNumberParameter<string>, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const read = readWholeNumber(p, value, 'cli');
  if (!read.ok) throw new CliError(`${p.flag} must be ${read.rule}, not "${value}"`);
  return read.value;
}

/** --months, --runs and --seed as a spend or scenario request takes them (left out when not given). */
export function forecastParameters(opts: { months?: string; runs?: string; seed?: string }): {
  months?: number;
  runs?: number;
  seed?: number;
} {
  const months = parameterOption(MONTHS, opts.months);
  const runs = parameterOption(RUNS, opts.runs);
  const seed = parameterOption(SEED, opts.seed);
  refuseRunMonths(runs, months ?? MONTHS.defaults.spend);
  return {
    ...(months !== undefined ? { months } : {}),
    ...(runs !== undefined ? { runs } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
}

/** Adds `--entry-model <flat|trend>` with its help text. */
export function addEntryModelOption(command: Command, help: string = ENTRY_MODEL.help): Command {
  return command.option(`${ENTRY_MODEL.flag} <${ENTRY_MODEL.values.join('|')}>`, help);
}

export function entryModelOption(value: string | undefined): EntryModelChoice | undefined {
  if (value === undefined) return undefined;
  const parsed = ENTRY_MODEL.schema.safeParse(value);
  if (!parsed.success) throw new CliError(`${ENTRY_MODEL.flag} must be flat or trend, not "${value}"`);
  return parsed.data;
}

/** `--price-base YEAR`: money in the prices of that financial year, or cash (the default). */
export function priceBaseOption(value: string | undefined): 'cash' | number {
  if (value === undefined || value === 'cash') return 'cash';
  const y = intOption('--price-base', value, 1990, 2100);
  return y ?? 'cash';
}

export interface CohortCliOptions {
  readonly sex?: string;
  readonly ethnicityGroup?: string;
  readonly uasc?: string;
  readonly entryAgeBand?: string;
}

/** Adds the cohort options shared by forecast and rates. */
export function addCohortOptions(command: Command): Command {
  return command
    .option('--sex <M|F|U>', 'only this sex')
    .option('--ethnicity-group <group>', 'only this ethnicity group: white, mixed, asian, black, other, not_known')
    .option('--uasc <yes|no>', 'only unaccompanied asylum-seeking children (yes) or only the others (no)')
    .option('--entry-age-band <key>', 'only periods of care that began in this age band');
}

export function cohortFrom(opts: CohortCliOptions): Cohort {
  const cohort: { -readonly [K in keyof Cohort]: Cohort[K] } = {};
  if (opts.sex !== undefined) {
    if (opts.sex !== 'M' && opts.sex !== 'F' && opts.sex !== 'U')
      throw new CliError(`--sex must be M, F or U, not "${opts.sex}"`);
    cohort.sex = opts.sex;
  }
  if (opts.ethnicityGroup !== undefined) {
    const groups = ['white', 'mixed', 'asian', 'black', 'other', 'not_known'];
    if (!groups.includes(opts.ethnicityGroup))
      throw new CliError(`--ethnicity-group must be one of ${groups.join(', ')}, not "${opts.ethnicityGroup}"`);
    cohort.ethnicityGroup = opts.ethnicityGroup;
  }
  if (opts.uasc !== undefined) {
    if (opts.uasc !== 'yes' && opts.uasc !== 'no') throw new CliError(`--uasc must be yes or no, not "${opts.uasc}"`);
    cohort.uasc = opts.uasc === 'yes';
  }
  if (opts.entryAgeBand !== undefined) {
    if (!DEFAULT_AGE_BANDS.some((b) => b.key === opts.entryAgeBand)) {
      throw new CliError(
        `--entry-age-band must be one of ${DEFAULT_AGE_BANDS.map((b) => b.key).join(', ')}, not "${opts.entryAgeBand}"`,
      );
    }
    cohort.entryAgeBand = opts.entryAgeBand;
  }
  return cohort;
}

/**
 * Refuses more runs × months than a projection may hold (MAX_RUN_MONTHS: 1,200,000, about 0.8 GB
 * of results), saying how many runs the months allow.
 */
export function refuseRunMonths(runs: number | undefined, months: number): void {
  if (runs === undefined || runs * months <= MAX_RUN_MONTHS) return;
  const most = Math.floor(MAX_RUN_MONTHS / months);
  throw new CliError(
    `--runs ${runs} over ${months} months needs more memory than a forecast may use: runs × months is at most ${MAX_RUN_MONTHS.toLocaleString('en-GB')} (about 0.8 GB), so at most ${most.toLocaleString('en-GB')} runs for ${months} months`,
  );
}

/**
 * `--la <code>`, the council a command works on: one definition for every command, refusing what
 * is not a council code (src/domain/councilCode.ts) before the command runs. Required unless
 * `optional` (then only checked when given). The value arrives in upper case.
 *
 *   command.addOption(laOption())
 */
export function laOption(
  description = 'council code: the 903 code (e.g. 301) or a configured one such as DEMO',
  { optional = false }: { readonly optional?: boolean } = {},
): Option {
  const option = new Option('--la <code>', description).argParser(councilCodeArg);
  return optional ? option : option.makeOptionMandatory();
}

/** Checks a --la value; a CliError naming the option, the rule and what was typed. */
export function councilCodeArg(value: string): string {
  const code = parseCouncilCode(value);
  if (code === null) throw new CliError(`--la must be a council code, not "${value}": ${COUNCIL_CODE_RULE}`);
  return code;
}

/**
 * Refuses dates the council's data do not cover (src/services/dataRange.ts): a CliError saying the
 * option, the date and the data's range. `dates` pairs each option name with the date it gave.
 */
export function refuseOutsideData(
  range: DataRange | null,
  laCode: string,
  dates: ReadonlyArray<readonly [string, IsoDate | undefined]>,
): void {
  for (const [what, date] of dates) {
    if (date === undefined) continue;
    const problem = outsideData(range, what, date, laCode);
    if (problem !== null) throw new CliError(problem);
  }
}

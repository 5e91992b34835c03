/**
 * The programmes forms read and filled: a programme's settings, an initiative's details, and the
 * initiative form (details, money by year, monitoring). Pure functions over the posted strings and
 * the programme document (amounts in pounds); the programmes service validates what they give as
 * it validates a file. The "add another" lists are in editor.ts.
 */
import { inputErrors } from '../../middleware/flash.ts';
import type { FormErrors } from '../../types.ts';
import { ProgrammeInputError } from '../../../services/programmes.service.ts';
import { financialYearLabel } from '../../../domain/dates.ts';
import type { Programme } from '../../../domain/programme/model.ts';
import { parseYears, planYearLabels, YEAR_FIELDS, yearsShown, type Values } from './editor.ts';

type Doc = Record<string, unknown>;

export const UNITS = [
  { value: 'thousands', text: '£000s (thousands of pounds), as most MTFS tables' },
  { value: 'millions', text: '£m (millions of pounds, to three places)' },
  { value: 'GBP', text: 'Whole pounds' },
];
export const PROFILES = [
  { value: 'incremental', text: 'New savings each year (incremental, as MTFS tables show them)' },
  {
    value: 'cumulative',
    text: 'Annual savings against the baseline (cumulative: each year already contains the years before)',
  },
];

/**
 * Every problem of a programme (file or edit) that does not validate, in the error summary, each
 * linking to `href`; the field `field` (by default the one the error names) says how many there are.
 */
export function programmeProblems(err: unknown, href: string, field?: string): FormErrors {
  if (err instanceof ProgrammeInputError)
    return {
      list: err.problems.map((text) => ({ text, href })),
      fields: {
        [field ?? err.field]: {
          text:
            err.problems.length === 1
              ? (err.problems[0] ?? err.message)
              : `${err.problems.length} problems: see the list above`,
        },
      },
    };
  return inputErrors(err);
}

// ---------------------------------------------------------------------------------------------
// A programme's settings and an initiative's details (create, change settings, add an initiative)

/** The settings questions (create and change) as a document's fields, with the errors found before validation. */
export function settingsFrom(values: Values): { fields: Doc; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = (values.name ?? '').trim();
  if (name === '') errors.name = 'Enter the programme’s name';
  const firstYear = (values.firstYear ?? '').trim();
  const m = /^(\d{4})\/(\d{2})$/.exec(firstYear);
  if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2]))
    errors.firstYear = 'Enter the first plan year as a financial year, like 2025/26';
  const planYears = Number((values.planYears ?? '').trim());
  if (!Number.isInteger(planYears) || planYears < 1 || planYears > 20)
    errors.planYears = 'Enter how many years the plan covers, a whole number from 1 to 20';
  const rateText = (values.discountRate ?? '').trim().replace(/%$/, '');
  const rate = rateText === '' ? 3.5 : Number(rateText);
  if (!Number.isFinite(rate) || rate < 0 || rate > 100)
    errors.discountRate = 'Enter the discount rate as a percentage, like 3.5';
  const fields: Doc = {
    programme: name,
    unit: ['thousands', 'millions', 'GBP'].includes(values.unit ?? '') ? values.unit : 'thousands',
    firstYear,
    planYears,
    discountRate: Math.round(rate * 1e6) / 1e8,
  };
  if (values.statedProfile === 'cumulative' || values.statedProfile === 'incremental')
    fields.statedProfile = values.statedProfile;
  if ((values.greenMinPercent ?? '') !== '' || (values.amberMinPercent ?? '') !== '') {
    const green = Number(values.greenMinPercent);
    const amber = Number(values.amberMinPercent);
    if (!Number.isFinite(green) || green < 0)
      errors.greenMinPercent = 'Enter the green threshold as a percentage, like 95';
    if (!Number.isFinite(amber) || amber < 0)
      errors.amberMinPercent = 'Enter the amber threshold as a percentage, like 80';
    else if (Number.isFinite(green) && amber > green)
      errors.amberMinPercent = 'The amber threshold must not be above the green one';
    fields.rag = { greenMinPercent: green, amberMinPercent: amber };
  }
  return { fields, errors };
}

/** The settings form's answers from the stored programme (before anything is posted). */
export function settingsValues(doc: {
  programme: string;
  unit?: unknown;
  firstYear: unknown;
  planYears: unknown;
  discountRate?: number;
  statedProfile?: unknown;
  rag?: unknown;
}): Values {
  const rag = (doc.rag ?? { greenMinPercent: 95, amberMinPercent: 80 }) as Record<string, number>;
  return {
    name: doc.programme,
    unit: String(doc.unit ?? 'thousands'),
    firstYear: String(doc.firstYear),
    planYears: String(doc.planYears),
    discountRate: String(Math.round((doc.discountRate ?? 0.035) * 100000) / 1000),
    statedProfile: String(doc.statedProfile ?? 'incremental'),
    greenMinPercent: String(rag.greenMinPercent ?? 95),
    amberMinPercent: String(rag.amberMinPercent ?? 80),
  };
}

/** An initiative's details questions (name, short name, owner, saving type, profile, scenario). */
export function detailsFrom(values: Values, prefix = ''): { fields: Doc; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = (values[`${prefix}name`] ?? '').trim();
  if (name === '') errors[`${prefix}name`] = 'Enter the initiative’s name';
  const fields: Doc = {
    name,
    savingType: values[`${prefix}savingType`] === 'costAvoidance' ? 'costAvoidance' : 'cashable',
    profile: values[`${prefix}profile`] === 'cumulative' ? 'cumulative' : 'incremental',
  };
  const owner = (values[`${prefix}owner`] ?? '').trim();
  if (owner) fields.owner = owner;
  return { fields, errors };
}

/** The short name typed for a new initiative, when it is not one: its error. */
export function initiativeIdError(typedId: string): string | undefined {
  return typedId !== '' && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(typedId)
    ? 'The short name must be lower-case letters, digits and hyphens, like edge-of-care'
    : undefined;
}

// ---------------------------------------------------------------------------------------------
// The initiative form: details, money by year (`y{j}-{field}`), monitoring (`m{i}-{field}`)

const DETAIL_FIELDS = ['name', 'owner', 'savingType', 'profile', 'scenario', 'trackerProject'] as const;
const MONITORING_FIELDS = ['period', 'target', 'forecast', 'actual'] as const;

/** The years the initiative form shows: the plan's years and any others entered. */
export function initiativeFormYears(programme: Programme, doc: Doc): string[] {
  const plan = planYearLabels({ firstYear: financialYearLabel(programme.firstYear), planYears: programme.planYears });
  return yearsShown(plan, Object.keys((doc.years ?? {}) as Record<string, unknown>));
}

/** How many monitoring rows the form has: every period entered, and one blank row to add the next. */
export function monitoringRowCount(doc: Doc): number {
  return ((doc.monitoring ?? []) as unknown[]).length + 1;
}

/** The initiative form's answers from the stored initiative (`years`: initiativeFormYears). */
export function initiativeValues(doc: Doc, years: readonly string[]): Values {
  const entered = (doc.years ?? {}) as Record<string, Record<string, unknown>>;
  const values: Values = {
    name: String(doc.name ?? ''),
    owner: String(doc.owner ?? ''),
    savingType: String(doc.savingType ?? 'cashable'),
    profile: String(doc.profile ?? 'incremental'),
    scenario: String(doc.scenario ?? ''),
    trackerProject: String(doc.trackerProject ?? ''),
  };
  years.forEach((label, i) => {
    const line = entered[label] ?? {};
    for (const f of YEAR_FIELDS) values[`y${i}-${f}`] = line[f] === undefined ? '' : String(line[f]);
  });
  ((doc.monitoring ?? []) as Array<Record<string, unknown>>).forEach((m, i) => {
    for (const f of MONITORING_FIELDS) values[`m${i}-${f}`] = m[f] === undefined || m[f] === null ? '' : String(m[f]);
  });
  return values;
}

/** The money-by-year columns of the initiative form (the gross saving's words follow the profile). */
export function yearFieldLabels(profile: string | undefined): Array<{ key: string; label: string }> {
  return [
    { key: 'investment', label: 'Investment (£)' },
    { key: 'ongoingCost', label: 'Ongoing cost (£)' },
    {
      key: 'grossSaving',
      label: `Gross saving (£, ${profile === 'cumulative' ? 'annual against the baseline' : 'new this year'})`,
    },
    { key: 'low', label: 'Low (£, optional)' },
    { key: 'high', label: 'High (£, optional)' },
    { key: 'phasing', label: 'Phasing (0 to 1)' },
  ];
}

/**
 * Reads the posted initiative form (`read` gives a posted field's text) over the stored initiative
 * `doc`: the edited initiative, the answers to show again, and the errors found before validation.
 * Blank amounts hold no figure; TBC and (bracketed) negatives read as in a file. A monitoring row
 * with no period is dropped (so the blank row adds nothing, and clearing a period removes it); a
 * paper's own variance column (from a file; not on the form) stays with its period.
 */
export function initiativeFromForm(
  read: (key: string) => string,
  doc: Doc,
  years: readonly string[],
): { edited: Doc; values: Values; errors: Record<string, string> } {
  const values: Values = {};
  for (const k of DETAIL_FIELDS) values[k] = read(k).trim();
  const body: Values = {};
  years.forEach((_, i) => {
    for (const f of YEAR_FIELDS) body[`y${i}-${f}`] = values[`y${i}-${f}`] = read(`y${i}-${f}`);
  });
  const parsedYears = parseYears(body, years);
  const errors: Record<string, string> = { ...parsedYears.errors };
  const stored = (doc.monitoring ?? []) as Array<Record<string, unknown>>;
  const monitoring: Array<Record<string, unknown>> = [];
  const rows = monitoringRowCount(doc);
  for (let i = 0; i < rows; i++) {
    for (const f of MONITORING_FIELDS) values[`m${i}-${f}`] = read(`m${i}-${f}`);
    const period = read(`m${i}-period`).trim();
    const amounts: Record<string, number | null> = {};
    for (const f of ['target', 'forecast', 'actual'] as const) {
      const key = `m${i}-${f}`;
      const raw = read(key).trim().replace(/^£/, '').replace(/,/g, '');
      if (raw === '') {
        amounts[f] = f === 'actual' ? null : 0;
        continue;
      }
      if (!/^-?\d+(\.\d+)?$/.test(raw)) errors[key] = `Monitoring ${period || `row ${i + 1}`} ${f}: enter a number`;
      else amounts[f] = Number(raw);
    }
    const stated = stored.find((m) => m.period === period);
    if (period !== '')
      monitoring.push({
        period,
        ...amounts,
        ...(stated?.variance !== undefined ? { variance: stated.variance } : {}),
      });
  }
  if (values.name === '') errors.name = 'Enter the initiative’s name';
  const edited: Doc = {
    ...doc,
    name: values.name,
    savingType: values.savingType,
    profile: values.profile,
    years: parsedYears.years,
    monitoring,
  };
  if (values.owner) edited.owner = values.owner;
  else delete edited.owner;
  if (values.scenario) edited.scenario = values.scenario;
  else delete edited.scenario;
  if (values.trackerProject) edited.trackerProject = values.trackerProject;
  else delete edited.trackerProject;
  return { edited, values, errors };
}

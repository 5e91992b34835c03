/**
 * Writing a programme in the browser (issue 16): the forms' fields to and from the programme
 * document (the shape of a programme file, amounts in pounds), which the service validates as it
 * validates a file. Pure functions over the posted strings; the pages are in controllers/.
 *
 * Lists (workings, milestones, risks, targets) use GOV.UK's "add another" pattern without
 * JavaScript: every entry is a fieldset `e{i}-{field}`, the last one blank to add the next; a
 * "Remove" checkbox removes an entry; "Save and add another" saves and shows a fresh blank one.
 */
import { isoDateOf } from '../../../domain/dates.ts';
import { EXIT_ROUTE_LABELS, EXIT_ROUTES } from '../../../domain/exitRoutes.ts';

export type Values = Record<string, string>;
type Doc = Record<string, unknown>;

/** A financial year label from its start year: 2025 -> 2025/26. */
export const yearLabel = (start: number): string => `${start}/${String((start + 1) % 100).padStart(2, '0')}`;

/** The plan's year labels from a document's firstYear and planYears (empty when they do not read). */
export function planYearLabels(doc: { firstYear?: unknown; planYears?: unknown }): string[] {
  const m = /^(\d{4})\/(\d{2})$/.exec(String(doc.firstYear ?? ''));
  const n = Number(doc.planYears);
  if (!m || !Number.isInteger(n) || n < 1 || n > 20) return [];
  return Array.from({ length: n }, (_, i) => yearLabel(Number(m[1]) + i));
}

/** The plan years and any other years already entered, in order. */
export function yearsShown(plan: readonly string[], entered: Iterable<string>): string[] {
  return [...new Set([...plan, ...entered])].sort();
}

const clean = (raw: string): string =>
  raw
    .trim()
    .replace(/^-?£/, (m) => m.replace('£', ''))
    .replace(/,/g, '');

/**
 * An amount in pounds as typed: 25,000, £25,000, -25000 or (25,000) for a negative, TBC where
 * allowed; blank is undefined (no figure). Returns an error message instead when it does not read.
 */
export function readAmount(
  raw: string,
  options: { tbc?: boolean } = {},
): { value: number | 'TBC' | undefined } | { error: string } {
  const t = raw.trim();
  if (t === '') return { value: undefined };
  if (options.tbc && /^tbc$/i.test(t)) return { value: 'TBC' };
  const bracketed = /^\((.*)\)$/.exec(t);
  const body = clean(bracketed ? (bracketed[1] ?? '') : t);
  if (!/^-?\d+(\.\d{1,2})?$/.test(body))
    return {
      error: `enter a number of pounds, like 25,000${options.tbc ? ', or TBC' : ''} (negatives in brackets or with a minus)`,
    };
  const n = Number(body);
  return { value: bracketed ? -n : n };
}

/** A plain number (volumes, durations, target values, shares); blank is undefined. */
export function readNumber(raw: string): { value: number | undefined } | { error: string } {
  const t = clean(raw);
  if (t === '') return { value: undefined };
  if (!/^-?\d+(\.\d+)?$/.test(t)) return { error: 'enter a number' };
  return { value: Number(t) };
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

// ---------------------------------------------------------------------------------------------
// Lists: workings, milestones, risks, targets

export const SECTIONS = ['workings', 'milestones', 'risks', 'targets'] as const;
export type Section = (typeof SECTIONS)[number];

export interface FieldView {
  readonly key: string;
  readonly label: string;
  readonly kind: 'text' | 'textarea' | 'number' | 'select' | 'date';
  readonly hint?: string;
  readonly items?: ReadonlyArray<{ readonly value: string; readonly text: string }>;
  readonly width?: string;
}

export interface SectionSpec {
  readonly title: string;
  /** One entry, for headings and buttons: "milestone". */
  readonly noun: string;
  readonly intro: string;
  readonly fields: readonly FieldView[];
  /** Whether the entry has a value per year (targets' values, workings' volumes). */
  readonly perYear?: { readonly label: string; readonly hint: string };
}

const options = (pairs: ReadonlyArray<readonly [string, string]>) => pairs.map(([value, text]) => ({ value, text }));

export const SECTION_SPECS: Readonly<Record<Section, SectionSpec>> = {
  milestones: {
    title: 'Milestones',
    noun: 'milestone',
    intro:
      'What the initiative must achieve, and by when. A milestone not complete after its due date shows as overdue.',
    fields: [
      { key: 'name', label: 'Milestone', kind: 'text' },
      { key: 'due', label: 'Due date', kind: 'date', hint: 'For example, 31 3 2026' },
      {
        key: 'status',
        label: 'Status',
        kind: 'select',
        items: options([
          ['not started', 'Not started'],
          ['on track', 'On track'],
          ['at risk', 'At risk'],
          ['late', 'Late'],
          ['complete', 'Complete'],
        ]),
      },
    ],
  },
  risks: {
    title: 'Risks',
    noun: 'risk',
    intro: 'Likelihood and impact from 1 (low) to 5 (high); the score is likelihood × impact (15 and over is high).',
    fields: [
      { key: 'description', label: 'Risk', kind: 'textarea' },
      {
        key: 'likelihood',
        label: 'Likelihood',
        kind: 'select',
        items: options(['1', '2', '3', '4', '5'].map((n) => [n, n] as const)),
      },
      {
        key: 'impact',
        label: 'Impact',
        kind: 'select',
        items: options(['1', '2', '3', '4', '5'].map((n) => [n, n] as const)),
      },
      { key: 'mitigation', label: 'Mitigation (optional)', kind: 'textarea' },
      { key: 'owner', label: 'Owner (optional)', kind: 'text' },
    ],
  },
  targets: {
    title: 'Non-financial targets',
    noun: 'target',
    intro:
      'A measure the initiative is held to, such as children looked after, with a value for each year and, optionally, a monthly trajectory (a straight line from one month to another). Actuals can be counted from the returns.',
    fields: [
      { key: 'measure', label: 'Measure', kind: 'text', hint: 'For example, Children looked after' },
      {
        key: 'unit',
        label: 'Unit (optional)',
        kind: 'text',
        hint: 'For example, children',
        width: 'govuk-input--width-20',
      },
      {
        key: 'better',
        label: 'Which way is better',
        kind: 'select',
        items: options([
          ['', 'Not stated'],
          ['lower', 'Lower is better'],
          ['higher', 'Higher is better'],
        ]),
      },
      {
        key: 'counted',
        label: 'Actuals counted from the returns',
        kind: 'select',
        items: options([
          ['', 'No: typed in the file'],
          ['lookedAfter', 'Children looked after at the month end'],
          ['entries', 'Entries into care in the month'],
          ['exits', 'Exits from care in the month'],
        ]),
      },
      {
        key: 'route',
        label: 'Exit route (for exits only)',
        kind: 'select',
        items: [
          { value: '', text: 'All routes' },
          ...EXIT_ROUTES.map((r) => ({ value: r, text: EXIT_ROUTE_LABELS[r] })),
        ],
      },
      {
        key: 'fromMonth',
        label: 'Trajectory from month (optional)',
        kind: 'text',
        hint: 'For example, 2025-04',
        width: 'govuk-input--width-10',
      },
      { key: 'fromValue', label: 'Value in that month', kind: 'number', width: 'govuk-input--width-10' },
      {
        key: 'toMonth',
        label: 'Trajectory to month',
        kind: 'text',
        hint: 'For example, 2027-03',
        width: 'govuk-input--width-10',
      },
      { key: 'toValue', label: 'Value in that month', kind: 'number', width: 'govuk-input--width-10' },
    ],
    perYear: { label: 'Target by financial year', hint: 'Leave a year blank if it has no target' },
  },
  workings: {
    title: 'Workings',
    noun: 'working',
    intro:
      'The arithmetic behind an amount: volume × unit cost (or the difference of two unit costs, for a move) × duration. A gross saving is the full-year effect; investment and ongoing cost are the amounts in the year. Where an amount is also typed, the typed one is used and the two are checked against each other.',
    fields: [
      {
        key: 'line',
        label: 'The amount it works out',
        kind: 'select',
        items: options([
          ['grossSaving', 'Gross saving'],
          ['investment', 'Investment'],
          ['ongoingCost', 'Ongoing cost'],
          ['low', 'Gross saving: low'],
          ['high', 'Gross saving: high'],
        ]),
      },
      {
        key: 'description',
        label: 'Description',
        kind: 'text',
        hint: 'For example, children moved from external residential to agency fostering',
      },
      {
        key: 'volumeUnit',
        label: 'Volume unit (optional)',
        kind: 'text',
        hint: 'For example, children',
        width: 'govuk-input--width-20',
      },
      {
        key: 'unitCost',
        label: 'Unit cost (£)',
        kind: 'number',
        hint: 'Or give the two costs of a move below',
        width: 'govuk-input--width-10',
      },
      { key: 'unitCostFrom', label: 'Unit cost moved from (£)', kind: 'number', width: 'govuk-input--width-10' },
      { key: 'unitCostTo', label: 'Unit cost moved to (£)', kind: 'number', width: 'govuk-input--width-10' },
      {
        key: 'per',
        label: 'Unit cost per',
        kind: 'select',
        items: options([
          ['year', 'Year'],
          ['month', 'Month'],
          ['week', 'Week'],
          ['day', 'Day'],
        ]),
      },
      {
        key: 'duration',
        label: 'Duration in a year (optional)',
        kind: 'number',
        hint: 'How many of those periods a year: default 1 year, 12 months, 52 weeks or 365 days',
        width: 'govuk-input--width-5',
      },
    ],
    perYear: { label: 'Volume by financial year', hint: 'Leave a year blank if the working gives nothing that year' },
  },
};

/** The form values of a list's entries (from the document), one blank entry after them when `blank`. */
export function listValues(section: Section, entries: readonly Doc[], years: readonly string[]): Values {
  const v: Values = {};
  entries.forEach((e, i) => {
    const k = (f: string) => `e${i}-${f}`;
    v[k('orig')] = String(i);
    switch (section) {
      case 'milestones': {
        v[k('name')] = str(e.name);
        const [y, m, d] = str(e.due).split('-');
        v[k('due-day')] = d ? String(Number(d)) : '';
        v[k('due-month')] = m ? String(Number(m)) : '';
        v[k('due-year')] = y ?? '';
        v[k('status')] = str(e.status);
        break;
      }
      case 'risks':
        for (const f of ['description', 'likelihood', 'impact', 'mitigation', 'owner']) v[k(f)] = str(e[f]);
        break;
      case 'targets': {
        for (const f of ['measure', 'unit', 'better', 'counted', 'route']) v[k(f)] = str(e[f]);
        // A stored trajectory is its months: shown as the line from the first month's target to the last's.
        const t = e.trajectory as {
          from?: { month?: string; value?: number };
          to?: { month?: string; value?: number };
        };
        const months = Object.entries((e.months ?? {}) as Record<string, unknown>)
          .map(([month, m]) => ({ month, target: typeof m === 'number' ? m : (m as { target?: unknown }).target }))
          .filter((m) => typeof m.target === 'number')
          .sort((a, b) => a.month.localeCompare(b.month));
        const first = months.length > 1 ? months[0] : undefined;
        const last = months.length > 1 ? months[months.length - 1] : undefined;
        v[k('fromMonth')] = str(t?.from?.month ?? first?.month);
        v[k('fromValue')] = str(t?.from?.value ?? first?.target);
        v[k('toMonth')] = str(t?.to?.month ?? last?.month);
        v[k('toValue')] = str(t?.to?.value ?? last?.target);
        v[k('trajectoryWas')] = TRAJECTORY.map((f) => v[k(f)]).join('|');
        const ys = (e.years ?? {}) as Record<string, unknown>;
        years.forEach((label, j) => (v[k(`y${j}`)] = str(ys[label])));
        break;
      }
      case 'workings': {
        for (const f of [
          'line',
          'description',
          'volumeUnit',
          'unitCost',
          'unitCostFrom',
          'unitCostTo',
          'per',
          'duration',
        ])
          v[k(f)] = str(e[f]);
        const ys = (e.years ?? {}) as Record<string, unknown>;
        years.forEach((label, j) => {
          const y = ys[label];
          v[k(`y${j}`)] = typeof y === 'object' && y !== null ? str((y as { volume?: unknown }).volume) : str(y);
        });
        break;
      }
    }
  });
  return v;
}

/** The years a list's entries already have (targets' and workings' years), so the form shows them. */
export function listYears(entries: readonly Doc[]): string[] {
  return entries.flatMap((e) => Object.keys((e.years ?? {}) as Record<string, unknown>));
}

export interface ParsedList {
  readonly entries: Doc[];
  /** Field id (as in the form) to message. */
  readonly errors: Record<string, string>;
  /** What was typed, to show again with the errors. */
  readonly values: Values;
  /** How many entries the form showed (kept, removed and blank). */
  readonly shown: number;
}

const TRAJECTORY = ['fromMonth', 'fromValue', 'toMonth', 'toValue'];

const TEXT_FIELDS: Readonly<Record<Section, readonly string[]>> = {
  milestones: ['name', 'due-day', 'due-month', 'due-year'],
  risks: ['description', 'mitigation', 'owner'],
  targets: ['measure', 'unit', 'fromMonth', 'fromValue', 'toMonth', 'toValue'],
  workings: ['description', 'volumeUnit', 'unitCost', 'unitCostFrom', 'unitCostTo', 'duration'],
};

/** One entry of a posted list (its fields named e<i>-<field>), read with the errors found, named by its number in the list. */
class PostedEntry {
  readonly #body: Values;
  readonly #i: number;
  readonly #where: string;
  readonly #errors: Record<string, string>;
  /** The entry as it was before (the form's hidden `orig`), for what the form does not show. */
  readonly orig: Doc | undefined;

  constructor(body: Values, i: number, where: string, errors: Record<string, string>, previous: readonly Doc[]) {
    this.#body = body;
    this.#i = i;
    this.#where = where;
    this.#errors = errors;
    this.orig = this.get('orig') === '' ? undefined : previous[Number(this.get('orig'))];
  }

  /** The form's id of one of this entry's fields. */
  id(f: string): string {
    return `e${this.#i}-${f}`;
  }

  get(f: string): string {
    return (this.#body[this.id(f)] ?? '').trim();
  }

  hasError(f: string): boolean {
    return Boolean(this.#errors[this.id(f)]);
  }

  /** An error on a field, its message starting with the entry's name ("Target 2: ..."). */
  error(f: string, message: string): void {
    this.#errors[this.id(f)] = `${this.#where}: ${message}`;
  }

  number(f: string, label: string): number | undefined {
    const r = readNumber(this.get(f));
    if ('error' in r) {
      this.#errors[this.id(f)] = `${this.#where}, ${label}: ${r.error}`;
      return undefined;
    }
    return r.value;
  }

  required(f: string, label: string): string {
    const v = this.get(f);
    if (v === '') this.error(f, `enter the ${label}`);
    return v;
  }
}

/**
 * A list's entries from the posted form: blank entries are dropped, entries marked "Remove"
 * removed, the rest turned into document entries (`previous` gives what the form does not show:
 * a target's typed months and actuals, a working's per-year durations).
 */
export function parseList(
  section: Section,
  body: Values,
  years: readonly string[],
  previous: readonly Doc[],
): ParsedList {
  const shown = Math.min(Number(body.count ?? '0') || 0, 400);
  const values: Values = { count: String(shown) };
  const errors: Record<string, string> = {};
  const entries: Doc[] = [];
  const spec = SECTION_SPECS[section];
  const fields = [...TEXT_FIELDS[section], ...(spec.perYear ? years.map((_, j) => `y${j}`) : [])];
  for (let i = 0; i < shown; i++) {
    for (const [key, value] of Object.entries(body)) if (key.startsWith(`e${i}-`)) values[key] = value;
    const get = (f: string) => (body[`e${i}-${f}`] ?? '').trim();
    if (get('remove') === 'yes') continue;
    if (!fields.some((f) => get(f) !== '')) continue;
    const where = `${spec.noun.charAt(0).toUpperCase()}${spec.noun.slice(1)} ${entries.length + 1}`;
    entries.push(ENTRY_OF[section](new PostedEntry(body, i, where, errors, previous), years));
  }
  return { entries, errors, values, shown };
}

/** Each list's entry, from its posted fields (and the years shown, for targets and workings). */
const ENTRY_OF: Readonly<Record<Section, (e: PostedEntry, years: readonly string[]) => Doc>> = {
  milestones: (e) => {
    const name = e.required('name', 'milestone');
    const [d, m, y] = ['due-day', 'due-month', 'due-year'].map((f) => Number(e.get(f)));
    const date = new Date(Date.UTC(y ?? NaN, (m ?? NaN) - 1, d ?? NaN));
    const ok =
      Number.isInteger(y) &&
      (y ?? 0) >= 1900 &&
      (y ?? 0) <= 2200 &&
      date.getUTCFullYear() === y &&
      date.getUTCMonth() === (m ?? 0) - 1 &&
      date.getUTCDate() === d;
    if (!ok) e.error('due-day', 'enter the due date as a real day, month and year, like 31 3 2026');
    return { name, due: ok ? isoDateOf(date) : '', status: e.get('status') || 'not started' };
  },
  risks: (e) => {
    const entry: Doc = {
      description: e.required('description', 'risk'),
      likelihood: Number(e.get('likelihood') || '1'),
      impact: Number(e.get('impact') || '1'),
      mitigation: e.get('mitigation'),
    };
    if (e.get('owner')) entry.owner = e.get('owner');
    return entry;
  },
  targets: (e, years) => {
    const entry: Doc = { measure: e.required('measure', 'measure') };
    for (const f of ['unit', 'better', 'counted', 'route']) if (e.get(f)) entry[f] = e.get(f);
    if (entry.route && entry.counted !== 'exits')
      e.error('route', 'an exit route goes with actuals counted as exits from care');
    const ys: Record<string, number> = {};
    years.forEach((label, j) => {
      const v = e.number(`y${j}`, label);
      if (v !== undefined) ys[label] = v;
    });
    entry.years = ys;
    const trajectory = targetTrajectory(e);
    if (trajectory !== undefined) entry.trajectory = trajectory;
    keepTargetMonthsAndActuals(entry, e.orig);
    return entry;
  },
  workings: (e, years) => {
    const entry: Doc = {
      line: e.get('line') || 'grossSaving',
      description: e.required('description', 'description'),
      per: e.get('per') || 'year',
    };
    if (e.get('volumeUnit')) entry.volumeUnit = e.get('volumeUnit');
    for (const [f, label] of [
      ['unitCost', 'unit cost'],
      ['unitCostFrom', 'unit cost moved from'],
      ['unitCostTo', 'unit cost moved to'],
      ['duration', 'duration'],
    ] as const) {
      const v = e.number(f, label);
      if (v !== undefined) entry[f] = v;
    }
    const before = (e.orig?.years ?? {}) as Record<string, unknown>;
    const ys: Record<string, unknown> = {};
    years.forEach((label, j) => {
      const v = e.number(`y${j}`, `${label} volume`);
      if (v === undefined) return;
      const was = before[label];
      // A year's own duration (typed in a file) stays with its volume.
      ys[label] =
        typeof was === 'object' && was !== null && 'duration' in was
          ? { volume: v, duration: (was as { duration: unknown }).duration }
          : v;
    });
    entry.years = ys;
    return entry;
  },
};

/**
 * A target's straight-line trajectory (from a month and value to a month and value) when one is
 * typed and differs from the one shown; undefined when none is typed or it is unchanged.
 */
function targetTrajectory(e: PostedEntry): Doc | undefined {
  const unchanged =
    e.get('trajectoryWas') !== '' && TRAJECTORY.map((f) => e.get(f)).join('|') === e.get('trajectoryWas');
  if (unchanged || !TRAJECTORY.some((f) => e.get(f) !== '')) return undefined;
  const fromValue = e.number('fromValue', 'trajectory start value');
  const toValue = e.number('toValue', 'trajectory end value');
  for (const f of TRAJECTORY)
    if (e.get(f) === '' && !e.hasError(f))
      e.error(f, 'a trajectory needs both months and both values (or none of them)');
  for (const f of ['fromMonth', 'toMonth'])
    if (e.get(f) !== '' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(e.get(f)))
      e.error(f, 'write the month as year and month, like 2025-04');
  return {
    from: { month: e.get('fromMonth'), value: fromValue ?? 0 },
    to: { month: e.get('toMonth'), value: toValue ?? 0 },
  };
}

/**
 * The months stored (typed in a file, or an earlier trajectory) are kept while the trajectory
 * shown is unchanged; a new trajectory replaces their targets and keeps their actuals.
 */
function keepTargetMonthsAndActuals(entry: Doc, orig: Doc | undefined): void {
  if (orig?.months && !entry.trajectory) entry.months = orig.months;
  const actuals: Record<string, unknown> = { ...((orig?.actuals ?? {}) as Record<string, unknown>) };
  if (orig?.months && entry.trajectory)
    for (const [month, m] of Object.entries(orig.months as Record<string, unknown>)) {
      const actual = typeof m === 'object' && m !== null ? (m as { actual?: unknown }).actual : undefined;
      if (typeof actual === 'number') actuals[month] = actual;
    }
  if (Object.keys(actuals).length > 0) entry.actuals = actuals;
}

// ---------------------------------------------------------------------------------------------
// An initiative's money by year

export const YEAR_FIELDS = ['investment', 'ongoingCost', 'grossSaving', 'low', 'high', 'phasing'] as const;
const YEAR_FIELD_WORDS: Readonly<Record<(typeof YEAR_FIELDS)[number], string>> = {
  investment: 'investment',
  ongoingCost: 'ongoing cost',
  grossSaving: 'gross saving',
  low: 'low',
  high: 'high',
  phasing: 'phasing',
};

/**
 * An initiative's years from the form (`y{j}-{field}` for each year shown): blank amounts hold
 * no figure; TBC where a file allows it; years with nothing typed before the first or after the
 * last year with a figure are left out (a blank year between two is kept, as nil, so the years
 * run without a gap).
 */
export function parseYears(
  body: Values,
  years: readonly string[],
): { years: Record<string, Record<string, unknown>>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const rows: Array<[string, Record<string, unknown>]> = years.map((label, j) => {
    const line: Record<string, unknown> = {};
    for (const f of YEAR_FIELDS) {
      const key = `y${j}-${f}`;
      const raw = body[key] ?? '';
      if (f === 'phasing') {
        const r = readNumber(raw);
        if ('error' in r) errors[key] = `${label} phasing: enter a share from 0 to 1, like 0.5`;
        else if (r.value !== undefined) line.phasing = r.value;
        continue;
      }
      const r = readAmount(raw, { tbc: true });
      if ('error' in r) errors[key] = `${label} ${YEAR_FIELD_WORDS[f]}: ${r.error}`;
      else if (r.value !== undefined) line[f] = r.value;
    }
    return [label, line];
  });
  const has = rows.map(([, l]) => Object.keys(l).length > 0);
  const first = has.indexOf(true);
  const last = has.lastIndexOf(true);
  return { years: first < 0 ? {} : Object.fromEntries(rows.slice(first, last + 1)), errors };
}

/**
 * One form per kind of scenario adjustment: turning the posted fields into the plain form of an
 * adjustment (as a scenario file writes it, money in pounds) and an adjustment back into the
 * form's values. Numbers that are not numbers are reported here, naming the field; everything
 * else is checked by the scenario file rules (src/domain/scenarios/validate.ts).
 */
import { DEFAULT_AGE_BANDS } from '../../../domain/ageBands.ts';
import { EXIT_ROUTES, EXIT_ROUTE_LABELS } from '../../../domain/exitRoutes.ts';
import { PLACEMENT_CATEGORIES, PLACEMENT_CATEGORY_LABELS } from '../../../domain/placementCategories.ts';
import { ADJUSTMENT_KINDS, type AdjustmentKind } from '../../../domain/scenarios/scenario.ts';

/**
 * The kinds offered when adding an adjustment: every way of stating a move is its own choice, so
 * each form asks only for its own figures (no conditionally revealed fields: GOV.UK Frontend's
 * reveal sets aria-expanded on radio buttons, which ARIA does not allow).
 */
export const FORM_KINDS: readonly AdjustmentKind[] = ADJUSTMENT_KINDS;

export const KIND_LABELS: Readonly<Record<AdjustmentKind, { readonly title: string; readonly hint: string }>> = {
  entryRate: {
    title: 'Entries into care',
    hint: 'Fewer (or more) children entering care, by a percentage of the fitted rate or a number of children a year, for some or all age bands.',
  },
  exitRate: {
    title: 'Exits by a route',
    hint: 'More (or fewer) children leaving care by one route, such as special guardianship, as a percentage of the fitted rate.',
  },
  moveOnce: {
    title: 'Move a number of children once',
    hint: 'A number of children moving from one placement category to another once, such as six children stepping down from external residential to fostering over three months.',
  },
  categoryShift: {
    title: 'Move a number of children each year',
    hint: 'Children a year moving from one placement category to another, up to a capacity, such as from IFA to in-house fostering.',
  },
  movePercent: {
    title: 'Move a percentage of a category each year',
    hint: 'A percentage of the children in one placement category moving to another each year, such as 10% of the children in supported accommodation.',
  },
  moveToShare: {
    title: 'Move children until a category reaches a share by a date',
    hint: 'Children moving from one placement category to another until the second holds a share of the children in the two by a date, such as in-house fostering reaching 60% of fostering by 31 March 2029.',
  },
  unitCostChange: {
    title: 'Change a unit cost',
    hint: 'A percentage or weekly change in the cost of one placement category.',
  },
  newProvision: {
    title: 'New provision',
    hint: 'New places with their own running cost, such as a council children’s home replacing external residential placements.',
  },
  agencyShare: {
    title: 'Agency social workers: a lower agency share by a date',
    hint: 'The share of social work posts held by agency workers falling from one percentage to another by a date, each post moved to a permanent social worker saving the agency premium (on the Workforce page’s latest figures).',
  },
  cpPlans: {
    title: 'Child protection plans',
    hint: 'Fewer (or more) children starting child protection plans, such as 10% fewer from April: entries into care change by that percentage times the share of entries that came after a plan (from the children in need census).',
  },
};

export function isKind(k: unknown): k is AdjustmentKind {
  return typeof k === 'string' && (ADJUSTMENT_KINDS as readonly string[]).includes(k);
}

export type Body = Readonly<Record<string, unknown>>;

function text(body: Body, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
}

function list(body: Body, name: string): string[] {
  const v = body[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  return typeof v === 'string' && v !== '' ? v.split(',') : [];
}

export interface ParsedAdjustment {
  readonly adjustment: Record<string, unknown>;
  readonly errors: Record<string, string>;
  /** The fields as typed, to fill the form again. */
  readonly values: Record<string, string>;
}

/** The text fields of the adjustment forms, kept as typed to fill the form again. */
const FORM_FIELDS = [
  'start-day',
  'start-month',
  'start-year',
  'rampMonths',
  'percent',
  'childrenPerYear',
  'route',
  'from',
  'to',
  'capacity',
  'category',
  'weeklyChange',
  'name',
  'runningCostPerYear',
  'children',
  'percentPerYear',
  'sharePercent',
  'fromPercent',
  'toPercent',
  'childrenPerHousehold',
  'by-day',
  'by-month',
  'by-year',
] as const;

/** A posted adjustment form: its fields as typed, the age bands chosen, and the errors found reading its figures. */
class PostedForm {
  readonly #body: Body;
  readonly errors: Record<string, string> = {};
  readonly values: Record<string, string> = {};
  readonly bands: string[];

  constructor(body: Body) {
    this.#body = body;
    for (const name of FORM_FIELDS) this.values[name] = text(body, name);
    this.bands = list(body, 'ageBands');
    this.values.ageBands = this.bands.join(',');
  }

  /** A figure (a leading £, thousands commas and a trailing % allowed), or undefined with an error naming `label`. */
  number(name: string, label: string, required: boolean): number | undefined {
    const raw = text(this.#body, name).replace(/^£/, '').replace(/,/g, '').replace(/%$/, '');
    if (raw === '') {
      if (required) this.errors[name] = `Enter ${label}`;
      return undefined;
    }
    if (!/^-?\d+(\.\d+)?$/.test(raw)) {
      const bare = label.replace(/^the /, '');
      this.errors[name] = `${bare.charAt(0).toUpperCase()}${bare.slice(1)} must be a number`;
      return undefined;
    }
    return Number(raw);
  }

  /** The date in the `prefix`-day, -month and -year fields as YYYY-MM-DD, or '' with the error `missing`. */
  date(prefix: string, missing: string): string {
    const d = this.values[`${prefix}-day`] ?? '';
    const m = this.values[`${prefix}-month`] ?? '';
    const y = this.values[`${prefix}-year`] ?? '';
    if (/^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y))
      return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    this.errors[`${prefix}-day`] = missing;
    return '';
  }
}

type Adjustment = Record<string, unknown>;

/** The age bands, when any are chosen (none: every age band). */
function addAgeBands(a: Adjustment, form: PostedForm): void {
  if (form.bands.length > 0) a.ageBands = form.bands;
}

/** A placement category the children move from and one they move to. */
function addMove(a: Adjustment, form: PostedForm): void {
  a.from = form.values.from;
  a.to = form.values.to;
}

const SHARE_BY_DATE = 'Enter the date to reach the share by, including a day, month and year';

/** Each kind's own figures, after the start date and ramp-up every adjustment has. */
const KIND_FIGURES: Readonly<Record<AdjustmentKind, (a: Adjustment, form: PostedForm) => void>> = {
  entryRate: (a, form) => {
    a.ageBands = form.bands;
    // One of the two: a percentage of the fitted rate, or children a year.
    const p = form.number('percent', 'the percentage change', false);
    const c = form.number('childrenPerYear', 'the change in children a year', false);
    if (p !== undefined) a.percent = p;
    if (c !== undefined) a.childrenPerYear = c;
    const { errors } = form;
    if (p === undefined && c === undefined && errors.percent === undefined && errors.childrenPerYear === undefined) {
      errors.percent = 'Enter the percentage change in entries, or a change in children a year';
    } else if (p !== undefined && c !== undefined) {
      errors.percent = 'Give either a percentage change or a change in children a year, not both';
    }
  },
  cpPlans: (a, form) => {
    const p = form.number('percent', 'the percentage change in child protection plans', true);
    if (p !== undefined) a.percent = p;
  },
  exitRate: (a, form) => {
    a.route = form.values.route;
    const p = form.number('percent', 'the percentage change', true);
    if (p !== undefined) a.percent = p;
    addAgeBands(a, form);
  },
  categoryShift: (a, form) => {
    addMove(a, form);
    const c = form.number('childrenPerYear', 'the children a year', true);
    if (c !== undefined) a.childrenPerYear = c;
    const cap = form.number('capacity', 'the capacity', false);
    a.capacity = cap ?? null;
    addAgeBands(a, form);
  },
  moveOnce: (a, form) => {
    addMove(a, form);
    const c = form.number('children', 'the number of children to move', true);
    if (c !== undefined) a.children = c;
    addAgeBands(a, form);
  },
  movePercent: (a, form) => {
    addMove(a, form);
    const p = form.number('percentPerYear', 'the percentage who move each year', true);
    if (p !== undefined) a.percentPerYear = p;
    addAgeBands(a, form);
  },
  moveToShare: (a, form) => {
    addMove(a, form);
    // The straight line to the share is the ramp: no ramp-up of its own.
    delete a.rampMonths;
    const p = form.number('sharePercent', 'the share to reach', true);
    if (p !== undefined) a.sharePercent = p;
    a.by = form.date('by', SHARE_BY_DATE);
    const perHousehold = form.number('childrenPerHousehold', 'the children per in-house fostering household', false);
    if (perHousehold !== undefined) a.childrenPerHousehold = perHousehold;
    addAgeBands(a, form);
  },
  unitCostChange: (a, form) => {
    a.category = form.values.category;
    const p = form.number('percent', 'the percentage change', false);
    if (p !== undefined) a.percent = p;
    const w = form.number('weeklyChange', 'the weekly change in pounds', false);
    if (w !== undefined) a.weeklyChange = w;
  },
  agencyShare: (a, form) => {
    // The straight line to the share is the ramp: no ramp-up of its own.
    delete a.rampMonths;
    const from = form.number('fromPercent', 'the agency share now', true);
    if (from !== undefined) a.fromPercent = from;
    const to = form.number('toPercent', 'the agency share to reach', true);
    if (to !== undefined) a.toPercent = to;
    a.by = form.date('by', SHARE_BY_DATE);
  },
  newProvision: (a, form) => {
    a.name = form.values.name;
    addMove(a, form);
    const cap = form.number('capacity', 'the number of places', true);
    if (cap !== undefined) a.capacity = cap;
    const c = form.number('childrenPerYear', 'the children a year', false);
    if (c !== undefined) a.childrenPerYear = c;
    const cost = form.number('runningCostPerYear', 'the running cost a year', true);
    if (cost !== undefined) a.runningCostPerYear = cost;
    addAgeBands(a, form);
  },
};

/** The posted form as a plain adjustment of `kind`; `errors` names fields that are not numbers or dates. */
export function adjustmentFromForm(kind: AdjustmentKind, body: Body): ParsedAdjustment {
  const form = new PostedForm(body);
  const start = form.date('start', 'Enter the start date, including a day, month and year');
  const rampMonths = form.number('rampMonths', 'the ramp-up in months', false) ?? 0;
  const a: Adjustment = { kind, start, rampMonths };
  // An unknown kind (the routes refuse one first) is the start and ramp-up alone.
  if (isKind(kind)) KIND_FIGURES[kind](a, form);
  return { adjustment: a, errors: form.errors, values: form.values };
}

/** A stored adjustment (plain form) as the form's values. */
export function formFromAdjustment(a: Readonly<Record<string, unknown>>): Record<string, string> {
  const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const [y, m, d] = s(a.start).split('-');
  const [byY, byM, byD] = s(a.by).split('-');
  return {
    children: s(a.children),
    percentPerYear: s(a.percentPerYear),
    sharePercent: s(a.sharePercent),
    childrenPerHousehold: s(a.childrenPerHousehold),
    fromPercent: s(a.fromPercent),
    toPercent: s(a.toPercent),
    'by-day': byD ? String(Number(byD)) : '',
    'by-month': byM ? String(Number(byM)) : '',
    'by-year': byY ?? '',
    'start-day': d ? String(Number(d)) : '',
    'start-month': m ? String(Number(m)) : '',
    'start-year': y ?? '',
    rampMonths: s(a.rampMonths),
    percent: s(a.percent),
    childrenPerYear: s(a.childrenPerYear),
    route: s(a.route),
    from: s(a.from),
    to: s(a.to),
    capacity: s(a.capacity),
    category: s(a.category),
    weeklyChange: s(a.weeklyChange),
    name: s(a.name),
    runningCostPerYear: s(a.runningCostPerYear),
    ageBands: Array.isArray(a.ageBands) ? a.ageBands.join(',') : '',
  };
}

/** Items for the form's selects and checkboxes, with the current values selected. */
export function formItems(values: Readonly<Record<string, string>>) {
  const chosenBands = (values.ageBands ?? '').split(',').filter(Boolean);
  const categories = (field: string) => [
    { value: '', text: 'Select a category' },
    ...PLACEMENT_CATEGORIES.map((c) => ({
      value: c,
      text: PLACEMENT_CATEGORY_LABELS[c],
      selected: values[field] === c,
    })),
  ];
  return {
    ageBands: DEFAULT_AGE_BANDS.map((b) => ({ value: b.key, text: b.label, checked: chosenBands.includes(b.key) })),
    routes: [
      { value: '', text: 'Select a route' },
      ...EXIT_ROUTES.map((r) => ({ value: r, text: EXIT_ROUTE_LABELS[r], selected: values.route === r })),
    ],
    from: categories('from'),
    to: categories('to'),
    category: categories('category'),
  };
}

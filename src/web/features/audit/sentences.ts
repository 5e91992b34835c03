/**
 * The audit log in sentences for people (issue 15): "admin@council.gov.uk imported 5 years of
 * returns (812 children, 3,140 episodes)". The recorded detail stays as it is (shown as JSON behind
 * a details toggle); nothing here reads a server path: an import names its files only.
 */
import { PLACEMENT_CATEGORY_LABELS, isPlacementCategory } from '../../../domain/placementCategories.ts';
import { formatLongDate } from '../../../domain/dates.ts';
import type { AuditEntry } from '../../../services/audit.ts';

type Detail = Readonly<Record<string, unknown>>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const n = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 2 });
const count = (v: number, one: string, many: string) => `${n(v)} ${v === 1 ? one : many}`;
const pounds = (v: unknown) => {
  const p = num(v);
  // Whole pounds, as finance writes them in a sentence (the JSON keeps the pence).
  return p === null ? '' : `£${Math.round(p).toLocaleString('en-GB')}`;
};
const quoted = (v: unknown) => `“${String(v ?? '')}”`;

/** The last part of a file path (older import entries recorded the server's path). */
export function fileName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** Who did it, as people read it: the person's email, the command line, or Forecare itself. */
export function who(actor: string): string {
  if (actor === 'system') return 'Forecare';
  if (actor === 'cli') return 'Someone at the command line';
  if (actor.startsWith('cli:')) return `${actor.slice(4)} (command line)`;
  return actor;
}

const ROLE: Readonly<Record<string, string>> = { admin: 'an admin', analyst: 'an analyst', viewer: 'a viewer' };
const role = (r: unknown) => ROLE[String(r)] ?? String(r);

const category = (c: unknown) => {
  const s = String(c ?? '');
  return isPlacementCategory(s) ? PLACEMENT_CATEGORY_LABELS[s].toLowerCase() : s;
};

const SOURCE: Readonly<Record<string, string>> = {
  cli: ' from the command line',
  'web upload': ' by upload',
  'demo generator': ' from the demo generator',
  demo: ' from the demo examples',
};

function importSentence(d: Detail): string {
  const files = Array.isArray(d.files) ? (d.files as Array<Record<string, unknown>>) : [];
  const years = new Set(files.map((f) => num(f.year)).filter((y): y is number => y !== null && y > 0));
  const what = years.size > 0 ? `${count(years.size, 'year', 'years')} of returns` : 'returns';
  const children = num(d.children);
  const episodes = num(d.episodes);
  const counts = [
    children === null ? null : count(children, 'child', 'children'),
    episodes === null ? null : count(episodes, 'episode', 'episodes'),
  ].filter(Boolean);
  const errors = num(d.errors) ?? 0;
  return (
    `imported ${what}${SOURCE[String(d.source)] ?? ''}${counts.length ? ` (${counts.join(', ')})` : ''}` +
    (d.acceptedErrors === true && errors > 0 ? `, accepting ${count(errors, 'error', 'errors')}` : '')
  );
}

/** A savings programme uploaded or replaced, with its number of initiatives when recorded. */
function programmeUpload(verb: 'uploaded' | 'replaced', d: Detail): string {
  const initiatives = num(d.initiatives);
  return `${verb} the savings programme ${quoted(d.name ?? d.programme)}${
    initiatives === null ? '' : ` (${count(initiatives, 'initiative', 'initiatives')})`
  }${SOURCE[String(d.source)] ?? ''}`;
}

/**
 * What happened, after the actor's name ("imported 5 years of returns (812 children)"), for each
 * action the audit log records: a table of sentences, one entry an action.
 */
const SENTENCES: Readonly<Record<string, (d: Detail) => string>> = {
  'import.completed': importSentence,
  'import.failed': (d) =>
    d.reason === 'refused'
      ? 'tried to import returns: refused, nothing saved'
      : 'tried to import returns: it failed, nothing saved',
  'user.added': (d) =>
    `added ${str(d.email) ?? 'a user'} as ${role(d.role)}${d.accountCreated === true ? ' (a new account)' : ''}`,
  'user.role_changed': (d) =>
    `changed the role of user ${String(d.userId ?? '')} from ${String(d.from ?? '')} to ${String(d.to ?? '')}`,
  'user.removed': (d) => `removed user ${String(d.userId ?? '')} (${String(d.role ?? '')}) from the council`,
  'user.admin_created': (d) => `made ${str(d.email) ?? 'a user'} the council’s admin`,
  'user.totp_enabled': () => 'turned on two-factor sign-in',
  'user.totp_disabled': () => 'turned off two-factor sign-in',
  'settings.updated': () => 'changed the council’s settings',
  'branding.updated': () => 'changed the council’s name or logo',
  'branding.logo_removed': () => 'removed the council’s logo',
  'scenario.created': (d) => `created the scenario ${quoted(d.scenario)}${SOURCE[String(d.source)] ?? ''}`,
  'scenario.updated': (d) =>
    str(d.renamedFrom)
      ? `renamed the scenario ${quoted(d.renamedFrom)} to ${quoted(d.scenario)}`
      : `changed the description of the scenario ${quoted(d.scenario)}`,
  'scenario.copied': (d) => `copied the scenario ${quoted(d.copiedFrom)} to ${quoted(d.scenario)}`,
  'scenario.deleted': (d) => `deleted the scenario ${quoted(d.scenario)}`,
  'scenario.adjustment_added': (d) =>
    `added adjustment ${String(d.adjustment ?? '')} to the scenario ${quoted(d.scenario)}`,
  'scenario.adjustment_changed': (d) =>
    `changed adjustment ${String(d.adjustment ?? '')} of the scenario ${quoted(d.scenario)}`,
  'scenario.adjustment_removed': (d) =>
    `removed adjustment ${String(d.adjustment ?? '')} from the scenario ${quoted(d.scenario)}`,
  'programme.uploaded': (d) => programmeUpload('uploaded', d),
  'programme.replaced': (d) => programmeUpload('replaced', d),
  'programme.created': (d) => `created the savings programme ${quoted(d.name ?? d.programme)}`,
  'programme.changed': (d) =>
    `changed the savings programme ${quoted(d.programme)}${str(d.initiative) ? ` (initiative ${quoted(d.initiative)})` : ''}`,
  'programme.initiative_changed': (d) =>
    `changed the initiative ${quoted(d.initiative)} of the savings programme ${quoted(d.programme)}`,
  'programme.deleted': (d) => `deleted the savings programme ${quoted(d.programme)}`,
  'costs.unit_cost_set': (d) =>
    `set the unit cost of ${category(d.category)}${str(d.placeCode) ? ` (${String(d.placeCode)})` : ''} to ${pounds(d.weeklyPounds)} a week${
      str(d.effectiveFrom) ? ` from ${formatLongDate(String(d.effectiveFrom))}` : ''
    }`,
  'costs.unit_cost_removed': (d) =>
    `removed a unit cost of ${category(d.category)}${str(d.placeCode) ? ` (${String(d.placeCode)})` : ''}`,
  'costs.inflation_set': (d) =>
    `set inflation for ${String(d.financialYear ?? '')} to ${num(d.percent) === null ? '' : `${n(num(d.percent) as number)}%`}`,
  'costs.child_costs_imported': (d) => {
    const records = num(d.records);
    return `imported child-level placement costs${records === null ? '' : ` (${count(records, 'record', 'records')})`}${SOURCE[String(d.source)] ?? ''}`;
  },
  'budget.set': (d) => `set the ${String(d.year ?? '')} budget for ${category(d.line)} to ${pounds(d.amountPounds)}`,
  'budget.removed': (d) => `removed the ${String(d.year ?? '')} budget for ${category(d.line)}`,
  'budget.year_set': (d) => `set the ${String(d.year ?? '')} budgets (total ${pounds(d.totalPounds)})`,
  'budget.imported': (d) => `imported budgets from ${fileName(String(d.file ?? 'a file'))}`,
  'budget.import_refused': (d) =>
    `tried to import budgets from ${fileName(String(d.file ?? 'a file'))}: refused, nothing saved`,
  'monitoring.period_saved': (d) =>
    `saved budget monitoring for ${String(d.year ?? '')} ${String(d.period ?? '')}${
      num(d.forecastOutturnPounds) === null ? '' : ` (forecast outturn ${pounds(d.forecastOutturnPounds)})`
    }`,
  'workforce.imported': (d) =>
    `imported workforce figures from ${fileName(String(d.file ?? 'a file'))}${num(d.rows) === null ? '' : ` (${count(num(d.rows) as number, 'row', 'rows')})`}${SOURCE[String(d.source)] ?? ''}`,
  'workforce.import_refused': (d) =>
    `tried to import workforce figures from ${fileName(String(d.file ?? 'a file'))}: refused, nothing saved`,
  'workforce.team_period_set': (d) =>
    `${d.replaced ? 'changed' : 'entered'} the workforce figures of ${quoted(d.team)} for ${String(d.period ?? '')}`,
  'workforce.team_period_removed': (d) =>
    `removed the workforce figures of ${quoted(d.team)} for ${String(d.period ?? '')}`,
  'cin.import.completed': (d) => {
    const years = Array.isArray(d.years) ? (d.years as unknown[]).map(String) : [];
    const read = (d.read ?? {}) as Detail;
    const children = num(read.children);
    const errors = num(d.errors);
    return `imported the children in need census${years.length ? ` for ${years.join(', ')}` : ''}${SOURCE[String(d.source)] ?? ''}${children === null ? '' : ` (${count(children, 'child', 'children')})`}${d.acceptedErrors && errors ? `, accepting ${count(errors, 'error', 'errors')}` : ''}`;
  },
  'cin.import.failed': (d) =>
    `tried to import the children in need census${SOURCE[String(d.source)] ?? ''}: refused, nothing saved`,
  'cin.counts.imported': (d) => {
    const months = num(d.months);
    return `imported monthly counts of contacts and early help${months === null ? '' : ` (${count(months, 'month', 'months')}${str(d.first) ? `, ${String(d.first)} to ${String(d.last ?? '')}` : ''})`}`;
  },
  'cin.counts.removed': (d) => `removed the monthly counts for ${String(d.month ?? '')}`,
  'cin.counts.set': (d) => `${d.replaced ? 'corrected' : 'entered'} the monthly counts for ${String(d.month ?? '')}`,
  'tracker.imported': (d) =>
    `imported a permanence tracker${num(d.children) === null ? '' : ` (${count(num(d.children) as number, 'child', 'children')})`}`,
  'tracker.list_item_added': (d) =>
    `added ${quoted(d.label)} to the permanence ${d.kind === 'note' ? 'note codes' : 'reasons'}`,
  'tracker.list_item_renamed': (d) =>
    `renamed the permanence ${d.kind === 'note' ? 'note code' : 'reason'} ${quoted(d.from)} to ${quoted(d.to)}`,
  'tracker.list_item_retired': (d) =>
    `retired the permanence ${d.kind === 'note' ? 'note code' : 'reason'} ${quoted(d.label)}`,
  'tracker.list_item_restored': (d) =>
    `restored the permanence ${d.kind === 'note' ? 'note code' : 'reason'} ${quoted(d.label)}`,
  'tracker.child_status_set': (d) =>
    `put a child of ${quoted(d.project)} ${d.status === 'out_of_scope' ? `out of scope (${String(d.reason ?? '')})` : 'in scope'}`,
  'tracker.children_picked': (d) =>
    `added ${count(num(d.children) ?? 0, 'child', 'children')} in care to ${quoted(d.project)}`,
  'tracker.target_set': (d) =>
    `${d.replaced ? 'changed' : 'stated'} a target of ${quoted(d.project)} for ${String(d.month ?? '')}`,
  'tracker.target_removed': (d) => `removed a target of ${quoted(d.project)} for ${String(d.month ?? '')}`,
  'tracker.note_added': (d) => `added a note ${quoted(d.code)} to a child of ${quoted(d.project)}`,
  'tracker.note_removed': (d) => `removed a note ${quoted(d.code)} from a child of ${quoted(d.project)}`,
  'capacity.imported': (d) =>
    `imported in-house capacity from ${fileName(String(d.file ?? 'a file'))}${num(d.records) === null ? '' : ` (${count(num(d.records) as number, 'month', 'months')})`}`,
  'capacity.set': (d) =>
    `set in-house capacity from ${String(d.month ?? '')}: ${String(d.fosteringHouseholds ?? '')} fostering households, ${String(d.fosteringPlaces ?? '')} places, ${String(d.homeBeds ?? '')} home beds`,
  'capacity.removed': (d) => `removed the in-house capacity from ${String(d.month ?? '')}`,
};

/** What happened, after the actor's name; an action with no sentence is named as it is recorded. */
function what(action: string, d: Detail): string {
  return Object.hasOwn(SENTENCES, action)
    ? (SENTENCES[action] as (d: Detail) => string)(d)
    : `did “${action.replace(/[._]/g, ' ')}”`;
}

/** One audit entry as a sentence for people. */
export function auditSentence(e: Pick<AuditEntry, 'actor' | 'action' | 'detail'>): string {
  return `${who(e.actor)} ${what(e.action, e.detail)}.`;
}

/**
 * The detail as shown behind the toggle: the recorded JSON, with any file path cut to its file
 * name (older import entries recorded the server's temporary path).
 */
export function shownDetail(detail: Detail): Record<string, unknown> {
  const out: Record<string, unknown> = { ...detail };
  if (Array.isArray(detail.files))
    out.files = (detail.files as Array<Record<string, unknown>>).map((f) => {
      const { path, ...rest } = f;
      return typeof path === 'string' ? { file: fileName(path), ...rest } : f;
    });
  if (typeof detail.file === 'string') out.file = fileName(detail.file);
  return out;
}

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

/** What happened, after the actor's name ("imported 5 years of returns (812 children)"). */
function what(action: string, d: Detail): string {
  switch (action) {
    case 'import.completed':
      return importSentence(d);
    case 'import.failed':
      return d.reason === 'refused'
        ? 'tried to import returns: refused, nothing saved'
        : 'tried to import returns: it failed, nothing saved';
    case 'user.added':
      return `added ${str(d.email) ?? 'a user'} as ${role(d.role)}${d.accountCreated === true ? ' (a new account)' : ''}`;
    case 'user.role_changed':
      return `changed the role of user ${String(d.userId ?? '')} from ${String(d.from ?? '')} to ${String(d.to ?? '')}`;
    case 'user.removed':
      return `removed user ${String(d.userId ?? '')} (${String(d.role ?? '')}) from the council`;
    case 'user.admin_created':
      return `made ${str(d.email) ?? 'a user'} the council’s admin`;
    case 'user.totp_enabled':
      return 'turned on two-factor sign-in';
    case 'user.totp_disabled':
      return 'turned off two-factor sign-in';
    case 'settings.updated':
      return 'changed the council’s settings';
    case 'branding.updated':
      return 'changed the council’s name or logo';
    case 'branding.logo_removed':
      return 'removed the council’s logo';
    case 'scenario.created':
      return `created the scenario ${quoted(d.scenario)}${SOURCE[String(d.source)] ?? ''}`;
    case 'scenario.updated':
      return str(d.renamedFrom)
        ? `renamed the scenario ${quoted(d.renamedFrom)} to ${quoted(d.scenario)}`
        : `changed the description of the scenario ${quoted(d.scenario)}`;
    case 'scenario.copied':
      return `copied the scenario ${quoted(d.copiedFrom)} to ${quoted(d.scenario)}`;
    case 'scenario.deleted':
      return `deleted the scenario ${quoted(d.scenario)}`;
    case 'scenario.adjustment_added':
      return `added adjustment ${String(d.adjustment ?? '')} to the scenario ${quoted(d.scenario)}`;
    case 'scenario.adjustment_changed':
      return `changed adjustment ${String(d.adjustment ?? '')} of the scenario ${quoted(d.scenario)}`;
    case 'scenario.adjustment_removed':
      return `removed adjustment ${String(d.adjustment ?? '')} from the scenario ${quoted(d.scenario)}`;
    case 'programme.uploaded':
    case 'programme.replaced': {
      const initiatives = num(d.initiatives);
      return `${action === 'programme.replaced' ? 'replaced' : 'uploaded'} the savings programme ${quoted(d.name ?? d.programme)}${
        initiatives === null ? '' : ` (${count(initiatives, 'initiative', 'initiatives')})`
      }${SOURCE[String(d.source)] ?? ''}`;
    }
    case 'programme.created':
      return `created the savings programme ${quoted(d.name ?? d.programme)}`;
    case 'programme.changed':
      return `changed the savings programme ${quoted(d.programme)}${str(d.initiative) ? ` (initiative ${quoted(d.initiative)})` : ''}`;
    case 'programme.initiative_changed':
      return `changed the initiative ${quoted(d.initiative)} of the savings programme ${quoted(d.programme)}`;
    case 'programme.deleted':
      return `deleted the savings programme ${quoted(d.programme)}`;
    case 'costs.unit_cost_set':
      return `set the unit cost of ${category(d.category)}${str(d.placeCode) ? ` (${String(d.placeCode)})` : ''} to ${pounds(d.weeklyPounds)} a week${
        str(d.effectiveFrom) ? ` from ${formatLongDate(String(d.effectiveFrom))}` : ''
      }`;
    case 'costs.unit_cost_removed':
      return `removed a unit cost of ${category(d.category)}${str(d.placeCode) ? ` (${String(d.placeCode)})` : ''}`;
    case 'costs.inflation_set':
      return `set inflation for ${String(d.financialYear ?? '')} to ${num(d.percent) === null ? '' : `${n(num(d.percent) as number)}%`}`;
    case 'costs.child_costs_imported': {
      const records = num(d.records);
      return `imported child-level placement costs${records === null ? '' : ` (${count(records, 'record', 'records')})`}${SOURCE[String(d.source)] ?? ''}`;
    }
    case 'budget.set':
      return `set the ${String(d.year ?? '')} budget for ${category(d.line)} to ${pounds(d.amountPounds)}`;
    case 'budget.removed':
      return `removed the ${String(d.year ?? '')} budget for ${category(d.line)}`;
    case 'budget.year_set':
      return `set the ${String(d.year ?? '')} budgets (total ${pounds(d.totalPounds)})`;
    case 'budget.imported':
      return `imported budgets from ${fileName(String(d.file ?? 'a file'))}`;
    case 'budget.import_refused':
      return `tried to import budgets from ${fileName(String(d.file ?? 'a file'))}: refused, nothing saved`;
    case 'monitoring.period_saved':
      return `saved budget monitoring for ${String(d.year ?? '')} ${String(d.period ?? '')}${
        num(d.forecastOutturnPounds) === null ? '' : ` (forecast outturn ${pounds(d.forecastOutturnPounds)})`
      }`;
    case 'workforce.imported':
      return `imported workforce figures from ${fileName(String(d.file ?? 'a file'))}${num(d.rows) === null ? '' : ` (${count(num(d.rows) as number, 'row', 'rows')})`}${SOURCE[String(d.source)] ?? ''}`;
    case 'workforce.import_refused':
      return `tried to import workforce figures from ${fileName(String(d.file ?? 'a file'))}: refused, nothing saved`;
    case 'workforce.team_period_set':
      return `${d.replaced ? 'changed' : 'entered'} the workforce figures of ${quoted(d.team)} for ${String(d.period ?? '')}`;
    case 'workforce.team_period_removed':
      return `removed the workforce figures of ${quoted(d.team)} for ${String(d.period ?? '')}`;
    case 'cin.import.completed': {
      const years = Array.isArray(d.years) ? (d.years as unknown[]).map(String) : [];
      const read = (d.read ?? {}) as Detail;
      const children = num(read.children);
      const errors = num(d.errors);
      return `imported the children in need census${years.length ? ` for ${years.join(', ')}` : ''}${SOURCE[String(d.source)] ?? ''}${children === null ? '' : ` (${count(children, 'child', 'children')})`}${d.acceptedErrors && errors ? `, accepting ${count(errors, 'error', 'errors')}` : ''}`;
    }
    case 'cin.import.failed':
      return `tried to import the children in need census${SOURCE[String(d.source)] ?? ''}: refused, nothing saved`;
    case 'cin.counts.imported': {
      const months = num(d.months);
      return `imported monthly counts of contacts and early help${months === null ? '' : ` (${count(months, 'month', 'months')}${str(d.first) ? `, ${String(d.first)} to ${String(d.last ?? '')}` : ''})`}`;
    }
    case 'cin.counts.removed':
      return `removed the monthly counts for ${String(d.month ?? '')}`;
    case 'cin.counts.set':
      return `${d.replaced ? 'corrected' : 'entered'} the monthly counts for ${String(d.month ?? '')}`;
    case 'tracker.imported':
      return `imported a permanence tracker${num(d.children) === null ? '' : ` (${count(num(d.children) as number, 'child', 'children')})`}`;
    case 'tracker.list_item_added':
      return `added ${quoted(d.label)} to the permanence ${d.kind === 'note' ? 'note codes' : 'reasons'}`;
    case 'tracker.list_item_renamed':
      return `renamed the permanence ${d.kind === 'note' ? 'note code' : 'reason'} ${quoted(d.from)} to ${quoted(d.to)}`;
    case 'tracker.list_item_retired':
      return `retired the permanence ${d.kind === 'note' ? 'note code' : 'reason'} ${quoted(d.label)}`;
    case 'tracker.list_item_restored':
      return `restored the permanence ${d.kind === 'note' ? 'note code' : 'reason'} ${quoted(d.label)}`;
    case 'tracker.child_status_set':
      return `put a child of ${quoted(d.project)} ${d.status === 'out_of_scope' ? `out of scope (${String(d.reason ?? '')})` : 'in scope'}`;
    case 'tracker.children_picked':
      return `added ${count(num(d.children) ?? 0, 'child', 'children')} in care to ${quoted(d.project)}`;
    case 'tracker.target_set':
      return `${d.replaced ? 'changed' : 'stated'} a target of ${quoted(d.project)} for ${String(d.month ?? '')}`;
    case 'tracker.target_removed':
      return `removed a target of ${quoted(d.project)} for ${String(d.month ?? '')}`;
    case 'tracker.note_added':
      return `added a note ${quoted(d.code)} to a child of ${quoted(d.project)}`;
    case 'tracker.note_removed':
      return `removed a note ${quoted(d.code)} from a child of ${quoted(d.project)}`;
    case 'capacity.imported':
      return `imported in-house capacity from ${fileName(String(d.file ?? 'a file'))}${num(d.records) === null ? '' : ` (${count(num(d.records) as number, 'month', 'months')})`}`;
    case 'capacity.set':
      return `set in-house capacity from ${String(d.month ?? '')}: ${String(d.fosteringHouseholds ?? '')} fostering households, ${String(d.fosteringPlaces ?? '')} places, ${String(d.homeBeds ?? '')} home beds`;
    case 'capacity.removed':
      return `removed the in-house capacity from ${String(d.month ?? '')}`;
    default:
      return `did “${action.replace(/[._]/g, ' ')}”`;
  }
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

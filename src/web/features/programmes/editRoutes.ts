/**
 * Writing a whole programme in the browser (issue 16), as well as by file: create one from nothing
 * (questions, then "check your answers"), then a page that shows everything in it with a "Change"
 * link for each part (the programme's settings; each initiative's details and money by year,
 * ranges and phasing included; its workings, milestones, risks and non-financial targets, each an
 * "add another" list), "Add another initiative" and "Remove". Every change goes through the
 * programmes service, which validates the whole programme as it validates a file and audits it.
 * Plain forms: no JavaScript needed.
 */
import type { Request, RequestHandler, Router } from 'express';
import { paths } from '../../paths.ts';
import { actorOf, param, requireRole } from '../../middleware/auth.ts';
import { HttpError } from '../../middleware/errors.ts';
import { formErrors, formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { formatDate, formatPence } from '../../components/format.ts';
import type { FormErrors } from '../../types.ts';
import { ProgrammeInputError, programmeIdFrom, type ProgrammesService } from '../../../services/programmes.service.ts';
import type { ProgrammeDocument } from '../../../services/programmes.ts';
import { UNIT_LABEL } from '../../../domain/finance/money.ts';
import {
  freeInitiativeId,
  listValues,
  listYears,
  parseList,
  planYearLabels,
  SECTION_SPECS,
  SECTIONS,
  yearsShown,
  type Section,
  type Values,
} from './editor.ts';

type Doc = Record<string, unknown>;
type InitiativeDoc = ProgrammeDocument['initiatives'][number];

const UNITS = [
  { value: 'thousands', text: '£000s (thousands of pounds), as most MTFS tables' },
  { value: 'millions', text: '£m (millions of pounds, to three places)' },
  { value: 'GBP', text: 'Whole pounds' },
];
const PROFILES = [
  { value: 'incremental', text: 'New savings each year (incremental, as MTFS tables show them)' },
  {
    value: 'cumulative',
    text: 'Annual savings against the baseline (cumulative: each year already contains the years before)',
  },
];

/** Every problem of a programme that does not validate, in the error summary, linking to `href`. */
function problems(err: unknown, href: string, field: string): FormErrors {
  if (err instanceof ProgrammeInputError)
    return {
      list: err.problems.map((text) => ({ text, href })),
      fields: {
        [field]: {
          text:
            err.problems.length === 1
              ? (err.problems[0] ?? err.message)
              : `${err.problems.length} problems: see the list above`,
        },
      },
    };
  return inputErrors(err);
}

const pounds = (v: unknown): string =>
  v === 'TBC' ? 'TBC' : typeof v === 'number' ? formatPence(Math.round(v * 100)) : '';

/** The settings questions (create and change) as a document's fields, with the errors found before validation. */
function settingsFrom(values: Values): { fields: Doc; errors: Record<string, string> } {
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

/** An initiative's details questions (name, short name, owner, saving type, profile, scenario). */
function detailsFrom(values: Values, prefix = ''): { fields: Doc; errors: Record<string, string> } {
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

function editController(programmes: ProgrammesService) {
  const la = (req: Request) => actorOf(req).laCode;

  async function loadDoc(req: Request) {
    const actor = actorOf(req);
    const id = param(req, 'programmeId');
    const found = await programmes.document(actor, actor.laCode, id);
    if (!found) throw new HttpError(404, 'Programme not found');
    return { actor, id, doc: found.doc as ProgrammeDocument };
  }

  function initiativeOf(doc: ProgrammeDocument, req: Request): { index: number; initiative: InitiativeDoc } {
    const initiativeId = param(req, 'initiativeId');
    const index = doc.initiatives.findIndex((i) => i.id === initiativeId);
    const initiative = doc.initiatives[index];
    if (!initiative) throw new HttpError(404, 'Initiative not found');
    return { index, initiative };
  }

  function sectionOf(req: Request): Section {
    const s = param(req, 'section');
    if (!(SECTIONS as readonly string[]).includes(s)) throw new HttpError(404, 'Page not found');
    return s as Section;
  }

  return {
    // --- Create: questions, then check your answers ------------------------------------------
    createForm(): RequestHandler {
      return (req, res) => {
        const values = res.locals.flash.values ??
          req.session.programmeDraft ?? {
            unit: 'thousands',
            planYears: '4',
            discountRate: '3.5',
            profile: 'incremental',
          };
        res.render('programmes/views/new.njk', {
          pageTitle: 'Create a programme',
          values,
          units: UNITS.map((u) => ({ ...u, checked: u.value === values.unit })),
          profiles: PROFILES.map((p) => ({ ...p, checked: p.value === (values.profile || 'incremental') })),
          action: paths.programmes.create.build({ la: la(req) }),
          backHref: paths.programmes.index.build({ la: la(req) }),
        });
      };
    },
    create(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const values = formValues(req);
        const here = paths.programmes.create.build({ la: actor.laCode });
        const settings = settingsFrom(values);
        const first = detailsFrom(values, 'initiative-');
        const errors = { ...settings.errors, ...first.errors };
        if (Object.keys(errors).length > 0) {
          setFlash(req, { errors: formErrors(errors), values });
          return res.redirect(here);
        }
        try {
          await programmes.checkNew(actor, actor.laCode, values.id ?? '', newDocument(settings.fields, first.fields));
        } catch (err) {
          setFlash(req, { errors: problems(err, '#name', 'name'), values });
          return res.redirect(here);
        }
        req.session.programmeDraft = values;
        res.redirect(paths.programmes.createCheck.build({ la: actor.laCode }));
      };
    },
    checkAnswers(): RequestHandler {
      return (req, res) => {
        const draft = req.session.programmeDraft;
        if (!draft) return res.redirect(paths.programmes.create.build({ la: la(req) }));
        const change = (field: string) => `${paths.programmes.create.build({ la: la(req) })}#${field}`;
        const rows = [
          { key: 'Programme name', value: draft.name ?? '', href: change('name'), what: 'the programme’s name' },
          {
            key: 'Short name',
            value: (draft.id ?? '').trim() || `${programmeIdFrom(draft.name ?? '')} (made from the name)`,
            href: change('id'),
            what: 'the short name',
          },
          {
            key: 'Amounts shown in',
            value: UNIT_LABEL[(draft.unit ?? 'thousands') as keyof typeof UNIT_LABEL] ?? draft.unit ?? '',
            href: change('unit'),
            what: 'the unit',
          },
          {
            key: 'Plan years',
            value: planYearLabels({ firstYear: draft.firstYear, planYears: draft.planYears }).join(', '),
            href: change('firstYear'),
            what: 'the plan years',
          },
          {
            key: 'Discount rate',
            value: `${(draft.discountRate ?? '').trim() || '3.5'}%`,
            href: change('discountRate'),
            what: 'the discount rate',
          },
          {
            key: 'First initiative',
            value: draft['initiative-name'] ?? '',
            href: change('initiative-name'),
            what: 'the first initiative',
          },
          {
            key: 'Its savings are entered as',
            value: PROFILES.find((p) => p.value === draft['initiative-profile'])?.text ?? PROFILES[0]?.text ?? '',
            href: change('initiative-profile'),
            what: 'how savings are entered',
          },
        ];
        res.render('programmes/views/new-check.njk', {
          pageTitle: 'Check your answers before creating the programme',
          rows,
          action: paths.programmes.createCheck.build({ la: la(req) }),
          backHref: paths.programmes.create.build({ la: la(req) }),
        });
      };
    },
    confirmCreate(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const draft = req.session.programmeDraft;
        if (!draft) return res.redirect(paths.programmes.create.build({ la: actor.laCode }));
        const settings = settingsFrom(draft);
        const first = detailsFrom(draft, 'initiative-');
        try {
          const { id, programme } = await programmes.create(
            actor,
            actor.laCode,
            draft.id ?? '',
            newDocument(settings.fields, first.fields),
          );
          delete req.session.programmeDraft;
          setFlash(req, {
            success: `Created “${programme.name}”. Enter each initiative’s money by year, and add what else the paper has.`,
          });
          res.redirect(paths.programmes.edit.build({ la: actor.laCode, programmeId: id }));
        } catch (err) {
          setFlash(req, { errors: problems(err, '#name', 'name'), values: draft });
          res.redirect(paths.programmes.create.build({ la: actor.laCode }));
        }
      };
    },

    // --- The programme's contents, each part with a Change link ----------------------------
    hub(): RequestHandler {
      return async (req, res) => {
        const { actor, id, doc } = await loadDoc(req);
        const p = paths.programmes;
        const plan = planYearLabels(doc);
        const rag = (doc.rag ?? { greenMinPercent: 95, amberMinPercent: 80 }) as {
          greenMinPercent: number;
          amberMinPercent: number;
        };
        const initiatives = doc.initiatives.map((ini) => {
          const at = { la: actor.laCode, programmeId: id, initiativeId: ini.id };
          const years = Object.entries((ini.years ?? {}) as Record<string, Doc>).map(([label, y]) => {
            const parts: string[] = [];
            if (y.investment !== undefined) parts.push(`investment ${pounds(y.investment)}`);
            if (y.ongoingCost !== undefined) parts.push(`ongoing cost ${pounds(y.ongoingCost)}`);
            if (y.grossSaving !== undefined) parts.push(`gross saving ${pounds(y.grossSaving)}`);
            if (y.low !== undefined || y.high !== undefined)
              parts.push(`range ${pounds(y.low) || 'not given'} to ${pounds(y.high) || 'not given'}`);
            if (typeof y.phasing === 'number' && y.phasing !== 1)
              parts.push(`phasing ${Math.round(y.phasing * 1000) / 10}%`);
            return `${label}: ${parts.length > 0 ? parts.join(', ') : 'nothing entered'}`;
          });
          const count = (list: unknown, one: string, many: string) => {
            const n = Array.isArray(list) ? list.length : 0;
            return n === 0 ? 'None' : `${n} ${n === 1 ? one : many}`;
          };
          const listLines = (list: unknown, pick: (e: Doc) => string) =>
            Array.isArray(list) ? (list as Doc[]).map(pick) : [];
          const section = (s: string) => p.editSection.build({ ...at, section: s });
          return {
            id: ini.id,
            name: ini.name,
            removeHref: doc.initiatives.length > 1 ? p.removeInitiative.build(at) : null,
            rows: [
              {
                key: 'Details',
                lines: [
                  ini.name,
                  `Owner: ${ini.owner || 'not given'}`,
                  ini.savingType === 'costAvoidance' ? 'Cost avoidance' : 'Cashable',
                  ini.profile === 'cumulative'
                    ? 'Savings entered as annual savings against the baseline (cumulative)'
                    : 'Savings entered as new savings each year (incremental)',
                  ...(ini.scenario ? [`Forecast from scenario “${ini.scenario}”`] : []),
                ],
                href: p.editInitiative.build(at),
                what: 'details',
              },
              {
                key: 'Money by year',
                lines: years.length > 0 ? years : ['Nothing entered yet'],
                href: `${p.editInitiative.build(at)}#years`,
                what: 'money by year',
              },
              {
                key: 'Workings',
                lines: listLines(ini.workings, (w) => String(w.description)),
                empty: count(ini.workings, 'working', 'workings'),
                href: section('workings'),
                what: 'workings',
              },
              {
                key: 'Milestones',
                lines: listLines(
                  ini.milestones,
                  (m) => `${String(m.name)} (due ${formatDate(String(m.due))}, ${String(m.status)})`,
                ),
                empty: 'None',
                href: section('milestones'),
                what: 'milestones',
              },
              {
                key: 'Risks',
                lines: listLines(
                  ini.risks,
                  (r) => `${String(r.description)} (likelihood ${String(r.likelihood)}, impact ${String(r.impact)})`,
                ),
                empty: 'None',
                href: section('risks'),
                what: 'risks',
              },
              {
                key: 'Non-financial targets',
                lines: listLines(ini.targets, (t) => String(t.measure)),
                empty: 'None',
                href: section('targets'),
                what: 'targets',
              },
              {
                key: 'Monitoring',
                lines: [],
                empty: count(ini.monitoring, 'period', 'periods'),
                href: `${p.editInitiative.build(at)}#monitoring`,
                what: 'monitoring',
              },
            ],
          };
        });
        res.render('programmes/views/programme-edit.njk', {
          pageTitle: `Change ${doc.programme}`,
          name: doc.programme,
          settingsRows: [
            { key: 'Name', lines: [doc.programme] },
            { key: 'Amounts shown in', lines: [UNIT_LABEL[(doc.unit ?? 'thousands') as keyof typeof UNIT_LABEL]] },
            { key: 'Plan years', lines: [plan.join(', ')] },
            { key: 'Discount rate', lines: [`${Math.round((doc.discountRate ?? 0.035) * 100000) / 1000}%`] },
            {
              key: 'Stated totals are',
              lines: [doc.statedProfile === 'cumulative' ? 'Cumulative' : 'Incremental (new each year)'],
            },
            { key: 'RAG', lines: [`Green from ${rag.greenMinPercent}% of target, amber from ${rag.amberMinPercent}%`] },
          ],
          settingsHref: p.settings.build({ la: actor.laCode, programmeId: id }),
          initiatives,
          addHref: p.addInitiative.build({ la: actor.laCode, programmeId: id }),
          dashboardHref: p.show.build({ la: actor.laCode, programmeId: id }),
          workbookHref: p.workbook.build({ la: actor.laCode, programmeId: id }),
        });
      };
    },

    // --- Settings ------------------------------------------------------------------------
    settingsForm(): RequestHandler {
      return async (req, res) => {
        const { actor, id, doc } = await loadDoc(req);
        const rag = (doc.rag ?? { greenMinPercent: 95, amberMinPercent: 80 }) as Record<string, number>;
        const values = res.locals.flash.values ?? {
          name: doc.programme,
          unit: String(doc.unit ?? 'thousands'),
          firstYear: String(doc.firstYear),
          planYears: String(doc.planYears),
          discountRate: String(Math.round((doc.discountRate ?? 0.035) * 100000) / 1000),
          statedProfile: String(doc.statedProfile ?? 'incremental'),
          greenMinPercent: String(rag.greenMinPercent ?? 95),
          amberMinPercent: String(rag.amberMinPercent ?? 80),
        };
        res.render('programmes/views/settings.njk', {
          pageTitle: `Change the settings of ${doc.programme}`,
          values,
          units: UNITS.map((u) => ({ ...u, checked: u.value === values.unit })),
          statedProfiles: [
            {
              value: 'incremental',
              text: 'Incremental: new savings each year',
              checked: values.statedProfile !== 'cumulative',
            },
            {
              value: 'cumulative',
              text: 'Cumulative: annual savings against the baseline',
              checked: values.statedProfile === 'cumulative',
            },
          ],
          action: paths.programmes.settings.build({ la: actor.laCode, programmeId: id }),
          backHref: paths.programmes.edit.build({ la: actor.laCode, programmeId: id }),
        });
      };
    },
    settings(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const here = paths.programmes.settings.build({ la: actor.laCode, programmeId: id });
        const values = formValues(req);
        const { fields, errors } = settingsFrom(values);
        if (Object.keys(errors).length > 0) {
          setFlash(req, { errors: formErrors(errors), values });
          return res.redirect(here);
        }
        try {
          const saved = await programmes.change(actor, actor.laCode, id, { part: 'settings' }, (doc) => ({
            ...doc,
            ...fields,
          }));
          if (!saved) throw new HttpError(404, 'Programme not found');
        } catch (err) {
          if (err instanceof HttpError) throw err;
          setFlash(req, { errors: problems(err, '#name', 'name'), values });
          return res.redirect(here);
        }
        setFlash(req, { success: 'Programme settings saved.' });
        res.redirect(paths.programmes.edit.build({ la: actor.laCode, programmeId: id }));
      };
    },

    // --- Add and remove initiatives -----------------------------------------------------------
    addForm(): RequestHandler {
      return async (req, res) => {
        const { actor, id, doc } = await loadDoc(req);
        const values = res.locals.flash.values ?? { profile: 'incremental', savingType: 'cashable' };
        res.render('programmes/views/add-initiative.njk', {
          pageTitle: `Add an initiative to ${doc.programme}`,
          values,
          profiles: PROFILES.map((p) => ({ ...p, checked: p.value === (values.profile || 'incremental') })),
          action: paths.programmes.addInitiative.build({ la: actor.laCode, programmeId: id }),
          backHref: paths.programmes.edit.build({ la: actor.laCode, programmeId: id }),
        });
      };
    },
    add(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const here = paths.programmes.addInitiative.build({ la: actor.laCode, programmeId: id });
        const values = formValues(req);
        const { fields, errors } = detailsFrom(values);
        const typedId = (values.id ?? '').trim();
        if (typedId !== '' && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(typedId))
          errors.id = 'The short name must be lower-case letters, digits and hyphens, like edge-of-care';
        if (Object.keys(errors).length > 0) {
          setFlash(req, { errors: formErrors(errors), values });
          return res.redirect(here);
        }
        let newId = '';
        try {
          const saved = await programmes.change(actor, actor.laCode, id, { part: 'initiative added' }, (doc) => {
            const taken = doc.initiatives.map((i) => i.id);
            if (typedId && taken.includes(typedId))
              throw new ProgrammeInputError('id', [
                `The programme already has an initiative with the short name ${typedId}`,
              ]);
            newId = typedId || freeInitiativeId(programmeIdFrom(String(fields.name)), taken);
            // An initiative has at least one year: the first plan year, with nothing entered yet.
            const years = { [String(doc.firstYear)]: {} };
            return { ...doc, initiatives: [...doc.initiatives, { id: newId, ...fields, years }] };
          });
          if (!saved) throw new HttpError(404, 'Programme not found');
        } catch (err) {
          if (err instanceof HttpError) throw err;
          setFlash(req, { errors: problems(err, '#name', 'name'), values });
          return res.redirect(here);
        }
        setFlash(req, { success: `Added ${String(fields.name)}. Enter its money by year.` });
        res.redirect(
          `${paths.programmes.editInitiative.build({ la: actor.laCode, programmeId: id, initiativeId: newId })}`,
        );
      };
    },
    removeForm(): RequestHandler {
      return async (req, res) => {
        const { actor, id, doc } = await loadDoc(req);
        const { initiative } = initiativeOf(doc, req);
        res.render('programmes/views/remove-initiative.njk', {
          pageTitle: `Remove ${initiative.name}`,
          name: initiative.name,
          last: doc.initiatives.length <= 1,
          action: paths.programmes.removeInitiative.build({
            la: actor.laCode,
            programmeId: id,
            initiativeId: initiative.id,
          }),
          backHref: paths.programmes.edit.build({ la: actor.laCode, programmeId: id }),
        });
      };
    },
    remove(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const initiativeId = param(req, 'initiativeId');
        const hub = paths.programmes.edit.build({ la: actor.laCode, programmeId: id });
        try {
          const saved = await programmes.change(
            actor,
            actor.laCode,
            id,
            { part: 'initiative removed', initiative: initiativeId },
            (doc) => {
              if (!doc.initiatives.some((i) => i.id === initiativeId)) throw new HttpError(404, 'Initiative not found');
              return { ...doc, initiatives: doc.initiatives.filter((i) => i.id !== initiativeId) };
            },
          );
          if (!saved) throw new HttpError(404, 'Programme not found');
        } catch (err) {
          if (err instanceof HttpError) throw err;
          setFlash(req, { errors: problems(err, '#initiatives', 'initiatives') });
          return res.redirect(hub);
        }
        setFlash(req, { success: 'Initiative removed.' });
        res.redirect(hub);
      };
    },

    // --- Lists: workings, milestones, risks, targets ------------------------------------------
    sectionForm(): RequestHandler {
      return async (req, res) => {
        const { actor, id, doc } = await loadDoc(req);
        const section = sectionOf(req);
        const { initiative } = initiativeOf(doc, req);
        const entries = ((initiative as Doc)[section] ?? []) as Doc[];
        const years = yearsShown(planYearLabels(doc), listYears(entries));
        const flashed = res.locals.flash.values;
        const values: Values = flashed ?? { ...listValues(section, entries, years), count: String(entries.length + 1) };
        const count = Number(values.count) || 1;
        const spec = SECTION_SPECS[section];
        res.render('programmes/views/section.njk', {
          pageTitle: `${spec.title}: ${initiative.name}`,
          spec,
          section,
          initiativeName: initiative.name,
          values,
          count,
          // The entries on the page: those entered (removable) and the last, blank, to add another.
          entries: Array.from({ length: count }, (_, i) => ({
            index: i,
            isNew: (values[`e${i}-orig`] ?? '') === '',
            legend:
              (values[`e${i}-orig`] ?? '') === ''
                ? `Add ${['a', 'e', 'i', 'o', 'u'].includes(spec.noun.charAt(0)) ? 'an' : 'a'} ${spec.noun} (optional)`
                : `${spec.noun.charAt(0).toUpperCase()}${spec.noun.slice(1)} ${i + 1}`,
          })),
          years,
          action: paths.programmes.editSection.build({
            la: actor.laCode,
            programmeId: id,
            initiativeId: initiative.id,
            section,
          }),
          backHref: paths.programmes.edit.build({ la: actor.laCode, programmeId: id }),
        });
      };
    },
    section(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const initiativeId = param(req, 'initiativeId');
        const section = sectionOf(req);
        const here = paths.programmes.editSection.build({ la: actor.laCode, programmeId: id, initiativeId, section });
        const body = formValues(req);
        const found = await programmes.document(actor, actor.laCode, id);
        if (!found) throw new HttpError(404, 'Programme not found');
        const { initiative } = initiativeOf(found.doc, req);
        const previous = ((initiative as Doc)[section] ?? []) as Doc[];
        const years = yearsShown(planYearLabels(found.doc), listYears(previous));
        const parsed = parseList(section, body, years, previous);
        if (Object.keys(parsed.errors).length > 0) {
          setFlash(req, { errors: formErrors(parsed.errors), values: parsed.values });
          return res.redirect(here);
        }
        try {
          await programmes.change(actor, actor.laCode, id, { part: section, initiative: initiativeId }, (doc) => ({
            ...doc,
            initiatives: doc.initiatives.map((i) => (i.id === initiativeId ? { ...i, [section]: parsed.entries } : i)),
          }));
        } catch (err) {
          setFlash(req, {
            errors: problems(err, '#e0-' + SECTION_SPECS[section].fields[0]?.key, 'list'),
            values: parsed.values,
          });
          return res.redirect(here);
        }
        const spec = SECTION_SPECS[section];
        setFlash(req, { success: `${spec.title} saved for ${initiative.name}.` });
        if (body.action === 'add')
          return res.redirect(`${here}#e${parsed.entries.length}-${spec.fields[0]?.key ?? ''}`);
        res.redirect(paths.programmes.edit.build({ la: actor.laCode, programmeId: id }));
      };
    },
  };
}

/** A new programme's document: its settings and one initiative with nothing entered yet. */
function newDocument(settings: Doc, first: Doc): Doc {
  return {
    ...settings,
    // An initiative has at least one year: the first plan year, with nothing entered yet.
    initiatives: [
      { id: programmeIdFrom(String(first.name)).slice(0, 56), ...first, years: { [String(settings.firstYear)]: {} } },
    ],
  };
}

/** Registers the pages on the programmes router (before `/:programmeId`, which `new` would match). */
export function registerEditRoutes(router: Router, programmes: ProgrammesService): void {
  const c = editController(programmes);
  const change = requireRole('admin', 'analyst');
  const p = paths.programmes;
  router.get(p.create.pattern, change, c.createForm());
  router.post(p.create.pattern, change, c.create());
  router.get(p.createCheck.pattern, change, c.checkAnswers());
  router.post(p.createCheck.pattern, change, c.confirmCreate());
  router.get(p.edit.pattern, change, c.hub());
  router.get(p.settings.pattern, change, c.settingsForm());
  router.post(p.settings.pattern, change, c.settings());
  router.get(p.addInitiative.pattern, change, c.addForm());
  router.post(p.addInitiative.pattern, change, c.add());
  router.get(p.removeInitiative.pattern, change, c.removeForm());
  router.post(p.removeInitiative.pattern, change, c.remove());
  router.get(p.editSection.pattern, change, c.sectionForm());
  router.post(p.editSection.pattern, change, c.section());
}

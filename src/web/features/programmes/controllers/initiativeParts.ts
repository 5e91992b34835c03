/**
 * A programme written in the browser (issue 16): adding and removing initiatives, and an
 * initiative's "add another" lists (workings, milestones, risks, non-financial targets).
 */
import type { Request, RequestHandler } from 'express';
import { paths } from '../../../paths.ts';
import { actorOf, param } from '../../../middleware/auth.ts';
import { HttpError } from '../../../middleware/errors.ts';
import { formErrors, formValues, setFlash } from '../../../middleware/flash.ts';
import type { ProgrammesService } from '../../../../services/programmes.service.ts';
import { NotFoundError } from '../../../../services/errors.ts';
import {
  listValues,
  listYears,
  parseList,
  planYearLabels,
  SECTION_SPECS,
  SECTIONS,
  yearsShown,
  type Section,
  type Values,
} from '../editor.ts';
import { detailsFrom, initiativeIdError, PROFILES, programmeProblems } from '../forms.ts';
import { documentLoader, initiativeOf } from './document.ts';

type Doc = Record<string, unknown>;

function sectionOf(req: Request): Section {
  const s = param(req, 'section');
  if (!(SECTIONS as readonly string[]).includes(s)) throw new HttpError(404, 'Page not found');
  return s as Section;
}

/** The entries on a list's page: those entered (removable) and the last, blank, to add another. */
function listEntries(section: Section, values: Values, count: number) {
  const spec = SECTION_SPECS[section];
  return Array.from({ length: count }, (_, i) => ({
    index: i,
    isNew: (values[`e${i}-orig`] ?? '') === '',
    legend:
      (values[`e${i}-orig`] ?? '') === ''
        ? `Add ${['a', 'e', 'i', 'o', 'u'].includes(spec.noun.charAt(0)) ? 'an' : 'a'} ${spec.noun} (optional)`
        : `${spec.noun.charAt(0).toUpperCase()}${spec.noun.slice(1)} ${i + 1}`,
  }));
}

export function initiativePartsController(programmes: ProgrammesService) {
  const loadDoc = documentLoader(programmes);
  return {
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
        const idError = initiativeIdError(typedId);
        if (idError) errors.id = idError;
        if (Object.keys(errors).length > 0) {
          setFlash(req, { errors: formErrors(errors), values });
          return res.redirect(here);
        }
        let added;
        try {
          added = await programmes.addInitiative(actor, actor.laCode, id, typedId, fields);
        } catch (err) {
          setFlash(req, { errors: programmeProblems(err, '#name', 'name'), values });
          return res.redirect(here);
        }
        if (!added) throw new HttpError(404, 'Programme not found');
        setFlash(req, { success: `Added ${String(fields.name)}. Enter its money by year.` });
        res.redirect(
          paths.programmes.editInitiative.build({
            la: actor.laCode,
            programmeId: id,
            initiativeId: added.initiativeId,
          }),
        );
      };
    },

    removeForm(): RequestHandler {
      return async (req, res) => {
        const { actor, id, doc } = await loadDoc(req);
        const initiative = initiativeOf(doc, req);
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
        const contents = paths.programmes.edit.build({ la: actor.laCode, programmeId: id });
        let saved;
        try {
          saved = await programmes.removeInitiative(actor, actor.laCode, id, param(req, 'initiativeId'));
        } catch (err) {
          if (err instanceof NotFoundError) throw err;
          setFlash(req, { errors: programmeProblems(err, '#initiatives', 'initiatives') });
          return res.redirect(contents);
        }
        if (!saved) throw new HttpError(404, 'Programme not found');
        setFlash(req, { success: 'Initiative removed.' });
        res.redirect(contents);
      };
    },

    listForm(): RequestHandler {
      return async (req, res) => {
        const { actor, id, doc } = await loadDoc(req);
        const section = sectionOf(req);
        const initiative = initiativeOf(doc, req);
        const entries = ((initiative as Doc)[section] ?? []) as Doc[];
        const years = yearsShown(planYearLabels(doc), listYears(entries));
        const values: Values = res.locals.flash.values ?? {
          ...listValues(section, entries, years),
          count: String(entries.length + 1),
        };
        const count = Number(values.count) || 1;
        const spec = SECTION_SPECS[section];
        res.render('programmes/views/section.njk', {
          pageTitle: `${spec.title}: ${initiative.name}`,
          spec,
          section,
          initiativeName: initiative.name,
          values,
          count,
          entries: listEntries(section, values, count),
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

    saveList(): RequestHandler {
      return async (req, res) => {
        const section = sectionOf(req);
        const { actor, id, doc } = await loadDoc(req);
        const initiative = initiativeOf(doc, req);
        const here = paths.programmes.editSection.build({
          la: actor.laCode,
          programmeId: id,
          initiativeId: initiative.id,
          section,
        });
        const body = formValues(req);
        const previous = ((initiative as Doc)[section] ?? []) as Doc[];
        const years = yearsShown(planYearLabels(doc), listYears(previous));
        const parsed = parseList(section, body, years, previous);
        if (Object.keys(parsed.errors).length > 0) {
          setFlash(req, { errors: formErrors(parsed.errors), values: parsed.values });
          return res.redirect(here);
        }
        const spec = SECTION_SPECS[section];
        try {
          await programmes.replaceList(actor, actor.laCode, id, initiative.id, section, parsed.entries);
        } catch (err) {
          setFlash(req, {
            errors: programmeProblems(err, '#e0-' + spec.fields[0]?.key, 'list'),
            values: parsed.values,
          });
          return res.redirect(here);
        }
        setFlash(req, { success: `${spec.title} saved for ${initiative.name}.` });
        if (body.action === 'add')
          return res.redirect(`${here}#e${parsed.entries.length}-${spec.fields[0]?.key ?? ''}`);
        res.redirect(paths.programmes.edit.build({ la: actor.laCode, programmeId: id }));
      };
    },
  };
}

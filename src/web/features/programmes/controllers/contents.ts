/**
 * A programme written in the browser (issue 16): the contents page, which shows everything in it
 * with a "Change" link for each part, and the programme's settings form.
 */
import type { RequestHandler } from 'express';
import { paths } from '../../../paths.ts';
import { actorOf, param } from '../../../middleware/auth.ts';
import { HttpError } from '../../../middleware/errors.ts';
import { formErrors, formValues, setFlash } from '../../../middleware/flash.ts';
import type { ProgrammesService } from '../../../../services/programmes.service.ts';
import { programmeProblems, settingsFrom, settingsValues, UNITS } from '../forms.ts';
import { initiativesContents, settingsSummary } from '../presenter.ts';
import { documentLoader } from './document.ts';

export function contentsController(programmes: ProgrammesService) {
  const loadDoc = documentLoader(programmes);
  return {
    contents(): RequestHandler {
      return async (req, res) => {
        const { actor, id, doc } = await loadDoc(req);
        const at = { la: actor.laCode, programmeId: id };
        res.render('programmes/views/programme-edit.njk', {
          pageTitle: `Change ${doc.programme}`,
          name: doc.programme,
          settingsRows: settingsSummary(doc),
          settingsHref: paths.programmes.settings.build(at),
          initiatives: initiativesContents(doc, actor.laCode, id),
          addHref: paths.programmes.addInitiative.build(at),
          dashboardHref: paths.programmes.show.build(at),
          workbookHref: paths.programmes.workbook.build(at),
        });
      };
    },

    settingsForm(): RequestHandler {
      return async (req, res) => {
        const { actor, id, doc } = await loadDoc(req);
        const values = res.locals.flash.values ?? settingsValues(doc);
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
        let saved;
        try {
          saved = await programmes.changeSettings(actor, actor.laCode, id, fields);
        } catch (err) {
          setFlash(req, { errors: programmeProblems(err, '#name', 'name'), values });
          return res.redirect(here);
        }
        if (!saved) throw new HttpError(404, 'Programme not found');
        setFlash(req, { success: 'Programme settings saved.' });
        res.redirect(paths.programmes.edit.build({ la: actor.laCode, programmeId: id }));
      };
    },
  };
}

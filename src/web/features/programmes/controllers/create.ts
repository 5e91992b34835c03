/**
 * Creating a programme in the browser (issue 16): the questions (its settings and a first
 * initiative), then "check your answers"; the answers wait in the session until confirmed.
 */
import type { Request, RequestHandler } from 'express';
import { paths } from '../../../paths.ts';
import { actorOf } from '../../../middleware/auth.ts';
import { formErrors, formValues, setFlash } from '../../../middleware/flash.ts';
import {
  newProgrammeDocument,
  programmeIdFrom,
  type ProgrammesService,
} from '../../../../services/programmes.service.ts';
import { UNIT_LABEL } from '../../../../domain/finance/money.ts';
import { planYearLabels, type Values } from '../editor.ts';
import { detailsFrom, PROFILES, programmeProblems, settingsFrom, UNITS } from '../forms.ts';

const la = (req: Request) => actorOf(req).laCode;

/** The "check your answers" rows of a new programme, each with a link back to its question. */
function answerRows(draft: Values, questions: string) {
  const change = (field: string) => `${questions}#${field}`;
  return [
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
}

/** The new programme's document from the answers: its settings and the first initiative. */
function draftDocument(values: Values) {
  const settings = settingsFrom(values);
  const first = detailsFrom(values, 'initiative-');
  return {
    doc: newProgrammeDocument(settings.fields, first.fields),
    errors: { ...settings.errors, ...first.errors },
  };
}

export function createController(programmes: ProgrammesService) {
  return {
    form(): RequestHandler {
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

    answer(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const values = formValues(req);
        const here = paths.programmes.create.build({ la: actor.laCode });
        const { doc, errors } = draftDocument(values);
        if (Object.keys(errors).length > 0) {
          setFlash(req, { errors: formErrors(errors), values });
          return res.redirect(here);
        }
        try {
          await programmes.checkNew(actor, actor.laCode, values.id ?? '', doc);
        } catch (err) {
          setFlash(req, { errors: programmeProblems(err, '#name', 'name'), values });
          return res.redirect(here);
        }
        req.session.programmeDraft = values;
        res.redirect(paths.programmes.createCheck.build({ la: actor.laCode }));
      };
    },

    checkAnswers(): RequestHandler {
      return (req, res) => {
        const draft = req.session.programmeDraft;
        const questions = paths.programmes.create.build({ la: la(req) });
        if (!draft) return res.redirect(questions);
        res.render('programmes/views/new-check.njk', {
          pageTitle: 'Check your answers before creating the programme',
          rows: answerRows(draft, questions),
          action: paths.programmes.createCheck.build({ la: la(req) }),
          backHref: questions,
        });
      };
    },

    confirm(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const draft = req.session.programmeDraft;
        if (!draft) return res.redirect(paths.programmes.create.build({ la: actor.laCode }));
        try {
          const { id, programme } = await programmes.create(
            actor,
            actor.laCode,
            draft.id ?? '',
            draftDocument(draft).doc,
          );
          delete req.session.programmeDraft;
          setFlash(req, {
            success: `Created “${programme.name}”. Enter each initiative’s money by year, and add what else the paper has.`,
          });
          res.redirect(paths.programmes.edit.build({ la: actor.laCode, programmeId: id }));
        } catch (err) {
          setFlash(req, { errors: programmeProblems(err, '#name', 'name'), values: draft });
          res.redirect(paths.programmes.create.build({ la: actor.laCode }));
        }
      };
    },
  };
}

/** The programmes list, and uploading a programme file (YAML, JSON or the Excel layout) to add or replace one. */
import type { RequestHandler } from 'express';
import { field } from '../../../components/forms.ts';
import { paths } from '../../../paths.ts';
import { actorOf } from '../../../middleware/auth.ts';
import { setFlash } from '../../../middleware/flash.ts';
import { receiveOneFile } from '../../../middleware/oneFileUpload.ts';
import { ANALYST_ROLES } from '../../../../services/access.ts';
import type { ProgrammesService } from '../../../../services/programmes.service.ts';
import { programmeProblems } from '../forms.ts';

/** Largest programme file accepted (a programme is a few pages of YAML or one workbook). */
const MAX_PROGRAMME_BYTES = 2 * 1024 * 1024;

export function listController(programmes: ProgrammesService) {
  return {
    list(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        res.render('programmes/views/index.njk', {
          pageTitle: 'Savings programmes',
          programmes: await programmes.list(actor, actor.laCode),
          canEdit: ANALYST_ROLES.includes(actor.role),
          values: res.locals.flash.values ?? {},
        });
      };
    },

    receiveFile(): RequestHandler {
      return receiveOneFile({
        field: 'file',
        maxBytes: MAX_PROGRAMME_BYTES,
        tooLarge: 'The programme file must be smaller than 2 MB',
        notOneFile: 'Upload one programme file',
        formPath: (req) => paths.programmes.index.build({ la: actorOf(req).laCode }),
      });
    },

    upload(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const file = req.file ? { bytes: new Uint8Array(req.file.buffer), name: req.file.originalname } : null;
        try {
          const r = await programmes.upload(actor, actor.laCode, file, field(req, 'id'));
          setFlash(req, {
            success: `${r.replaced ? 'Replaced' : 'Uploaded'} “${r.programme.name}” with ${r.programme.initiatives.length} initiatives.`,
          });
          res.redirect(paths.programmes.show.build({ la: actor.laCode, programmeId: r.id }));
        } catch (err) {
          setFlash(req, { errors: programmeProblems(err, '#file'), values: { id: field(req, 'id') } });
          res.redirect(paths.programmes.index.build({ la: actor.laCode }));
        }
      };
    },
  };
}

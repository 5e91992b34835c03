/** Council settings (admins only): the child population used for rates per 10,000. */
import { Router, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf, requireRole } from '../../middleware/auth.ts';
import { formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import type { UsersService } from '../../../services/users.ts';

function settingsController(users: UsersService) {
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const settings = await users.getSettings(actor, actor.laCode);
        const values = res.locals.flash.values ?? {
          childPopulation: settings.childPopulation === null ? '' : String(settings.childPopulation),
        };
        res.render('settings/views/index.njk', { pageTitle: 'Council settings', settings, values });
      };
    },
    update(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const value = typeof req.body?.childPopulation === 'string' ? req.body.childPopulation : '';
        try {
          await users.updateSettings(actor, actor.laCode, { childPopulation: value });
          setFlash(req, { success: 'Council settings saved.' });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err), values: formValues(req) });
        }
        res.redirect(paths.settings.build({ la: actor.laCode }));
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const c = settingsController(services.users);
  const admin = requireRole('admin');
  router.get(paths.settings.pattern, admin, c.show());
  router.post(paths.settings.pattern, admin, c.update());
  return router;
}

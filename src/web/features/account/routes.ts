/** The signed-in person's own account: the optional TOTP second factor. */
import { Router, type RequestHandler } from 'express';
import type { UsersService } from '../../../services/users.ts';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { inputErrors, setFlash } from '../../middleware/flash.ts';
import { HttpError } from '../../middleware/errors.ts';

function accountController(users: UsersService) {
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const user = req.user;
        if (!user) throw new HttpError(403, 'Sign in first');
        const enrolment = user.totpEnabled ? undefined : await users.startTotpEnrolment(user.id);
        res.render('account/views/twoFactor.njk', {
          pageTitle: 'Two-factor sign-in',
          enabled: user.totpEnabled,
          enrolment,
        });
      };
    },
    confirm(): RequestHandler {
      return async (req, res) => {
        const user = req.user;
        if (!user) throw new HttpError(403, 'Sign in first');
        try {
          await users.confirmTotp(user.id, typeof req.body?.code === 'string' ? req.body.code : '', req.id);
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
          return res.redirect(paths.account.twoFactor.build());
        }
        setFlash(req, { success: 'Two-factor sign-in is on. You will be asked for a code each time you sign in.' });
        res.redirect(paths.account.twoFactor.build());
      };
    },
    remove(): RequestHandler {
      return async (req, res) => {
        const user = req.user;
        if (!user) throw new HttpError(403, 'Sign in first');
        try {
          await users.disableTotp(user.id, typeof req.body?.code === 'string' ? req.body.code : '', req.id);
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
          return res.redirect(paths.account.twoFactor.build());
        }
        setFlash(req, { success: 'Two-factor sign-in is off.' });
        res.redirect(paths.account.twoFactor.build());
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const controller = accountController(services.users);
  router.get(paths.account.twoFactor.pattern, controller.show());
  router.post(paths.account.twoFactor.pattern, controller.confirm());
  router.post(paths.account.twoFactorRemove.pattern, controller.remove());
  return router;
}

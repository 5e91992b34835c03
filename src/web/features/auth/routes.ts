/** Sign in (password, then a TOTP code when enrolled), sign out, and the start page `/`. */
import { Router } from 'express';
import type { PlatformOptions } from '../../types.ts';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { authController } from './controller.ts';
import { signInLimits } from './limits.ts';

export default function routes(services: Services, platform: PlatformOptions): Router {
  const router = Router();
  const limits = signInLimits({
    perAccount: platform.signInAttemptsPer15Minutes,
    perAddress: platform.signInFailuresPerAddressPer15Minutes,
    tooMany: (req, res) => {
      res.status(429).render('auth/views/signIn.njk', {
        pageTitle: 'Sign in',
        tooMany: true,
        values: { email: typeof req.body?.email === 'string' ? req.body.email : '' },
      });
    },
  });
  const controller = authController(services.users, limits, platform.signInHint);

  router.get(paths.root.pattern, controller.start());
  router.get(paths.signIn.pattern, controller.showSignIn());
  router.post(paths.signIn.pattern, ...limits.password, controller.signIn());
  router.get(paths.signInCode.pattern, controller.showCode());
  router.post(paths.signInCode.pattern, ...limits.code, controller.code());
  router.post(paths.signOut.pattern, controller.signOut());
  return router;
}

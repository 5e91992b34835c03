/** Sign in (password, then a TOTP code when enrolled), sign out, and the start page `/`. */
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { PlatformOptions } from '../../app.ts';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { authController } from './controller.ts';

export default function routes(services: Services, platform: PlatformOptions): Router {
  const router = Router();
  const controller = authController(services.users, platform.signInHint);
  const limiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: platform.signInAttemptsPer15Minutes,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      res.status(429).render('auth/views/signIn.njk', {
        pageTitle: 'Sign in',
        tooMany: true,
        values: { email: typeof req.body?.email === 'string' ? req.body.email : '' },
      });
    },
  });

  router.get(paths.root.pattern, controller.start());
  router.get(paths.signIn.pattern, controller.showSignIn());
  router.post(paths.signIn.pattern, limiter, controller.signIn());
  router.get(paths.signInCode.pattern, controller.showCode());
  router.post(paths.signInCode.pattern, limiter, controller.code());
  router.post(paths.signOut.pattern, controller.signOut());
  return router;
}

import type { Request, RequestHandler } from 'express';
import type { UsersService } from '../../../services/users.ts';
import { paths } from '../../paths.ts';
import { formErrors, setFlash } from '../../middleware/flash.ts';
import type { SignInLimits } from './limits.ts';

function str(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeReturnTo(value: string | undefined): string | undefined {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : undefined;
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err: unknown) => (err ? reject(err) : resolve())));
}

export function authController(
  users: UsersService,
  limits: Pick<SignInLimits, 'failed' | 'passwordAccepted' | 'codeAccepted'>,
  signInHint?: string,
) {
  async function completeSignIn(req: Request, userId: number): Promise<string> {
    const returnTo = safeReturnTo(req.session.returnTo);
    // A new session id at sign-in: no session fixation.
    await regenerate(req);
    req.session.userId = userId;
    return returnTo ?? paths.root.build();
  }

  return {
    /** `/`: the chosen council's overview, the council chooser, or sign in. */
    start(): RequestHandler {
      return async (req, res) => {
        if (!req.user) return res.redirect(paths.signIn.build());
        const memberships = req.user.memberships;
        const chosen =
          memberships.find((m) => m.laCode === req.session.laCode) ??
          (memberships.length === 1 ? memberships[0] : undefined);
        if (chosen) return res.redirect(paths.overview.build({ la: chosen.laCode }));
        res.redirect(paths.councils.build());
      };
    },

    showSignIn(): RequestHandler {
      return (req, res) => {
        if (req.user) return res.redirect(paths.root.build());
        // The page asked for before signing in, when it came in the link (see requireSignedIn).
        const asked = typeof req.query.returnTo === 'string' ? safeReturnTo(req.query.returnTo) : undefined;
        if (asked) req.session.returnTo = asked;
        res.render('auth/views/signIn.njk', {
          pageTitle: 'Sign in',
          values: res.locals.flash.values ?? {},
          signInHint,
        });
      };
    },

    signIn(): RequestHandler {
      return async (req, res) => {
        const email = str(req, 'email').trim();
        const password = str(req, 'password');
        const missing: Record<string, string> = {};
        if (!email) missing.email = 'Enter your email address';
        if (!password) missing.password = 'Enter your password';
        if (Object.keys(missing).length > 0) {
          setFlash(req, { errors: formErrors(missing), values: { email } });
          return res.redirect(paths.signIn.build());
        }
        const result = await users.signIn(email, password);
        if (result.outcome === 'refused') {
          limits.failed(res);
          setFlash(req, {
            errors: formErrors({ email: 'Enter a correct email address and password' }),
            values: { email },
          });
          return res.redirect(paths.signIn.build());
        }
        await limits.passwordAccepted(email);
        if (result.outcome === 'totp-required') {
          const returnTo = req.session.returnTo;
          await regenerate(req);
          req.session.pendingUserId = result.userId;
          if (returnTo) req.session.returnTo = returnTo;
          return res.redirect(paths.signInCode.build());
        }
        res.redirect(await completeSignIn(req, result.userId));
      };
    },

    showCode(): RequestHandler {
      return (req, res) => {
        if (req.session.pendingUserId === undefined) return res.redirect(paths.signIn.build());
        res.render('auth/views/code.njk', { pageTitle: 'Enter your security code' });
      };
    },

    code(): RequestHandler {
      return async (req, res) => {
        const userId = req.session.pendingUserId;
        if (userId === undefined) return res.redirect(paths.signIn.build());
        if (!(await users.verifyTotp(userId, str(req, 'code')))) {
          limits.failed(res);
          setFlash(req, { errors: formErrors({ code: 'Enter the 6-digit code your authenticator app shows now' }) });
          return res.redirect(paths.signInCode.build());
        }
        await limits.codeAccepted(userId);
        res.redirect(await completeSignIn(req, userId));
      };
    },

    signOut(): RequestHandler {
      return (req, res, next) => {
        req.session.destroy((err: unknown) => {
          if (err) return next(err);
          res.clearCookie('forecare.sid');
          res.redirect(paths.signIn.build());
        });
      };
    },
  };
}

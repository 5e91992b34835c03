/**
 * Sign-in limits (issue 17): FAILED sign-ins are counted, on the password step and the code step,
 * per account and per client address, over 15 minutes (express-rate-limit, counting only requests
 * the controller marks as failed). Successful sign-ins never count, so an office behind one
 * address does not lock itself out by signing in; a success clears the account's count (not the
 * address's: one valid account must not buy an address more guesses at others). When either limit
 * is reached, every sign-in from that address or to that account waits (429), even with the right
 * password, until the window has passed.
 *
 * The address is Express's `req.ip`, which trusts only the configured number of proxy hops
 * (TRUST_PROXY): an X-Forwarded-For the client wrote itself is not believed beyond them, and the
 * per-account count holds whatever address a request claims.
 */
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';

const WINDOW_MS = 15 * 60 * 1000;

export interface SignInLimitOptions {
  /** Failed sign-ins allowed per account in 15 minutes. */
  readonly perAccount: number;
  /** Failed sign-ins allowed per client address in 15 minutes. */
  readonly perAddress: number;
  /** Answers a request over a limit (status 429). */
  readonly tooMany: (req: Request, res: Response) => void;
}

export interface SignInLimits {
  /** Middleware for the password step (POST email and password). */
  readonly password: RequestHandler[];
  /** Middleware for the code step (POST the TOTP code). */
  readonly code: RequestHandler[];
  /** Marks this request as a failed sign-in: it counts against the limits. */
  failed(res: Response): void;
  /** After a right password: the account's count of failed passwords starts again. */
  passwordAccepted(email: string): Promise<void>;
  /** After a right code: the account's count of failed codes starts again. */
  codeAccepted(userId: number): Promise<void>;
}

const accountKey = (email: string): string => `email:${email.trim().toLowerCase()}`;
const codeKey = (userId: number): string => `user:${userId}`;

function bodyEmail(req: Request): string {
  const v = (req.body as Record<string, unknown> | undefined)?.email;
  return typeof v === 'string' ? v.trim() : '';
}

export function signInLimits(options: SignInLimitOptions): SignInLimits {
  const common = {
    windowMs: WINDOW_MS,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req: Request, res: Response) => res.locals.signInFailed !== true,
    handler: (req: Request, res: Response) => options.tooMany(req, res),
  } as const;
  const byAddress: RateLimitRequestHandler = rateLimit({
    ...common,
    limit: options.perAddress,
    standardHeaders: 'draft-8',
  });
  const byAccount: RateLimitRequestHandler = rateLimit({
    ...common,
    limit: options.perAccount,
    standardHeaders: false,
    skip: (req) => bodyEmail(req) === '',
    keyGenerator: (req) => accountKey(bodyEmail(req)),
  });
  const byPendingAccount: RateLimitRequestHandler = rateLimit({
    ...common,
    limit: options.perAccount,
    standardHeaders: false,
    skip: (req) => req.session?.pendingUserId === undefined,
    keyGenerator: (req) => codeKey(req.session.pendingUserId ?? 0),
  });
  return {
    password: [byAddress, byAccount],
    code: [byAddress, byPendingAccount],
    failed(res) {
      res.locals.signInFailed = true;
    },
    async passwordAccepted(email) {
      await byAccount.resetKey(accountKey(email));
    },
    async codeAccepted(userId) {
      await byPendingAccount.resetKey(codeKey(userId));
    },
  };
}

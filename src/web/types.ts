/**
 * What the platform adds to Express's request, response locals and session. Feature code reads
 * these through the helpers in ./middleware/auth.ts (`actorOf(req)`) rather than directly.
 */
import type { Actor, RegionActor } from '../services/access.ts';
import type { Membership } from '../services/users.ts';

export interface FormErrors {
  /** For the GOV.UK error summary: text and the `#field` it links to. */
  readonly list: ReadonlyArray<{ readonly text: string; readonly href: string }>;
  /** Per field, for each component's `errorMessage`. */
  readonly fields: Readonly<Record<string, { readonly text: string }>>;
}

export interface Flash {
  success?: string;
  errors?: FormErrors;
  values?: Record<string, string>;
}

declare module 'express-session' {
  interface SessionData {
    /** Signed in (both factors passed). */
    userId?: number;
    /** Password accepted, waiting for the TOTP code. */
    pendingUserId?: number;
    /** Where to go after signing in. */
    returnTo?: string;
    /** The council last chosen (for `/`). */
    laCode?: string;
    flash?: Flash;
    /** A new programme's answers waiting for "check your answers" (programmes/controllers/create.ts). */
    programmeDraft?: Record<string, string>;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Request id: from X-Request-Id when sane, else a new UUID; carried into audit records. */
    id: string;
    /** The signed-in person; set by `loadUser`. */
    user?: {
      readonly id: number;
      readonly email: string;
      readonly totpEnabled: boolean;
      readonly memberships: readonly Membership[];
      readonly regions: readonly { readonly regionCode: string; readonly name: string }[];
    };
    /** The person acting in the council named in the URL; set by `councilAccess`. */
    actor?: Actor;
    /** The person acting in the region named in the URL; set by `regionAccess`. */
    regionActor?: RegionActor;
  }
}

/** What the platform gives each feature's routes: sign-in limits, the upload size, the sign-in hint. */
export interface PlatformOptions {
  /** Failed sign-ins per account in 15 minutes. */
  readonly signInAttemptsPer15Minutes: number;
  /** Failed sign-ins per client address in 15 minutes. */
  readonly signInFailuresPerAddressPer15Minutes: number;
  readonly maxUploadBytes: number;
  readonly signInHint?: string;
  /** How long a page waits for its figures before showing their progress (absent: until ready). */
  readonly figuresWaitMs?: number;
}

/**
 * Errors the services throw for the person asking, whichever front door they came through: the
 * web shows them as an error page with the matching status (src/web/middleware/errors.ts), the CLI
 * as a one-line message.
 */

/** What was asked for is not there (or belongs to another council, which is told the same). */
export class NotFoundError extends Error {
  /** What to do about it, in words. */
  readonly detail: string | undefined;
  constructor(message: string, detail?: string) {
    super(message);
    this.name = 'NotFoundError';
    this.detail = detail;
  }
}

/** Asked for at the wrong moment (e.g. a report while the files are still being checked). */
export class ConflictError extends Error {
  /** What to do about it, in words. */
  readonly detail: string | undefined;
  constructor(message: string, detail?: string) {
    super(message);
    this.name = 'ConflictError';
    this.detail = detail;
  }
}

/**
 * More work asked for than one person may have under way at once (e.g. a forecast with new
 * settings while their previous one is still being calculated): the web's status is 429.
 */
export class TooBusyError extends Error {
  /** What to do about it, in words. */
  readonly detail: string | undefined;
  constructor(message: string, detail?: string) {
    super(message);
    this.name = 'TooBusyError';
    this.detail = detail;
  }
}

/** A problem with what a person entered, for an error summary; `field` names the form field. */
export class UserInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'UserInputError';
    this.field = field;
  }
}

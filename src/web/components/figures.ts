/**
 * Pages whose figures take a while (the forecast, costs, scenario comparisons, programmes): a
 * page waits a short time for its figures and, when they are not ready by then, says they are
 * being calculated (and how far the council's background work has got) instead of holding the
 * request for many seconds (issue 13). The computation goes on (the services cache it), so the
 * next view shows the figures.
 *
 * Without JavaScript the page is checked again by reloading it: a "Check again" link, or, when
 * the person chooses it (`?auto=1`), a refresh every FIGURES_REFRESH_SECONDS with a link to stop
 * it. A page never reloads itself unasked: that would change the page under someone reading it
 * or using a screen reader (WCAG 2.2.1, failure F41; axe's meta-refresh rule), as the upload's
 * status page (features/data) does too.
 */
import type { Request, Response } from 'express';
import type { BackgroundFigures } from '../../services/backgroundFigures.ts';
import { actorOf } from '../middleware/auth.ts';
import { wantsXlsx } from './excel.ts';

/** How long the server waits for a page's figures before it shows their progress. */
export const FIGURES_WAIT_MS = 1000;
/** Seconds between checks when the person asked for automatic checks. */
export const FIGURES_REFRESH_SECONDS = 3;

export type Figures<T> = { readonly ready: true; readonly value: T } | { readonly ready: false };

/**
 * The figures if `work` settles within `waitMs` (a rejection is thrown, as an awaited call's
 * would be); not ready otherwise. `waitMs` undefined: waits as long as it takes. Downloads always
 * wait (a spreadsheet cannot show progress).
 */
export async function figuresWithin<T>(
  req: Request,
  work: Promise<T>,
  waitMs: number | undefined,
): Promise<Figures<T>> {
  if (waitMs === undefined || wantsXlsx(req)) return { ready: true, value: await work };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
  try {
    const first = await Promise.race([work.then((value) => ({ value })), late]);
    if (first === 'late') {
      // Still computing: the service keeps it for the next view; its failure is that view's.
      work.catch(() => {});
      return { ready: false };
    }
    return { ready: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
}

/** This page's address with `auto` set (or removed). */
function hereWith(req: Request, auto: boolean): string {
  const url = new URL(req.originalUrl, 'http://forecare.invalid');
  url.searchParams.delete('auto');
  if (auto) url.searchParams.set('auto', '1');
  return `${url.pathname}${url.search}`;
}

/**
 * Sends the page's "being calculated" state: the page title, what is being calculated and, when
 * the council's background work is under way (which this starts, if it was not), its step.
 */
export function sendFiguresProgress(
  req: Request,
  res: Response,
  background: BackgroundFigures | null,
  page: { readonly pageTitle: string; readonly figures: string },
): void {
  const actor = actorOf(req);
  background?.schedule(actor.laCode);
  const refresh = req.query.auto === '1';
  res.render('figuresProgress.njk', {
    pageTitle: page.pageTitle,
    figures: page.figures,
    progress: background?.progress(actor.laCode) ?? null,
    refresh,
    refreshSeconds: FIGURES_REFRESH_SECONDS,
    checkHref: hereWith(req, refresh),
    autoHref: hereWith(req, true),
    stopHref: hereWith(req, false),
  });
}

/** A feature's view of the above: its wait and the council's background work. */
export interface FiguresGate {
  /** The figures, or not ready after the app's wait (see figuresWithin). */
  within<T>(req: Request, work: Promise<T>): Promise<Figures<T>>;
  /** Sends the "being calculated" state (see sendFiguresProgress). */
  progress(req: Request, res: Response, page: { readonly pageTitle: string; readonly figures: string }): void;
}

export function figuresGate(background: BackgroundFigures | null, waitMs: number | undefined): FiguresGate {
  return {
    within: (req, work) => figuresWithin(req, work, waitMs),
    progress: (req, res, page) => sendFiguresProgress(req, res, background, page),
  };
}

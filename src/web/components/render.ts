import { randomBytes } from 'node:crypto';
import type { Application, Response } from 'express';

/** Renders a template to a string (for HTML fragments cached across requests: no request data in them). */
export function renderView(app: Application, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) =>
    app.render(view, locals, (err: Error | null, html?: string) => (err ? reject(err) : resolve(html ?? ''))),
  );
}

/**
 * A cached HTML fragment held both as text and as its UTF-8 bytes. Passed to `sendPage` as a
 * local, it is spliced into the response as bytes: a big fragment (charts and tables) is then not
 * re-encoded on every request (encoding a page of ~100 KB to UTF-8 was a sixth of a request's CPU).
 * Rendered directly (`{{ x | safe }}` under `res.render`) it is its text.
 */
export class CachedHtml {
  readonly html: string;
  readonly bytes: Buffer;
  constructor(html: string) {
    this.html = html;
    this.bytes = Buffer.from(html, 'utf8');
  }
  toString(): string {
    return this.html;
  }
}

// Placeholders cannot come from request data: that is autoescaped (`<` becomes `&lt;`).
const MARK = `<!--forecare-fragment-${randomBytes(8).toString('hex')}-`;

/** `res.render` for a page holding `CachedHtml` locals: renders the page around them and sends the bytes. */
export function sendPage(res: Response, view: string, locals: Record<string, unknown>): Promise<void> {
  const fragments: Buffer[] = [];
  const withMarks: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(locals)) {
    if (v instanceof CachedHtml) {
      withMarks[k] = `${MARK}${fragments.length}-->`;
      fragments.push(v.bytes);
    } else withMarks[k] = v;
  }
  return new Promise((resolve, reject) => {
    res.render(view, withMarks, (err: Error | null, html?: string) => {
      if (err) return reject(err);
      const page = html ?? '';
      const parts: Buffer[] = [];
      let from = 0;
      for (;;) {
        const at = page.indexOf(MARK, from);
        if (at < 0) break;
        const end = page.indexOf('-->', at + MARK.length);
        const fragment = fragments[Number(page.slice(at + MARK.length, end))];
        if (end < 0 || !fragment) break;
        parts.push(Buffer.from(page.slice(from, at), 'utf8'), fragment);
        from = end + 3;
      }
      parts.push(Buffer.from(page.slice(from), 'utf8'));
      res.type('html').send(parts.length === 1 ? parts[0] : Buffer.concat(parts));
      resolve();
    });
  });
}

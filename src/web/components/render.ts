import type { Application } from 'express';

/** Renders a template to a string (for HTML fragments cached across requests: no request data in them). */
export function renderView(app: Application, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => app.render(view, locals, (err: Error | null, html?: string) => (err ? reject(err) : resolve(html ?? ''))));
}

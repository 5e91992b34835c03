/**
 * Nunjucks with the GOV.UK Frontend 6 and MoJ Frontend templates. Search paths: this app's views,
 * each feature folder (templates live beside their controllers: `overview/views/index.njk`), then
 * the two design systems, so templates import e.g. `govuk/components/button/macro.njk` and
 * `moj/components/sortable-table/macro.njk`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { paths } from './paths.ts';
import { formatCount, formatDate, formatDateTime, formatNumber, formatPence } from './components/format.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** node_modules/govuk-frontend/dist (holds `govuk/`). */
export const govukFrontendDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
/** node_modules/@ministryofjustice/frontend (holds `moj/`). */
export const mojFrontendRoot = path.dirname(require.resolve('@ministryofjustice/frontend/package.json'));

export function nunjucksSetup(app: Express, options: { readonly watch: boolean }): nunjucks.Environment {
  const env = nunjucks.configure(
    [path.join(here, 'views'), path.join(here, 'features'), govukFrontendDist, mojFrontendRoot],
    { autoescape: true, express: app, noCache: options.watch, throwOnUndefined: false },
  );
  app.set('view engine', 'njk');
  // Express otherwise looks each view up on disk per render outside NODE_ENV=production.
  app.set('view cache', !options.watch);

  env.addGlobal('paths', paths);
  env.addGlobal('serviceName', 'Forecare');
  env.addFilter('number', (n: number | null | undefined, decimals?: number) => formatNumber(n, decimals ?? 0));
  env.addFilter('pence', (n: number | null | undefined) => formatPence(n));
  env.addFilter('date', (s: string | null | undefined) => formatDate(s));
  env.addFilter('datetime', (s: string | null | undefined) => formatDateTime(s));
  env.addFilter('json', (v: unknown) => JSON.stringify(v));
  // "1 warning", "2 warnings", "1,234 children": a count with its noun in the right number.
  env.addFilter('count', (n: number | null | undefined, one: string, many: string) => formatCount(n, one, many));
  // A select's items with the one whose value is `value` selected.
  env.addFilter('selectItems', (items: ReadonlyArray<{ value: string; text: string }>, value: unknown) =>
    items.map((i) => ({ ...i, selected: i.value === String(value ?? '') })),
  );
  return env;
}

/**
 * Indicators (issue 12): the council's indicators for a collection year against England, its
 * statistical neighbours and its quartile; the child population per year, the neighbours and the
 * DfE's published tables, changed by analysts and admins.
 */
import { Router, type Request, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf, requireRole } from '../../middleware/auth.ts';
import { checkCsrf } from '../../middleware/csrf.ts';
import { formErrors, formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { receiveOneFile } from '../../middleware/oneFileUpload.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import { UserInputError } from '../../../services/errors.ts';
import { BenchmarkImportRefused, type IndicatorsService } from '../../../services/indicators.ts';
import { countsTable, indicatorsTable, populationTable } from './presenter.ts';

/** The largest DfE table the page takes (the largest LA files are a few MB). */
const MAX_BENCHMARK_BYTES = 20 * 1024 * 1024;

function bodyField(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

function indicatorsController(indicators: IndicatorsService) {
  const back = (req: Request, anchor = '') => `${paths.indicators.index.build({ la: actorOf(req).laCode })}${anchor}`;
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const yearText = typeof req.query.year === 'string' ? req.query.year.trim() : '';
        let yearError: string | undefined;
        let view;
        try {
          view = await indicators.view(actor, actor.laCode, yearText === '' ? undefined : Number(yearText));
        } catch (err) {
          if (!(err instanceof UserInputError)) throw err;
          yearError = err.message;
          view = await indicators.view(actor, actor.laCode);
        }
        const tables = [indicatorsTable(view), countsTable(view), populationTable(view)];
        if (wantsXlsx(req))
          return sendXlsx(res, `forecare-indicators-${actor.laCode}-${view.year ?? 'none'}`, tables, {
            title: 'Indicators',
            council: res.locals.council?.name,
          });
        res.render('indicators/views/index.njk', {
          pageTitle: 'Indicators',
          view,
          yearError,
          indicators: tableView(tables[0]!),
          counts: tableView(tables[1]!),
          populations: tableView(tables[2]!),
          canChange: ANALYST_ROLES.includes(actor.role),
          values: res.locals.flash.values ?? {},
          xlsxHref: paths.indicators.index.build(
            { la: actor.laCode },
            view.year === null ? { format: 'xlsx' } : { year: String(view.year), format: 'xlsx' },
          ),
        });
      };
    },
    setPopulation(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        try {
          await indicators.setPopulation(actor, actor.laCode, {
            year: bodyField(req, 'year'),
            population: bodyField(req, 'population'),
          });
          setFlash(req, { success: 'Child population saved.' });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err), values: formValues(req) });
        }
        res.redirect(back(req, '#population'));
      };
    },
    setNeighbours(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        try {
          const codes = await indicators.setNeighbours(actor, actor.laCode, bodyField(req, 'neighbours'));
          setFlash(req, { success: `Statistical neighbours saved: ${codes.length}.` });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err), values: formValues(req) });
        }
        res.redirect(back(req, '#neighbours'));
      };
    },
    receiveFile(): RequestHandler {
      return receiveOneFile({
        field: 'file',
        maxBytes: MAX_BENCHMARK_BYTES,
        tooLarge: 'The DfE table must be smaller than 20 MB',
        notOneFile: 'Upload one DfE table',
        formPath: (req) => back(req, '#benchmarks'),
      });
    },
    upload(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const file = req.file ? { bytes: new Uint8Array(req.file.buffer), name: req.file.originalname } : null;
        try {
          const s = await indicators.uploadBenchmarks(actor, actor.laCode, file);
          setFlash(req, {
            success: `Imported ${s.figures.toLocaleString('en-GB')} figures from ${s.file} (${s.dataSets.join('; ')}), years ${s.years.join(', ')}; ${s.withheld.toLocaleString('en-GB')} withheld by the DfE left out.`,
          });
        } catch (err) {
          if (err instanceof BenchmarkImportRefused) {
            const shown = err.problems.slice(0, 5).map((p) => p.message);
            const more = err.problems.length - shown.length;
            setFlash(req, {
              errors: formErrors({
                file: `Nothing was imported. ${shown.join(' ')}${more > 0 ? ` And ${more} more problems.` : ''}`,
              }),
            });
          } else setFlash(req, { errors: inputErrors(err) });
        }
        res.redirect(back(req, '#benchmarks'));
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const c = indicatorsController(services.indicators);
  const change = requireRole('admin', 'analyst');
  router.get(paths.indicators.index.pattern, c.show());
  router.post(paths.indicators.population.pattern, change, c.setPopulation());
  router.post(paths.indicators.neighbours.pattern, change, c.setNeighbours());
  router.post(paths.indicators.benchmarks.pattern, change, c.receiveFile(), checkCsrf(), c.upload());
  return router;
}

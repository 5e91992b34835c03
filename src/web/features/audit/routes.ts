/** Audit (admins only): who did what, when, from which request, in this council. */
import { Router, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf, requireRole } from '../../middleware/auth.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import type { DataTable } from '../../components/tables.ts';
import type { AuditEntry, AuditService } from '../../../services/audit.ts';
import { auditSentence, shownDetail } from './sentences.ts';

const PAGE_SIZE = 50;

export function auditTable(entries: readonly AuditEntry[]): DataTable {
  return {
    caption: 'Audit log, newest first',
    sheetName: 'Audit log',
    columns: [
      { header: 'When (UTC)', format: 'datetime' },
      { header: 'What happened' },
      { header: 'Who' },
      { header: 'Event' },
      { header: 'Details (JSON)' },
      { header: 'Request id' },
    ],
    rows: entries.map((e) => [
      e.at,
      auditSentence(e),
      e.actor,
      e.action,
      JSON.stringify(shownDetail(e.detail)),
      e.requestId ?? '',
    ]),
  };
}

function auditController(audit: AuditService) {
  return {
    index(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const action =
          typeof req.query.action === 'string' && /^[a-z_.]{1,60}$/.test(req.query.action)
            ? req.query.action
            : undefined;
        if (wantsXlsx(req)) {
          const all = await audit.list(actor, actor.laCode, { ...(action ? { action } : {}), page: 1, pageSize: 500 });
          return sendXlsx(res, `forecare-audit-${actor.laCode}`, [auditTable(all.entries)], {
            title: 'Audit log',
            council: res.locals.council?.name,
          });
        }
        const page = Math.max(1, Number(typeof req.query.page === 'string' ? req.query.page : '1') || 1);
        const result = await audit.list(actor, actor.laCode, {
          ...(action ? { action } : {}),
          page,
          pageSize: PAGE_SIZE,
        });
        const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
        const link = (p: number) => paths.audit.build({ la: actor.laCode }, { action, page: p });
        res.render('audit/views/index.njk', {
          pageTitle: 'Audit log',
          result,
          action: action ?? '',
          pages,
          previous: page > 1 ? link(page - 1) : undefined,
          next: page < pages ? link(page + 1) : undefined,
          rows: result.entries.map((e) => ({
            ...e,
            sentence: auditSentence(e),
            json: Object.keys(e.detail).length > 0 ? JSON.stringify(shownDetail(e.detail), null, 2) : '',
          })),
          xlsxHref: paths.audit.build({ la: actor.laCode }, { action, format: 'xlsx' }),
        });
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  router.get(paths.audit.pattern, requireRole('admin'), auditController(services.audit).index());
  return router;
}

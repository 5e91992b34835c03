/**
 * Programmes (issues 6 and 16): the list and upload, the programme's dashboard, checks and
 * workbook, an initiative's page and form, and writing a programme in the browser (create, the
 * contents page, settings, initiatives added and removed, their lists). The controllers are in
 * controllers/, one for each group of pages; what they read and show is in forms.ts, editor.ts
 * and presenter.ts; what they do is the programmes service's.
 */
import { Router } from 'express';
import type { Services } from '../../composition.ts';
import type { PlatformOptions } from '../../types.ts';
import { figuresGate } from '../../components/figures.ts';
import { paths } from '../../paths.ts';
import { requireRole } from '../../middleware/auth.ts';
import { checkCsrf } from '../../middleware/csrf.ts';
import { listController } from './controllers/list.ts';
import { programmeController } from './controllers/programme.ts';
import { initiativeController } from './controllers/initiative.ts';
import { createController } from './controllers/create.ts';
import { contentsController } from './controllers/contents.ts';
import { initiativePartsController } from './controllers/initiativeParts.ts';

export default function routes(services: Services, platform: PlatformOptions): Router {
  const router = Router();
  // Pages whose scenario-backed savings may still be being calculated (components/figures.ts).
  const figures = figuresGate(services.background, platform.figuresWaitMs);
  const p = paths.programmes;
  const change = requireRole('admin', 'analyst');

  const list = listController(services.programmes);
  router.get(p.index.pattern, list.list());
  router.post(p.upload.pattern, change, list.receiveFile(), checkCsrf(), list.upload());

  // Writing a programme in the browser; `new` comes before `/:programmeId`, which would match it.
  const create = createController(services.programmes);
  router.get(p.create.pattern, change, create.form());
  router.post(p.create.pattern, change, create.answer());
  router.get(p.createCheck.pattern, change, create.checkAnswers());
  router.post(p.createCheck.pattern, change, create.confirm());

  const contents = contentsController(services.programmes);
  router.get(p.edit.pattern, change, contents.contents());
  router.get(p.settings.pattern, change, contents.settingsForm());
  router.post(p.settings.pattern, change, contents.settings());

  const parts = initiativePartsController(services.programmes);
  router.get(p.addInitiative.pattern, change, parts.addForm());
  router.post(p.addInitiative.pattern, change, parts.add());
  router.get(p.removeInitiative.pattern, change, parts.removeForm());
  router.post(p.removeInitiative.pattern, change, parts.remove());
  router.get(p.editSection.pattern, change, parts.listForm());
  router.post(p.editSection.pattern, change, parts.saveList());

  const programme = programmeController(services.programmes, figures);
  router.get(p.show.pattern, programme.dashboard());
  router.get(p.checks.pattern, programme.checks());
  router.get(p.workbook.pattern, programme.workbook());
  router.get(p.remove.pattern, change, programme.removeForm());
  router.post(p.remove.pattern, change, programme.remove());

  const initiative = initiativeController(services.programmes, services.scenarios, figures);
  router.get(p.initiative.pattern, initiative.page());
  router.get(p.editInitiative.pattern, change, initiative.editForm());
  router.post(p.editInitiative.pattern, change, initiative.edit());
  return router;
}

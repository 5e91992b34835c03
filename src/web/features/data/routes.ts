/** Data: upload returns, follow the check, read the validation report, import, history. */
import { Router } from 'express';
import type { PlatformOptions } from '../../types.ts';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { requireRole } from '../../middleware/auth.ts';
import { checkCsrf } from '../../middleware/csrf.ts';
import { discardFilesOnError } from '../../middleware/uploadedFiles.ts';
import { dataController } from './controller.ts';

export default function routes(services: Services, platform: PlatformOptions): Router {
  const router = Router();
  const c = dataController(services.imports, platform);
  const analyst = requireRole('admin', 'analyst');

  router.get(paths.data.index.pattern, c.index());
  router.post(paths.data.uploads.pattern, analyst, c.receiveFiles(), discardFilesOnError(checkCsrf()), c.upload());
  router.get(paths.data.upload.pattern, analyst, c.status());
  router.get(paths.data.report.pattern, analyst, c.report());
  router.post(paths.data.importUpload.pattern, analyst, c.importUpload());
  router.post(paths.data.discardUpload.pattern, analyst, c.discard());
  router.get(paths.data.history.pattern, c.history());
  return router;
}

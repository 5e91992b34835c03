/** Choosing the council to work in, for people who belong to several. */
import { Router, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { formErrors, setFlash } from '../../middleware/flash.ts';

function councilsController() {
  return {
    show(): RequestHandler {
      return (req, res) => {
        res.render('councils/views/choose.njk', {
          pageTitle: 'Choose a council',
          memberships: req.user?.memberships ?? [],
          regions: req.user?.regions ?? [],
          chosen: req.session.laCode,
        });
      };
    },
    choose(): RequestHandler {
      return (req, res) => {
        const la = typeof req.body?.la === 'string' ? req.body.la : '';
        const membership = req.user?.memberships.find((m) => m.laCode === la);
        if (!membership) {
          setFlash(req, { errors: formErrors({ la: 'Select a council' }) });
          return res.redirect(paths.councils.build());
        }
        req.session.laCode = membership.laCode;
        res.redirect(paths.overview.build({ la: membership.laCode }));
      };
    },
  };
}

export default function routes(_services: Services): Router {
  const router = Router();
  const controller = councilsController();
  router.get(paths.councils.pattern, controller.show());
  router.post(paths.councils.pattern, controller.choose());
  return router;
}

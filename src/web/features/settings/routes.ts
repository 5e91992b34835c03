/**
 * Council settings (admins only): the council's name and logo shown at the top of every page, and
 * the child population used for rates per 10,000. The logo image itself is served to any member
 * of the council, with the type found in its bytes and a policy that lets it be nothing but an image.
 */
import { Router, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf, param, requireRole } from '../../middleware/auth.ts';
import { checkCsrf } from '../../middleware/csrf.ts';
import { receiveOneFile } from '../../middleware/oneFileUpload.ts';
import { HttpError } from '../../middleware/errors.ts';
import { formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import type { UsersService } from '../../../services/users.ts';
import { MAX_LOGO_BYTES, type BrandingService } from '../../../services/branding.ts';

function settingsController(users: UsersService, branding: BrandingService) {
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const settings = await users.getSettings(actor, actor.laCode);
        const brand = await branding.get(actor, actor.laCode);
        const flashed = res.locals.flash.values as Record<string, string> | undefined;
        const values = {
          councilName: flashed?.councilName ?? brand.name,
          childPopulation:
            flashed?.childPopulation ?? (settings.childPopulation === null ? '' : String(settings.childPopulation)),
        };
        res.render('settings/views/index.njk', { pageTitle: 'Council settings', settings, brand, values });
      };
    },
    update(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const value = typeof req.body?.childPopulation === 'string' ? req.body.childPopulation : '';
        try {
          await users.updateSettings(actor, actor.laCode, { childPopulation: value });
          setFlash(req, { success: 'Council settings saved.' });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err), values: formValues(req) });
        }
        res.redirect(paths.settings.build({ la: actor.laCode }));
      };
    },
    /** The multipart body: the name field and at most one logo file, held in memory (≤ 500 KB). */
    receiveLogo(): RequestHandler {
      return receiveOneFile({
        field: 'logo',
        maxBytes: MAX_LOGO_BYTES,
        tooLarge: 'The logo must be smaller than 500 KB',
        notOneFile: 'Select one logo image',
        formPath: (req) => paths.settings.build({ la: actorOf(req).laCode }),
      });
    },
    updateBranding(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const name = typeof req.body?.councilName === 'string' ? req.body.councilName : '';
        const file = req.file && req.file.size > 0 ? { bytes: new Uint8Array(req.file.buffer) } : null;
        try {
          await branding.update(actor, actor.laCode, { councilName: name, logo: file });
          setFlash(req, { success: file ? 'Council name and logo saved.' : 'Council name saved.' });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err), values: { councilName: name } });
        }
        res.redirect(paths.settings.build({ la: actor.laCode }));
      };
    },
    removeLogo(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const removed = await branding.removeLogo(actor, actor.laCode);
        setFlash(req, { success: removed ? 'Logo removed.' : 'There was no logo to remove.' });
        res.redirect(paths.settings.build({ la: actor.laCode }));
      };
    },
    /**
     * The logo image, for any member. Its URL carries the start of its SHA-256, so it may be kept
     * for a year; a stale version is sent on to the current one. Served as exactly the type found
     * in its bytes, never sniffed, and under a policy that forbids it running or loading anything.
     */
    logo(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const version = param(req, 'version');
        const logo = await branding.logo(actor, actor.laCode);
        if (!logo) throw new HttpError(404, 'Page not found');
        if (!logo.sha256.startsWith(version) || version.length < 16) {
          res.redirect(paths.councilLogo.build({ la: actor.laCode, version: logo.sha256.slice(0, 16) }));
          return;
        }
        const extension = logo.contentType === 'image/jpeg' ? 'jpg' : logo.contentType.slice('image/'.length);
        res.setHeader('Content-Type', logo.contentType);
        res.setHeader('Content-Length', String(logo.image.length));
        res.setHeader('Content-Disposition', `inline; filename="logo.${extension}"`);
        res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
        res.end(Buffer.from(logo.image));
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const c = settingsController(services.users, services.branding);
  const admin = requireRole('admin');
  router.get(paths.settings.pattern, admin, c.show());
  router.post(paths.settings.pattern, admin, c.update());
  router.post(paths.settingsBranding.pattern, admin, c.receiveLogo(), checkCsrf(), c.updateBranding());
  router.post(paths.settingsLogoRemove.pattern, admin, c.removeLogo());
  router.get(paths.councilLogo.pattern, c.logo());
  return router;
}

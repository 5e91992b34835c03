/** Users (admins only): the council's members, adding people, changing roles, removing. */
import { Router, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf, intParam, requireRole } from '../../middleware/auth.ts';
import { formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { MIN_PASSWORD_LENGTH, ROLES, type UsersService } from '../../../services/users.ts';

function bodyString(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

function usersController(users: UsersService) {
  return {
    index(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const members = await users.listMembers(actor, actor.laCode);
        res.render('users/views/index.njk', {
          pageTitle: 'Users',
          members,
          roles: ROLES,
          values: res.locals.flash.values ?? {},
          minPasswordLength: MIN_PASSWORD_LENGTH,
          me: actor.userId,
        });
      };
    },
    add(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const back = paths.users.index.build({ la: actor.laCode });
        try {
          const email = bodyString(req.body, 'email');
          const { created } = await users.addMember(actor, actor.laCode, {
            email,
            role: bodyString(req.body, 'role'),
            password: bodyString(req.body, 'password'),
          });
          setFlash(req, {
            success: created
              ? `Account created for ${email.trim().toLowerCase()}. Give them their initial password in person or by phone.`
              : `${email.trim().toLowerCase()} now has access to this council.`,
          });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err), values: formValues(req) });
        }
        res.redirect(back);
      };
    },
    changeRole(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        try {
          await users.changeRole(actor, actor.laCode, intParam(req, 'userId'), bodyString(req.body, 'role'));
          setFlash(req, { success: 'Role changed.' });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
        }
        res.redirect(paths.users.index.build({ la: actor.laCode }));
      };
    },
    remove(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        try {
          await users.removeMember(actor, actor.laCode, intParam(req, 'userId'));
          setFlash(req, { success: 'Removed from this council.' });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
        }
        res.redirect(paths.users.index.build({ la: actor.laCode }));
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const c = usersController(services.users);
  const admin = requireRole('admin');
  router.get(paths.users.index.pattern, admin, c.index());
  router.post(paths.users.add.pattern, admin, c.add());
  router.post(paths.users.role.pattern, admin, c.changeRole());
  router.post(paths.users.remove.pattern, admin, c.remove());
  return router;
}

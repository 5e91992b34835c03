/** Loading the programme (and initiative) a page is about, as its document; 404 when it is not there. */
import type { Request } from 'express';
import { actorOf, param } from '../../../middleware/auth.ts';
import { HttpError } from '../../../middleware/errors.ts';
import type { ProgrammesService } from '../../../../services/programmes.service.ts';
import type { ProgrammeDocument } from '../../../../services/programmes.ts';

export type InitiativeDoc = ProgrammeDocument['initiatives'][number];

/** The programme named by the request's programmeId, with the person asking. */
export function documentLoader(programmes: ProgrammesService) {
  return async (req: Request) => {
    const actor = actorOf(req);
    const id = param(req, 'programmeId');
    const found = await programmes.document(actor, actor.laCode, id);
    if (!found) throw new HttpError(404, 'Programme not found');
    return { actor, id, doc: found.doc };
  };
}

/** The initiative named by the request's initiativeId in `doc`. */
export function initiativeOf(doc: ProgrammeDocument, req: Request): InitiativeDoc {
  const initiative = doc.initiatives.find((i) => i.id === param(req, 'initiativeId'));
  if (!initiative) throw new HttpError(404, 'Initiative not found');
  return initiative;
}

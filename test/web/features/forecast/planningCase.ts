/**
 * A small council shared by the planning pages' route tests (forecast, costs, scenarios): three
 * children over the 2021/22 and 2022/23 returns (the overview test's worked example), so the
 * forecast starts on 31 March 2023 with two children looked after.
 *
 * - C1 born 2010-01-01, in-house fostering (U4/PR1) from 2021-05-01, still looked after;
 * - C2 born 2020-03-01, kinship (U1) from 2022-01-10, adopted (E11) on 2023-02-01;
 * - C3 born 2007-06-01, external residential (K2/PR4) from 2022-09-01, still looked after.
 */
import type { Actor } from '../../../../src/services/access.ts';
import type { Role } from '../../../../src/services/users.ts';
import { aChild, aLoadResult, anEpisode } from '../../../store/caseBuilders.ts';
import type { Testbed } from '../../support.ts';

export const PLANNING_CASE = aLoadResult({
  year: 2022,
  children: [
    aChild({ childId: 'C1', dob: '2010-01-01' }),
    aChild({ childId: 'C2', dob: '2020-03-01' }),
    aChild({ childId: 'C3', dob: '2007-06-01' }),
  ],
  episodes: [
    anEpisode({ childId: 'C1', start: '2021-05-01', placement: 'U4', provider: 'PR1' }),
    anEpisode({
      childId: 'C2',
      start: '2022-01-10',
      placement: 'U1',
      provider: 'PR1',
      end: '2023-02-01',
      reasonEnded: 'E11',
    }),
    anEpisode({ childId: 'C3', start: '2022-09-01', placement: 'K2', provider: 'PR4' }),
  ],
});

export const ROLES = ['admin', 'analyst', 'viewer'] as const;

/** Council 301 ("Council A") with an admin, analyst and viewer and the case above; council 302 with its own admin. */
export async function planningCouncils(bed: Testbed, options: { withCase?: boolean } = {}): Promise<void> {
  for (const role of ROLES) await bed.addUser('301', `${role}@a.test`, role, 'Council A');
  await bed.addUser('302', 'admin@b.test', 'admin', 'Council B');
  if (options.withCase ?? true) await bed.importCase('301', PLANNING_CASE);
}

export function actorFor(laCode: string, role: Role, name = `${role}@test`): Actor {
  return { userId: 1, name, laCode, role, requestId: null };
}

/**
 * The council worked by hand for the permanence tracker (test/permanence/tracker.test.ts says the
 * sums): seven children over two returns (2024/25 and 2025/26), the project starting 1 April 2025.
 *   A  born 2015-01-01  U1 (kinship) 2024-05-01 .. DEC 2025-08-15 E41   planned sgo_cao 2025-09    -> achieved (Aug 2025, early)
 *   B  born 2013-03-03  U4/PR1 2024-10-01 .. DEC 2025-07-01 E41         planned return_home 2025-06 -> other route (Jul 2025)
 *   C  born 2016-02-02  U4/PR1 from 2023-03-01, open                     out of scope (Court decision) -> out of scope
 *   D  born 2012-07-07  U4/PR1 from 2024-11-20, open                     planned return_home 2025-12 -> overdue
 *   E  born 2009-01-15  U1 from 2025-02-01, open                         planned sgo_cao 2026-06     -> in care (18 on 2027-01-15)
 *   F  born 2014-04-04  U4/PR1 2025-05-10 .. DEC 2025-10-03 E4A          not in the project
 *   G  born 2011-01-01  U4/PR1 2024-04-01 .. DEC 2025-03-15 E4A          not in the project, left before it
 */
import type { Child, Episode } from '../../src/domain/model.ts';
import type { TrackedChild } from '../../src/domain/permanence/tracker.ts';
import { aChild, anEpisode } from '../store/caseBuilders.ts';

export const WORKED_CHILDREN: readonly Child[] = [
  aChild({ childId: 'A', dob: '2015-01-01' }),
  aChild({ childId: 'B', dob: '2013-03-03' }),
  aChild({ childId: 'C', dob: '2016-02-02' }),
  aChild({ childId: 'D', dob: '2012-07-07' }),
  aChild({ childId: 'E', dob: '2009-01-15' }),
  aChild({ childId: 'F', dob: '2014-04-04' }),
  aChild({ childId: 'G', dob: '2011-01-01' }),
];

export const WORKED_EPISODES: readonly Episode[] = [
  anEpisode({ childId: 'A', start: '2024-05-01', placement: 'U1', end: '2025-08-15', reasonEnded: 'E41' }),
  anEpisode({ childId: 'B', start: '2024-10-01', end: '2025-07-01', reasonEnded: 'E41' }),
  anEpisode({ childId: 'C', start: '2023-03-01' }),
  anEpisode({ childId: 'D', start: '2024-11-20' }),
  anEpisode({ childId: 'E', start: '2025-02-01', placement: 'U1' }),
  anEpisode({ childId: 'F', start: '2025-05-10', end: '2025-10-03', reasonEnded: 'E4A' }),
  anEpisode({ childId: 'G', start: '2024-04-01', end: '2025-03-15', reasonEnded: 'E4A' }),
];

/** F's second period (January to 31 March 2026), so that the returns run to 31 March 2026. */
export const RETURNS_TO_MARCH_2026: Episode = anEpisode({
  childId: 'F',
  start: '2026-01-05',
  end: '2026-03-31',
  reasonEnded: 'E4A',
});

export const WORKED_COHORT: readonly TrackedChild[] = [
  { childId: 'A', plannedRoute: 'sgo_cao', plannedMonth: '2025-09', status: 'in_scope', reason: null },
  { childId: 'B', plannedRoute: 'return_home', plannedMonth: '2025-06', status: 'in_scope', reason: null },
  { childId: 'C', plannedRoute: 'adoption', plannedMonth: '2025-12', status: 'out_of_scope', reason: 'Court decision' },
  { childId: 'D', plannedRoute: 'return_home', plannedMonth: '2025-12', status: 'in_scope', reason: null },
  { childId: 'E', plannedRoute: 'sgo_cao', plannedMonth: '2026-06', status: 'in_scope', reason: null },
];

/** The cohort as a council's file gives it (CHILD ids as in the returns). */
export const WORKED_COHORT_CSV = [
  'CHILD,planned_route,planned_month,status,reason',
  'A,sgo_cao,2025-09,,',
  'B,return_home,2025-06,,',
  'C,adoption,2025-12,out_of_scope,Court decision',
  'D,return_home,2025-12,in_scope,',
  'E,sgo_cao,2026-06,,',
].join('\n');

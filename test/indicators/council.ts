/** The council worked by hand for the indicators' tests (domain, CLI, web). */
import type { CaseData } from '../../src/domain/model.ts';
import { aChild, anEpisode } from '../store/caseBuilders.ts';

/*
 * A council worked by hand for the collection year 2025 (1 April 2024 - 31 March 2025):
 * A  born 2015-06-01, in care since 2021-01-10 with one carer: looked after on 31 March, under 16,
 *    continuous 2.5 years (since on or before 2022-09-30) and same carer 2 years (since on or
 *    before 2023-03-31): stable. 1 placement in the year.
 * B  born 2012-01-01, in care since 2020-05-01, moved (RNE P) on 2023-06-01: in the long-term
 *    group, not stable (same carer only since 2023-06-01). 1 placement in the year.
 * C  born 2010-02-01, entered 2024-05-01 aged 14 (10 to 15): U4, then K2 (P), a temporary T0
 *    (not counted), then U6 (P): 3 placements, looked after on 31 March.
 * D  born 2024-08-01, entered 2024-08-03 (under 1), went home 2024-10-01, came back 2025-01-05:
 *    counted once as starting (first occasion); 2 placements.
 * E  born 2020-03-01, entered 2021-03-01, legal status changed 2022-01-10 (L, same carer), moved
 *    to adopters (A6, P) 2023-05-01, adopted (E12) 2024-06-30: 791 days to moving in, 1,217 to
 *    adoption (2021-03-01 -> 2023-03-01 is 730 days, +31 +30; -> 2024-03-01 +366, +31+30+31+29).
 * F  born 2019-01-01, entered 2020-02-01, placed for adoption with the same carers (T) 2022-02-01,
 *    adopted (E11) 2025-03-31: 0 days to moving in; 1,885 to adoption (five years with two
 *    29 Februarys = 1,827, +28 +30). Not looked after on 31 March (the episode ceased that day).
 * G  short breaks (V3): left out everywhere.
 * H  born 2008-01-01, in care since 2019-01-01: looked after, 17 on 31 March, not in the long-term group.
 * Distances (PL_DISTANCE) on 31 March: A 25.3 miles, B 4, H 30, none for C and D: 2 of 3 over 20 miles.
 * Looked after 5 (A, B, C, D, H); started 2 (C, D); 3+ placements 1 of 5; long-term 1 of 2 (A of
 * A and B); adopted 2, mean (791 + 0) / 2 = 395.5 days to moving in, (1,217 + 1,885) / 2 = 1,551.
 */
export function council(): CaseData {
  const child = (childId: string, dob: string) => aChild({ childId, dob });
  return {
    children: [
      child('A', '2015-06-01'),
      child('B', '2012-01-01'),
      child('C', '2010-02-01'),
      child('D', '2024-08-01'),
      child('E', '2020-03-01'),
      child('F', '2019-01-01'),
      child('G', '2014-01-01'),
      child('H', '2008-01-01'),
    ],
    episodes: [
      anEpisode({ childId: 'A', start: '2021-01-10', placementDistance: 25.3 }),
      anEpisode({ childId: 'B', start: '2020-05-01', placement: 'K2', end: '2023-06-01', reasonEnded: 'X1' }),
      anEpisode({ childId: 'B', start: '2023-06-01', reasonNew: 'P', placementDistance: 4 }),
      anEpisode({ childId: 'C', start: '2024-05-01', end: '2024-07-01', reasonEnded: 'X1' }),
      anEpisode({
        childId: 'C',
        start: '2024-07-01',
        reasonNew: 'P',
        placement: 'K2',
        end: '2024-09-01',
        reasonEnded: 'X1',
      }),
      anEpisode({
        childId: 'C',
        start: '2024-09-01',
        reasonNew: 'P',
        placement: 'T0',
        provider: null,
        end: '2024-09-10',
        reasonEnded: 'X1',
      }),
      anEpisode({ childId: 'C', start: '2024-09-10', reasonNew: 'P', placement: 'U6' }),
      anEpisode({ childId: 'D', start: '2024-08-03', legalStatus: 'V2', end: '2024-10-01', reasonEnded: 'E4A' }),
      anEpisode({ childId: 'D', start: '2025-01-05', legalStatus: 'C1' }),
      anEpisode({ childId: 'E', start: '2021-03-01', legalStatus: 'C1', end: '2022-01-10', reasonEnded: 'X1' }),
      anEpisode({ childId: 'E', start: '2022-01-10', reasonNew: 'L', end: '2023-05-01', reasonEnded: 'X1' }),
      anEpisode({
        childId: 'E',
        start: '2023-05-01',
        reasonNew: 'P',
        legalStatus: 'E1',
        placement: 'A6',
        end: '2024-06-30',
        reasonEnded: 'E12',
      }),
      anEpisode({ childId: 'F', start: '2020-02-01', end: '2022-02-01', reasonEnded: 'X1' }),
      anEpisode({
        childId: 'F',
        start: '2022-02-01',
        reasonNew: 'T',
        legalStatus: 'E1',
        placement: 'A5',
        end: '2025-03-31',
        reasonEnded: 'E11',
      }),
      anEpisode({ childId: 'G', start: '2024-06-01', legalStatus: 'V3', placement: 'U4' }),
      anEpisode({ childId: 'H', start: '2019-01-01', placementDistance: 30 }),
    ],
  };
}

/**
 * The shared SSDA903 sample (`../shared/fixtures/ssda903-sample`: synthetic returns from Social
 * Finance's demand model, read in place, never copied into the repository). A clone from the
 * public repository has nothing beside it: tests of the sample are then skipped with this reason,
 * and the same cases run on the project's own sample (./projectSample.ts) wherever the tests are.
 */
import fs from 'node:fs';
import path from 'node:path';

export const SHARED_SAMPLE = path.resolve(import.meta.dirname, '../../../shared/fixtures/ssda903-sample');

/** false when the shared sample is there; otherwise why its tests are skipped. */
export const sharedSampleSkip: string | false = fs.existsSync(path.join(SHARED_SAMPLE, '2017-episodes.csv'))
  ? false
  : `shared SSDA903 sample not found at ${SHARED_SAMPLE} (it is not part of the repository): its tests are skipped; the project's own sample covers the same cases`;

/**
 * Synthetic councils for the regional tests and bench: the demo generator's returns (a seed per
 * council) written to a temporary folder and imported as `forecare import` would, with the test key.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simulateCouncil, type SimulateCouncilOptions } from '../../src/domain/demo/simulateCouncil.ts';
import { writeReturns } from '../../src/io/write903.ts';
import { importReturns } from '../../src/services/import.ts';
import { ensureCouncil } from '../../src/store/councils.repository.ts';
import type { Db } from '../../src/store/database.ts';

export const DEMO_TEST_KEY = new Uint8Array(32).fill(7);

/** Imports a synthetic council (3 years of returns to 2025/26 by default) under `laCode`. */
export async function importDemoCouncil(
  db: Db,
  laCode: string,
  options: Partial<SimulateCouncilOptions> & { readonly name?: string; readonly pseudonymKey?: Uint8Array } = {},
): Promise<void> {
  const { name, pseudonymKey, ...sim } = options;
  await ensureCouncil(db, laCode, name ?? `Council ${laCode}`);
  const council = simulateCouncil({ seed: 1, years: 3, endYear: 2026, size: 'small', ...sim });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-demo-council-'));
  try {
    await writeReturns(dir, council.returns);
    await importReturns(db, {
      laCode,
      paths: [dir],
      importedBy: 'test',
      acceptErrors: true,
      now: new Date('2026-06-01T00:00:00Z'),
      pseudonymKey: pseudonymKey ?? DEMO_TEST_KEY,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

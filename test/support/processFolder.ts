/**
 * A temporary folder kept for the whole test process and removed when it exits. A test file that
 * made its folder in a top-level `before` and removed it in a top-level `after` had to run in a
 * process of its own (scripts/test-bundles.ts: a top-level hook is a hook of the whole process,
 * and in a bundle an `after` can run before the file's tests); made when the file is imported
 * and removed at exit, the folder outlives every test of the file in any bundle. Each call makes
 * a new folder (mkdtemp), so files sharing a process never share one.
 *
 *   const dir = processFolder('forecare-cin-');
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const folders = new Set<string>();

function removeAll(): void {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
}

/** A new folder under the system's temporary folder, named `prefix` and random characters. */
export function processFolder(prefix: string): string {
  if (folders.size === 0) process.once('exit', removeAll);
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.add(dir);
  return dir;
}

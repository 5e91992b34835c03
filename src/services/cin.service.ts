/**
 * The children in need census in the browser (issue 12): upload the census (DfE XML, or a CSV per
 * table named with its year), read the check's report, then import, all or nothing, through the
 * same `storeCinLoad` the command line's `forecare cin import` uses (access, audit, refusal); and
 * the council's monthly counts (contacts, early help), one month on a form or many in a CSV, through
 * `setCinMonthlyCounts` and `importCinCounts` (`forecare cin counts`).
 *
 * As the 903's upload (data.service.ts): the raw files (child ids, UPNs) are in a private folder
 * (0700, files 0600) only while they are checked and are deleted as soon as the check ends, whatever
 * its outcome; the check's result waits in memory for the import for up to two hours, for the
 * council and the person's role only. Reports name files as uploaded, never a server path.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CinMonthlyCounts } from '../domain/cin/model.ts';
import type { Issue } from '../domain/ssda903/types.ts';
import type { CinLoadResult } from '../io/loadCin.ts';
import {
  DEFAULT_ENTRY_LIMIT,
  DEFAULT_MAX_RATIO,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  UploadRejectedError,
  placeFile,
  unzipInto,
} from '../io/upload.ts';
import type { Db } from '../store/database.ts';
import { ANALYST_ROLES, assertAccess, type Actor } from './access.ts';
import {
  importCinCounts,
  readCinMonthlyCounts,
  readCinYears,
  removeCinMonthlyCounts,
  setCinMonthlyCounts,
  storeCinLoad,
  type CinCountsImportSummary,
  type CinImportSummary,
  type CinMonthFields,
} from './cin.ts';
import { ConflictError, NotFoundError, UserInputError } from './errors.ts';
import { countIssues, type IssueCounts, type IncomingFile } from './data.service.ts';
import { workerCinLoader, type CinLoader } from './cinLoad.ts';

export type CinUploadStatus = 'checking' | 'checked' | 'importing' | 'imported' | 'failed';

export interface CinUpload {
  readonly id: string;
  readonly laCode: string;
  readonly uploadedBy: string;
  readonly createdAt: Date;
  status: CinUploadStatus;
  /** File names as the person gave them. */
  readonly files: readonly string[];
  /** The check's result (files named as uploaded); absent while checking, or when the files could not be read. */
  result?: CinLoadResult;
  counts: IssueCounts;
  /** The check under way. */
  running?: Promise<void>;
  summary?: CinImportSummary;
  /** Why the files could not be read, or the import was refused, in words. */
  problem?: string;
}

/** File names the CIN upload takes: the DfE XML, CSV tables, or a zip of them (in year folders). */
export const CIN_UPLOAD_ALLOWED = /\.(xml|csv|zip)$/i;
const ZIP_EXTENSIONS: ReadonlySet<string> = new Set(['.xml', '.csv']);
const EXPIRY_MS = 2 * 60 * 60 * 1000;

/** Fatal problems first, then errors, then warnings; the loader's order within each. */
export function cinIssuesByImportance(issues: readonly Issue[]): Issue[] {
  const rank = (i: Issue) => (i.fatal ? 0 : i.severity === 'error' ? 1 : 2);
  return issues
    .map((i, n) => ({ i, n }))
    .sort((a, b) => rank(a.i) - rank(b.i) || a.n - b.n)
    .map((x) => x.i);
}

/**
 * `text` with the private folders' paths taken out: `<dir>/files/cin-2024.xml` reads
 * `cin-2024.xml`, a zip's `<dir>/zips/census/2024/cin_details.csv` reads `census/2024/cin_details.csv`.
 */
function hide(text: string, dir: string): string {
  let out = text;
  for (const d of [path.join(dir, 'files'), path.join(dir, 'zips'), dir])
    out = out
      .split(d + path.sep)
      .join('')
      .split(d)
      .join('the upload');
  return out;
}

function relativise(result: CinLoadResult, dir: string): CinLoadResult {
  return {
    ...result,
    files: result.files.map((f) => ({ ...f, path: hide(f.path, dir) })),
    issues: result.issues.map((i) => ({ ...i, file: hide(i.file, dir), message: hide(i.message, dir) })),
  };
}

export function createCinService(
  db: Db,
  options: {
    readonly pseudonymKey: Uint8Array;
    /** The private upload folder (the 903 upload's); CIN files go in `cin-<id>` folders under it. */
    readonly uploadDir: string;
    readonly now: () => Date;
    /** Reads and checks an upload's files (default: in a worker thread, one upload at a time; ./cinLoad.ts). */
    readonly load?: CinLoader;
    /** Largest unpacked total of an upload's zips (default 200 MB, as the 903's upload). */
    readonly maxUploadBytes?: number;
  },
) {
  const uploads = new Map<string, CinUpload>();
  const load = options.load ?? workerCinLoader();
  const running = new Set<Promise<void>>();

  async function privateDir(prefix: string): Promise<string> {
    await mkdir(options.uploadDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const dir = await mkdtemp(path.join(options.uploadDir, prefix));
    await chmod(dir, PRIVATE_DIR_MODE);
    return dir;
  }

  function expireOld(): void {
    const cutoff = options.now().getTime() - EXPIRY_MS;
    for (const [id, u] of uploads) if (u.createdAt.getTime() < cutoff && u.status !== 'checking') uploads.delete(id);
  }

  function find(actor: Actor, laCode: string, id: string): CinUpload {
    assertAccess(actor, laCode, ANALYST_ROLES);
    const u = uploads.get(id);
    // Another council's upload is "not found", never shown.
    if (!u || u.laCode !== laCode)
      throw new NotFoundError('Upload not found', 'Uploads are kept for two hours. Upload the files again.');
    return u;
  }

  return {
    /**
     * Starts checking uploaded CIN files (stores nothing) and returns the upload's id for its report
     * at once; the check runs off the request thread. The files (where the upload parser saved
     * them) are deleted as soon as the check ends, whatever its outcome. Analysts and admins.
     */
    async check(actor: Actor, laCode: string, files: readonly IncomingFile[]): Promise<string> {
      try {
        assertAccess(actor, laCode, ANALYST_ROLES);
        if (files.length === 0)
          throw new UserInputError(
            'files',
            'Select the CIN census files: the DfE XML file for each year, the CSV tables named with their year, or a zip of them',
          );
        const refused = files.find((f) => !CIN_UPLOAD_ALLOWED.test(f.originalName));
        if (refused)
          throw new UserInputError(
            'files',
            `${path.basename(refused.originalName)} is not an XML, CSV or zip file: upload the DfE XML file, the CSV tables or a zip of them`,
          );
      } catch (err) {
        await Promise.all(files.map((f) => rm(f.tempPath, { force: true })));
        throw err;
      }
      expireOld();
      const dir = await privateDir('cin-');
      const u: CinUpload = {
        id: randomUUID(),
        laCode,
        uploadedBy: actor.name,
        createdAt: options.now(),
        status: 'checking',
        files: files.map((f) => path.basename(f.originalName)),
        counts: { errors: 0, warnings: 0, fatal: 0 },
      };
      uploads.set(u.id, u);
      const checking = (async () => {
        try {
          // Plain files in one folder, each zip in a folder of its own, each a root of the search
          // (so a zip's census/2024/cin_details.csv is found however deep its year folders are).
          const roots = [path.join(dir, 'files')];
          await mkdir(roots[0]!, { recursive: true, mode: PRIVATE_DIR_MODE });
          let budget = options.maxUploadBytes ?? 200 * 1024 * 1024;
          for (const f of files) {
            const name = path.basename(f.originalName);
            if (!/\.zip$/i.test(name)) {
              await placeFile(f.tempPath, name, roots[0]!);
              continue;
            }
            const folder = path.join(
              dir,
              'zips',
              name.replace(/\.zip$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'zip',
            );
            const written = await unzipInto(f.tempPath, folder, {
              maxBytes: budget,
              maxEntries: DEFAULT_ENTRY_LIMIT,
              maxRatio: DEFAULT_MAX_RATIO,
              extensions: ZIP_EXTENSIONS,
            });
            for (const w of written) budget -= (await stat(w)).size;
            roots.push(folder);
          }
          u.result = relativise(await load(roots, laCode), dir);
          u.counts = countIssues(u.result.issues);
          u.status = 'checked';
        } catch (err) {
          u.status = 'failed';
          u.problem = hide(
            err instanceof UploadRejectedError
              ? err.message
              : `The files could not be read: ${err instanceof Error ? err.message : String(err)}`,
            dir,
          );
        } finally {
          // Checked (or not): the raw files go now. The import uses the records held in memory.
          await Promise.all([
            ...files.map((f) => rm(f.tempPath, { force: true })),
            rm(dir, { recursive: true, force: true }),
          ]);
        }
      })();
      u.running = checking;
      running.add(checking);
      void checking.finally(() => running.delete(checking));
      const id = u.id;
      return id;
    },

    upload(actor: Actor, laCode: string, id: string): CinUpload {
      return find(actor, laCode, id);
    },

    /**
     * The upload once its check has finished, or after `waitMs` if it is still running (so the
     * page usually shows the result without a refresh).
     */
    async settle(actor: Actor, laCode: string, id: string, waitMs: number): Promise<CinUpload> {
      const u = find(actor, laCode, id);
      if (u.status === 'checking' && u.running) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([u.running, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
        clearTimeout(timer);
      }
      return u;
    },

    /** Waits for the checks under way (tests, shutdown). */
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.all([...running]);
    },

    /** The upload's problems, most serious first (the report's table and its CSV). */
    issues(actor: Actor, laCode: string, id: string): Issue[] {
      const u = find(actor, laCode, id);
      return cinIssuesByImportance(u.result?.issues ?? []);
    },

    /**
     * Imports a checked upload, all or nothing (storeCinLoad: fatal problems always refuse; errors
     * only with `acceptErrors`). Analysts and admins; audited as the command line's import.
     */
    async importUpload(actor: Actor, laCode: string, id: string, acceptErrors: boolean): Promise<CinImportSummary> {
      const u = find(actor, laCode, id);
      if (u.status !== 'checked' || !u.result)
        throw new ConflictError('These files cannot be imported now', 'Upload the files again.');
      if (u.counts.fatal === 0 && u.counts.errors > 0 && !acceptErrors)
        throw new UserInputError(
          'acceptErrors',
          `Confirm that you want to import the census with its ${u.counts.errors} validation error${u.counts.errors === 1 ? '' : 's'}`,
        );
      // One import at a time (a second press of the button while the first is saving is refused).
      u.status = 'importing';
      let summary: CinImportSummary;
      try {
        summary = await storeCinLoad(db, actor, u.result, {
          laCode,
          pseudonymKey: options.pseudonymKey,
          acceptErrors,
          now: options.now(),
          source: 'web upload',
          validateCommand: 'the validation report',
        });
      } catch (err) {
        u.status = 'checked';
        throw err;
      }
      u.status = 'imported';
      u.summary = summary;
      return summary;
    },

    /** Forgets an upload (its files are already deleted). */
    discard(actor: Actor, laCode: string, id: string): void {
      const u = find(actor, laCode, id);
      if (u.status === 'checking') throw new UserInputError('discard', 'Wait until the check has finished');
      uploads.delete(id);
    },

    /** The council's uploads still waiting for an import (newest first). */
    waiting(actor: Actor, laCode: string): CinUpload[] {
      assertAccess(actor, laCode, ANALYST_ROLES);
      return [...uploads.values()]
        .filter((u) => u.laCode === laCode && (u.status === 'checked' || u.status === 'checking'))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    },

    /** The collection years imported, latest first. Anyone in the council. */
    years(actor: Actor, laCode: string) {
      return readCinYears(db, actor, laCode);
    },

    /** The council's monthly counts, by month. Anyone in the council. */
    counts(actor: Actor, laCode: string): Promise<CinMonthlyCounts[]> {
      return readCinMonthlyCounts(db, actor, laCode);
    },

    /** Enters or corrects one month (CinCountsFormError with each field's problem). */
    setMonth(actor: Actor, laCode: string, fields: CinMonthFields) {
      return setCinMonthlyCounts(db, actor, { laCode, fields, now: options.now() });
    },

    /** Removes one month's counts; whether there were any. */
    removeMonth(actor: Actor, laCode: string, month: string): Promise<boolean> {
      return removeCinMonthlyCounts(db, actor, { laCode, month, now: options.now() });
    },

    /**
     * Imports a counts CSV sent in the request (all or nothing: importCinCounts refuses a file with
     * any problem); the bytes are written to a private file only while they are read.
     */
    async importCounts(
      actor: Actor,
      laCode: string,
      file: { readonly bytes: Uint8Array; readonly name: string } | null,
    ): Promise<CinCountsImportSummary> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      if (!file || file.bytes.length === 0) throw new UserInputError('file', 'Select a CSV file of monthly counts');
      const name = path.basename(file.name) || 'counts.csv';
      if (!/\.csv$/i.test(name)) throw new UserInputError('file', `${name} is not a CSV file: upload a .csv file`);
      const dir = await privateDir('counts-');
      try {
        const where = path.join(dir, 'counts.csv');
        await writeFile(where, file.bytes, { mode: PRIVATE_FILE_MODE });
        return await importCinCounts(db, actor, { laCode, path: where, name, now: options.now() });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

export type CinService = ReturnType<typeof createCinService>;

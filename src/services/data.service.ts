/**
 * Data: uploading SSDA903 returns in the browser, validating them, showing the report and
 * importing (all or nothing) with the errors accepted when an analyst chooses to. Uploads are
 * held per process (the validation result in memory) and expire after two hours; imports are
 * recorded by the store and in the audit log.
 *
 * The raw files (CHILD ids, UPNs, postcodes) live in a private upload folder (0700, files 0600)
 * only while they are checked: they are deleted as soon as the check ends, whatever its outcome
 * (the import uses the loader's records held in memory), and again on discard, import and expiry;
 * `removeLeftovers()` clears whatever a crash left, at start-up. Reports never show server paths.
 *
 * Validation and import run in the background: the page that started them redirects to a status
 * page that refreshes itself (no JavaScript) until they finish.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { yearFromName } from '../io/discover903.ts';
import type { Issue, LoadResult } from '../domain/ssda903/types.ts';
import { ImportRefusedError, importAuditDetail, writeLoadResult, type ImportSummary } from './import.ts';
import { type AuditService } from './audit.ts';
import { ANALYST_ROLES, READ_ROLES, assertAccess, type Actor } from './access.ts';
import { UserInputError } from './errors.ts';
import type { Db } from '../store/database.ts';
import { listImports, type ImportRecord } from '../store/imports.repository.ts';
import {
  DEFAULT_ENTRY_LIMIT,
  DEFAULT_MAX_RATIO,
  PRIVATE_DIR_MODE,
  UploadRejectedError,
  loaderRoots,
  placeFile,
  unzipInto,
} from '../io/upload.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { workerUploadLoader, type UploadLoader } from './uploadLoad.ts';

export type { ImportRecord };

export type UploadStatus = 'validating' | 'validated' | 'importing' | 'imported' | 'failed';

export interface Upload {
  readonly id: string;
  readonly laCode: string;
  readonly uploadedBy: string;
  readonly createdAt: Date;
  status: UploadStatus;
  /** File names as the person gave them (zip entries as `archive.zip: 2024/header.csv`). */
  readonly files: string[];
  /** The loader's result (issues with paths relative to the upload). */
  result?: LoadResult;
  summary?: ImportSummary;
  /** Why validation or import failed, in words. */
  problem?: string;
  dir: string;
  /** The check or import under way, when there is one. */
  running?: Promise<void>;
}

export interface IssueFilter {
  readonly severity?: string;
  readonly rule?: string;
  readonly file?: string;
}

export interface IssueCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly fatal: number;
}

export interface ReportPage {
  readonly issues: readonly Issue[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  readonly counts: IssueCounts;
  readonly rules: ReadonlyArray<{ rule: string; severity: string; count: number }>;
  readonly files: readonly string[];
}

export interface IncomingFile {
  /** Where the upload parser saved it. */
  readonly tempPath: string;
  readonly originalName: string;
}

const EXPIRY_MS = 2 * 60 * 60 * 1000;
export const REPORT_PAGE_SIZE = 100;

export function countIssues(issues: readonly Issue[]): IssueCounts {
  let errors = 0;
  let warnings = 0;
  let fatal = 0;
  for (const i of issues) {
    if (i.severity === 'error') errors++;
    else warnings++;
    if (i.fatal) fatal++;
  }
  return { errors, warnings, fatal };
}

export function filterIssues(issues: readonly Issue[], f: IssueFilter): Issue[] {
  return issues.filter(
    (i) =>
      (!f.severity || i.severity === f.severity || (f.severity === 'fatal' && i.fatal)) &&
      (!f.rule || i.rule === f.rule) &&
      (!f.file || i.file === f.file),
  );
}

/** Fatal problems first, then errors, then warnings; the loader's order within each. */
function byImportance(issues: Issue[]): Issue[] {
  const rank = (i: Issue) => (i.fatal ? 0 : i.severity === 'error' ? 1 : 2);
  return issues
    .map((i, n) => ({ i, n }))
    .sort((a, b) => rank(a.i) - rank(b.i) || a.n - b.n)
    .map((x) => x.i);
}

/** The upload folder itself, as a report names it. */
const THE_UPLOAD = 'the upload';

/**
 * Text with every server path under `dirs` (innermost first) replaced by the path inside the
 * upload: `<dir>/2024/header.csv` becomes `2024/header.csv`, `<dir>` alone 'the upload'.
 */
function hidePaths(text: string, dirs: readonly string[]): string {
  let out = text;
  for (const dir of dirs)
    out = out
      .split(dir + path.sep)
      .join('')
      .split(dir)
      .join(THE_UPLOAD);
  return out.startsWith(THE_UPLOAD) ? `T${out.slice(1)}` : out;
}

/** Paths in the result made relative to the upload folder (no server paths in reports or the store). */
function relativise(result: LoadResult, dirs: readonly string[]): LoadResult {
  return {
    ...result,
    files: result.files.map((f) => ({ ...f, path: hidePaths(f.path, dirs) })),
    issues: result.issues.map((i) => ({ ...i, file: hidePaths(i.file, dirs), message: hidePaths(i.message, dirs) })),
  };
}

export function createDataService(
  db: Db,
  audit: AuditService,
  options: {
    readonly pseudonymKey: Uint8Array;
    readonly uploadDir: string;
    readonly now: () => Date;
    readonly maxUploadBytes?: number;
    /**
     * Reads and validates an upload's files (default: in a worker thread with a memory cap, one at a
     * time, so that a large upload does not stall other requests; see uploadLoad.ts).
     */
    readonly load?: UploadLoader;
    /** Called after a successful import (e.g. to drop cached figures). */
    readonly onImported?: (laCode: string) => void;
  },
) {
  const uploads = new Map<string, Upload>();
  const maxBytes = options.maxUploadBytes ?? 200 * 1024 * 1024;
  const running = new Set<Promise<void>>();
  const load = options.load ?? workerUploadLoader();

  function track(p: Promise<void>): void {
    running.add(p);
    void p.finally(() => running.delete(p));
  }

  function find(actor: Actor, laCode: string, id: string): Upload {
    assertAccess(actor, laCode, ANALYST_ROLES);
    const u = uploads.get(id);
    // Another council's upload is "not found", never shown.
    if (!u || u.laCode !== laCode)
      throw new NotFoundError('Upload not found', 'Uploads are kept for two hours. Upload the files again.');
    return u;
  }

  /** The upload folder, created private (0700) and made so if it already existed. */
  async function uploadRoot(): Promise<string> {
    await mkdir(options.uploadDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    await chmod(options.uploadDir, PRIVATE_DIR_MODE);
    return options.uploadDir;
  }

  async function expireOld(): Promise<void> {
    const cutoff = options.now().getTime() - EXPIRY_MS;
    for (const [id, u] of uploads) {
      if (u.createdAt.getTime() < cutoff && u.status !== 'validating' && u.status !== 'importing') {
        uploads.delete(id);
        await rm(u.dir, { recursive: true, force: true });
      }
    }
  }

  async function validate(u: Upload, incoming: readonly IncomingFile[]): Promise<void> {
    const filesDir = path.join(u.dir, 'files');
    const serverPaths = [filesDir, u.dir, options.uploadDir];
    try {
      await mkdir(filesDir, { recursive: true, mode: PRIVATE_DIR_MODE });
      let budget = maxBytes;
      for (const f of incoming) {
        if (f.originalName.toLowerCase().endsWith('.zip')) {
          const folder = path.join(
            filesDir,
            path.basename(f.originalName, path.extname(f.originalName)).replace(/[^A-Za-z0-9._-]+/g, '_') || 'zip',
          );
          const written = await unzipInto(f.tempPath, folder, {
            maxBytes: budget,
            maxEntries: DEFAULT_ENTRY_LIMIT,
            maxRatio: DEFAULT_MAX_RATIO,
          });
          for (const w of written) budget -= (await stat(w)).size;
          await rm(f.tempPath, { force: true });
        } else {
          await placeFile(f.tempPath, f.originalName, filesDir);
        }
      }
      const roots = await loaderRoots(filesDir, (name) => yearFromName(name) !== null);
      // The loader's own records (not plain copies): an upload waiting for its import holds them.
      const result = await load(roots.length > 0 ? roots : [filesDir]);
      u.result = relativise(result, serverPaths);
      u.status = 'validated';
    } catch (err) {
      u.status = 'failed';
      u.problem = hidePaths(
        err instanceof UploadRejectedError
          ? err.message
          : `The files could not be read: ${err instanceof Error ? err.message : String(err)}`,
        serverPaths,
      );
    } finally {
      // Checked (or not): the raw files go now, whatever the outcome. The import uses the records.
      await Promise.all([
        ...incoming.map((f) => rm(f.tempPath, { force: true })),
        rm(u.dir, { recursive: true, force: true }),
      ]);
    }
  }

  async function runImport(actor: Actor, u: Upload, result: LoadResult, acceptErrors: boolean): Promise<void> {
    try {
      const summary = await writeLoadResult(db, result, {
        laCode: u.laCode,
        importedBy: actor.name,
        acceptErrors,
        now: options.now(),
        pseudonymKey: options.pseudonymKey,
      });
      u.summary = summary;
      u.status = 'imported';
      await audit.record(actor, 'import.completed', importAuditDetail(summary, 'web upload'));
      options.onImported?.(u.laCode);
    } catch (err) {
      u.status = 'failed';
      u.problem =
        err instanceof ImportRefusedError
          ? err.message
          : `The import failed and nothing was saved: ${err instanceof Error ? err.message : String(err)}`;
      await audit.record(actor, 'import.failed', {
        uploadId: u.id,
        reason: err instanceof ImportRefusedError ? 'refused' : 'error',
      });
    } finally {
      await rm(u.dir, { recursive: true, force: true });
    }
  }

  return {
    /** Where the upload parser may write incoming files (created on demand, private). */
    async incomingDir(): Promise<string> {
      const dir = path.join(await uploadRoot(), 'incoming');
      await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      return dir;
    },

    /**
     * At start-up: makes the upload folder private (0700) and deletes everything in it, files a
     * crash or kill left behind. Returns how many entries were removed. The folder belongs to one
     * server process: two processes must not share it.
     */
    async removeLeftovers(): Promise<number> {
      const root = await uploadRoot();
      const entries = await readdir(root);
      await Promise.all(entries.map((e) => rm(path.join(root, e), { recursive: true, force: true })));
      return entries.length;
    },

    /** Starts checking uploaded files; returns the upload's id at once (analysts and admins). */
    async startUpload(actor: Actor, laCode: string, files: readonly IncomingFile[]): Promise<string> {
      try {
        assertAccess(actor, laCode, ANALYST_ROLES);
      } catch (err) {
        await Promise.all(files.map((f) => rm(f.tempPath, { force: true })));
        throw err;
      }
      if (files.length === 0)
        throw new UserInputError('files', 'Select one or more SSDA903 files (.csv or .xlsx) or a .zip of year folders');
      await expireOld();
      const id = randomUUID();
      const dir = path.join(await uploadRoot(), id);
      await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      const u: Upload = {
        id,
        laCode,
        uploadedBy: actor.name,
        createdAt: options.now(),
        status: 'validating',
        files: files.map((f) => f.originalName),
        dir,
      };
      uploads.set(id, u);
      u.running = validate(u, files);
      track(u.running);
      return id;
    },

    upload(actor: Actor, laCode: string, id: string): Upload {
      return find(actor, laCode, id);
    },

    /**
     * The upload once its check or import has finished, or after `waitMs` if it is still running
     * (so the status page can show the result without refreshing itself in the usual case).
     */
    async settle(actor: Actor, laCode: string, id: string, waitMs: number): Promise<Upload> {
      const u = find(actor, laCode, id);
      if (u.running && (u.status === 'validating' || u.status === 'importing')) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          u.running.catch(() => undefined),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
        ]);
        clearTimeout(timer);
      }
      return u;
    },

    /** The validation report, filtered and paged. */
    report(actor: Actor, laCode: string, id: string, filter: IssueFilter, page = 1): ReportPage {
      const u = find(actor, laCode, id);
      if (!u.result) throw new ConflictError('The files are still being checked', 'Wait for the check to finish.');
      const all = u.result.issues;
      const byRule = new Map<string, { rule: string; severity: string; count: number }>();
      for (const i of all) {
        const r = byRule.get(i.rule) ?? { rule: i.rule, severity: i.severity, count: 0 };
        r.count++;
        byRule.set(i.rule, r);
      }
      const filtered = byImportance(filterIssues(all, filter));
      const pages = Math.max(1, Math.ceil(filtered.length / REPORT_PAGE_SIZE));
      const p = Math.min(Math.max(1, page), pages);
      return {
        issues: filtered.slice((p - 1) * REPORT_PAGE_SIZE, p * REPORT_PAGE_SIZE),
        total: filtered.length,
        page: p,
        pages,
        counts: countIssues(all),
        rules: [...byRule.values()].sort((a, b) => a.rule.localeCompare(b.rule)),
        files: [...new Set(all.map((i) => i.file))].sort(),
      };
    },

    /** Every issue matching the filter (for the CSV download). */
    issues(actor: Actor, laCode: string, id: string, filter: IssueFilter): Issue[] {
      const u = find(actor, laCode, id);
      if (!u.result) throw new ConflictError('The files are still being checked');
      return byImportance(filterIssues(u.result.issues, filter));
    },

    /**
     * Starts the import (all or nothing). With validation errors it goes ahead only when
     * `acceptErrors` is true; fatal problems always stop it.
     */
    startImport(actor: Actor, laCode: string, id: string, acceptErrors: boolean): void {
      const u = find(actor, laCode, id);
      if (u.status !== 'validated' || !u.result)
        throw new UserInputError('import', 'These files cannot be imported now');
      const counts = countIssues(u.result.issues);
      if (counts.fatal > 0)
        throw new UserInputError(
          'import',
          'These files have problems that stop Forecare using them: fix them and upload again',
        );
      if (counts.errors > 0 && !acceptErrors) {
        throw new UserInputError(
          'acceptErrors',
          `Confirm that you want to import the data with its ${counts.errors} validation error${counts.errors === 1 ? '' : 's'}`,
        );
      }
      u.status = 'importing';
      u.running = runImport(actor, u, u.result, acceptErrors && counts.errors > 0);
      track(u.running);
    },

    /** Forgets an upload and deletes its files. */
    async discard(actor: Actor, laCode: string, id: string): Promise<void> {
      const u = find(actor, laCode, id);
      if (u.status === 'validating' || u.status === 'importing')
        throw new UserInputError('discard', 'Wait until the check or import has finished');
      uploads.delete(id);
      await rm(u.dir, { recursive: true, force: true });
    },

    /** Uploads of the council still held (newest first), for the Data page. */
    recentUploads(actor: Actor, laCode: string): Upload[] {
      assertAccess(actor, laCode, ANALYST_ROLES);
      return [...uploads.values()]
        .filter((u) => u.laCode === laCode)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    },

    /** The council's import history, newest first; any member may read it. */
    async history(actor: Actor, laCode: string): Promise<ImportRecord[]> {
      assertAccess(actor, laCode, READ_ROLES);
      return listImports(db, laCode);
    },

    /** Waits for background checks and imports (tests, shutdown). */
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

export type DataService = ReturnType<typeof createDataService>;

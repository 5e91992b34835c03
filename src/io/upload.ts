/**
 * Placing uploaded files for the 903 loader: plain files are kept under a safe name; a zip is
 * unpacked with guards against zip bombs and path traversal:
 * - only `.csv` and `.xlsx` entries are written (others, nested zips and symlinks are skipped);
 * - entry names are checked (yauzl rejects absolute paths and `..`; each segment is sanitised
 *   again here, and the final path must stay inside the target folder);
 * - at most `maxEntries` entries; the unpacked total may not exceed `maxBytes`, counted on the
 *   bytes actually inflated (not the sizes the zip claims), and no entry may inflate more than
 *   `maxRatio` times its compressed size.
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export class UploadRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadRejectedError';
  }
}

export interface UnzipLimits {
  readonly maxBytes: number;
  readonly maxEntries: number;
  readonly maxRatio: number;
  /** The entries unpacked, by extension (default .csv and .xlsx, the 903's; the CIN census adds .xml). */
  readonly extensions?: ReadonlySet<string>;
}

export const DEFAULT_ENTRY_LIMIT = 2000;
export const DEFAULT_MAX_RATIO = 200;

const ALLOWED = new Set(['.csv', '.xlsx']);

/** Uploaded files and the folders holding them: readable by the server's own account only. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** A name segment safe on any file system: letters, digits, space, dot, dash, underscore. */
export function safeSegment(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9 ._-]+/g, '_')
    .replace(/^[. ]+/, '')
    .slice(0, 120);
  return cleaned || 'file';
}

/** A relative path of safe segments (at most 4 deep), or null when nothing usable is left. */
export function safeRelativePath(name: string): string | null {
  const parts = name.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  const safe = parts.slice(-4).map(safeSegment);
  return safe.length > 0 ? safe.join('/') : null;
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Moves an uploaded plain file into `dir` under its (sanitised) original name. */
export async function placeFile(tempPath: string, originalName: string, dir: string): Promise<string> {
  const rel = safeRelativePath(originalName) ?? 'file';
  let target = path.join(dir, rel);
  if (!inside(dir, target)) throw new UploadRejectedError(`The file name ${originalName} is not allowed`);
  await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
  for (let i = 2; await exists(target); i++) target = path.join(path.dirname(target), `${i}-${path.basename(rel)}`);
  await rename(tempPath, target);
  await chmod(target, PRIVATE_FILE_MODE);
  return target;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false },
      (err, zip) =>
        err || !zip
          ? reject(new UploadRejectedError(`The zip file cannot be read: ${err?.message ?? 'unknown error'}`))
          : resolve(zip),
    ),
  );
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) =>
      err || !stream ? reject(err ?? new Error('no stream')) : resolve(stream),
    ),
  );
}

/** Counts inflated bytes and fails once a limit is passed (the zip's own size claims are not trusted). */
class ByteLimit extends Transform {
  #seen = 0;
  readonly #limit: number;
  readonly #onBytes: (n: number) => void;
  constructor(limit: number, onBytes: (n: number) => void) {
    super();
    this.#limit = limit;
    this.#onBytes = onBytes;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#seen += chunk.length;
    this.#onBytes(chunk.length);
    if (this.#seen > this.#limit)
      return done(new UploadRejectedError('The zip file unpacks to more data than is allowed'));
    done(null, chunk);
  }
}

/**
 * Unpacks the .csv/.xlsx entries (or `limits.extensions`) of `zipPath` into `dir`; returns the files written. Throws
 * UploadRejectedError when a guard trips (nothing partial is left behind in `dir`'s new files).
 */
export async function unzipInto(zipPath: string, dir: string, limits: UnzipLimits): Promise<string[]> {
  const zip = await openZip(zipPath);
  const written: string[] = [];
  let total = 0;
  let entries = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(new UploadRejectedError(`The zip file cannot be read: ${err.message}`)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        handle(entry).then(
          () => zip.readEntry(),
          (err: unknown) => reject(err),
        );
      });
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    await Promise.all(written.map((f) => rm(f, { force: true })));
    throw err;
  }
  return written;

  async function handle(entry: yauzl.Entry): Promise<void> {
    entries += 1;
    if (entries > limits.maxEntries)
      throw new UploadRejectedError(`The zip file has more than ${limits.maxEntries} entries`);
    if (entry.fileName.endsWith('/')) return; // a folder
    const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
    if (mode === 0o120000) return; // a symbolic link: never followed
    const ext = path.extname(entry.fileName).toLowerCase();
    if (!(limits.extensions ?? ALLOWED).has(ext) || /(^|\/)__MACOSX\//.test(entry.fileName)) return;
    if (entry.isEncrypted()) throw new UploadRejectedError(`${entry.fileName} in the zip is encrypted`);
    if (entry.uncompressedSize > limits.maxBytes || total + entry.uncompressedSize > limits.maxBytes) {
      throw new UploadRejectedError('The zip file unpacks to more data than is allowed');
    }
    if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > limits.maxRatio) {
      throw new UploadRejectedError(`${entry.fileName} in the zip is compressed suspiciously well (a zip bomb?)`);
    }
    const rel = safeRelativePath(entry.fileName);
    if (rel === null) throw new UploadRejectedError(`The zip entry ${entry.fileName} points outside the folder`);
    const target = path.join(dir, rel);
    if (!inside(dir, target))
      throw new UploadRejectedError(`The zip entry ${entry.fileName} points outside the folder`);
    await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
    const stream = await openEntry(zip, entry);
    written.push(target);
    const perEntry = Math.min(limits.maxBytes - total, Math.max(entry.compressedSize, 1) * limits.maxRatio);
    await pipeline(
      stream,
      new ByteLimit(perEntry, (n) => {
        total += n;
      }),
      createWriteStream(target, { flags: 'wx', mode: PRIVATE_FILE_MODE }),
    );
  }
}

/**
 * The folders and files to hand to the 903 loader: `dir` itself plus every folder below it that is
 * not named by a year but directly holds year folders or table files (e.g. `sample/2024/...` in a
 * zip), so that the loader's own year-folder rules apply.
 */
export async function loaderRoots(dir: string, yearNamed: (name: string) => boolean): Promise<string[]> {
  const roots: string[] = [];
  async function walk(d: string, depth: number): Promise<void> {
    const entries = await readdir(d, { withFileTypes: true });
    const holds = entries.some(
      (e) => (e.isDirectory() && yearNamed(e.name)) || (e.isFile() && ALLOWED.has(path.extname(e.name).toLowerCase())),
    );
    if (holds) roots.push(d);
    if (depth >= 4) return;
    for (const e of entries) if (e.isDirectory() && !yearNamed(e.name)) await walk(path.join(d, e.name), depth + 1);
  }
  await walk(dir, 0);
  return roots;
}

/**
 * A multer storage engine that writes each uploaded file straight into a private folder with mode
 * 0600 (multer's own disk storage leaves the mode to the umask, usually 0644), under a random
 * name, never overwriting. Raw 903 files carry CHILD ids, UPNs and postcodes: no other account on
 * the machine may read them, even for the moment before they are checked.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { PRIVATE_FILE_MODE } from '../../io/upload.ts';

export function privateDiskStorage(dir: string): StorageEngine {
  return {
    _handleFile(
      _req: Request,
      file: Express.Multer.File,
      cb: (error?: unknown, info?: Partial<Express.Multer.File>) => void,
    ) {
      const filename = randomBytes(16).toString('hex');
      const target = path.join(dir, filename);
      const out = createWriteStream(target, { flags: 'wx', mode: PRIVATE_FILE_MODE });
      pipeline(file.stream, out).then(
        () => cb(null, { destination: dir, filename, path: target, size: out.bytesWritten }),
        (err: unknown) => {
          rm(target, { force: true }).finally(() => cb(err));
        },
      );
    },
    _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void) {
      rm(file.path, { force: true }).then(
        () => cb(null),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      );
    },
  };
}

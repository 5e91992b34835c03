/**
 * A worker thread of ./cinReadParallel.ts: reads each CIN census file it is given (./loadCin.ts's
 * readCinFile) and sends back its problems and its return, as columns.
 */
import { parentPort } from 'node:worker_threads';
import { packCinReturn } from '../domain/cin/packed.ts';
import type { CinReadReply, CinReadRequest } from './cinReadParallel.ts';
import { readCinFile } from './loadCin.ts';

const port = parentPort!;
port.on('message', (m: CinReadRequest) => {
  void (async () => {
    let reply: CinReadReply;
    try {
      const { sink, read } = await readCinFile(m.file, m.laCode);
      reply = {
        index: m.index,
        sink: sink.snapshot(),
        read: read === null ? null : { ...read, ret: packCinReturn(read.ret) },
      };
    } catch (err) {
      reply = { index: m.index, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  })();
});

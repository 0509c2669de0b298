// One worker of scan-many.ts: scans one file (read piece by piece), replies with the Report or a typed error.
import { parentPort } from 'node:worker_threads';
import { isPiscopeError } from '../errors.ts';
import type { WorkerDone, WorkerJob } from './scan-many.ts';
import { scan } from './scan.ts';

const port = parentPort;
if (port === null) throw new Error('scan-many-worker.ts runs only as a worker thread');

port.on('message', (job: WorkerJob) => {
  void (async () => {
    let reply: WorkerDone;
    try {
      reply = { index: job.index, result: { path: job.path, report: await scan({ path: job.path }, job.options) } };
    } catch (e) {
      const code = isPiscopeError(e) ? e.code : ((e as { code?: unknown }).code === 'ENOENT' ? 'NOT_FOUND' : 'INTERNAL');
      const message = e instanceof Error ? e.message : String(e);
      reply = { index: job.index, result: { path: job.path, error: { code, message } } };
    }
    port.postMessage(reply);
  })();
});

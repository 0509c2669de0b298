// One scan worker of scan-pool.ts: receives an input path, replies with its Report or one line of error.
import { parentPort } from 'node:worker_threads';
import { describeFor, loadEngine } from './engine.ts';
import type { WorkerReply, WorkerRequest } from './scan-pool.ts';

const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs only as a worker thread');
const engine = loadEngine();

port.on('message', (req: WorkerRequest) => {
  void (async () => {
    let reply: WorkerReply;
    try {
      reply = { id: req.id, item: { input: req.input, report: await (await engine).scan(req.input, req.options) } };
    } catch (e) {
      reply = { id: req.id, item: { input: req.input, error: describeFor(req.input, e).slice(req.input.length + 2) } };
    }
    port.postMessage(reply);
  })();
});

import { MessageChannel, Worker } from 'node:worker_threads';
import { takeQueuedMessages } from '../../src/main/queued-messages';

/**
 * The losing order of the close race (~1% of closes under load): the thread posts `stopped`,
 * closes its port and exits, and the main thread handles `exit` before it has dispatched the
 * reply. A real thread and a real port whose messages are not dispatched before `exit` show that
 * the reply is still there to be read at that moment — which is what the handle now does
 * (SyncWorker.onExit reads the queue before it fails pending requests).
 */
test('at the exit event, the reply the thread posted before exiting is still readable, in order', async () => {
  const { port1, port2 } = new MessageChannel();
  const thread = new Worker(
    `const { workerData } = require('node:worker_threads');
     workerData.port.postMessage({ type: 'status' });
     workerData.port.postMessage({ type: 'stopped', id: 7 });
     workerData.port.close();`,
    { eval: true, workerData: { port: port2 }, transferList: [port2] },
  );
  const atExit = await new Promise<unknown[]>((resolve) => thread.once('exit', () => resolve(takeQueuedMessages(port1))));
  port1.close();
  expect(atExit).toEqual([{ type: 'status' }, { type: 'stopped', id: 7 }]);
});

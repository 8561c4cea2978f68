import type { MessagePort, Worker } from 'node:worker_threads';
import type { SyncWorker } from '../../src/sync-worker';
import { captureLogger, enqueueCorrections, pendingCount, useWorkerFixture, waitFor } from './helpers';

/**
 * Recreates the losing order of the race seen in ~1% of closes: the thread has posted `stopped`
 * and exited, and the `exit` event is handled before the port's `message` event. With no
 * `message` listener the real port keeps the reply queued; the listeners come back after `exit`.
 */
function holdRepliesUntilExit(handle: SyncWorker): void {
  const internals = handle as unknown as { port: MessagePort; worker: Worker; onMessage(message: unknown): void };
  const { port, worker } = internals;
  port.removeAllListeners('message');
  worker.once('exit', () => {
    port.on('message', (message) => internals.onMessage(message));
  });
}

describe('stop() vs the thread exit: the stopped reply is never lost to the exit event', () => {
  const fx = useWorkerFixture();

  test('exit handled before the queued `stopped` reply: stop() still resolves with the thread’s report, no "did not stop cleanly"', async () => {
    const { brain, server } = fx;
    const { logger, lines } = captureLogger('warn');
    const worker = fx.makeWorker({ logger });
    worker.start();
    await worker.flush(); // the thread is up
    enqueueCorrections(brain.db, 3);
    holdRepliesUntilExit(worker);
    // The thread delivers the 3 rows during the drain; only its own report can say so.
    await expect(worker.stop({ drain: true, timeoutMs: 5_000 })).resolves.toEqual({ delivered: 3, remaining: 0 });
    expect(server.counts().stored).toBe(3);
    expect(pendingCount(brain.db)).toBe(0);
    expect(lines.filter((line) => line.includes('did not stop cleanly'))).toEqual([]);
    await waitFor('state off', () => worker.status().worker === 'off');
  });
});

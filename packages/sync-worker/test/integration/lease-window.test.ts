import pino from 'pino';
import { spawnThread } from '../../src/main/spawn-thread';
import { resolveSyncWorkerOptions } from '../../src/options';
import type { WorkerToMain } from '../../src/protocol';
import { API_KEY, enqueueCorrections, queueRows, useWorkerFixture } from './helpers';

describe('the lease must leave room to start a request', () => {
  test('a lease not longer than the request timeout + 2 s is refused with BAD_OPTION', () => {
    const base = { dbPath: '/tmp/x/system.db', apiKey: API_KEY, ingestUrl: 'http://127.0.0.1:9/api/v1/ingest' };
    expect(() => resolveSyncWorkerOptions({ ...base, leaseSec: 3, requestTimeoutMs: 2_000 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringMatching(/leaseSec.*requestTimeoutMs.*2 s/) }),
    );
    expect(() => resolveSyncWorkerOptions({ ...base, leaseSec: 4, requestTimeoutMs: 2_000 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(resolveSyncWorkerOptions({ ...base, leaseSec: 4.5, requestTimeoutMs: 2_000 }).leaseSec).toBe(4.5);
  });

  describe('a round that can start nothing yields', () => {
    const fx = useWorkerFixture({ batch: false });

    test('the thread still answers stop while every round claims rows it has no time to send', async () => {
      const { brain, server, requests } = fx;
      enqueueCorrections(brain.db, 3);
      // What validation now refuses, handed to a thread directly: every round's start window is already over.
      const valid = resolveSyncWorkerOptions({ dbPath: brain.dbPath, apiKey: API_KEY, ingestUrl: server.ingestUrl, tickSec: 999 });
      const options = { ...valid, leaseSec: 2, requestTimeoutMs: 1_000 };
      const { worker, port } = spawnThread(options, API_KEY, pino({ level: 'silent' }));
      try {
        const stopped = new Promise<WorkerToMain>((resolve) => {
          port.on('message', (message: WorkerToMain) => {
            if (message.type === 'stopped') resolve(message);
          });
        });
        // Long enough for the loop to be spinning through rounds before the stop arrives.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        port.postMessage({ type: 'stop', id: 1, drain: false, timeoutMs: 1_000, sentAt: Date.now() });
        const noReply = new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000).unref());
        await expect(Promise.race([stopped, noReply])).resolves.toMatchObject({ type: 'stopped', report: { delivered: 0, remaining: 3 } });
        expect(requests).toHaveLength(0);
        expect(queueRows(brain.db).every((row) => row.lease_owner === null && row.attempts === 0)).toBe(true);
      } finally {
        port.close();
        await worker.terminate();
      }
    });
  });
});

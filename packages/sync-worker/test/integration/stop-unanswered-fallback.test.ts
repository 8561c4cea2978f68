/**
 * The main side's own fallback for a thread that cannot answer a stop: at `timeoutMs` + 2 s it ends
 * the thread, logs that it did not stop cleanly, frees the thread's leases and returns what is left.
 * The thread is made deaf by a preload (test/fixtures/block-thread-on-stop.js) in a child process,
 * so that only the fallback can end this stop().
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { API_KEY, enqueueCorrections, queueRows, useWorkerFixture, waitFor } from './helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures');
/** The main side's wait past the caller's timeout (sync-worker.ts REPLY_GRACE_MS). */
const FALLBACK_GRACE_MS = 2_000;

interface Stopped {
  type: 'stopped';
  report: { delivered: number; remaining: number };
  elapsedMs: number;
  lines: string[];
  state: string;
}

jest.setTimeout(60_000);

describe('a worker thread that cannot answer stop()', () => {
  const fx = useWorkerFixture({ faults: { neverRespond: true } });
  let child: ChildProcess | null = null;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    child = null;
  });

  test('is ended by the main side at timeoutMs + 2 s, which logs it, frees its leases and returns what is left', async () => {
    const { brain, server, requests } = fx;
    enqueueCorrections(brain.db, 3);
    const timeoutMs = 300;
    const messages: Array<{ type: string }> = [];
    child = fork(path.join(FIXTURES, 'stop-unanswered.js'), [JSON.stringify({ dbPath: brain.dbPath, apiKey: API_KEY, ingestUrl: server.ingestUrl, tickSec: 999, timeoutMs })], {
      execArgv: ['-r', path.join(FIXTURES, 'block-thread-on-stop.js')],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('message', (message: { type: string }) => messages.push(message));
    // The thread is up and holds leases: its requests sit at the receiver, which never answers.
    await waitFor('requests held by the receiver', () => requests.length >= 3);
    expect(queueRows(brain.db).every((row) => row.lease_owner !== null)).toBe(true);

    child.send('stop');
    // 20 s: far past timeoutMs + 2 s even on a loaded machine; without the fallback, stop() never returns.
    const outcome = await waitFor('stop() to return (the main side’s fallback)', () => messages.find((m) => m.type !== 'started'), 20_000).catch((error: Error) => error);
    expect(outcome).not.toBeInstanceOf(Error);
    const stopped = outcome as Stopped;
    expect(stopped.type).toBe('stopped');
    expect(stopped.report).toEqual({ delivered: 0, remaining: 3, leasedElsewhere: 0 });
    expect(stopped.state).toBe('off');
    // Not before its time: the fallback first gives the thread its timeout and the grace (a lower bound only).
    expect(stopped.elapsedMs).toBeGreaterThanOrEqual(timeoutMs + FALLBACK_GRACE_MS - 50);
    const warned = stopped.lines.map((line) => JSON.parse(line) as { msg: string; level: number });
    expect(warned.filter((line) => line.msg.includes('did not stop cleanly'))).toHaveLength(1);
    // The dead thread's leases were given back: every row is pending, unleased, never attempted.
    expect(queueRows(brain.db).map((row) => [row.synced_at, row.lease_owner, row.attempts])).toEqual([
      [null, null, 0],
      [null, null, 0],
      [null, null, 0],
    ]);
  });
});

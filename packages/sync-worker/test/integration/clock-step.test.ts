/**
 * A clock that was a day ahead, then corrected: the worker that wrote the pause, the backoff and
 * the lease runs in a child process whose Date is shifted by a preload (test/fixtures/clock-shift.js);
 * the worker that reads them runs here, on the machine's clock.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { getMeta, readPause } from '@gradata/core';
import { API_KEY, pendingCount, queueRows, enqueueCorrections, useWorkerFixture, waitFor } from './helpers';

const DAY_MS = 24 * 3600_000;
const FIXTURES = path.resolve(__dirname, '../fixtures');

interface ChildMessage {
  type: string;
  pause?: { reason: string; until: number };
}

/** A SyncWorker in a child process whose clock runs `offsetMs` ahead. */
function startShiftedWorker(offsetMs: number, options: Record<string, unknown>): { child: ChildProcess; messages: ChildMessage[] } {
  const child = fork(path.join(FIXTURES, 'run-worker.js'), [JSON.stringify({ apiKey: API_KEY, tickSec: 999, ...options })], {
    execArgv: ['-r', path.join(FIXTURES, 'clock-shift.js')],
    env: { ...process.env, GRADATA_TEST_CLOCK_OFFSET_MS: String(offsetMs) },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const messages: ChildMessage[] = [];
  child.on('message', (message: ChildMessage) => messages.push(message));
  return { child, messages };
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('times written by a clock that was a day ahead are capped at their policy maximum', () => {
  const fx = useWorkerFixture({ batch: false });
  let child: ChildProcess | null = null;
  afterEach(async () => {
    if (child) await kill(child);
    child = null;
  });

  test('a 30 s Retry-After becomes at most 15 min, a backoff at most 5 min — not a day', async () => {
    const { brain, server } = fx;
    enqueueCorrections(brain.db, 2);
    server.pushScript(503, { status: 429, headers: { 'retry-after': '30' } });
    const shifted = startShiftedWorker(DAY_MS, { dbPath: brain.dbPath, ingestUrl: server.ingestUrl, concurrency: 1 });
    child = shifted.child;
    const paused = await waitFor('the shifted worker paused', () => shifted.messages.find((m) => m.type === 'paused'));
    const pause = (paused as ChildMessage).pause;
    expect(pause?.reason).toBe('rate-limited');
    expect(pause?.until).toBeGreaterThan(Date.now() + DAY_MS - 60_000); // written a day ahead
    await kill(child);
    expect(readPause(brain.db)?.until).toBeGreaterThan(Date.now() / 1000 + 86_000);

    // The same brain, now on a correct clock.
    const startedAt = Date.now();
    const worker = fx.makeWorker();
    worker.start();
    const status = await waitFor('the reader’s status', () => (worker.status().pausedUntil ? worker.status() : null)) as ReturnType<typeof worker.status>;
    expect(status.pauseReason).toBe('rate-limited');
    expect(status.pausedUntil).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    expect(Number(getMeta(brain.db, 'paused_until'))).toBeLessThanOrEqual(Date.now() / 1000 + 15 * 60);
    await waitFor('backoffs capped', () => queueRows(brain.db).every((row) => row.next_attempt_at !== null && row.next_attempt_at <= Date.now() / 1000 + 5 * 60));
    expect(queueRows(brain.db).every((row) => (row.next_attempt_at as number) >= startedAt / 1000)).toBe(true);
  });

  test('a lease stamped a day ahead by a live process is taken over after leaseSec, and the row delivered', async () => {
    const { brain, server } = fx;
    enqueueCorrections(brain.db, 1);
    // The shifted process's request is held: it keeps its (day-long) lease while alive.
    server.pushScript({ status: 200, delayMs: 60_000 });
    const shifted = startShiftedWorker(DAY_MS, { dbPath: brain.dbPath, ingestUrl: server.ingestUrl, requestTimeoutMs: 55_000 });
    child = shifted.child;
    await waitFor('the shifted worker holds the lease', () => queueRows(brain.db)[0]?.lease_owner !== null);
    const leaseUntil = (brain.db.prepare('SELECT lease_until FROM sync_queue').get() as { lease_until: number }).lease_until;
    expect(leaseUntil).toBeGreaterThan(Date.now() / 1000 + 86_000);

    const worker = fx.makeWorker({ leaseSec: 5, requestTimeoutMs: 2_000 });
    worker.start();
    await waitFor('delivered by the worker on the correct clock', () => pendingCount(brain.db) === 0, 30_000);
    expect(child.exitCode).toBeNull(); // the owner was alive all along: not an orphan reclaim
  });
});

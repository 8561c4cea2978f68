/**
 * Issue 19, item 7: orphan reclaim, clock heal, prune and nextDueAt ran outside the round's error
 * handling, so a busy database there crashed the thread, and five such crashes stopped delivery
 * for good. Here the clock heal meets a write lock held past the busy timeout: the worker logs,
 * backs off and heals once the lock is gone, without a supervised restart.
 */
import { openBrainDatabase } from '@gradata/core';
import { captureLogger, enqueueCorrections, queueRows, useWorkerFixture, waitFor } from './helpers';

describe('housekeeping that fails', () => {
  const fx = useWorkerFixture();

  test('a busy database during the clock heal is retried with backoff, not a crash', async () => {
    const { brain } = fx;
    enqueueCorrections(brain.db, 1);
    // A retry time a day ahead (a clock that was ahead): only the heal writes, the round has nothing due.
    brain.db.prepare('UPDATE sync_queue SET attempts = 1, last_status = 429, last_error = ?, next_attempt_at = ?').run('http 429', Date.now() / 1000 + 86_400);
    const blocker = openBrainDatabase(brain.dbPath);
    const { logger, lines } = captureLogger('warn');
    const worker = fx.makeWorker({ logger, tickSec: 1 });
    try {
      blocker.exec('BEGIN IMMEDIATE');
      worker.start();
      // The heal waits out the 5 s busy timeout, then fails with SQLITE_BUSY.
      await waitFor('the heal to fail on the busy database', () => lines.some((line) => line.includes('SQLITE_BUSY')), 30_000);
      blocker.exec('COMMIT');
      await waitFor('the heal to run once the lock is free', () => (queueRows(brain.db)[0]?.next_attempt_at as number) <= Date.now() / 1000 + 300, 30_000);
      expect(lines.filter((line) => line.includes('exited unexpectedly') || line.includes('crashed'))).toEqual([]);
      expect(worker.status().worker).toBe('running');
    } finally {
      if (blocker.inTransaction) blocker.exec('ROLLBACK');
      blocker.close();
    }
  }, 60_000);
});

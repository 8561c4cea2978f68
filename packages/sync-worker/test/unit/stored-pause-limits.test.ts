/**
 * What a worker makes of a pause it reads from the database (another process, or an earlier run,
 * wrote it): an auth or endpoint pause reaches at most 1 h ahead, whatever end was stored (a clock
 * that was a day ahead wrote it), and an auth pause binds only the key that earned it. The clock is
 * the `now` handed to the tracker: nothing here waits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { openBrainDatabase, readPause, writePause } from '@gradata/core';
import type { Database, PauseReason } from '@gradata/core';
import { PauseTracker, keyFingerprint } from '../../src/worker/pause';
import { Reporter } from '../../src/worker/reporter';
import type { WorkerToMain } from '../../src/protocol';

const NOW = 1_900_000_000_000; // epoch ms
const HOUR_MS = 3600_000;
const DAY_SEC = 86_400;

let dir: string;
let db: Database;
const channel = new MessageChannel();
const reporter = new Reporter(channel.port1, 'k', 'silent');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-stored-pause-'));
  db = openBrainDatabase(path.join(dir, 'system.db'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterAll(() => channel.port1.close());

const trackerFor = (apiKey: string): PauseTracker => new PauseTracker(db, reporter, () => undefined, apiKey);

describe('a stored auth or endpoint pause reaches at most 1 h ahead', () => {
  test.each<PauseReason>(['auth', 'endpoint'])('%s: stored a day ahead, read as now + 1 h, and rewritten so', (reason) => {
    writePause(db, NOW / 1000 + DAY_SEC, reason, reason === 'auth' ? keyFingerprint('k') : null);
    expect(trackerFor('k').active(NOW)).toEqual({ until: NOW + HOUR_MS, reason });
    expect(readPause(db)?.until).toBe(NOW / 1000 + 3600);
    // Read later by a fresh tracker: the rewritten end stays where it was cut, it does not slide on.
    expect(trackerFor('k').active(NOW + 60_000)).toEqual({ until: NOW + HOUR_MS, reason });
  });

  test('the cut is logged once, as a warning that names the reason and how far ahead the end was', () => {
    const logChannel = new MessageChannel();
    try {
      writePause(db, NOW / 1000 + DAY_SEC, 'endpoint');
      const tracker = new PauseTracker(db, new Reporter(logChannel.port1, 'k', 'warn'), () => undefined, 'k');
      tracker.active(NOW);
      tracker.active(NOW + 1_000);
      const logs: WorkerToMain[] = [];
      for (let next = receiveMessageOnPort(logChannel.port2); next; next = receiveMessageOnPort(logChannel.port2)) logs.push(next.message as WorkerToMain);
      const capped = logs.filter((m) => m.type === 'log' && m.msg.includes('beyond the policy maximum'));
      expect(capped).toEqual([
        { type: 'log', level: 'warn', msg: `stored pause ended ${DAY_SEC} s from now, beyond the policy maximum: the clock was stepped back; capped`, obj: { reason: 'endpoint' } },
      ]);
    } finally {
      logChannel.port1.close();
    }
  });

  test.each<PauseReason>(['auth', 'endpoint'])('%s: an end within the hour is kept as stored', (reason) => {
    writePause(db, NOW / 1000 + 3000, reason, reason === 'auth' ? keyFingerprint('k') : null);
    expect(trackerFor('k').active(NOW)).toEqual({ until: NOW + 3000_000, reason });
    expect(readPause(db)?.until).toBe(NOW / 1000 + 3000);
  });
});

describe('an auth pause binds only the key it was earned with', () => {
  test('a tracker holding another key ignores it, and leaves it stored for the key that earned it', () => {
    writePause(db, NOW / 1000 + 600, 'auth', keyFingerprint('old-key'));
    expect(trackerFor('new-key').active(NOW)).toBeNull();
    expect(readPause(db)).toMatchObject({ reason: 'auth', keyFingerprint: keyFingerprint('old-key') });
    expect(trackerFor('old-key').active(NOW)).toEqual({ until: NOW + 600_000, reason: 'auth' });
  });

  test('an auth pause stored without a key binds every key', () => {
    writePause(db, NOW / 1000 + 600, 'auth', null);
    expect(trackerFor('new-key').active(NOW)).toEqual({ until: NOW + 600_000, reason: 'auth' });
  });

  test.each<PauseReason>(['rate-limited', 'endpoint'])('a pause for %s binds every key', (reason) => {
    writePause(db, NOW / 1000 + 600, reason);
    expect(trackerFor('new-key').active(NOW)).toEqual({ until: NOW + 600_000, reason });
  });
});

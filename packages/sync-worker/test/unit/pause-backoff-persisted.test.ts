import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { openBrainDatabase, readPause, writePause } from '@gradata/core';
import type { Database } from '@gradata/core';
import { PauseTracker } from '../../src/worker/pause';
import { Reporter } from '../../src/worker/reporter';

let dir: string;
let db: Database;
const channel = new MessageChannel();
const reporter = new Reporter(channel.port1, 'k', 'silent');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-pause-'));
  db = openBrainDatabase(path.join(dir, 'system.db'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterAll(() => channel.port1.close());

const tracker = (): PauseTracker => new PauseTracker(db, reporter, () => undefined, 'k');

test('the auth/endpoint pause doubling survives a restart, and a delivery resets it for good', () => {
  const first = tracker();
  expect(first.nextHoldMs()).toBe(60_000);
  first.begin({ until: Date.now() + 60_000, reason: 'auth' });
  first.begin({ until: Date.now() + 120_000, reason: 'endpoint' });
  first.begin({ until: Date.now() + 5_000, reason: 'rate-limited' }); // Retry-After pauses do not double
  expect(first.nextHoldMs()).toBe(240_000);

  const afterRestart = tracker();
  expect(afterRestart.nextHoldMs()).toBe(240_000);
  afterRestart.delivered();
  expect(afterRestart.nextHoldMs()).toBe(60_000);
  expect(tracker().nextHoldMs()).toBe(60_000);
});

test('the doubling reaches the 1 h cap and stays there, across a restart on a new connection', () => {
  const first = tracker();
  const holds: number[] = [];
  for (let i = 0; i < 9; i++) {
    holds.push(first.nextHoldMs());
    first.begin({ until: Date.now() + first.nextHoldMs(), reason: i % 2 === 0 ? 'auth' : 'endpoint' });
  }
  const minute = 60_000;
  expect(holds).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60].map((minutes) => minutes * minute));
  expect(first.nextHoldMs()).toBe(60 * minute);

  // A restarted process: its own connection to the same file, as a new worker thread would open.
  const other = openBrainDatabase(path.join(dir, 'system.db'));
  try {
    expect(new PauseTracker(other, reporter, () => undefined, 'k').nextHoldMs()).toBe(60 * minute);
  } finally {
    other.close();
  }
});

test('a new API key resets the doubling as well', () => {
  const first = tracker();
  first.begin({ until: Date.now() + 60_000, reason: 'auth' });
  expect(first.apiKeyChanged('k2')).toBe(true);
  expect(tracker().nextHoldMs()).toBe(60_000);
});

/**
 * A connection whose reads of `meta.pause_reason` are followed, at once, by `interleave()`: what
 * another process could do between this process reading the pause and acting on it.
 */
function interleaved(target: Database, interleave: () => void): Database {
  const statement = (real: ReturnType<Database['prepare']>, sql: string) =>
    new Proxy(real, {
      get(stmt, prop) {
        const value = Reflect.get(stmt, prop, stmt) as unknown;
        if (prop !== 'get' || !sql.includes('FROM meta')) return typeof value === 'function' ? value.bind(stmt) : value;
        return (...args: unknown[]) => {
          const row = (value as (...a: unknown[]) => unknown).apply(stmt, args);
          if (args[0] === 'pause_reason') interleave();
          return row;
        };
      },
    });
  return new Proxy(target, {
    get(db, prop) {
      const value = Reflect.get(db, prop, db) as unknown;
      if (prop === 'prepare') return (sql: string) => statement(db.prepare(sql), sql);
      return typeof value === 'function' ? value.bind(db) : value;
    },
  });
}

test('ending an expired pause never erases a pause another process wrote meanwhile', () => {
  writePause(db, Date.now() / 1000 - 1, 'rate-limited'); // expired
  const other = openBrainDatabase(path.join(dir, 'system.db'));
  const newUntil = Date.now() / 1000 + 300;
  let written = false;
  const racing = interleaved(db, () => {
    if (written) return;
    written = true;
    writePause(other, newUntil, 'rate-limited');
  });
  const pause = new PauseTracker(racing, reporter, () => undefined, 'k');
  pause.active(Date.now());
  other.close();
  expect(written).toBe(true);
  expect(readPause(db)).toMatchObject({ until: newUntil, reason: 'rate-limited' });
});

test('a stored pause beyond the policy maximum (written by a clock that was ahead) is cut back and rewritten', () => {
  const now = Date.now();
  writePause(db, now / 1000 + 86_400 + 30, 'rate-limited');
  const active = tracker().active(now);
  expect(active?.until).toBeCloseTo(now + 15 * 60_000, 0);
  expect(readPause(db)?.until).toBeCloseTo(now / 1000 + 15 * 60, 3);
  // Read again later: the rewritten end does not slide forward.
  expect(tracker().active(now + 60_000)?.until).toBeCloseTo(now + 15 * 60_000, 0);
});

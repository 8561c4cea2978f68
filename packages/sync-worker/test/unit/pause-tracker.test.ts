import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { MetaKey, getMeta, openBrainDatabase, readPause, setMeta, writePause } from '@gradata/core';
import type { Database } from '@gradata/core';
import { PauseTracker } from '../../src/worker/pause';
import { Reporter } from '../../src/worker/reporter';
import type { WorkerToMain } from '../../src/protocol';

// PauseTracker's transitions as the main thread sees them: what it persists, and the events and log
// lines it posts (read synchronously from the real MessagePort).
let dir: string;
let db: Database;
let channel: MessageChannel;
let changes: number;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-pause-tracker-'));
  db = openBrainDatabase(path.join(dir, 'system.db'));
  channel = new MessageChannel();
  changes = 0;
});
afterEach(() => {
  channel.port1.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const tracker = (): PauseTracker => new PauseTracker(db, new Reporter(channel.port1, 'k', 'info'), () => (changes += 1), 'k');

function posted(): WorkerToMain[] {
  const messages: WorkerToMain[] = [];
  for (let next = receiveMessageOnPort(channel.port2); next; next = receiveMessageOnPort(channel.port2)) messages.push(next.message as WorkerToMain);
  return messages;
}

const T = 1_900_000_000_000;

test('begin persists the pause in seconds, announces it (status first, then log and event) and reports it', () => {
  const pauses = tracker();
  pauses.begin({ until: T + 60_000, reason: 'auth' });
  // The stored pause names the key by its fingerprint only (a hash prefix), never the key.
  expect(readPause(db)).toEqual({ until: (T + 60_000) / 1000, reason: 'auth', keyFingerprint: createHash('sha256').update('k').digest('hex').slice(0, 16) });
  expect(changes).toBe(1);
  expect(posted()).toEqual([
    { type: 'log', level: 'warn', msg: `delivery paused (auth) until ${new Date(T + 60_000).toISOString()}`, obj: { reason: 'auth', until: T + 60_000 } },
    { type: 'event', name: 'paused', payload: { reason: 'auth', until: T + 60_000 } },
  ]);
  expect(pauses.snapshot()).toEqual({ until: T + 60_000, reason: 'auth' });
  expect(pauses.active(T)).toEqual({ until: T + 60_000, reason: 'auth' });
  expect(posted()).toEqual([]); // the same pause read back is not announced again
});

test('a pause written by another process is announced once; its end is announced as resumed and cleared', () => {
  const pauses = tracker();
  writePause(db, (T + 5_000) / 1000, 'rate-limited');
  expect(pauses.active(T)).toEqual({ until: T + 5_000, reason: 'rate-limited' });
  expect(posted().map((m) => m.type === 'event' && m.name)).toEqual([false, 'paused']);
  expect(pauses.active(T + 5_000)).toBeNull();
  expect(readPause(db)).toBeNull();
  expect(posted()).toEqual([
    { type: 'log', level: 'info', msg: 'delivery resumed', obj: { reason: 'rate-limited' } },
    { type: 'event', name: 'resumed', payload: { reason: 'rate-limited' } },
  ]);
  expect(pauses.snapshot()).toBeNull();
  expect(pauses.active(T + 6_000)).toBeNull();
  expect(posted()).toEqual([]);
});

test('a key change (apiKeyChanged) ends only an auth pause, from memory or from the database', () => {
  const pauses = tracker();
  expect(pauses.apiKeyChanged('new-key')).toBe(false);
  pauses.begin({ until: T + 60_000, reason: 'endpoint' });
  expect(pauses.apiKeyChanged('new-key')).toBe(false);
  expect(readPause(db)?.reason).toBe('endpoint');
  posted();

  pauses.begin({ until: T + 60_000, reason: 'auth' });
  posted();
  expect(pauses.apiKeyChanged('new-key')).toBe(true);
  expect(readPause(db)).toBeNull();
  expect(getMeta(db, MetaKey.pauseHolds)).toBeNull();
  expect(posted().filter((m) => m.type === 'event')).toEqual([{ type: 'event', name: 'resumed', payload: { reason: 'auth' } }]);

  // Written by another process, not yet seen by this tracker: still ended.
  writePause(db, (T + 60_000) / 1000, 'auth');
  expect(tracker().apiKeyChanged('new-key')).toBe(true);
  expect(readPause(db)).toBeNull();
});

test('a stored doubling count that is not a positive integer counts as none', () => {
  for (const stored of ['-3', '2.5', 'abc', '0']) {
    setMeta(db, MetaKey.pauseHolds, stored);
    expect(tracker().nextHoldMs()).toBe(60_000);
  }
  setMeta(db, MetaKey.pauseHolds, '1');
  expect(tracker().nextHoldMs()).toBe(120_000);
});

test('a delivery with no doubling in force writes nothing; after one it clears the count', () => {
  const pauses = tracker();
  pauses.delivered();
  expect(getMeta(db, MetaKey.pauseHolds)).toBeNull();
  pauses.begin({ until: T + 60_000, reason: 'auth' });
  expect(getMeta(db, MetaKey.pauseHolds)).toBe('1');
  pauses.delivered();
  expect(getMeta(db, MetaKey.pauseHolds)).toBeNull();
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { openBrainDatabase } from '@gradata/core';
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

const tracker = (): PauseTracker => new PauseTracker(db, reporter, () => undefined);

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

test('a new API key resets the doubling as well', () => {
  const first = tracker();
  first.begin({ until: Date.now() + 60_000, reason: 'auth' });
  expect(first.endAuthPause()).toBe(true);
  expect(tracker().nextHoldMs()).toBe(60_000);
});

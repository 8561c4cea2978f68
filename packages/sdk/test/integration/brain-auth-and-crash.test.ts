import fs from 'node:fs';
import path from 'node:path';
import { openBrainDatabase } from '@gradata/core';
import { startIngestServer } from '@gradata/ingest-server';
import type { IngestServer } from '@gradata/ingest-server';
import { Brain } from '@gradata/sdk';
import { silent, tmpDir, waitFor } from '../helpers';

// The SDK's Brain with its real worker thread and a real receiver on 127.0.0.1:0.
jest.setTimeout(120_000);

const KEY = 'auth-key';
let server: IngestServer;
let brain: Brain | undefined;
beforeEach(async () => {
  server = await startIngestServer({ keys: [KEY], logger: false });
});
afterEach(async () => {
  await brain?.close({ drain: false, timeoutMs: 1_000 });
  brain = undefined;
  await server.close();
});

const HOUR_MS = 60 * 60_000;

test('a revoked key pauses delivery for at most 1 h however long the doubling ran; setApiKey resumes and delivers', async () => {
  const dir = path.join(tmpDir(), 'brain');
  // Twelve auth/endpoint pauses in a row before this process (kept in meta): uncapped, the next would last 2^12 minutes.
  fs.mkdirSync(dir, { recursive: true });
  const db = openBrainDatabase(path.join(dir, 'system.db'));
  db.prepare("INSERT INTO meta (key, value) VALUES ('pause_hold_count', '12') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
  db.close();

  brain = new Brain(dir, { apiKey: 'revoked-key', ingestUrl: server.ingestUrl, logger: silent, exitHooks: false });
  const paused = new Promise<{ reason: string; until: number }>((resolve) => brain?.once('paused', resolve));
  const before = Date.now();
  const first = await brain.correct('Call me tomorrow.', 'Call me on Friday.');
  const second = await brain.correct('Ship it in March.', 'Ship it in April.');
  const pause = await paused;
  const after = Date.now();
  expect(pause.reason).toBe('auth');
  expect(pause.until).toBeGreaterThanOrEqual(before + HOUR_MS);
  expect(pause.until).toBeLessThanOrEqual(after + HOUR_MS);
  expect(brain.syncStatus()).toMatchObject({ pauseReason: 'auth', pausedUntil: pause.until, pending: 2 });
  expect(server.storedEventIds()).toEqual([]);

  const resumed = new Promise((resolve) => brain?.once('resumed', resolve));
  brain.setApiKey(KEY);
  await expect(resumed).resolves.toEqual({ reason: 'auth' });
  await waitFor('both rows delivered with the new key', () => brain?.syncStatus().pending === 0);
  expect(server.storedEventIds().sort()).toEqual([first.eventId, second.eventId].sort());
  expect(brain.syncStatus()).toMatchObject({ pauseReason: null, pausedUntil: null, dead: 0 });
});

test('correct() keeps working after the worker crashed for good', async () => {
  const dir = path.join(tmpDir(), 'brain');
  fs.mkdirSync(dir, { recursive: true });
  const db = openBrainDatabase(path.join(dir, 'system.db'));
  // A storage fault only the worker meets: every claim (an UPDATE of lease_owner) fails, so each thread's
  // rounds fail until it exits, and the supervisor gives up after 5 crashes.
  db.exec(`CREATE TRIGGER refuse_claims BEFORE UPDATE OF lease_owner ON sync_queue WHEN NEW.lease_owner IS NOT NULL
           BEGIN SELECT RAISE(ABORT, 'claims refused'); END`);
  db.close();

  brain = new Brain(dir, { apiKey: KEY, ingestUrl: server.ingestUrl, logger: silent, exitHooks: false, tickSec: 0.05 });
  const errors: Error[] = [];
  brain.on('error', (error) => errors.push(error));
  await brain.correct('The fee is 10 dollars.', 'The fee is 12 dollars.');
  await waitFor('the worker to give up', () => brain?.syncStatus().worker === 'crashed', 100_000);
  expect(errors.some((error) => (error as { code?: string }).code === 'WORKER_CRASHED')).toBe(true);

  const later = await brain.correct('We meet at noon.', 'We meet at 1 pm.');
  expect(later).toMatchObject({ queued: true, severity: expect.any(String) });
  expect(brain.corrections({ limit: 10 }).map((c) => c.eventId)).toContain(later.eventId);
  expect(brain.syncStatus()).toMatchObject({ worker: 'crashed', pending: 2 });
  expect(server.storedEventIds()).toEqual([]);
});

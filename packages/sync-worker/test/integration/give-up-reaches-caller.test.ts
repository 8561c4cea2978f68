/**
 * When the supervisor gives up, the handle says so: status() turns `crashed` and `error` carries a
 * GradataWorkerCrashedError, with no restart after it. With maxCrashes 1 the first crash gives up, so
 * this takes one thread start (the 5-in-5-minutes rule itself: unit/supervisor-give-up.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GradataWorkerCrashedError } from '../../src/errors';
import { SyncWorker } from '../../src/sync-worker';
import { API_KEY, captureLogger, settle, waitFor } from './helpers';

let dir: string;
let worker: SyncWorker | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-give-up-'));
  // The brain "folder" is a file: the thread cannot open its database and exits non-zero.
  fs.writeFileSync(path.join(dir, 'not-a-folder'), 'x');
});
afterEach(async () => {
  await worker?.stop({ drain: false, timeoutMs: 500 });
  worker = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a give-up turns status() to crashed and emits one GradataWorkerCrashedError; nothing restarts', async () => {
  const { logger, lines } = captureLogger('warn');
  worker = new SyncWorker({ dbPath: path.join(dir, 'not-a-folder', 'system.db'), apiKey: API_KEY, ingestUrl: 'http://127.0.0.1:9/api/v1/ingest', logger, maxCrashes: 1, restartDelayMs: 0 });
  const errors: Error[] = [];
  worker.on('error', (error) => errors.push(error));
  worker.start();
  await waitFor('the first crash', () => errors.length > 0 || worker?.status().worker === 'crashed');
  expect(worker.status().worker).toBe('crashed');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toBeInstanceOf(GradataWorkerCrashedError);
  expect(errors[0]).toMatchObject({ code: 'WORKER_CRASHED' });
  await settle(300); // an observation window for a restart that must not come
  expect(worker.status().worker).toBe('crashed');
  expect(lines.filter((line) => line.includes('restarting'))).toEqual([]);
  expect(lines.filter((line) => line.includes('giving up'))).toHaveLength(1);
});

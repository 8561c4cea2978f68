import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GradataWorkerCrashedError, GradataWorkerExitedError } from '../../src/errors';
import { SyncWorker } from '../../src/sync-worker';
import { API_KEY, captureLogger, waitFor } from './helpers';

describe('supervision of a crashing worker thread', () => {
  let dir: string;
  let worker: SyncWorker | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-crash-'));
    // The brain "folder" is a file: the thread cannot open its database and exits non-zero.
    fs.writeFileSync(path.join(dir, 'not-a-folder'), 'x');
  });
  afterEach(async () => {
    await worker?.stop({ drain: false, timeoutMs: 500 });
    worker = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('restarts with backoff, then after 5 crashes stays crashed and emits error; pending requests fail with WORKER_EXITED', async () => {
    const { logger, lines } = captureLogger('warn');
    worker = new SyncWorker({
      dbPath: path.join(dir, 'not-a-folder', 'system.db'),
      apiKey: API_KEY,
      ingestUrl: 'http://127.0.0.1:9/api/v1/ingest',
      logger,
      restartDelayMs: 10,
    });
    const errors: Error[] = [];
    worker.on('error', (error) => errors.push(error));
    worker.start();
    await expect(worker.flush({ timeoutMs: 5_000 })).rejects.toBeInstanceOf(GradataWorkerExitedError);

    await waitFor('crashed', () => worker?.status().worker === 'crashed', 30_000);
    await waitFor('error event', () => errors.some((e) => e instanceof GradataWorkerCrashedError));
    expect(errors.find((e) => e instanceof GradataWorkerCrashedError)).toMatchObject({ code: 'WORKER_CRASHED' });
    expect(lines.some((line) => line.includes('restarting'))).toBe(true);
    expect(lines.join('\n')).not.toContain(API_KEY);
    expect(await worker.stop()).toEqual({ delivered: 0, remaining: 0 });
    expect(worker.status().worker).toBe('off');
  });
});

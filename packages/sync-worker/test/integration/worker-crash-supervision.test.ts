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
    const restartDelay = 250;
    worker = new SyncWorker({
      dbPath: path.join(dir, 'not-a-folder', 'system.db'),
      apiKey: API_KEY,
      ingestUrl: 'http://127.0.0.1:9/api/v1/ingest',
      logger,
      restartDelayMs: restartDelay,
    });
    const errors: Error[] = [];
    worker.on('error', (error) => errors.push(error));
    worker.start();
    await expect(worker.flush({ timeoutMs: 5_000 })).rejects.toBeInstanceOf(GradataWorkerExitedError);

    await waitFor('crashed', () => worker?.status().worker === 'crashed', 30_000);
    await waitFor('error event', () => errors.some((e) => e instanceof GradataWorkerCrashedError));
    expect(errors.find((e) => e instanceof GradataWorkerCrashedError)).toMatchObject({ code: 'WORKER_CRASHED' });

    // Four restarts, each waiting twice the one before; the fifth crash gives up.
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; time: number; crashes?: number; restartInMs?: number });
    const restarts = logged.filter((line) => line.msg.includes('restarting'));
    expect(restarts.map((line) => [line.crashes, line.restartInMs])).toEqual([
      [1, restartDelay],
      [2, restartDelay * 2],
      [3, restartDelay * 4],
      [4, restartDelay * 8],
    ]);
    const gaveUp = logged.filter((line) => line.msg.includes('giving up'));
    expect(gaveUp.map((line) => line.crashes)).toEqual([5]);
    // The delay is really waited: each crash is logged at least the announced delay after the one before
    // (a lower bound only, which a busy machine cannot break).
    const crashTimes = [...restarts, ...gaveUp].map((line) => line.time);
    for (let i = 1; i < crashTimes.length; i++) {
      expect((crashTimes[i] as number) - (crashTimes[i - 1] as number)).toBeGreaterThanOrEqual(restartDelay * 2 ** (i - 1));
    }
    // Given up for good: no sixth thread is started.
    await new Promise((resolve) => setTimeout(resolve, restartDelay * 4));
    expect(worker.status().worker).toBe('crashed');
    expect(lines.filter((line) => line.includes('restarting'))).toHaveLength(4);

    expect(lines.join('\n')).not.toContain(API_KEY);
    expect(await worker.stop()).toEqual({ delivered: 0, remaining: 0, leasedElsewhere: 0 });
    expect(worker.status().worker).toBe('off');
  });
});

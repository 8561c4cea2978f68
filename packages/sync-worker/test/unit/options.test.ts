import { GradataValidationError } from '@gradata/core';
import { resolveSyncWorkerOptions } from '../../src/options';
import type { SyncWorkerOptions } from '../../src/options';

const base: SyncWorkerOptions = { dbPath: '/tmp/x/system.db', apiKey: 'secret-key-123', ingestUrl: 'https://api.example.com/api/v1/ingest' };

describe('resolveSyncWorkerOptions', () => {
  test('fills every default and freezes the result', () => {
    const resolved = resolveSyncWorkerOptions({ ...base, batch: false });
    // Literal figures, not SYNC_WORKER_DEFAULTS: a changed default must fail here, not be compared with itself.
    expect(resolved).toEqual({
      dbPath: base.dbPath,
      apiKey: base.apiKey,
      ingestUrl: base.ingestUrl,
      brainId: null,
      logger: null,
      batch: false,
      tickSec: 30,
      concurrency: 4,
      maxConcurrency: 32,
      batchSize: 50,
      maxBatchRows: 100,
      leaseSec: 60,
      requestTimeoutMs: 30_000,
      retentionSec: 7 * 24 * 3600,
      idleExitSec: 30,
      maxCrashes: 5,
      crashWindowMs: 5 * 60_000,
      restartDelayMs: 250,
      flushTimeoutMs: 30_000,
    });
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  test('batch is on by default and then claims a full batch per lane each round, unless batchSize is given', () => {
    expect(resolveSyncWorkerOptions(base)).toMatchObject({ batch: true, maxBatchRows: 100, concurrency: 4, batchSize: 400 });
    expect(resolveSyncWorkerOptions({ ...base, maxBatchRows: 20, concurrency: 2 }).batchSize).toBe(40);
    expect(resolveSyncWorkerOptions({ ...base, maxBatchRows: 500, concurrency: 8 }).batchSize).toBe(1000);
    expect(resolveSyncWorkerOptions({ ...base, batchSize: 50 }).batchSize).toBe(50);
  });

  test('concurrency adapts from 4 up to 32 by default; a pinned concurrency is also the ceiling', () => {
    expect(resolveSyncWorkerOptions(base)).toMatchObject({ concurrency: 4, maxConcurrency: 32 });
    expect(resolveSyncWorkerOptions({ ...base, concurrency: 1 })).toMatchObject({ concurrency: 1, maxConcurrency: 1 });
    expect(resolveSyncWorkerOptions({ ...base, concurrency: 2, maxConcurrency: 64 })).toMatchObject({ concurrency: 2, maxConcurrency: 64 });
    expect(() => resolveSyncWorkerOptions({ ...base, concurrency: 8, maxConcurrency: 4 })).toThrow(/concurrency.*maxConcurrency/);
  });

  test('keeps valid explicit values', () => {
    const resolved = resolveSyncWorkerOptions({ ...base, tickSec: 0.5, concurrency: 8, batchSize: 10, leaseSec: 5, requestTimeoutMs: 2_000, idleExitSec: 0 });
    expect(resolved).toMatchObject({ tickSec: 0.5, concurrency: 8, batchSize: 10, leaseSec: 5, requestTimeoutMs: 2_000, idleExitSec: 0 });
  });

  test.each([
    ['tickSec', { tickSec: -5 }],
    ['tickSec', { tickSec: Number.NaN }],
    ['tickSec', { tickSec: 'abc' as unknown as number }],
    ['concurrency', { concurrency: 0 }],
    ['concurrency', { concurrency: 2.5 }],
    ['batchSize', { batchSize: 100_000 }],
    ['batch', { batch: 'no' as unknown as boolean }],
    ['maxBatchRows', { maxBatchRows: 501 }],
    ['maxBatchRows', { maxBatchRows: 0 }],
    ['leaseSec', { leaseSec: 0 }],
    ['requestTimeoutMs', { requestTimeoutMs: -1 }],
    ['retentionSec', { retentionSec: Infinity }],
    ['idleExitSec', { idleExitSec: -1 }],
    ['idleExitSec', { idleExitSec: 86_401 }],
    ['leaseSec', { leaseSec: 10, requestTimeoutMs: 30_000 }],
    ['dbPath', { dbPath: '' }],
    ['apiKey', { apiKey: '   ' }],
    ['ingestUrl', { ingestUrl: undefined as unknown as string }],
    ['logger', { logger: {} as never }],
  ])('a bad %s is rejected with a message naming it', (field, patch) => {
    let caught: unknown;
    try {
      resolveSyncWorkerOptions({ ...base, ...patch });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GradataValidationError);
    expect((caught as GradataValidationError).code).toBe('BAD_OPTION');
    expect((caught as Error).message).toContain(`"${field}"`);
  });

  test('a non-string apiKey is refused, naming the field', () => {
    expect(() => resolveSyncWorkerOptions({ ...base, apiKey: 42 as unknown as string })).toThrow(/"apiKey"/);
  });

  test.each<[string, Record<string, unknown>]>([
    ['a blank field next to the key', { dbPath: '   ', apiKey: 'sk-live-very-secret' }],
    ['a key passed where a boolean goes', { batch: 'sk-live-very-secret' }],
    ['a key passed where a number goes', { tickSec: 'sk-live-very-secret' }],
    ['a key passed as the brain id', { brainId: { key: 'sk-live-very-secret' } }],
  ])('a validation message never echoes a string that may be the key: %s', (_case, patch) => {
    const resolve = (): unknown => resolveSyncWorkerOptions({ ...base, ...patch } as unknown as SyncWorkerOptions);
    expect(resolve).toThrow(GradataValidationError);
    expect(resolve).not.toThrow(/sk-live-very-secret/);
  });
});

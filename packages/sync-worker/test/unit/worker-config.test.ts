import pino from 'pino';
import { DELIVERY_DEFAULTS } from '@gradata/core';
import { buildWorkerConfig } from '../../src/main/worker-config';
import { MAIN_THREAD_ONLY, resolveSyncWorkerOptions } from '../../src/options';

// The thread's config is derived from the resolved options (everything but what only the main
// thread uses), so a delivery knob reaches the thread without anyone copying it by hand.
const logger = pino({ level: 'info' });
const options = resolveSyncWorkerOptions({
  dbPath: '/tmp/x/system.db', apiKey: 'construction-key', ingestUrl: 'https://ingest.test/api/v1/ingest', logger,
  requestTimeoutMs: 500, maxConcurrency: 2, leaseSec: 10, batch: false, retentionSec: 60, idleExitSec: 7, maxCrashes: 2,
});

test('every delivery knob the thread uses reaches its config, idleExitSec included', () => {
  const config = buildWorkerConfig(options, 'current-key', 'owner-1', logger);
  expect(config).toMatchObject({ requestTimeoutMs: 500, maxConcurrency: 2, concurrency: 2, leaseSec: 10, batch: false, retentionSec: 60, idleExitSec: 7 });
  const threadKnobs = Object.keys(DELIVERY_DEFAULTS).filter((knob) => !(MAIN_THREAD_ONLY as readonly string[]).includes(knob));
  for (const knob of threadKnobs) expect(config).toHaveProperty(knob, options[knob as keyof typeof options]);
  expect(config).toMatchObject({ apiKey: 'current-key', leaseOwner: 'owner-1', logLevel: 'info', dbPath: '/tmp/x/system.db', tickSec: 30 });
});

test('what only the main thread uses stays there, and the config survives structured cloning', () => {
  const config = buildWorkerConfig(options, 'current-key', 'owner-1', logger);
  for (const field of ['logger', 'maxCrashes', 'crashWindowMs', 'restartDelayMs', 'flushTimeoutMs']) expect(config).not.toHaveProperty(field);
  expect(structuredClone(config)).toEqual(config);
});

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { Logger } from 'pino';
import { leaseOwnerId } from '@gradata/core';
import type { ResolvedSyncWorkerOptions } from '../options';
import type { WorkerStartData } from '../protocol';
import { buildWorkerConfig } from './worker-config';

/** The thread entry runs from dist even when this module is loaded from src by ts-jest. */
const WORKER_ENTRY = __filename.endsWith('.ts')
  ? path.resolve(__dirname, '../../dist/worker/entry.js')
  : path.resolve(__dirname, '../worker/entry.js');

/**
 * Measured with bench/run.js: 8 MB cut drain RSS growth by ~35 MB at no measurable throughput cost;
 * 4 MB (issue 21) cuts figure 9b by about 2 MB more, with the drain rate (22,000 against 22,534 rows/s)
 * and the CPU per delivered row (11 interleaved runs) within run-to-run noise; 2 MB cost CPU.
 */
const WORKER_YOUNG_GENERATION_MB = 4;
/**
 * The thread holds at most one claimed round (≤ 400 rows of ≤ ~17 KB, plus ≤ 4 request bodies of
 * ≤ 900 KB), so a 64 MB old generation leaves a wide margin while making V8 collect before the heap
 * balloons. Should it ever be exceeded, the thread exits and the supervisor restarts it; rows stay on disk.
 */
const WORKER_OLD_GENERATION_MB = 64;

/** One thread incarnation: the Worker, the main side of its port, and the owner id its leases carry. */
export interface SpawnedThread {
  worker: Worker;
  port: MessagePort;
  leaseOwner: string;
}

/**
 * Starts a thread with a fresh lease owner, its port in the start message's transfer list.
 * The caller attaches its listeners and then unref()s both (a `message` listener refs the port).
 */
export function spawnThread(options: ResolvedSyncWorkerOptions, apiKey: string, logger: Logger): SpawnedThread {
  const { port1, port2 } = new MessageChannel();
  const leaseOwner = leaseOwnerId(randomBytes(6).toString('hex'), process.pid, os.hostname());
  const config = buildWorkerConfig(options, apiKey, leaseOwner, logger);
  const startData: WorkerStartData = { port: port2, config };
  // A small young generation: the drain allocates short-lived strings at a high rate, and V8's
  // default semi-spaces grow to tens of MB under that load (SPEC §14.5 bounds RSS growth).
  const worker = new Worker(WORKER_ENTRY, { workerData: startData, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB } });
  return { worker, port: port1, leaseOwner };
}

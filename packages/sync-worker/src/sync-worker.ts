import type { MessagePort, Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { GradataClosedError, GradataValidationError, stderrLogger } from '@gradata/core';
import type { FlushReport, StopReport, Syncer, SyncerStatus, WorkerState } from '@gradata/core';
import { GradataWorkerError, GradataWorkerExitedError, GradataWorkerTimeoutError } from './errors';
import { countLeft, releaseOwnerLeases } from './main/outbox-fallback';
import { PendingRequests } from './main/pending-requests';
import { takeQueuedMessages } from './main/queued-messages';
import { ThreadRest } from './main/thread-rest';
import { holdProcessWhile, terminateIfLingering } from './main/thread-lifetime';
import { SyncEventEmitter } from './main/sync-event-emitter';
import { spawnThread } from './main/spawn-thread';
import { Supervisor } from './main/supervisor';
import { checkTimeout } from './main/worker-config';
import { forwardWorkerLog } from './main/forward-log';
import { IDLE_STATUS, respawnedStatus, syncerStatus } from './main/thread-status';
import { resolveSyncWorkerOptions } from './options';
import type { ResolvedSyncWorkerOptions, SyncWorkerOptions } from './options';
import { unknownMessage } from './protocol';
import type { MainToWorker, WorkerStatusMessage, WorkerToMain } from './protocol';
import { scrubLogValue } from './scrub-log';

/** How long the main side waits past the caller's timeout before it terminates the thread. */
const REPLY_GRACE_MS = 2_000;
/** After `stopped`, the thread closes its port and ends; this bounds the wait for its exit. */
const EXIT_GRACE_MS = 2_000;
const STOP_DEFAULT_TIMEOUT_MS = 5_000;
/** The stop that lets an idle thread rest (nothing in flight: it only releases and closes); no caller waits for id 0. */
const REST_STOP = { id: 0, timeoutMs: 1_000 } as const;

/**
 * The main-thread handle of the write-through sync worker: spawns the thread, owns its port and
 * pending requests, leaves restarts to its `Supervisor`, and never keeps the process alive on its
 * own (SPEC §7).
 */
export class SyncWorker extends SyncEventEmitter implements Syncer {
  private readonly options: ResolvedSyncWorkerOptions;
  private readonly logger: Logger;
  private apiKey: string;
  /** Every key this worker has held: a rotated-out key must stay out of logs too. */
  private readonly heldKeys = new Set<string>();
  private state: WorkerState = 'off';
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private leaseOwner: string | null = null;
  private lastStatus: WorkerStatusMessage = IDLE_STATUS;
  private readonly pending = new PendingRequests();
  private readonly supervisor: Supervisor;
  private nudgeQueued = false;
  private stopping: Promise<StopReport> | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly rest: ThreadRest;

  /** Validates the options (throws `GradataValidationError` or `GradataInsecureUrlError`). */
  constructor(options: SyncWorkerOptions) {
    super();
    this.options = resolveSyncWorkerOptions(options);
    this.apiKey = this.options.apiKey;
    this.heldKeys.add(this.apiKey);
    // Lines forwarded from the thread go here too: stderr by default, since stdout may carry the host's protocol.
    this.logger = (this.options.logger ?? stderrLogger({ level: 'warn' })).child({ component: 'sync-worker' });
    this.supervisor = new Supervisor(this.options, this.logger, {
      respawn: () => {
        if (!this.stopping) this.spawnOrFail();
      },
      releaseLeases: (leaseOwner) => {
        this.safely(() => releaseOwnerLeases(this.options.dbPath, leaseOwner), 'could not release the crashed worker’s leases');
      },
    });
    this.rest = new ThreadRest(this.restHost(), this.options.dbPath, { tickMs: this.options.tickSec * 1000, leaseSec: this.options.leaseSec }, this.logger);
  }

  /** Spawns the thread; a second call is a no-op. */
  start(): void {
    if (this.stopping) throw new GradataClosedError('sync worker');
    if (this.state !== 'off') return;
    this.spawn();
  }

  /** Wakes the delivery loop; calls in one tick collapse into one message. */
  nudge(): void {
    if (this.stopping) return;
    if (this.rest.asleep) return this.rest.wake();
    if (this.nudgeQueued || !this.port) return;
    this.nudgeQueued = true;
    queueMicrotask(() => {
      this.nudgeQueued = false;
      if (this.port && !this.stopping) this.post({ type: 'nudge' });
    });
  }

  status(): SyncerStatus {
    return syncerStatus(this.state, this.lastStatus, this.worker !== null);
  }

  /** Attempts every pending row once now; resolves with what happened. */
  async flush(options: { timeoutMs?: number } = {}): Promise<FlushReport> {
    const timeoutMs = checkTimeout('flush', options.timeoutMs ?? this.options.flushTimeoutMs);
    if (this.stopping) throw new GradataClosedError('sync worker');
    await this.rest.awake();
    if (!this.port) return { delivered: 0, dead: 0, ...this.leftOnDisk() };
    const { id, reply } = this.pending.open<FlushReport>(timeoutMs + REPLY_GRACE_MS, () => new GradataWorkerTimeoutError('flush', timeoutMs + REPLY_GRACE_MS));
    this.post({ type: 'flush', id, timeoutMs, sentAt: Date.now() });
    this.refWhileWaiting();
    return reply.finally(() => this.refWhileWaiting());
  }

  /** Drains (by default) within `timeoutMs`, then ends the thread. Once-only: later calls share the promise. */
  stop(options: { drain?: boolean; timeoutMs?: number } = {}): Promise<StopReport> {
    if (!this.stopping) {
      let timeoutMs: number;
      try {
        timeoutMs = checkTimeout('stop', options.timeoutMs ?? STOP_DEFAULT_TIMEOUT_MS);
      } catch (error) {
        return Promise.reject(error);
      }
      this.stopping = this.shutdown(options.drain ?? true, timeoutMs);
    }
    return this.stopping;
  }

  /** Replaces the API key (used by restarts too); ends an auth pause at once. */
  setApiKey(apiKey: string): void {
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new GradataValidationError('BAD_OPTION', 'setApiKey needs a non-empty string');
    }
    this.apiKey = apiKey;
    this.heldKeys.add(apiKey);
    if (this.port && !this.stopping) this.post({ type: 'setApiKey', apiKey });
  }

  /** Spawns, or ends in 'crashed' with an `error` event: it runs from timers and port callbacks, never throws to the host. */
  private spawnOrFail(): void {
    try {
      this.spawn();
    } catch (error) {
      this.state = 'crashed';
      this.emitError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private restHost(): ConstructorParameters<typeof ThreadRest>[0] {
    return {
      threadFreeToRest: () => (this.state === 'running' && !this.stopping && this.pending.size === 0 ? this.worker : null),
      askToStop: (worker) => {
        this.post({ type: 'stop', id: REST_STOP.id, drain: false, timeoutMs: REST_STOP.timeoutMs, sentAt: Date.now() });
        terminateIfLingering(worker, this.exited, REST_STOP.timeoutMs + EXIT_GRACE_MS);
      },
      restart: () => this.spawnOrFail(),
      releaseLeases: () => {
        const owner = this.leaseOwner; // still the exited thread's: a restart sets a new one
        if (owner) this.safely(() => releaseOwnerLeases(this.options.dbPath, owner), 'could not release the resting worker’s leases');
      },
      exited: () => this.exited,
      setResting: () => (this.state = 'resting'),
      isResting: () => this.state === 'resting',
      isStopping: () => this.stopping !== null,
    };
  }

  private spawn(): void {
    const { worker, port, leaseOwner } = spawnThread(this.options, this.apiKey, this.logger);
    port.on('message', (message: WorkerToMain) => this.onMessage(message));
    worker.on('error', (error) => this.logger.error({ err: scrubLogValue(error, this.secrets()) }, 'sync worker thread error'));
    this.exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        this.onExit(worker, code);
        resolve();
      });
    });
    worker.unref();
    port.unref();
    this.worker = worker;
    this.port = port;
    this.leaseOwner = leaseOwner;
    this.lastStatus = respawnedStatus(this.lastStatus);
    this.state = 'running';
  }

  private onMessage(message: WorkerToMain): void {
    try {
      switch (message.type) {
        case 'status':
          this.lastStatus = message.status;
          return;
        case 'flushed':
          if ('error' in message) this.pending.reject(message.id, new GradataWorkerError(message.error.code, message.error.message));
          else this.pending.resolve(message.id, message.report);
          return;
        case 'stopped':
          this.pending.resolve(message.id, message.report);
          return;
        case 'log':
          forwardWorkerLog(this.logger, message, this.secrets());
          return;
        case 'idle':
          this.rest.offered();
          return;
        case 'event':
          if (message.name === 'error') this.emitError(new GradataWorkerError(message.payload.code, message.payload.message));
          else this.emit(message.name, message.payload);
          return;
        default:
          unknownMessage(message, 'main');
      }
    } catch (error) {
      // A listener threw, or the protocol broke: report it, never crash the host from a port callback.
      this.emitError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Every key this worker has held: a rotated key must stay out of logs as well. */
  private secrets(): string[] {
    return [...this.heldKeys];
  }

  private onExit(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    const owner = this.leaseOwner;
    // The thread's last messages (its `stopped` reply among them) can still sit in the port when the
    // exit event wins the race: read them now, before the pending requests are failed.
    this.drainPort();
    this.worker = null;
    this.port?.close();
    this.port = null;
    this.pending.rejectAll(new GradataWorkerExitedError(code));
    this.refWhileWaiting();
    if (this.rest.exited(worker, code, this.logger)) return;
    if (this.stopping) {
      this.state = 'off';
      return;
    }
    const verdict = this.supervisor.threadExited(code, owner);
    this.state = verdict.state;
    if (verdict.state === 'crashed') this.emitError(verdict.error);
  }

  /** Delivers every message already queued on the port, synchronously. */
  private drainPort(): void {
    if (!this.port) return;
    for (const message of takeQueuedMessages(this.port)) this.onMessage(message as WorkerToMain);
  }

  private async shutdown(drain: boolean, timeoutMs: number): Promise<StopReport> {
    this.supervisor.cancelRestart();
    // A resting thread is started again only when a draining stop finds rows to deliver.
    const left = (await this.rest.settleForStop()) ? this.leftOnDisk() : null;
    if (left && drain && left.remaining > 0) this.spawnOrFail();
    const worker = this.worker;
    if (!worker || !this.port) {
      this.state = 'off';
      return { delivered: 0, ...(left ?? this.leftOnDisk()) };
    }
    const deliveredBefore = this.lastStatus.deliveredTotal;
    const { id, reply } = this.pending.open<StopReport>(timeoutMs + REPLY_GRACE_MS, () => new GradataWorkerTimeoutError('stop', timeoutMs + REPLY_GRACE_MS));
    this.post({ type: 'stop', id, drain, timeoutMs, sentAt: Date.now() });
    this.refWhileWaiting();
    try {
      const report = await reply;
      terminateIfLingering(worker, this.exited, EXIT_GRACE_MS);
      return report;
    } catch (error) {
      this.logger.warn({ err: scrubLogValue(error, this.secrets()) }, 'sync worker did not stop cleanly; terminating it (unsent rows stay on disk)');
      await worker.terminate().catch(() => undefined);
      const owner = this.leaseOwner;
      if (owner) this.safely(() => releaseOwnerLeases(this.options.dbPath, owner), 'could not release leases after terminate');
      return { delivered: Math.max(0, this.lastStatus.deliveredTotal - deliveredBefore), ...this.leftOnDisk() };
    } finally {
      this.state = 'off';
      this.refWhileWaiting();
    }
  }

  private post(message: MainToWorker): void {
    this.port?.postMessage(message);
  }

  private refWhileWaiting(): void {
    holdProcessWhile(this.pending.size > 0, this.worker, this.port);
  }

  private leftOnDisk(): { remaining: number; leasedElsewhere: number } {
    return this.safely(() => countLeft(this.options.dbPath, this.leaseOwner), 'could not count pending rows') ?? { remaining: 0, leasedElsewhere: 0 };
  }

  private safely<T>(task: () => T, what: string): T | null {
    try {
      return task();
    } catch (error) {
      this.logger.warn({ err: scrubLogValue(error, this.secrets()) }, what);
      return null;
    }
  }

  /** `error` without a listener would throw in the host process; log it instead. */
  private emitError(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
    else this.logger.error({ err: scrubLogValue(error, this.secrets()) }, 'sync worker error');
  }
}

import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Database } from '../storage/database';
import type { Logger } from 'pino';
import { AnalysisPool } from '../analysis';
import { resolveConfig } from '../config';
import type { ResolvedConfig } from '../config';
import { GradataClosedError, GradataValidationError } from '../errors';
import { LESSON_STATES, listLessons } from '../lessons';
import type { Lesson } from '../lessons';
import { listDead, purgeDead as purgeDeadRows, queueStats, requeueDead, rowsLeft } from '../queue';
import type { DeadRow } from '../queue';
import { brainDatabasePath, ensureBrainIdentity, readSession, toStorageError } from '../storage';
import type { BrainIdentity } from '../storage';
import type { FlushReport, StopReport, SyncEventName, SyncEvents, Syncer } from '../sync/syncer';
import { backfillCorrections } from './backfill';
import { listCorrections } from './corrections';
import { recordCorrection } from './correct';
import { validateCorrection } from './validate';
import type { CorrectionContext } from './correct';
import { closeSession, cloudStep } from './end-session';
import type { EndSessionResult } from './end-session';
import { installExitHooks } from './exit-hooks';
import { openBrainFolder } from './open';
import { createRecorder } from './record';
import { DEFAULT_CORRECTION_PAGE, DEFAULT_LESSON_PAGE, pageCursor, pageLimit } from './page';
import type { BrainOptions, CorrectOptions, CorrectionResult, CorrectionsOptions, LessonsOptions, StoredCorrection, SyncStatus } from './types';
import { StorageGuard } from './storage-guard';
import { mergeSyncStatus } from './sync-status';

const SYNC_EVENTS: readonly SyncEventName[] = ['synced', 'dead', 'paused', 'resumed', 'error'];

/**
 * A local brain: corrections analysed and stored in `<dir>/system.db`, lessons learned from them,
 * and (write-through) an outbox row per correction that an injected syncer delivers.
 */
export class Brain extends EventEmitter {
  /** The brain's folder. */
  readonly dir: string;
  /** The brain's stable UUID. */
  readonly brainId: string;
  private readonly db: Database;
  private readonly config: Readonly<ResolvedConfig>;
  private readonly identity: BrainIdentity;
  private readonly correction: CorrectionContext;
  private readonly syncer: Syncer | null;
  private readonly pool = new AnalysisPool();
  private readonly storage: StorageGuard;
  /** correct() calls not yet settled: close() lets them finish and store before it stops anything. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private uninstallExitHooks: (() => void) | null = null;
  private closing: Promise<StopReport> | null = null;

  constructor(dir: string, options: BrainOptions = {}) {
    super();
    if (typeof dir !== 'string' || dir.trim() === '') throw new TypeError('Brain needs a folder path');
    this.dir = path.resolve(dir);
    this.config = resolveConfig(options);
    const file = brainDatabasePath(this.dir);
    this.storage = new StorageGuard(file, this.config.logger);
    this.db = openBrainFolder(this.dir, file, this.config);
    try {
      this.identity = ensureBrainIdentity(this.db);
    } catch (err) {
      this.db.close();
      throw toStorageError(err, `cannot initialise the brain identity in ${file}`);
    }
    this.brainId = this.identity.brainId;
    const record = createRecorder(this.db, this.config.logger);
    try {
      this.syncer = this.startSyncer(options);
    } catch (err) {
      // A constructor that throws must not leave the database handle (and its WAL lock) open.
      this.uninstallExitHooks?.();
      this.db.close();
      throw err;
    }
    const { db, storage, pool, identity, syncer } = this;
    this.correction = { db, storage, pool, identity, record, writeThrough: this.config.writeThrough, nudge: () => syncer?.nudge() };
  }

  private startSyncer(options: BrainOptions): Syncer | null {
    const { config } = this;
    if (!config.deliveryAllowed || !options.syncer || config.apiKey === null) return null;
    const syncer = options.syncer({
      dbPath: brainDatabasePath(this.dir),
      brainId: this.brainId,
      apiKey: config.apiKey,
      ingestUrl: config.ingestUrl,
      tickSec: config.tickSec,
      logger: config.logger,
      ...config.delivery,
    });
    for (const name of SYNC_EVENTS) {
      syncer.on(name, (payload) => {
        // An unhandled 'error' event would throw: background faults must never break the agent.
        if (name === 'error' && this.listenerCount('error') === 0) config.logger.error({ err: payload }, 'sync worker error');
        else this.emit(name, payload);
      });
    }
    syncer.start();
    if (config.exitHooks) {
      this.uninstallExitHooks = installExitHooks(
        () => this.close(),
        (err) => config.logger.error({ err }, 'closing the brain on process exit failed'),
      );
    }
    return syncer;
  }

  /** The logger this brain writes to. */
  get logger(): Logger {
    return this.config.logger;
  }

  /**
   * Record a correction: validate, redact, analyse, store, learn, and queue it for the cloud (SPEC §5).
   * A call already started when `close()` is called finishes and stores; calls after it are refused.
   */
  async correct(draft: string, final: string, options: CorrectOptions = {}): Promise<CorrectionResult> {
    this.assertOpen();
    const checked = validateCorrection(draft, final, options);
    const call = recordCorrection(this.correction, draft, final, checked);
    this.inFlight.add(call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(call);
    }
  }

  /** Outbox counts from the database merged with the worker's live state (SPEC §7.7). */
  syncStatus(): SyncStatus {
    this.assertOpen();
    return mergeSyncStatus(this.db, this.storage, this.syncer, this.config.reason);
  }

  /** Deliver everything due now; without a running syncer nothing can be delivered. */
  async flush(options: { timeoutMs?: number } = {}): Promise<FlushReport> {
    this.assertOpen();
    if (this.syncer) return this.syncer.flush(options);
    return { delivered: 0, dead: 0, ...this.storage.run('cannot count pending rows', () => rowsLeft(this.db)) };
  }

  /** End the session: graduate lessons, start the next session, then the cloud step (SPEC §10). */
  async endSession(): Promise<EndSessionResult> {
    this.assertOpen();
    this.storage.assertWritable('cannot end the session');
    const session = this.currentSession();
    const graduated = this.storage.run('cannot end the session', () => closeSession(this.db, this.identity, session));
    const legacySync = await cloudStep(this.db, this.config, this.brainId);
    return { session, graduated, legacySync };
  }

  /** A page of lessons (default 1,000), optionally of one state, oldest first; page on with `afterId`. */
  lessons(options: LessonsOptions = {}): Lesson[] {
    this.assertOpen();
    const { state } = options;
    if (state !== undefined && !LESSON_STATES.includes(state)) {
      throw new GradataValidationError('BAD_OPTION', `state must be one of ${LESSON_STATES.join(', ')}; got ${String(state)}`);
    }
    const page = { state, limit: pageLimit(options.limit, DEFAULT_LESSON_PAGE), afterId: pageCursor('afterId', options.afterId) };
    return this.storage.run('cannot list lessons', () =>
      listLessons(this.db, page, (skipped, firstRowId) => this.storage.noteUnreadable('lesson', skipped, firstRowId)),
    );
  }

  /** A page of stored corrections (default 100), newest first; page on with `beforeId`. */
  corrections(options: CorrectionsOptions = {}): StoredCorrection[] {
    this.assertOpen();
    const { session } = options;
    if (session !== undefined && !(Number.isSafeInteger(session) && session > 0)) {
      throw new GradataValidationError('BAD_SESSION', `session must be a positive integer; got ${String(session)}`);
    }
    const page = { session, limit: pageLimit(options.limit, DEFAULT_CORRECTION_PAGE), beforeId: pageCursor('beforeId', options.beforeId) };
    return this.storage.run('cannot list corrections', () =>
      listCorrections(this.db, page, (skipped, firstRowId) => this.storage.noteUnreadable('correction', skipped, firstRowId)),
    );
  }

  /** Enqueue every stored correction that never got an outbox row; returns how many. */
  async backfill(): Promise<number> {
    this.assertOpen();
    this.storage.assertWritable('cannot backfill the outbox');
    const count = this.storage.run('cannot backfill the outbox', () => backfillCorrections(this.db, this.brainId));
    if (count > 0) this.syncer?.nudge();
    return count;
  }

  /** Dead-lettered outbox rows (permanent delivery failures), oldest first; page on with `afterId`. */
  deadLetters(options: { limit?: number; afterId?: number } = {}): DeadRow[] {
    this.assertOpen();
    const page = { limit: pageLimit(options.limit, 100), afterId: pageCursor('afterId', options.afterId) };
    return this.storage.run('cannot list dead letters', () => listDead(this.db, page.limit, { afterId: page.afterId }));
  }

  /** Put dead rows (all, or the given ids) back in the queue and wake the worker; returns how many. */
  retryDead(ids?: readonly number[]): number {
    this.assertOpen();
    const count = this.storage.run('cannot requeue dead letters', () => requeueDead(this.db, ids));
    if (count > 0) this.syncer?.nudge();
    return count;
  }

  /** Delete dead rows (all, or the given ids); returns how many. */
  purgeDead(ids?: readonly number[]): number {
    this.assertOpen();
    return this.storage.run('cannot purge dead letters', () => purgeDeadRows(this.db, ids));
  }

  /** Hand the worker a new API key; an `auth` pause resumes at once. */
  setApiKey(apiKey: string): void {
    this.assertOpen();
    if (typeof apiKey !== 'string' || apiKey.trim() === '') throw new TypeError('apiKey must be a non-empty string');
    this.syncer?.setApiKey(apiKey.trim());
  }

  /** The session new corrections belong to. */
  currentSession(): number {
    this.assertOpen();
    return this.storage.run('cannot read the current session', () => readSession(this.db));
  }

  /** Subscribe to delivery events: synced, dead, paused, resumed, error. */
  override on<E extends SyncEventName>(event: E, listener: (payload: SyncEvents[E]) => void): this {
    return super.on(event, listener);
  }

  /** Drain (by default) and close; idempotent, later calls share the first call's promise. */
  close(options: { drain?: boolean; timeoutMs?: number } = {}): Promise<StopReport> {
    this.closing ??= this.shutdown(options);
    return this.closing;
  }

  private async shutdown(options: { drain?: boolean; timeoutMs?: number }): Promise<StopReport> {
    this.uninstallExitHooks?.();
    // correct() calls already started finish and store first, so their rows are part of the drain.
    await Promise.allSettled([...this.inFlight]);
    let report: StopReport;
    try {
      report = this.syncer
        ? await this.syncer.stop({ drain: options.drain ?? true, timeoutMs: options.timeoutMs ?? 5000 })
        : { delivered: 0, ...this.storage.run('cannot count pending rows', () => rowsLeft(this.db)) };
    } finally {
      await this.pool.close();
      this.db.close();
    }
    return report;
  }

  private assertOpen(): void {
    if (this.closing) throw new GradataClosedError();
  }
}

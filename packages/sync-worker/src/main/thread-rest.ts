import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { RestWatch } from './rest-watch';

/** What the rest needs from the handle (SyncWorker) whose thread it lets go and starts again. */
export interface RestingThreadHost {
  /** The running thread when it may go now (running, not stopping, no caller waiting for a reply); else null. */
  threadFreeToRest(): Worker | null;
  /** Asks `worker` to stop without draining (nothing is pending) and reaps it if it lingers. */
  askToStop(worker: Worker): void;
  /** Spawns a thread; never throws (a failure ends in 'crashed'). */
  restart(): void;
  /** Gives back the rows the exited thread still holds; never throws. */
  releaseLeases(): void;
  /** Resolves when the current thread has exited. */
  exited(): Promise<void>;
  setResting(): void;
  isResting(): boolean;
  isStopping(): boolean;
}

/**
 * The main side of the idle rest (SPEC §7.2, §14.9). The thread offers to rest after `idleExitSec`
 * with nothing to do; unless a caller waits on it, it is asked to stop and, once it has exited, the
 * handle reports 'resting' (never a crash). A nudge, the tick's look at the outbox (rows another
 * process or the Python SDK queued), flush() or a draining stop with rows waiting start it again.
 * A wake while the thread is still leaving is kept and acted on at its exit.
 */
export class ThreadRest {
  private leaving: Worker | null = null;
  private wakeWanted = false;
  private readonly watch: RestWatch;

  constructor(
    private readonly host: RestingThreadHost,
    dbPath: string,
    timing: { tickMs: number; leaseSec: number },
    logger: Logger,
  ) {
    this.watch = new RestWatch(dbPath, timing.tickMs, timing.leaseSec, () => this.wake(), (error) => {
      logger.warn({ err: error }, 'could not look at the outbox while the worker rests; starting it');
    });
  }

  /** True while the thread rests or is leaving for a rest: a nudge must wake it, not post to it. */
  get asleep(): boolean {
    return this.leaving !== null || this.host.isResting();
  }

  /** The thread said it is idle: let it go if it may. */
  offered(): void {
    const worker = this.leaving ? null : this.host.threadFreeToRest();
    if (!worker) return;
    this.leaving = worker;
    this.host.askToStop(worker);
  }

  /** Called on every thread exit; true when it was the thread leaving for a rest (then handled here). */
  exited(worker: Worker, exitCode: number, logger: Logger): boolean {
    if (worker !== this.leaving) return false;
    this.leaving = null;
    this.host.setResting();
    if (exitCode !== 0) {
      logger.warn({ exitCode }, 'sync worker thread ended its rest with an error (rows stay on disk)');
      // It may have claimed rows between its offer and the stop (a tick found another process's
      // row); freed now, so the next thread need not wait for the lease watch to take them.
      this.host.releaseLeases();
    }
    if (this.host.isStopping()) return true; // the stop goes on from 'resting'
    if (this.wakeWanted) this.wake();
    else this.watch.start();
    return true;
  }

  /** Starts a resting thread again; one still leaving starts again once it has exited. */
  wake(): void {
    if (this.leaving) {
      this.wakeWanted = true;
      return;
    }
    this.wakeWanted = false;
    if (!this.host.isResting() || this.host.isStopping()) return;
    this.watch.stop();
    this.host.restart();
  }

  /** Resolves once no thread is leaving and a resting one has been started again (flush). */
  async awake(): Promise<void> {
    if (this.leaving) {
      this.wakeWanted = true;
      await this.host.exited();
    }
    this.wake();
  }

  /** Before a stop: wait for a leaving thread to be gone and stop watching; true when it now rests. */
  async settleForStop(): Promise<boolean> {
    if (this.leaving) await this.host.exited();
    this.watch.stop();
    return this.host.isResting();
  }
}

import type { Logger } from 'pino';
import { GradataWorkerCrashedError } from '../errors';
import { CrashWindow } from './crash-window';

const MAX_RESTART_DELAY_MS = 30_000;

/** The wait before a restart: doubles with each crash in the window, from `baseMs`, capped at 30 s. */
export function restartDelayMs(crashes: number, baseMs: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, baseMs * 2 ** (crashes - 1));
}

/** The resolved options the supervisor reads. */
export interface SupervisorSettings {
  readonly maxCrashes: number;
  readonly crashWindowMs: number;
  readonly restartDelayMs: number;
}

/** What the supervisor needs from the handle whose thread it restarts. */
export interface SupervisedThread {
  /** Starts a fresh thread incarnation once the backoff has passed. */
  respawn(): void;
  /** Gives back the rows a dead thread still holds; must not throw. */
  releaseLeases(leaseOwner: string): void;
}

/** The handle's next state after an unexpected exit; a give-up carries the error to emit. */
export type ExitVerdict = { state: 'restarting' } | { state: 'crashed'; error: GradataWorkerCrashedError };

/**
 * Decides what follows a thread exit nobody asked for (SPEC §7): restart after a doubling backoff,
 * or, after `maxCrashes` inside `crashWindowMs`, give up for good (rows stay on disk).
 */
export class Supervisor {
  private readonly crashes: CrashWindow;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly settings: SupervisorSettings,
    private readonly logger: Logger,
    private readonly thread: SupervisedThread,
  ) {
    this.crashes = new CrashWindow(settings.crashWindowMs);
  }

  /** Frees the dead thread's leases, counts the crash, then schedules a restart or gives up. */
  threadExited(exitCode: number, leaseOwner: string | null): ExitVerdict {
    // Released now, so the next incarnation need not wait for the leases to expire.
    if (leaseOwner) this.thread.releaseLeases(leaseOwner);
    const crashes = this.crashes.record(Date.now());
    if (crashes >= this.settings.maxCrashes) {
      this.logger.error({ exitCode, crashes }, 'sync worker crashed too often; giving up (correct() keeps working, rows stay on disk)');
      return { state: 'crashed', error: new GradataWorkerCrashedError(crashes, this.settings.crashWindowMs) };
    }
    const delay = restartDelayMs(crashes, this.settings.restartDelayMs);
    this.logger.warn({ exitCode, crashes, restartInMs: delay }, 'sync worker exited unexpectedly; restarting');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.thread.respawn();
    }, delay);
    this.restartTimer.unref();
    return { state: 'restarting' };
  }

  /** Drops a restart that is still waiting (the handle is stopping). */
  cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }
}

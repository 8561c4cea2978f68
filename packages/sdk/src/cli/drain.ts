import cliProgress from 'cli-progress';
import type { SyncStatus } from '@gradata/core';
import type { Brain } from '../brain';
import { formatDuration, formatTime } from './output';

/** What a drain did; `reason` says why rows remain (null when none do). */
export interface DrainResult {
  delivered: number;
  dead: number;
  remaining: number;
  elapsedMs: number;
  reason: string | null;
}

const POLL_MS = 100;

/** Why rows are still pending after a drain, in words. */
export function undeliveredReason(status: SyncStatus, timedOut: boolean): string {
  if (!status.enabled) return `write-through is off (${status.reason ?? 'unknown reason'})`;
  if (status.pauseReason) return `delivery paused (${status.pauseReason}) until ${formatTime(status.pausedUntil)}`;
  if (status.worker === 'crashed') return `the sync worker crashed${status.lastError ? `: ${status.lastError}` : ''}`;
  if (status.lastError) return `delivery failing: ${status.lastError}`;
  return timedOut ? 'the drain timed out' : 'rows are waiting for their retry time';
}

/**
 * Deliver everything pending now through the brain's sync worker. On a TTY (and not `--json`) a
 * progress bar of delivered/total follows `syncStatus()`; otherwise nothing is drawn.
 */
export async function drainNow(brain: Brain, options: { timeoutMs: number; progress: boolean }): Promise<DrainResult> {
  const started = Date.now();
  const initial = brain.syncStatus();
  if (!initial.enabled) {
    return { delivered: 0, dead: 0, remaining: initial.pending, elapsedMs: 0, reason: initial.pending > 0 ? undeliveredReason(initial, false) : null };
  }
  let delivered = 0;
  let dead = 0;
  const onSynced = ({ count }: { count: number }): void => void (delivered += count);
  const onDead = (): void => void (dead += 1);
  brain.on('synced', onSynced);
  brain.on('dead', onDead);

  const bar = options.progress && initial.pending > 0 ? startBar(initial.pending) : null;
  const timer = bar
    ? setInterval(() => {
        const status = brain.syncStatus();
        bar.setTotal(Math.max(delivered + dead + status.pending, 1));
        bar.update(delivered + dead, { dead, pending: status.pending });
      }, POLL_MS)
    : null;
  try {
    const report = await brain.flush({ timeoutMs: options.timeoutMs });
    const elapsedMs = Date.now() - started;
    const status = brain.syncStatus();
    if (bar) {
      bar.setTotal(Math.max(delivered + dead + status.pending, 1));
      bar.update(delivered + dead, { dead, pending: status.pending });
    }
    const remaining = status.pending;
    return {
      // The events can lag the flush reply by a message; the report is authoritative for this flush.
      delivered: Math.max(delivered, report.delivered),
      dead: Math.max(dead, report.dead),
      remaining,
      elapsedMs,
      reason: remaining > 0 ? undeliveredReason(status, elapsedMs >= options.timeoutMs) : null,
    };
  } finally {
    if (timer) clearInterval(timer);
    bar?.stop();
    brain.off('synced', onSynced);
    brain.off('dead', onDead);
  }
}

function startBar(total: number): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    {
      format: 'syncing [{bar}] {value}/{total} delivered | {pending} pending | {dead} dead | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stdout,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { dead: 0, pending: total });
  return bar;
}

/** One summary line for a drain. */
export function drainSummary(result: DrainResult): string {
  const parts = [`delivered ${result.delivered}`, `dead ${result.dead}`, `remaining ${result.remaining}`, `in ${formatDuration(result.elapsedMs)}`];
  return `sync: ${parts.join(', ')}${result.reason ? ` — ${result.reason}` : ''}`;
}

import type { Command } from 'commander';
import { brainDatabasePath, openBrainDatabase } from '@gradata/core';
import type { SyncStatus } from '@gradata/core';
import { brainDir, openLocalBrain, withBrain, writeThroughConfig } from '../context';
import { formatDuration, formatTime, keyValues, printJson, println } from '../output';

/** The CLI's status: the brain's outbox counts plus the write-through this environment would run with. */
export interface CliStatus extends SyncStatus {
  brain: string;
  brainId: string;
  ingestUrl: string;
}

/** `gradata status`: outbox and write-through state, read without starting a delivery worker. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show write-through state and outbox counts (reads only; starts no delivery worker)')
    .option('--json', 'print the status as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const dir = brainDir(command);
      const config = writeThroughConfig();
      const status = await withBrain(openLocalBrain(dir), (brain): CliStatus => {
        const local = brain.syncStatus();
        return {
          brain: brain.dir,
          brainId: brain.brainId,
          ingestUrl: config.ingestUrl,
          ...local,
          // This process delivers nothing; report whether an SDK process with this environment would.
          enabled: config.deliveryAllowed,
          reason: config.reason,
          worker: 'off',
          lastSyncAt: local.lastSyncAt ?? lastSyncedAt(dir),
        };
      });
      if (options.json) return printJson(status);
      println(...describeStatus(status));
    });
}

/** Newest delivery time recorded in the outbox (the live value belongs to a running worker). */
function lastSyncedAt(dir: string): number | null {
  const db = openBrainDatabase(brainDatabasePath(dir));
  try {
    const row = db.prepare('SELECT MAX(synced_at) AS at FROM sync_queue WHERE synced_at IS NOT NULL AND dead_at IS NULL').get() as { at: number | null };
    return row.at === null ? null : Math.round(row.at * 1000);
  } finally {
    db.close();
  }
}

function describeStatus(status: CliStatus): string[] {
  const writeThrough = status.enabled ? `on → ${status.ingestUrl}` : `off (${status.reason ?? 'unknown'})`;
  const pause = status.pausedUntil === null ? 'no' : `${status.pauseReason ?? 'paused'} until ${formatTime(status.pausedUntil)}`;
  return keyValues([
    ['brain', `${status.brain} (${status.brainId})`],
    ['write-through', writeThrough],
    ['worker', 'not running here (`gradata sync` delivers now)'],
    ['pending', status.pending],
    ['in flight', status.inFlight],
    ['failing', status.failing],
    ['dead', status.dead],
    ['synced', status.synced],
    ['oldest pending', status.oldestPendingAgeMs === null ? '-' : `${formatDuration(status.oldestPendingAgeMs)} old`],
    ['paused', pause],
    ['last error', status.lastError ?? '-'],
    ['last sync', formatTime(status.lastSyncAt)],
  ]);
}

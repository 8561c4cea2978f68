import type { Command } from 'commander';
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
        };
      });
      if (options.json) return printJson(status);
      println(...describeStatus(status));
    });
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

import type { Command } from 'commander';
import { CliError } from '../exit-codes';
import { brainDir, openSyncBrain, withBrain } from '../context';
import { println } from '../output';
import { nonNegativeInt } from '../parse';
import { DEFAULT_SYNC_TIMEOUT_MS, drainAndReport } from './sync';

/** `gradata backfill`: queue stored corrections that never got an outbox row, then deliver them. */
export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description('queue stored corrections that have no outbox row (recorded with write-through off), then sync')
    .option('--timeout-ms <ms>', 'give up delivering after this long (rows stay queued on disk)', nonNegativeInt, DEFAULT_SYNC_TIMEOUT_MS)
    .option('--json', 'print the result as JSON')
    .action(async (options: { timeoutMs: number; json?: boolean }, command: Command) => {
      await withBrain(
        openSyncBrain(brainDir(command)),
        async (brain) => {
          const { enabled, reason } = brain.syncStatus();
          if (!enabled) throw new CliError('WRITE_THROUGH_OFF', `write-through is off (${reason ?? 'unknown'}): nothing would deliver the backfilled rows`);
          const enqueued = await brain.backfill();
          if (!options.json) println(`backfill: queued ${enqueued} correction(s)`);
          await drainAndReport(brain, options, { enqueued });
        },
        { drain: false, timeoutMs: 2000 },
      );
    });
}

import type { Command } from 'commander';
import type { Brain } from '../../brain';
import { brainDir, openSyncBrain, withBrain } from '../context';
import { drainNow, drainSummary } from '../drain';
import type { DrainResult } from '../drain';
import { CliError } from '../exit-codes';
import { printJson, println } from '../output';
import { nonNegativeInt } from '../parse';

export const DEFAULT_SYNC_TIMEOUT_MS = 30_000;

/** Drain, print (bar on a TTY, else one line; or JSON), and fail when rows remain. */
export async function drainAndReport(brain: Brain, options: { timeoutMs: number; json?: boolean }, extra: Record<string, unknown> = {}): Promise<DrainResult> {
  const result = await drainNow(brain, { timeoutMs: options.timeoutMs, progress: !options.json && process.stdout.isTTY === true });
  if (options.json) printJson({ ...extra, ...result });
  else println(drainSummary(result));
  if (result.remaining > 0) throw new CliError('UNDELIVERED', `${result.remaining} row(s) not delivered: ${result.reason ?? 'unknown reason'}`);
  return result;
}

/** `gradata sync`: deliver every pending row now. */
export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('deliver every pending outbox row now; exits 1 if rows remain (paused, failing or timed out)')
    .option('--timeout-ms <ms>', 'give up after this long (rows stay queued on disk)', nonNegativeInt, DEFAULT_SYNC_TIMEOUT_MS)
    .option('--json', 'print the result as JSON')
    .action(async (options: { timeoutMs: number; json?: boolean }, command: Command) => {
      await withBrain(openSyncBrain(brainDir(command)), (brain) => drainAndReport(brain, options), { drain: false, timeoutMs: 2000 });
    });
}

import type { Command } from 'commander';
import type { DeadRow } from '@gradata/core';
import { brainDir, openLocalBrain, withBrain } from '../context';
import { note, printJson, println, table } from '../output';
import { nonNegativeInt, positiveInt } from '../parse';

function deadTable(rows: readonly DeadRow[]): string[] {
  return table(rows, [
    { header: 'ID', value: (r) => r.id, align: 'right' },
    { header: 'EVENT ID', value: (r) => r.eventId ?? '-' },
    { header: 'STATUS', value: (r) => r.lastStatus ?? '-', align: 'right' },
    { header: 'ATTEMPTS', value: (r) => r.attempts, align: 'right' },
    { header: 'DEAD SINCE', value: (r) => new Date(r.deadAt * 1000).toISOString() },
    { header: 'ERROR', value: (r) => r.lastError ?? '-', max: 80 },
  ]);
}

function parseIds(values: readonly string[]): number[] | undefined {
  return values.length === 0 ? undefined : values.map(positiveInt);
}

/** `gradata dead list|retry|purge`: the dead-letter rows (permanent delivery failures). */
export function registerDead(program: Command): void {
  const dead = program
    .command('dead')
    .description('inspect, retry or purge dead-lettered outbox rows (rejected permanently by the server)');

  dead
    .command('list')
    .description('list dead rows: id, event id, HTTP status, attempts, error')
    .option('--limit <n>', 'at most this many rows (up to 10000)', positiveInt, 100)
    .option('--after <id>', 'only rows after this id: the last id of the previous page', nonNegativeInt)
    .option('--json', 'print the rows as JSON')
    .action(async (options: { limit: number; after?: number; json?: boolean }, command: Command) => {
      const rows = await withBrain(openLocalBrain(brainDir(command)), (brain) => brain.deadLetters({ limit: options.limit, afterId: options.after }));
      if (options.json) return printJson(rows);
      if (rows.length === 0) return println('No dead rows.');
      println(...deadTable(rows));
      if (rows.length === options.limit) note(`more may follow: gradata dead list --after ${rows[rows.length - 1].id}`);
    });

  dead
    .command('retry')
    .description('put dead rows back in the queue (all, or the given ids); `gradata sync` then delivers them')
    .argument('[ids...]', 'outbox row ids (from `gradata dead list`)')
    .option('--json', 'print the result as JSON')
    .action(async (ids: string[], options: { json?: boolean }, command: Command) => {
      const rowIds = parseIds(ids);
      const requeued = await withBrain(openLocalBrain(brainDir(command)), (brain) => brain.retryDead(rowIds));
      if (options.json) return printJson({ requeued });
      println(`requeued ${requeued} dead row(s)${requeued > 0 ? '; run `gradata sync` to deliver them now' : ''}`);
    });

  dead
    .command('purge')
    .description('delete dead rows for good (all, or the given ids); the corrections stay in the brain')
    .argument('[ids...]', 'outbox row ids (from `gradata dead list`)')
    .option('--json', 'print the result as JSON')
    .action(async (ids: string[], options: { json?: boolean }, command: Command) => {
      const rowIds = parseIds(ids);
      const purged = await withBrain(openLocalBrain(brainDir(command)), (brain) => brain.purgeDead(rowIds));
      if (options.json) return printJson({ purged });
      println(`purged ${purged} dead row(s)`);
    });
}
